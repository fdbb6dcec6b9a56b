#ifndef POVSTAT_MEASURE_INEQUALITY_HPP
#define POVSTAT_MEASURE_INEQUALITY_HPP

/// @file
/// Inequality measures from weighted microdata: `gini`, the generalized entropy family
/// (`generalized_entropy`, `theil_t` = GE(1), `mld` = GE(0)), `atkinson`, `palma` and
/// `quintile_share_ratio` (S80/S20), with the mergeable accumulators
/// `generalized_entropy_accumulator` and `atkinson_accumulator`.
///
/// Notation: incomes y_i, weights w_i > 0, W = Σ w_i, mean μ = Σ w_i y_i / W. Every sum is
/// compensated (Neumaier). All results are fractions (laeken reports the Gini in percent).

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "povstat/core/check.hpp"
#include "povstat/core/error.hpp"
#include "povstat/core/execution.hpp"
#include "povstat/detail/numeric_range.hpp"
#include "povstat/detail/sample_pass.hpp"
#include "povstat/detail/weighted_sample.hpp"
#include "povstat/measure/conventions.hpp"
#include "povstat/measure/lorenz_curve.hpp"
#include "povstat/stats/summation.hpp"
#include "povstat/stats/weighted_quantile.hpp"

POVSTAT_NAMESPACE_BEGIN

/// The weighted Gini estimator.
enum class gini_formula {
  /// The Gini of the frequency-expanded data (default): G = Σ_i Σ_j w_i w_j |y_i − y_j| /
  /// (2 W² μ), which is laeken's gini / 100 (Eurostat's EU-SILC formula,
  /// [2 Σ w_i y_i C_i − Σ w_i² y_i] / (W Σ w_i y_i) − 1 with C_i the cumulative weight).
  /// Depends on the weights only through their proportions; weight 2 = a duplicated value.
  laeken,
  /// convey's svygini (function CalcGini of R package convey):
  /// Σ_i (2 C_i − 1) w_i y_i / (W Σ w_i y_i) − 1 = laeken + (Σ w_i² y_i − Σ w_i y_i) / (W Σ w_i
  /// y_i).
  /// It equals laeken's only when every weight is 1: for a value of weight w_i the expanded
  /// data's rank correction is w_i, convey's is 1, so the two differ by a term of order 1/n
  /// for population expansion weights, a weight of 2 is not a duplicated value, and the
  /// result changes when all weights are scaled by the same factor.
  convey
};

/// Options of `gini`.
struct gini_options {
  gini_formula formula = gini_formula::laeken;
  /// Threads for the passes over the records and the sort; records are cut into fixed chunks
  /// of 2^16, so the result is the same bit for bit for any thread count.
  /// @throws invalid_input when threads is 0.
  povstat::execution execution{};
  /// Called with (done, 2 n) from the calling thread: the first n during the validating pass,
  /// the second n during the pass over the sorted sample; returning false throws
  /// povstat::cancelled.
  progress_callback progress{};
};

/// Options of the entropy and Atkinson measures.
struct entropy_options {
  /// Incomes <= 0 (which have no logarithm or negative power) raise an error (default), or
  /// are dropped from the sample altogether (weight, mean and sum).
  nonpositive_income nonpositive = nonpositive_income::error;
};

/// How `palma` and `quintile_share_ratio` form the income groups.
enum class share_method {
  /// Groups by weighted quantile, as laeken's qsr (Eurostat): the bottom group is
  /// y <= Q(p_low), the top group y > Q(p_high), Q laeken's weighted quantile (default).
  quantile_groups,
  /// Exact population shares on the interpolated Lorenz curve: the bottom share is L(p_low),
  /// the top share 1 − L(p_high), splitting the weight of the income at each cut.
  lorenz
};

/// Options of `palma` and `quintile_share_ratio`.
struct share_ratio_options {
  share_method method = share_method::quantile_groups;
};

