#ifndef POVSTAT_STATS_WEIGHTED_QUANTILE_HPP
#define POVSTAT_STATS_WEIGHTED_QUANTILE_HPP

/// @file
/// Quantiles of a weighted sample: `weighted_quantile`, `weighted_quantiles` (several
/// probabilities, one sort) and `weighted_median`, under one of two stated rules.
///
/// With x_(1) <= ... <= x_(n) the sorted values, w_(k) their weights, C_k = w_(1) + ... + w_(k)
/// and W = C_n:
///
/// - `quantile_rule::laeken` (default) — laeken's `weightedQuantile` (R package laeken 0.5,
///   Alfons & Templ 2013, J. Stat. Softw. 54(15)): Q(0) = x_(1), Q(1) = x_(n), and otherwise
///   Q(p) = x_(k) for the smallest k with C_k / W > p (strictly). laeken's source also has a
///   branch that averages x_(k) and x_(k+1) when C_k / W == p, but that branch can never be
///   taken (k was chosen with C_k / W > p), so the rule is "first exceeding", never an
///   average: for x = 1, 2, 3, 4 with equal weights the median is 3. The ratio C_k / W is
///   computed as laeken computes it, so boundary cases (integer weights) agree exactly.
/// - `quantile_rule::interpolated` — the weighted empirical distribution function linearly
///   interpolated between the midpoints of its steps. Tied values are first merged into one
///   value v_j with weight u_j (so the result depends on the distribution only, and a weight
///   of 2 equals a duplicated value); with U_j the cumulative weights, the step of v_j sits
///   at m_j = (U_{j-1} + u_j / 2) / W; Q(p) = v_1 for p <= m_1, v_J for p >= m_J, and linear
///   between (m_j, v_j) and (m_{j+1}, v_{j+1}) otherwise. With unit weights and no ties this
///   is definition 5 of Hyndman & Fan (1996, "Sample quantiles in statistical packages",
///   Am. Stat. 50(4), 361–365), R's `quantile(type = 5)`: p_k = (k − 0.5) / n.
///
/// Inputs: any sized range of numbers (std::vector, std::array, std::span, Eigen vectors;
/// integers give double). Values finite; weights finite and > 0; p in [0, 1].

#include <concepts>
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "povstat/core/check.hpp"
#include "povstat/core/error.hpp"
#include "povstat/detail/numeric_range.hpp"
#include "povstat/detail/weighted_sample.hpp"
#include "povstat/stats/summation.hpp"

POVSTAT_NAMESPACE_BEGIN

/// The rule that maps a probability to a value of a weighted sample (see the file comment).
enum class quantile_rule {
  laeken,       ///< smallest x_(k) with C_k / W > p (laeken::weightedQuantile); no averaging
  interpolated  ///< linear between weighted-ECDF step midpoints (Hyndman–Fan 5 for unit weights)
};

/// Options of the weighted quantile functions.
struct quantile_options {
  quantile_rule rule = quantile_rule::laeken;
};

namespace detail {

/// Compensated sum of the weights of `points`, in their order.
template <std::floating_point T>
T total_weight(std::span<const weighted_point<T>> points) {
  compensated_sum<T> total;
  for (const auto& point : points) total.add(point.w);
  return total.value();
}

/// Quantile p of a non-empty sample sorted by value whose weights sum to `total` (as
/// `total_weight` computes it, so that C_n / total is exactly 1).
template <std::floating_point T>
T sorted_weighted_quantile(std::span<const weighted_point<T>> points, T total, T p,
                           quantile_rule rule) {
  const std::size_t n = points.size();
  if (rule == quantile_rule::laeken) {
    if (p == T(0)) return points.front().x;
    if (p == T(1)) return points.back().x;
    compensated_sum<T> cumulative;
    for (std::size_t k = 0; k < n; ++k) {
      cumulative.add(points[k].w);
      if (cumulative.value() / total > p) return points[k].x;
    }
    return points.back().x;  // not reached: C_n / W = 1 > p
  }
  compensated_sum<T> before;  // U_{j-1}
  T previous_value = points.front().x;
  T previous_midpoint = T(0);
  bool first = true;
  for (std::size_t i = 0; i < n;) {
    const T value = points[i].x;
    compensated_sum<T> block;
    for (; i < n && points[i].x == value; ++i) block.add(points[i].w);
    const T midpoint = (before.value() + block.value() / 2) / total;
    if (p <= midpoint) {
      if (first) return value;
      return previous_value +
             (p - previous_midpoint) / (midpoint - previous_midpoint) * (value - previous_value);
    }
    previous_value = value;
    previous_midpoint = midpoint;
    first = false;
    before.merge(block);
  }
  return previous_value;
}

template <std::floating_point T>
void check_probability_closed(std::string_view function, std::string_view name, T p) {
  if (!(p >= T(0) && p <= T(1))) raise_value(function, name, p, "in [0, 1]");
}

template <std::floating_point T>
T weighted_quantile_impl(std::string_view function, const sample_input<T>& input, T p,
                         quantile_options options) {
  check_weighted_sample(function, input.view(), input.weighted(), "x", "w");
  check_probability_closed(function, "p", p);
  const auto points = sorted_points(input.view());
  const std::span<const weighted_point<T>> sorted(points);
  return sorted_weighted_quantile(sorted, total_weight(sorted), p, options.rule);
}

template <std::floating_point T, numeric_range P>
std::vector<T> weighted_quantiles_impl(const sample_input<T>& input, const P& probs,
                                       quantile_options options) {
  constexpr std::string_view function = "weighted_quantiles";
  check_weighted_sample(function, input.view(), input.weighted(), "x", "w");
  std::vector<T> storage;
  const std::span<const T> p = as_span<T>(probs, storage);
  for (std::size_t i = 0; i < p.size(); ++i)
    if (!(p[i] >= T(0) && p[i] <= T(1)))
      raise_value(function, element_name("probs", i), p[i], "in [0, 1]");
  const auto points = sorted_points(input.view());
  const std::span<const weighted_point<T>> sorted(points);
  const T total = total_weight(sorted);
  std::vector<T> out;
  out.reserve(p.size());
  for (const T pi : p) out.push_back(sorted_weighted_quantile(sorted, total, pi, options.rule));
  return out;
}

}  // namespace detail

