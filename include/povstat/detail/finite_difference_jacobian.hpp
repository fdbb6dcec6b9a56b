#ifndef POVSTAT_DETAIL_FINITE_DIFFERENCE_JACOBIAN_HPP
#define POVSTAT_DETAIL_FINITE_DIFFERENCE_JACOBIAN_HPP

/// @file
/// The Jacobian of a vector function by second-order finite differences kept inside a box.

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <concepts>
#include <limits>

#include "povstat/config.hpp"

POVSTAT_NAMESPACE_BEGIN
namespace detail {

/// The n × p Jacobian of `predict` at b by finite differences of second order.
///
/// The step for parameter j is h = ε^(1/3)·|b_j| (ε^(1/3) when b_j = 0), which balances the
/// O(h²) truncation error against the O(ε/h) rounding error and leaves about 2/3 of the
/// digits of predict (Dennis and Schnabel 1983, "Numerical Methods for Unconstrained
/// Optimization", section 5.6). Column j is the central difference
/// (f(b + h·e_j) − f(b − h·e_j)) / (2h) when both points lie in [lower_j, upper_j] (or
/// lower_j = upper_j, a fixed parameter). Otherwise, or when one of the two predictions is not
/// finite, it is the one-sided three-point difference (−3f(b) + 4f(b + s·e_j) − f(b + 2s·e_j))
/// / (2s), also O(h²), with s = ±min(h, room/2) pointing into the box (towards the side with
/// more room, or away from the non-finite prediction). So the model is never evaluated
/// outside the box. Divisors use the distances between the points actually evaluated. The
/// column is not finite when predict is not finite on both sides. `fitted` = predict(b).
template <std::floating_point T, class Predict>
Eigen::MatrixX<T> finite_difference_jacobian(const Predict& predict, const Eigen::VectorX<T>& b,
                                             const Eigen::VectorX<T>& fitted, const Eigen::VectorX<T>& lower,
                                             const Eigen::VectorX<T>& upper) {
  const T relative_step = std::cbrt(std::numeric_limits<T>::epsilon());
  Eigen::MatrixX<T> jacobian(fitted.size(), b.size());
  Eigen::VectorX<T> point = b;
  const auto at = [&](Eigen::Index j, T value) -> Eigen::VectorX<T> {
    point(j) = value;
    Eigen::VectorX<T> prediction = predict(point);
    point(j) = b(j);
    return prediction;
  };
  // Three-point derivative at b from b, b + h1 and b + h2 (h2 ≈ 2·h1): Lagrange weights.
  const auto one_sided = [&](Eigen::Index j, T step) -> Eigen::VectorX<T> {
    const T near = b(j) + step, far = b(j) + 2 * step;
    const T h1 = near - b(j), h2 = far - b(j);
    return (h2 / (h1 * (h2 - h1))) * at(j, near) - (h1 / (h2 * (h2 - h1))) * at(j, far) -
           ((h1 + h2) / (h1 * h2)) * fitted;
  };
  for (Eigen::Index j = 0; j < b.size(); ++j) {
    const T h = relative_step * (b(j) == 0 ? T(1) : std::abs(b(j)));
    const T room_up = upper(j) - b(j), room_down = b(j) - lower(j);
    if ((room_up >= h && room_down >= h) || lower(j) == upper(j)) {
      const T high = b(j) + h, low = b(j) - h;
      const Eigen::VectorX<T> f_high = at(j, high), f_low = at(j, low);
      if (f_high.allFinite() && f_low.allFinite())
        jacobian.col(j) = (f_high - f_low) / (high - low);
      else if (f_high.allFinite())
        jacobian.col(j) = one_sided(j, std::min(h, room_up / 2));
      else
        jacobian.col(j) = one_sided(j, -std::min(h, room_down / 2));
    } else {
      jacobian.col(j) = room_up >= room_down ? one_sided(j, std::min(h, room_up / 2))
                                             : one_sided(j, -std::min(h, room_down / 2));
    }
  }
  return jacobian;
}

}  // namespace detail
POVSTAT_NAMESPACE_END

#endif  // POVSTAT_DETAIL_FINITE_DIFFERENCE_JACOBIAN_HPP