namespace detail {

/// Partial results of the first Gini pass: W, Y = Σ w y, and the rule violations.
template <std::floating_point T>
struct gini_totals {
  compensated_sum<T> weight{};
  compensated_sum<T> income{};
  sample_violations bad{};
};

/// Validation, W and Y over records [begin, end), in lane-summed blocks.
template <std::floating_point T, bool weighted>
void gini_totals_pass(const weighted_span<T>& s, std::size_t begin, std::size_t end,
                      gini_totals<T>& out) {
  constexpr std::size_t lanes = record_lanes;
  const T* const y = s.y.data();
  const T* const w = s.w.data();
  for (std::size_t block = begin; block < end; block += record_block) {
    const std::size_t stop = std::min(end, block + record_block);
    T l_weight[lanes] = {};
    T l_income[lanes] = {};
    bool any_bad = false;
    std::size_t i = block;
    if constexpr (lane_vector<T>::available) {
      using vec = typename lane_vector<T>::type;
      using mask = typename lane_vector<T>::mask;
      vec weight[vector_parts] = {};
      vec income[vector_parts] = {};
      mask bad[vector_parts] = {};
      const vec one = vec{} + T(1);
      for (; i + lanes <= stop; i += lanes) {
        for (std::size_t h = 0; h < vector_parts; ++h) {
          vec yv;
          vec wv = one;
          load_lanes(y + i + h * vector_lanes, yv);
          if constexpr (weighted) load_lanes(w + i + h * vector_lanes, wv);
          weight[h] += wv;
          income[h] += wv * yv;
          mask ok;
          lanes_ok<T>(yv, wv, false, ok);
          bad[h] |= ~ok;
        }
      }
      for (std::size_t lane = 0; lane < lanes; ++lane) {
        l_weight[lane] = lane_of<T>(weight, lane);
        l_income[lane] = lane_of<T>(income, lane);
        any_bad = any_bad || bad[lane / vector_lanes][lane % vector_lanes] != 0;
      }
    }
    for (; i + lanes <= stop; i += lanes)
      for (std::size_t lane = 0; lane < lanes; ++lane) {
        const T yi = y[i + lane];
        const T wi = weighted ? w[i + lane] : T(1);
        l_weight[lane] += wi;
        l_income[lane] += wi * yi;
        any_bad = any_bad || !record_ok(yi, wi, false);
      }
    for (; i < stop; ++i) {
      const T yi = y[i];
      const T wi = weighted ? w[i] : T(1);
      l_weight[0] += wi;
      l_income[0] += wi * yi;
      any_bad = any_bad || !record_ok(yi, wi, false);
    }
    out.weight.add(lane_sum(l_weight));
    out.income.add(lane_sum(l_income));
    if (any_bad) out.bad.scan(s, block, stop, false);
  }
}

/// Σ w over sorted points [begin, end), in lane-summed blocks.
template <std::floating_point T>
compensated_sum<T> sorted_weight_sum(std::span<const weighted_point<T>> sorted, std::size_t begin,
                                     std::size_t end) {
  constexpr std::size_t lanes = record_lanes;
  compensated_sum<T> total;
  for (std::size_t block = begin; block < end; block += record_block) {
    const std::size_t stop = std::min(end, block + record_block);
    T lane[lanes] = {};
    std::size_t i = block;
    for (; i + lanes <= stop; i += lanes)
      for (std::size_t j = 0; j < lanes; ++j) lane[j] += sorted[i + j].w;
    for (; i < stop; ++i) lane[0] += sorted[i].w;
    total.add(lane_sum(lane));
  }
  return total;
}

/// The rank sums of a chunk of the sorted sample whose cumulative weight before it is
/// `before`: Σ w_i x_i (2 M_i − W) with M_i = C_{i−1} + w_i / 2 (and Σ w_i² x_i for convey).
/// C runs as an unevaluated sum hi + lo (TwoSum, no branch), both sums in double-double.
template <std::floating_point T>
void gini_rank_pass(std::span<const weighted_point<T>> sorted, std::size_t begin,
                    std::size_t end, T before, T total_w, bool squares_wanted,
                    compensated_sum<T>& cross_out, compensated_sum<T>& squares_out) {
  T c_hi = before;
  T c_lo = T(0);
  T cross_hi = T(0);
  T cross_lo = T(0);
  T squares_hi = T(0);
  T squares_lo = T(0);
  for (std::size_t i = begin; i < end; ++i) {
    const T x = sorted[i].x;
    const T w = sorted[i].w;
    const T midpoint = (c_hi + c_lo) + w / 2;
    T error;
    two_sum(cross_hi, w * x * (2 * midpoint - total_w), cross_hi, error);
    cross_lo += error;
    if (squares_wanted) {
      two_sum(squares_hi, w * w * x, squares_hi, error);
      squares_lo += error;
    }
    two_sum(c_hi, w, c_hi, error);
    c_lo += error;
  }
  cross_out.add(cross_hi);
  cross_out.add(cross_lo);
  squares_out.add(squares_hi);
  squares_out.add(squares_lo);
}

template <std::floating_point T>
T gini_impl(const sample_input<T>& input, const gini_options& options) {
  constexpr std::string_view function = "gini";
  const auto s = input.view();
  check_sample_sizes(function, s, input.weighted());
  const std::size_t n = s.size();
  const std::size_t chunks = (n + record_chunk - 1) / record_chunk;
  progress_callback first_progress;
  progress_callback second_progress;
  if (options.progress) {
    first_progress = [&](std::size_t done, std::size_t all) {
      return options.progress(done, 2 * all);
    };
    second_progress = [&](std::size_t done, std::size_t all) {
      return options.progress(all + done, 2 * all);
    };
  }
  // Pass 1 over the input: validation, W and Y.
  std::vector<gini_totals<T>> parts(chunks);
  for_each_chunk(function, n, record_chunk, options.execution, first_progress,
                 [&](std::size_t chunk, std::size_t begin, std::size_t end) {
                   if (s.w.empty())
                     gini_totals_pass<T, false>(s, begin, end, parts[chunk]);
                   else
                     gini_totals_pass<T, true>(s, begin, end, parts[chunk]);
                 });
  gini_totals<T> totals;
  for (const auto& part : parts) {
    totals.weight.merge(part.weight);
    totals.income.merge(part.income);
    totals.bad.merge(part.bad);
  }
  totals.bad.raise_sample(function, s);
  const T total_w = finite_result(function, "the total weight", totals.weight.value());
  const T total_y = finite_result(function, "the weighted total of y", totals.income.value());
  if (!(total_y > T(0)))
    raise_value(function, "the weighted mean of y", total_y / total_w,
                "> 0 (shares of total income need a positive total)");
  // One sort, then the cumulative weight before each chunk (in chunk order), then the ranks.
  const auto points = sorted_points(s, options.execution);
  const std::span<const weighted_point<T>> sorted(points);
  std::vector<compensated_sum<T>> chunk_weight(chunks);
  for_each_chunk(function, n, record_chunk, options.execution, {},
                 [&](std::size_t chunk, std::size_t begin, std::size_t end) {
                   chunk_weight[chunk] = sorted_weight_sum(sorted, begin, end);
                 });
  std::vector<T> before(chunks);
  compensated_sum<T> running;
  for (std::size_t c = 0; c < chunks; ++c) {
    before[c] = running.value();
    running.merge(chunk_weight[c]);
  }
  const bool convey = options.formula == gini_formula::convey;
  std::vector<compensated_sum<T>> cross(chunks);
  std::vector<compensated_sum<T>> squares(chunks);
  for_each_chunk(function, n, record_chunk, options.execution, second_progress,
                 [&](std::size_t chunk, std::size_t begin, std::size_t end) {
                   gini_rank_pass(sorted, begin, end, before[chunk], total_w, convey,
                                  cross[chunk], squares[chunk]);
                 });
  compensated_sum<T> cross_sum;
  compensated_sum<T> squares_sum;  // Σ w² y, for convey's formula
  for (std::size_t c = 0; c < chunks; ++c) {
    cross_sum.merge(cross[c]);
    squares_sum.merge(squares[c]);
  }
  // Σ_i Σ_j w_i w_j |y_i − y_j| = 2 Σ_i w_i y_(i) (2 M_i − W).
  // Divided in two steps: W·Y alone may overflow where the Gini is representable.
  T g = cross_sum.value() / total_y / total_w;
  if (convey) g += (squares_sum.value() - total_y) / total_y / total_w;
  return finite_result(function, "the result", g);
}

/// The partial sums of the generalized entropy and Atkinson measures: W, Σ w y and
/// Σ w f(y) with f(y) = log y (exponent 0), y log y (`y_log_y`) or y^exponent.
template <std::floating_point T>
struct entropy_sums {
  T exponent;
  bool y_log_y;
  nonpositive_income policy;
  compensated_sum<T> total{};
  compensated_sum<T> income{};
  compensated_sum<T> sum{};
  std::size_t count = 0;     // observations kept
  std::size_t excluded = 0;  // observations dropped (y <= 0 under exclude)