/// Quantile p of the weighted sample (x, w) under `options.rule` (default: laeken's
/// first-exceeding rule; see the file comment for both rules and their sources).
/// Sorts a copy of the sample once: O(n log n) time, one allocation.
/// @param x values, finite (integers give a double result); not modified.
/// @param w weights, finite and > 0, as many as x.
/// @param p probability in [0, 1].
/// @throws invalid_input when w and x differ in size, a value is NaN or infinite, a weight
///         is not > 0, or p is outside [0, 1] or NaN.
/// @throws insufficient_data when x is empty.
template <detail::numeric_range X, detail::numeric_range W>
detail::range_floating_t<X> weighted_quantile(const X& x, const W& w, detail::range_floating_t<X> p,
                                              quantile_options options = {}) {
  using T = detail::range_floating_t<X>;
  const detail::sample_input<T> input(x, w);
  return detail::weighted_quantile_impl<T>("weighted_quantile", input, p, options);
}

/// Quantile p of x with every weight 1 (see the weighted overload).
template <detail::numeric_range X>
detail::range_floating_t<X> weighted_quantile(const X& x, detail::range_floating_t<X> p,
                                              quantile_options options = {}) {
  using T = detail::range_floating_t<X>;
  const detail::sample_input<T> input(x);
  return detail::weighted_quantile_impl<T>("weighted_quantile", input, p, options);
}

/// Quantiles at each probability of `probs` (in any order), with one sort of the sample.
/// @throws as weighted_quantile; a bad probability is named `probs[i]`.
template <detail::numeric_range X, detail::numeric_range W, detail::numeric_range P>
std::vector<detail::range_floating_t<X>> weighted_quantiles(const X& x, const W& w, const P& probs,
                                                            quantile_options options = {}) {
  using T = detail::range_floating_t<X>;
  const detail::sample_input<T> input(x, w);
  return detail::weighted_quantiles_impl<T>(input, probs, options);
}

/// Quantiles of x with every weight 1 at each probability of `probs`, with one sort.
template <detail::numeric_range X, detail::numeric_range P>
std::vector<detail::range_floating_t<X>> weighted_quantiles(const X& x, const P& probs,
                                                            quantile_options options = {}) {
  using T = detail::range_floating_t<X>;
  const detail::sample_input<T> input(x);
  return detail::weighted_quantiles_impl<T>(input, probs, options);
}

/// The weighted median, `weighted_quantile(x, w, 0.5, options)` (laeken::weightedMedian by
/// default). @throws as weighted_quantile.
template <detail::numeric_range X, detail::numeric_range W>
detail::range_floating_t<X> weighted_median(const X& x, const W& w, quantile_options options = {}) {
  using T = detail::range_floating_t<X>;
  const detail::sample_input<T> input(x, w);
  return detail::weighted_quantile_impl<T>("weighted_median", input, T(0.5), options);
}

/// The median of x with every weight 1 under `options.rule`.
template <detail::numeric_range X>
detail::range_floating_t<X> weighted_median(const X& x, quantile_options options = {}) {
  using T = detail::range_floating_t<X>;
  const detail::sample_input<T> input(x);
  return detail::weighted_quantile_impl<T>("weighted_median", input, T(0.5), options);
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_STATS_WEIGHTED_QUANTILE_HPP
