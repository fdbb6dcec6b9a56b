#ifndef POVSTAT_MEASURE_RELATIVE_POVERTY_HPP
#define POVSTAT_MEASURE_RELATIVE_POVERTY_HPP

/// @file
/// Poverty relative to the median (the EU's Laeken indicators): the at-risk-of-poverty
/// threshold `arpt`, the at-risk-of-poverty rate `arpr` and the relative median
/// at-risk-of-poverty gap `relative_median_gap`, defined exactly as R's laeken 0.5 (arpt,
/// arpr, rmpg; Alfons & Templ 2013, J. Stat. Softw. 54(15); Eurostat's EU-SILC document
/// 065/2004) computes them — except that rates and gaps are fractions, not percentages.
///
/// With m the weighted median (laeken's rule: see stats/weighted_quantile.hpp) and f the
/// fraction of the median (0.6 by default):
///   arpt = f · m;
///   arpr = Σ_{y_i < arpt} w_i / W;
///   relative_median_gap = (arpt − m_poor) / arpt, m_poor the weighted median of the incomes
///   of the poor (y_i < arpt).
/// Weights are finite and > 0; every sum is compensated; one sort of the sample.

#include <concepts>
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "povstat/core/error.hpp"
#include "povstat/detail/numeric_range.hpp"
#include "povstat/detail/weighted_sample.hpp"
#include "povstat/measure/conventions.hpp"
#include "povstat/stats/summation.hpp"
#include "povstat/stats/weighted_quantile.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Options of the relative poverty measures.
struct relative_poverty_options {
  /// The threshold as a fraction of the weighted median: 0.6 (laeken, Eurostat); finite, > 0.
  double fraction_of_median = 0.6;
  /// Who is poor: y < threshold (strict, default: laeken) or y <= threshold (weak).
  poor_rule poor = poor_rule::strict;
  /// How the medians (of everyone, and of the poor) are taken: laeken's rule by default.
  quantile_rule median_rule = quantile_rule::laeken;
};

namespace detail {

template <std::floating_point T>
T relative_threshold(std::string_view function, std::span<const weighted_point<T>> sorted, T total,
                     relative_poverty_options options) {
  const T fraction = static_cast<T>(options.fraction_of_median);
  check_positive_parameter(function, "fraction_of_median", fraction);
  return fraction * sorted_weighted_quantile(sorted, total, T(0.5), options.median_rule);
}

template <std::floating_point T>
T arpt_impl(const sample_input<T>& input, relative_poverty_options options) {
  constexpr std::string_view function = "arpt";
  check_weighted_sample(function, input.view(), input.weighted());
  const auto points = sorted_points(input.view());
  const std::span<const weighted_point<T>> sorted(points);
  return relative_threshold(function, sorted, total_weight(sorted), options);
}

template <std::floating_point T>
T arpr_impl(const sample_input<T>& input, relative_poverty_options options) {
  constexpr std::string_view function = "arpr";
  check_weighted_sample(function, input.view(), input.weighted());
  const auto points = sorted_points(input.view());
  const std::span<const weighted_point<T>> sorted(points);
  const T total = total_weight(sorted);
  const T threshold = relative_threshold(function, sorted, total, options);
  compensated_sum<T> poor;
  for (const auto& p : sorted)
    if (options.poor == poor_rule::strict ? p.x < threshold : p.x <= threshold) poor.add(p.w);
  return poor.value() / total;
}

template <std::floating_point T>
T relative_median_gap_impl(const sample_input<T>& input, relative_poverty_options options) {
  constexpr std::string_view function = "relative_median_gap";
  check_weighted_sample(function, input.view(), input.weighted());
  const auto points = sorted_points(input.view());
  const std::span<const weighted_point<T>> sorted(points);
  const T threshold = relative_threshold(function, sorted, total_weight(sorted), options);
  if (!(threshold > T(0)))
    raise_value(function, "the threshold (fraction_of_median times the weighted median)", threshold,
                "> 0 (the gap is relative to it)");
  std::size_t poor = 0;  // the poor are a prefix of the sorted sample
  while (poor < sorted.size() && (options.poor == poor_rule::strict ? sorted[poor].x < threshold
                                                                    : sorted[poor].x <= threshold))
    ++poor;
  if (poor == 0)
    raise<insufficient_data>(function, "nobody is poor at the threshold " +
                                           format_number(threshold) +
                                           ", so the poor have no median income");
  const auto poor_points = sorted.first(poor);
  const T median_poor =
      sorted_weighted_quantile(poor_points, total_weight(poor_points), T(0.5), options.median_rule);
  return (threshold - median_poor) / threshold;
}

}  // namespace detail

/// At-risk-of-poverty threshold: `fraction_of_median` (0.6) times the weighted median
/// (laeken::arpt). One sort.
/// @param y incomes, finite (any sized range of numbers; not modified).
/// @param w weights, finite and > 0, as many as y.
/// @throws invalid_input for a size mismatch, a non-finite y, a weight not finite and > 0,
///         or a fraction_of_median not finite and > 0.
/// @throws insufficient_data when y is empty.
template <detail::numeric_range Y, detail::numeric_range W>
detail::range_floating_t<Y> arpt(const Y& y, const W& w, relative_poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  return detail::arpt_impl<T>(input, options);
}

/// At-risk-of-poverty threshold with every weight 1.
template <detail::numeric_range Y>
detail::range_floating_t<Y> arpt(const Y& y, relative_poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y);
  return detail::arpt_impl<T>(input, options);
}

/// At-risk-of-poverty rate: the weighted share of incomes below `arpt` (laeken::arpr / 100:
/// a fraction, where laeken reports a percentage). One sort.
/// @throws as arpt.
template <detail::numeric_range Y, detail::numeric_range W>
detail::range_floating_t<Y> arpr(const Y& y, const W& w, relative_poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  return detail::arpr_impl<T>(input, options);
}

/// At-risk-of-poverty rate with every weight 1.
template <detail::numeric_range Y>
detail::range_floating_t<Y> arpr(const Y& y, relative_poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y);
  return detail::arpr_impl<T>(input, options);
}

/// Relative median at-risk-of-poverty gap (laeken::rmpg / 100): (arpt − m_poor) / arpt, with
/// m_poor the weighted median income of those below arpt. One sort.
/// @throws as arpt; invalid_input when the threshold is not > 0; insufficient_data when
///         nobody is poor (the poor then have no median).
template <detail::numeric_range Y, detail::numeric_range W>
detail::range_floating_t<Y> relative_median_gap(const Y& y, const W& w,
                                                relative_poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  return detail::relative_median_gap_impl<T>(input, options);
}

/// Relative median at-risk-of-poverty gap with every weight 1.
template <detail::numeric_range Y>
detail::range_floating_t<Y> relative_median_gap(const Y& y, relative_poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y);
  return detail::relative_median_gap_impl<T>(input, options);
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_MEASURE_RELATIVE_POVERTY_HPP