  void add(T y, T w) {
    if (!(y > T(0))) {
      ++excluded;  // only reached under nonpositive_income::exclude
      return;
    }
    ++count;
    total.add(w);
    income.add(w * y);
    if (y_log_y)
      sum.add(w * y * std::log(y));
    else if (exponent == T(0))
      sum.add(w * std::log(y));
    else if (exponent == T(1))
      sum.add(w * y);
    else
      sum.add(w * std::pow(y, exponent));
  }
  void merge(const entropy_sums& other) {
    total.merge(other.total);
    income.merge(other.income);
    sum.merge(other.sum);
    count += other.count;
    excluded += other.excluded;
  }
  void require_data(std::string_view function) const {
    if (count == 0)
      raise<insufficient_data>(function, excluded == 0 ? std::string("no observation was added")
                                                       : "no income is > 0 (" +
                                                             count_text(excluded, "income") +
                                                             " <= 0 excluded)");
  }
  T mean() const { return income.value() / total.value(); }

  /// GE(alpha) with alpha = exponent (log for 0, y log y for 1).
  T generalized_entropy() const {
    const T w = total.value();
    const T mu = mean();
    if (y_log_y) return sum.value() / (w * mu) - std::log(mu);
    if (exponent == T(0)) return std::log(mu) - sum.value() / w;
    const T a = exponent;
    return (sum.value() / w / std::pow(mu, a) - 1) / (a * (a - 1));
  }

