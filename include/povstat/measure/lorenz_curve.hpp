#ifndef POVSTAT_MEASURE_LORENZ_CURVE_HPP
#define POVSTAT_MEASURE_LORENZ_CURVE_HPP

/// @file
/// The empirical Lorenz curve of weighted microdata, `lorenz_curve`: its points
/// (p_j, L_j) and its value at any population share.
///
/// With the distinct incomes v_1 < ... < v_J, their total weights u_j, U_j = u_1 + ... + u_j,
/// W = U_J and Y = Σ u_j v_j: p_j = U_j / W and L_j = (u_1 v_1 + ... + u_j v_j) / Y, starting
/// at (p_0, L_0) = (0, 0). Between points the curve is linear: at population share p the
/// bottom p of the population holds L(p) = L_{j-1} + (p − p_{j-1}) v_j W / Y, which splits the
/// weight of the income v_j at the cut. Tied incomes are one point (the curve through every
/// observation is the same line). Gastwirth (1971), "A general definition of the Lorenz
/// curve", Econometrica 39(6), 1037–1039.

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "povstat/core/error.hpp"
#include "povstat/detail/numeric_range.hpp"
#include "povstat/detail/weighted_sample.hpp"
#include "povstat/stats/summation.hpp"
#include "povstat/stats/weighted_quantile.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Points of an empirical Lorenz curve, from (0, 0) to (1, 1), one per distinct income.
template <std::floating_point T>
struct lorenz_points {
  std::vector<T> population_share;  ///< p_j, strictly increasing from 0 to 1
  std::vector<T> welfare_share;     ///< L_j, from 0 to 1 (below 0 where incomes are negative)
  T mean;                           ///< the weighted mean income Y / W
  T total_weight;                   ///< W

  /// L(p), the welfare share of the bottom p of the population (linear between points).
  /// @throws invalid_input when p is outside [0, 1] or NaN.
  T welfare_share_at(T p) const {
    detail::check_probability_closed("lorenz_points::welfare_share_at", "p", p);
    const auto upper = std::ranges::lower_bound(population_share, p);
    if (upper == population_share.begin()) return welfare_share.front();
    if (upper == population_share.end()) return welfare_share.back();
    const auto j = static_cast<std::size_t>(upper - population_share.begin());
    const T p0 = population_share[j - 1];
    const T p1 = population_share[j];
    const T l0 = welfare_share[j - 1];
    const T l1 = welfare_share[j];
    return l0 + (p - p0) / (p1 - p0) * (l1 - l0);
  }
};

namespace detail {

/// Y = Σ w x over sorted points; the measures that divide by it require Y > 0.
template <std::floating_point T>
T checked_income_total(std::string_view function, std::span<const weighted_point<T>> sorted,
                       T total_weight) {
  compensated_sum<T> income;
  for (const auto& p : sorted) income.add(p.w * p.x);
  const T total = income.value();
  if (!(total > T(0)))
    raise_value(function, "the weighted mean of y", total / total_weight,
                "> 0 (shares of total income need a positive total)");
  return total;
}

/// L(p) from the sorted sample: (Y_{k-1} + (p W − C_{k-1}) x_k) / Y for the first point k
/// whose cumulative weight C_k reaches p W.
template <std::floating_point T>
T lorenz_at(std::span<const weighted_point<T>> sorted, T total_weight, T total_income, T p) {
  if (p <= T(0)) return T(0);
  if (p >= T(1)) return T(1);
  const T target = p * total_weight;
  compensated_sum<T> weight;
  compensated_sum<T> income;
  for (const auto& point : sorted) {
    const T before = weight.value();
    if (before + point.w >= target)
      return (income.value() + (target - before) * point.x) / total_income;
    weight.add(point.w);
    income.add(point.w * point.x);
  }
  return T(1);
}

template <std::floating_point T>
lorenz_points<T> lorenz_curve_impl(const sample_input<T>& input) {
  constexpr std::string_view function = "lorenz_curve";
  check_weighted_sample(function, input.view(), input.weighted());
  const auto points = sorted_points(input.view());
  const std::span<const weighted_point<T>> sorted(points);
  const T total_w = total_weight(sorted);
  const T total_y = checked_income_total(function, sorted, total_w);
  lorenz_points<T> curve{{T(0)}, {T(0)}, total_y / total_w, total_w};
  compensated_sum<T> weight;
  compensated_sum<T> income;
  for (std::size_t i = 0; i < sorted.size();) {
    const T value = sorted[i].x;
    for (; i < sorted.size() && sorted[i].x == value; ++i) {
      weight.add(sorted[i].w);
      income.add(sorted[i].w * sorted[i].x);
    }
    const bool last = i == sorted.size();
    curve.population_share.push_back(last ? T(1) : weight.value() / total_w);
    curve.welfare_share.push_back(last ? T(1) : income.value() / total_y);
  }
  return curve;
}

}  // namespace detail

/// The empirical Lorenz curve of the weighted sample (y, w): one point per distinct income
/// (see the file comment), with the weighted mean and total weight. One sort.
/// @param y incomes, finite (negative incomes allowed); any sized range, not modified.
/// @param w weights, finite and > 0, as many as y.
/// @throws invalid_input for a size mismatch, a non-finite y, a weight not finite and > 0,
///         or a weighted mean income not > 0.
/// @throws insufficient_data when y is empty.
template <detail::numeric_range Y, detail::numeric_range W>
lorenz_points<detail::range_floating_t<Y>> lorenz_curve(const Y& y, const W& w) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  return detail::lorenz_curve_impl<T>(input);
}

/// The empirical Lorenz curve with every weight 1.
template <detail::numeric_range Y>
lorenz_points<detail::range_floating_t<Y>> lorenz_curve(const Y& y) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y);
  return detail::lorenz_curve_impl<T>(input);
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_MEASURE_LORENZ_CURVE_HPP
