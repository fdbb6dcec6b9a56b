#ifndef POVSTAT_DETAIL_TREND_CROSSING_HPP
#define POVSTAT_DETAIL_TREND_CROSSING_HPP

/// @file
/// Where a trend meets a level, solved exactly on the link scale for any coefficients (the
/// estimates or a simulated draw), and the coefficient draws and quantiles of the
/// simulation-based intervals.

#include <Eigen/Core>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "povstat/core/error.hpp"
#include "povstat/detail/random.hpp"
#include "povstat/fit/trend_fit.hpp"

POVSTAT_NAMESPACE_BEGIN
namespace detail {

/// True for the models whose link-scale trend is the straight line b0 + b1 (t − t0).
constexpr bool is_straight_line(trend_model model) noexcept {
  return model == trend_model::linear || model == trend_model::loglinear || model == trend_model::poisson ||
         model == trend_model::theil_sen || model == trend_model::huber;
}

/// The times t at which the trend (model, coefficients b) equals `ell` on the link scale,
/// increasing. Every model is monotone in t on each of its pieces (one piece, or the
/// segments between the break years of `segmented`), so each piece has at most one root,
/// found in closed form: straight line t0 + (ell − b0)/b1; logistic m + log(K/ell − 1)/r;
/// Gompertz m + log(log(K/ell))/r; segmented: the line of each segment.
template <std::floating_point T>
std::vector<T> link_roots(trend_model model, T origin, const Eigen::Matrix<T, Eigen::Dynamic, 1>& b, T ell) {
  std::vector<T> roots;
  const auto keep = [&](T t) {
    if (std::isfinite(t)) roots.push_back(t);
  };
  switch (model) {
    case trend_model::logistic: {
      const T ratio = b(0) / ell - 1;
      if (ell != 0 && ratio > 0 && b(1) != 0) keep(b(2) + std::log(ratio) / b(1));
      break;
    }
    case trend_model::gompertz: {
      const T ratio = ell / b(0);
      if (b(0) != 0 && ratio > 0 && ratio < 1 && b(1) != 0) keep(b(2) + std::log(-std::log(ratio)) / b(1));
      break;
    }
    case trend_model::segmented: {
      std::vector<T> knots{-std::numeric_limits<T>::infinity()};
      for (Eigen::Index j = 3; j < b.size(); j += 2) knots.push_back(b(j));
      std::sort(knots.begin() + 1, knots.end());
      knots.push_back(std::numeric_limits<T>::infinity());
      using fit_type = trend_fit<T>;
      for (std::size_t p = 0; p + 1 < knots.size(); ++p) {
        const T lo = knots[p], hi = knots[p + 1];
        const T inside = std::isinf(lo) ? (std::isinf(hi) ? T(0) : hi - 1) : (std::isinf(hi) ? lo + 1 : (lo + hi) / 2);
        const auto value = fit_type::link_value_at(model, origin, b, inside);
        if (value.time_derivative == 0) continue;
        const T t = inside + (ell - value.eta) / value.time_derivative;
        if (t >= lo && t <= hi && (roots.empty() || t > roots.back())) keep(t);
      }
      break;
    }
    default:
      if (b(1) != 0) keep(origin + (ell - b(0)) / b(1));
  }
  std::sort(roots.begin(), roots.end());
  return roots;
}

/// Where the trend stands against `ell` (link scale) seen from year `from`.
template <std::floating_point T>
struct crossing_point {
  bool at_or_below;  ///< eta(from) <= ell: the level is already reached at `from`
  T year;            ///< at_or_below: the last root <= from (NaN if none);
                     ///< else the first root > from (NaN if none: never reached)
};

template <std::floating_point T>
crossing_point<T> locate_crossing(trend_model model, T origin, const Eigen::Matrix<T, Eigen::Dynamic, 1>& b, T ell,
                                  T from) {
  const T eta = trend_fit<T>::link_value_at(model, origin, b, from).eta;
  const auto roots = link_roots(model, origin, b, ell);
  const T none = std::numeric_limits<T>::quiet_NaN();
  if (eta <= ell) {
    const auto it = std::upper_bound(roots.begin(), roots.end(), from);
    return {true, it == roots.begin() ? none : *(it - 1)};
  }
  const auto it = std::upper_bound(roots.begin(), roots.end(), from);
  return {false, it == roots.end() ? none : *it};
}

/// The crossing time of a draw as one number for quantiles: the root, or −inf when the
/// level has been reached for as long as the trend goes back, +inf when it is never reached.
template <std::floating_point T>
T crossing_statistic(const crossing_point<T>& point) {
  if (!std::isnan(point.year)) return point.year;
  return point.at_or_below ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
}

/// @throws invalid_input naming `function` when an element of fit.vcov is not finite.
template <std::floating_point T>
void check_covariance(std::string_view function, const trend_fit<T>& fit) {
  for (Eigen::Index i = 0; i < fit.vcov.rows(); ++i)
    for (Eigen::Index j = 0; j < fit.vcov.cols(); ++j)
      if (!std::isfinite(fit.vcov(i, j)))
        raise_value(function, "fit.vcov(" + std::to_string(i) + ", " + std::to_string(j) + ")", fit.vcov(i, j),
                    "finite (the fit has no usable covariance, e.g. an aliased coefficient)");
}

/// Draws of the coefficients from their asymptotic normal distribution N(coef, vcov):
/// coef + A z with A = U diag(sqrt(max(λ, 0))) from the eigendecomposition vcov = U Λ Uᵀ
/// (works for semi-definite covariances) and z standard normal (`standard_normal`).
template <std::floating_point T>
class coefficient_sampler {
 public:
  using vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
  using matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;

  /// @throws invalid_input naming `function` when an element of vcov is not finite.
  coefficient_sampler(std::string_view function, const trend_fit<T>& fit) : mean_(fit.coef), z_(fit.coef.size()) {
    check_covariance(function, fit);
    const Eigen::SelfAdjointEigenSolver<matrix> eigen(fit.vcov);
    factor_ = eigen.eigenvectors() * eigen.eigenvalues().cwiseMax(T(0)).cwiseSqrt().asDiagonal();
  }

  /// One draw, using as many generator outputs as there are coefficients.
  const vector& draw(std::mt19937_64& generator) {
    for (Eigen::Index i = 0; i < z_.size(); ++i) z_(i) = standard_normal<T>(generator);
    draw_ = mean_ + factor_ * z_;
    return draw_;
  }

 private:
  vector mean_;
  matrix factor_;
  vector z_;
  vector draw_;
};

/// The p-quantile of `values` by linear interpolation (R's type 7), where the values may
/// include ±inf: an interpolation that touches an infinity is that infinity. The two order
/// statistics it needs are selected (std::nth_element, then the least value above), O(n)
/// instead of a sort; `values` is reordered.
template <std::floating_point T>
T selected_quantile(std::vector<T>& values, T p) {
  const T h = static_cast<T>(values.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const T fraction = h - static_cast<T>(lo);
  const auto at = values.begin() + static_cast<std::ptrdiff_t>(lo);
  std::nth_element(values.begin(), at, values.end());
  const T below = *at;
  if (fraction == 0 || lo + 1 >= values.size()) return below;
  const T above = *std::min_element(at + 1, values.end());
  if (below == above || std::isinf(below)) return below;
  if (std::isinf(above)) return above;
  return below + fraction * (above - below);
}

}  // namespace detail
POVSTAT_NAMESPACE_END

#endif  // POVSTAT_DETAIL_TREND_CROSSING_HPP