  /// Atkinson(epsilon) with exponent = 1 − epsilon.
  T atkinson() const {
    const T w = total.value();
    const T mu = mean();
    if (exponent == T(0)) return 1 - std::exp(sum.value() / w) / mu;
    return 1 - std::pow(sum.value() / w, 1 / exponent) / mu;
  }
};

template <std::floating_point T>
entropy_sums<T> make_entropy_sums(T alpha, nonpositive_income policy) {
  return entropy_sums<T>{alpha, alpha == T(1), policy};
}

template <std::floating_point T>
void check_entropy_incomes(std::string_view function, std::span<const T> y,
                           nonpositive_income policy) {
  if (policy != nonpositive_income::error) return;
  check_each(
      function, y, [](std::size_t i) { return element_name("y", i); }, [](T v) { return v > T(0); },
      "> 0 (the index takes logarithms or powers of y; nonpositive_income::exclude drops such "
      "incomes)");
}

/// Checks the sample, fills the sums (one pass) and checks something was kept.
template <std::floating_point T>
entropy_sums<T> entropy_pass(std::string_view function, const sample_input<T>& input,
                             entropy_sums<T> sums) {
  const auto s = input.view();
  for (std::size_t i = 0; i < s.size(); ++i) sums.add(s.y[i], s.weight(i));
  sums.require_data(function);
  return sums;
}

template <std::floating_point T>
T generalized_entropy_impl(std::string_view function, const sample_input<T>& input, T alpha,
                           entropy_options options) {
  check_weighted_sample(function, input.view(), input.weighted());
  check_finite_parameter(function, "alpha", alpha);
  check_entropy_incomes(function, input.view().y, options.nonpositive);
  return finite_result(function, "the result",
                       entropy_pass(function, input, make_entropy_sums(alpha, options.nonpositive)).generalized_entropy());
}

template <std::floating_point T>
T atkinson_impl(const sample_input<T>& input, T epsilon, entropy_options options) {
  constexpr std::string_view function = "atkinson";
  check_weighted_sample(function, input.view(), input.weighted());
  check_nonnegative_parameter(function, "epsilon", epsilon);
  check_entropy_incomes(function, input.view().y, options.nonpositive);
  return finite_result(function, "the result",
                       entropy_pass(function, input, entropy_sums<T>{1 - epsilon, false, options.nonpositive}).atkinson());
}

/// Top share over bottom share: (income above the top cut) / (income of the bottom group).
template <std::floating_point T>
T share_ratio_impl(std::string_view function, const sample_input<T>& input, T p_low, T p_high,
                   share_ratio_options options) {
  check_weighted_sample(function, input.view(), input.weighted());
  const auto points = sorted_points(input.view());
  const std::span<const weighted_point<T>> sorted(points);
  const T total_w = total_weight(sorted);
  const T total_y = checked_income_total(function, sorted, total_w);
  T top;
  T bottom;
  if (options.method == share_method::lorenz) {
    bottom = lorenz_at(sorted, total_w, total_y, p_low) * total_y;
    top = (1 - lorenz_at(sorted, total_w, total_y, p_high)) * total_y;
  } else {
    const T q_low = sorted_weighted_quantile(sorted, total_w, p_low, quantile_rule::laeken);
    const T q_high = sorted_weighted_quantile(sorted, total_w, p_high, quantile_rule::laeken);
    compensated_sum<T> low;
    compensated_sum<T> high;
    for (const auto& p : sorted) {
      if (p.x <= q_low) low.add(p.w * p.x);
      if (p.x > q_high) high.add(p.w * p.x);
    }
    bottom = low.value();
    top = high.value();
  }
  if (!(bottom > T(0)))
    raise_value(function, "the income of the bottom group", bottom,
                "> 0 (the ratio divides by it)");
  return finite_result(function, "the result", top / bottom);
}

}  // namespace detail

/// Gini coefficient of the weighted sample, by default laeken's (the Gini of the
/// frequency-expanded data, G = Σ_i Σ_j w_i w_j |y_i − y_j| / (2 W² μ); see gini_formula for
/// convey's alternative). Computed from the sorted sample as
/// Σ_i w_i y_(i) (2 M_i − W) / (W Σ w_i y_i), M_i = C_{i-1} + w_i / 2, which avoids laeken's
/// final "− 1" cancellation. Negative incomes are allowed (G may then exceed 1); the mean must
/// be > 0. One validating pass over the input (W and Σ w y, lane-summed blocks compensated
/// across blocks), one radix sort of the (y, w) pairs (detail/radix_sort.hpp), one pass over
/// the sorted pairs with the cumulative weight and the rank sum in double-double; O(n log n)
/// comparisons are never made, extra memory is the sorted pairs plus a scratch of at most
/// n / 8 pairs. `options.execution` runs the passes and the sort on several threads with the
/// same result bit for bit; `options.progress` reports (done, 2 n).
/// Gini (1912); weighted form: Eurostat (2004), EU-SILC 065/2004.
/// @param y incomes, finite; any sized range, not modified.
/// @param w weights, finite and > 0, as many as y.
/// @throws invalid_input for a size mismatch, a non-finite y, a weight not finite and > 0, or
///         a weighted mean not > 0.
/// @throws insufficient_data when y is empty; cancelled when `options.progress` returns false.
template <detail::numeric_range Y, detail::numeric_range W>
detail::range_floating_t<Y> gini(const Y& y, const W& w, gini_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  return detail::gini_impl<T>(input, options);
}

/// Gini coefficient with every weight 1 (the two formulas then agree):
/// Σ_i Σ_j |y_i − y_j| / (2 n² μ), without the n / (n − 1) small-sample factor.
template <detail::numeric_range Y>
detail::range_floating_t<Y> gini(const Y& y, gini_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y);
  return detail::gini_impl<T>(input, options);
}

/// Generalized entropy index (Shorrocks 1980, Econometrica 48(3), 613–625; Cowell 2011,
/// Measuring Inequality, 3rd ed., ch. 3) of order alpha (any finite real):
/// GE(alpha) = [Σ w_i (y_i / μ)^alpha / W − 1] / (alpha (alpha − 1)),
/// GE(0) = Σ w_i log(μ / y_i) / W (mean log deviation), GE(1) = Σ w_i (y_i / μ) log(y_i / μ) / W
/// (Theil's T). One pass: the sums Σ w, Σ w y, Σ w f(y) give the index as
/// (Σ w y^alpha / W) / μ^alpha, log μ − Σ w log y / W, Σ w y log y / (W μ) − log μ.
/// Incomes must be > 0 (see entropy_options).
/// @throws invalid_input for a size mismatch, a non-finite y, a weight not finite and > 0,
///         alpha not finite, or y <= 0 under `nonpositive_income::error`.
/// @throws insufficient_data when y is empty, or no income is > 0 under `exclude`.
template <detail::numeric_range Y, detail::numeric_range W>
detail::range_floating_t<Y> generalized_entropy(const Y& y, const W& w,
                                                detail::range_floating_t<Y> alpha,
                                                entropy_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  return detail::generalized_entropy_impl<T>("generalized_entropy", input, alpha, options);
}

/// GE(alpha) with every weight 1.
template <detail::numeric_range Y>
detail::range_floating_t<Y> generalized_entropy(const Y& y, detail::range_floating_t<Y> alpha,
                                                entropy_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y);
  return detail::generalized_entropy_impl<T>("generalized_entropy", input, alpha, options);
}

/// Theil's T index (Theil 1967), GE(1) = Σ w_i (y_i / μ) log(y_i / μ) / W.
/// @throws as generalized_entropy.
template <detail::numeric_range Y, detail::numeric_range W>
detail::range_floating_t<Y> theil_t(const Y& y, const W& w, entropy_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  return detail::generalized_entropy_impl<T>("theil_t", input, T(1), options);
}

/// Theil's T with every weight 1.
template <detail::numeric_range Y>
detail::range_floating_t<Y> theil_t(const Y& y, entropy_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y);
  return detail::generalized_entropy_impl<T>("theil_t", input, T(1), options);
}

/// Mean log deviation (Theil's L), GE(0) = Σ w_i log(μ / y_i) / W.
/// @throws as generalized_entropy.
template <detail::numeric_range Y, detail::numeric_range W>
detail::range_floating_t<Y> mld(const Y& y, const W& w, entropy_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  return detail::generalized_entropy_impl<T>("mld", input, T(0), options);
}

/// Mean log deviation with every weight 1.
template <detail::numeric_range Y>
detail::range_floating_t<Y> mld(const Y& y, entropy_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y);
  return detail::generalized_entropy_impl<T>("mld", input, T(0), options);
}

/// Atkinson (1970, "On the measurement of inequality", J. Econ. Theory 2(3), 244–263) index
/// with inequality aversion epsilon >= 0: A = 1 − [Σ w_i (y_i / μ)^(1−epsilon) /
/// W]^(1/(1−epsilon)), and A = 1 − exp(Σ w_i log y_i / W) / μ for epsilon = 1 (1 − geometric mean /
/// mean). A(0) = 0. One pass. Incomes must be > 0 (see entropy_options).
/// @throws as generalized_entropy, with epsilon not finite and >= 0 in place of alpha.
template <detail::numeric_range Y, detail::numeric_range W>
detail::range_floating_t<Y> atkinson(const Y& y, const W& w, detail::range_floating_t<Y> epsilon,
                                     entropy_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  return detail::atkinson_impl<T>(input, epsilon, options);
}

/// Atkinson index with every weight 1.
template <detail::numeric_range Y>
detail::range_floating_t<Y> atkinson(const Y& y, detail::range_floating_t<Y> epsilon,
                                     entropy_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y);
  return detail::atkinson_impl<T>(input, epsilon, options);
}

/// Palma ratio (Palma 2011; Cobham & Sumner 2013): the income share of the top 10 % over
/// that of the bottom 40 %. By default the groups are y > Q(0.9) and y <= Q(0.4) with laeken's
/// weighted quantile Q, as laeken forms the quintile groups of the S80/S20 ratio;
/// `share_method::lorenz` takes exact population shares, (1 − L(0.9)) / L(0.4). One sort.
/// @throws invalid_input for a size mismatch, a non-finite y, a weight not finite and > 0, a
///         weighted mean not > 0, or a bottom-group income not > 0.
/// @throws insufficient_data when y is empty.
template <detail::numeric_range Y, detail::numeric_range W>
detail::range_floating_t<Y> palma(const Y& y, const W& w, share_ratio_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  return detail::share_ratio_impl<T>("palma", input, T(0.4), T(0.9), options);
}

/// Palma ratio with every weight 1.
template <detail::numeric_range Y>
detail::range_floating_t<Y> palma(const Y& y, share_ratio_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y);
  return detail::share_ratio_impl<T>("palma", input, T(0.4), T(0.9), options);
}

/// Income quintile share ratio S80/S20, exactly laeken's qsr: Σ_{y_i > Q(0.8)} w_i y_i /
/// Σ_{y_i <= Q(0.2)} w_i y_i, Q laeken's weighted quantile (Eurostat's definition);
/// `share_method::lorenz` gives (1 − L(0.8)) / L(0.2). One sort.
/// @throws as palma.
template <detail::numeric_range Y, detail::numeric_range W>
detail::range_floating_t<Y> quintile_share_ratio(const Y& y, const W& w,
                                                 share_ratio_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  return detail::share_ratio_impl<T>("quintile_share_ratio", input, T(0.2), T(0.8), options);
}

/// S80/S20 with every weight 1.
template <detail::numeric_range Y>
detail::range_floating_t<Y> quintile_share_ratio(const Y& y, share_ratio_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y);
  return detail::share_ratio_impl<T>("quintile_share_ratio", input, T(0.2), T(0.8), options);
}

/// GE(alpha) (Theil's T for alpha = 1, MLD for alpha = 0) over data arriving in pieces:
/// `add`, `merge` accumulators filled separately, read `result()`. Keeps Σ w, Σ w y and
/// Σ w f(y) in compensated sums, so a merged result equals the one-pass function to rounding.
template <std::floating_point T>
class generalized_entropy_accumulator {
 public:
  /// @throws invalid_input when alpha is not finite.
  explicit generalized_entropy_accumulator(T alpha, entropy_options options = {})
      : sums_(detail::make_entropy_sums(alpha, options.nonpositive)) {
    detail::check_finite_parameter("generalized_entropy_accumulator", "alpha", alpha);
  }

  /// Adds income y with weight w (under `exclude`, y <= 0 is counted as excluded).
  /// @throws invalid_input for a non-finite y, a weight not finite and > 0, or y <= 0 under
  ///         `nonpositive_income::error` (nothing is added then).
  void add(T y, T w = T(1)) {
    constexpr std::string_view function = "generalized_entropy_accumulator::add";
    if (!std::isfinite(y)) detail::raise_value(function, "y", y, "finite");
    if (!std::isfinite(w)) detail::raise_value(function, "w", w, "finite");
    if (!(w > T(0))) detail::raise_value(function, "w", w, "> 0");
    if (sums_.policy == nonpositive_income::error && !(y > T(0)))
      detail::raise_value(function, "y", y,
                          "> 0 (the index takes logarithms or powers of y; "
                          "nonpositive_income::exclude drops such incomes)");
    sums_.add(y, w);
  }

  /// Adds everything `other` has accumulated.
  /// @throws invalid_input when `other` has another alpha or policy.
  void merge(const generalized_entropy_accumulator& other) {
    constexpr std::string_view function = "generalized_entropy_accumulator::merge";
    if (other.sums_.exponent != sums_.exponent)
      detail::raise_value(
          function, "other.alpha()", other.sums_.exponent,
          "alpha() = " + detail::format_number(sums_.exponent) + " (only like merges with like)");
    if (other.sums_.policy != sums_.policy)
      detail::raise(function,
                    "other has another nonpositive_income policy (only like merges with like)");
    sums_.merge(other.sums_);
  }

  /// GE(alpha) of everything added.
  /// @throws insufficient_data when no income > 0 was added.
  T result() const {
    sums_.require_data("generalized_entropy_accumulator::result");
    return sums_.generalized_entropy();
  }

  T alpha() const noexcept { return sums_.exponent; }
  std::size_t count() const noexcept { return sums_.count; }        ///< observations kept
  std::size_t excluded() const noexcept { return sums_.excluded; }  ///< y <= 0 dropped
  T total_weight() const noexcept { return sums_.total.value(); }

 private:
  detail::entropy_sums<T> sums_;
};

/// Atkinson(epsilon) over data arriving in pieces (see generalized_entropy_accumulator).
template <std::floating_point T>
class atkinson_accumulator {
 public:
  /// @throws invalid_input when epsilon is not finite and >= 0.
  explicit atkinson_accumulator(T epsilon, entropy_options options = {})
      : sums_{1 - epsilon, false, options.nonpositive}, epsilon_(epsilon) {
    detail::check_nonnegative_parameter("atkinson_accumulator", "epsilon", epsilon);
  }

  /// Adds income y with weight w. @throws as generalized_entropy_accumulator::add.
  void add(T y, T w = T(1)) {
    constexpr std::string_view function = "atkinson_accumulator::add";
    if (!std::isfinite(y)) detail::raise_value(function, "y", y, "finite");
    if (!std::isfinite(w)) detail::raise_value(function, "w", w, "finite");
    if (!(w > T(0))) detail::raise_value(function, "w", w, "> 0");
    if (sums_.policy == nonpositive_income::error && !(y > T(0)))
      detail::raise_value(function, "y", y,
                          "> 0 (the index takes logarithms or powers of y; "
                          "nonpositive_income::exclude drops such incomes)");
    sums_.add(y, w);
  }

  /// Adds everything `other` has accumulated.
  /// @throws invalid_input when `other` has another epsilon or policy.
  void merge(const atkinson_accumulator& other) {
    constexpr std::string_view function = "atkinson_accumulator::merge";
    if (other.epsilon_ != epsilon_)
      detail::raise_value(
          function, "other.epsilon()", other.epsilon_,
          "epsilon() = " + detail::format_number(epsilon_) + " (only like merges with like)");
    if (other.sums_.policy != sums_.policy)
      detail::raise(function,
                    "other has another nonpositive_income policy (only like merges with like)");
    sums_.merge(other.sums_);
  }

  /// Atkinson(epsilon) of everything added.
  /// @throws insufficient_data when no income > 0 was added.
  T result() const {
    sums_.require_data("atkinson_accumulator::result");
    return sums_.atkinson();
  }

  T epsilon() const noexcept { return epsilon_; }
  std::size_t count() const noexcept { return sums_.count; }
  std::size_t excluded() const noexcept { return sums_.excluded; }
  T total_weight() const noexcept { return sums_.total.value(); }

 private:
  detail::entropy_sums<T> sums_;
  T epsilon_;
};

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_MEASURE_INEQUALITY_HPP
