#ifndef POVSTAT_MEASURE_POVERTY_HPP
#define POVSTAT_MEASURE_POVERTY_HPP

/// @file
/// Absolute poverty measures from weighted microdata: the Foster–Greer–Thorbecke family
/// `fgt` (any alpha >= 0), `watts`, `sen`, `sst` (Sen–Shorrocks–Thon), all of them at once
/// with `poverty_measures`, the analytic standard error `fgt_se`, and the mergeable
/// accumulators `fgt_accumulator` and `watts_accumulator` for chunked computation.
///
/// Notation: incomes (welfare) y_i, weights w_i > 0, W = Σ w_i, poverty line z > 0; person i
/// is poor when y_i < z (`poor_rule::strict`, default) or y_i <= z (`poor_rule::weak`);
/// g_i = (z − y_i) / z is the poverty gap ratio of a poor person (0 for the non-poor).
/// Incomes are used as given: a negative income has a gap above 1 (no censoring at 0).
/// Sums are compensated (Neumaier), so chunked sums merge without loss.

#include <cmath>
#include <concepts>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "povstat/core/check.hpp"
#include "povstat/core/error.hpp"
#include "povstat/detail/numeric_range.hpp"
#include "povstat/detail/weighted_sample.hpp"
#include "povstat/measure/conventions.hpp"
#include "povstat/stats/summation.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Options of the poverty measures.
struct poverty_options {
  /// Who is poor: y < z (strict, default: PIP, laeken, ineq) or y <= z (weak: convey).
  poor_rule poor = poor_rule::strict;
  /// Watts only: incomes <= 0 (all of them poor) raise an error (default) or are left out of
  /// the Watts sum while staying in the population, as PIP does.
  nonpositive_income nonpositive = nonpositive_income::error;
};

/// Every measure of `poverty_measures`, with the parts of Sen's index.
template <std::floating_point T>
struct poverty_measures_result {
  T headcount;         ///< P0 = Σ_poor w_i / W, the headcount ratio H
  T poverty_gap;       ///< P1 = Σ_poor w_i g_i / W
  T poverty_severity;  ///< P2 = Σ_poor w_i g_i² / W
  T watts;             ///< Σ_poor w_i log(z / y_i) / W
  T sen;               ///< Sen (1976): H·[I + (1 − I)·G_p]
  T sst;               ///< Sen–Shorrocks–Thon: P1·(1 + G_g)
  T income_gap_ratio;  ///< I = P1 / P0, the mean gap ratio of the poor (0 when nobody is poor)
  /// G_p, the Gini of the incomes of the poor (laeken's weighted Gini); empty when nobody is
  /// poor or the mean income of the poor is <= 0.
  std::optional<T> gini_of_poor;
  T total_weight;     ///< W
  T poor_weight;      ///< Σ_poor w_i
  T excluded_weight;  ///< weight of incomes <= 0 left out of the Watts sum (exclude policy)
};

/// An FGT index with its analytic standard error under simple random sampling.
template <std::floating_point T>
struct fgt_result {
  T value;                   ///< P_alpha
  T se;                      ///< standard error (see fgt_se)
  std::size_t observations;  ///< n, the number of observations
};

namespace detail {

template <std::floating_point T>
bool is_poor(T y, T z, poor_rule rule) noexcept {
  return rule == poor_rule::strict ? y < z : y <= z;
}

/// g^alpha with 0^0 = 1 (alpha = 0 counts every poor person, also one with gap 0).
template <std::floating_point T>
T fgt_term(T gap, T alpha) {
  if (alpha == T(0)) return T(1);
  if (alpha == T(1)) return gap;
  if (alpha == T(2)) return gap * gap;
  return std::pow(gap, alpha);
}

/// The partial sums of an FGT index: W, Σ_poor w, Σ_poor w g^alpha.
template <std::floating_point T>
struct fgt_sums {
  T z;
  T alpha;
  poor_rule rule;
  compensated_sum<T> total{};
  compensated_sum<T> poor{};
  compensated_sum<T> sum{};
  std::size_t count = 0;

  void add(T y, T w) {
    total.add(w);
    ++count;
    if (!is_poor(y, z, rule)) return;
    poor.add(w);
    sum.add(w * fgt_term((z - y) / z, alpha));
  }
  void merge(const fgt_sums& other) {
    total.merge(other.total);
    poor.merge(other.poor);
    sum.merge(other.sum);
    count += other.count;
  }
  T value() const { return sum.value() / total.value(); }
};

/// The partial sums of the Watts index: W, Σ_poor,y>0 w log(z / y), weight of poor y <= 0.
template <std::floating_point T>
struct watts_sums {
  T z;
  poor_rule rule;
  compensated_sum<T> total{};
  compensated_sum<T> sum{};
  compensated_sum<T> excluded{};
  std::size_t count = 0;

  void add(T y, T w) {
    total.add(w);
    ++count;
    if (!is_poor(y, z, rule)) return;
    if (y > T(0))
      sum.add(w * std::log(z / y));
    else
      excluded.add(w);
  }
  void merge(const watts_sums& other) {
    total.merge(other.total);
    sum.merge(other.sum);
    excluded.merge(other.excluded);
    count += other.count;
  }
  T value() const { return sum.value() / total.value(); }
};

/// What Sen's and the SST index need from the poor sorted by income: their weight W_p, the
/// gap sum Σ w g, the pair sum D_g = Σ_i Σ_j w_i w_j |g_i − g_j| over pairs of poor, and
/// their income total Σ w y.
template <std::floating_point T>
struct poor_ranking {
  T poor_weight{0};
  T gap_sum{0};
  T pair_gap_sum{0};
  T income_sum{0};
};

/// With the poor sorted by income (gaps descending) and M_i = C_{i-1} + w_i / 2 the midpoint
/// of i's cumulative weight, D_g = 2 Σ_i w_i g_i (W_p − 2 M_i): the identity
/// Σ_i Σ_j w_i w_j |x_i − x_j| = 2 Σ_i w_i x_(i) (2 M_i − W) for sorted x, applied to
/// x = y = z (1 − g) (the term in z vanishes because Σ w_i (2 M_i − W) = 0).
template <std::floating_point T>
poor_ranking<T> rank_poor(std::span<const weighted_point<T>> poor, T z) {
  compensated_sum<T> weight;
  for (const auto& p : poor) weight.add(p.w);
  const T poor_weight = weight.value();
  compensated_sum<T> before;
  compensated_sum<T> gaps;
  compensated_sum<T> pairs;
  compensated_sum<T> incomes;
  for (const auto& p : poor) {
    const T gap = (z - p.x) / z;
    const T midpoint = before.value() + p.w / 2;
    gaps.add(p.w * gap);
    pairs.add(p.w * gap * (poor_weight - 2 * midpoint));
    incomes.add(p.w * p.x);
    before.add(p.w);
  }
  return {poor_weight, gaps.value(), 2 * pairs.value(), incomes.value()};
}

/// Sen (1976), population form: S = H·[I + (1 − I)·G_p] = P1 + D_g / (2 W W_p).
template <std::floating_point T>
T sen_from(const poor_ranking<T>& r, T total) {
  if (r.poor_weight == T(0)) return T(0);
  return r.gap_sum / total + r.pair_gap_sum / (2 * total * r.poor_weight);
}

/// Shorrocks (1995) / Thon (1979): SST = P1·(1 + G_g), G_g the Gini of the gaps of the whole
/// population (0 for the non-poor): P1·G_g = [D_g + 2 Σ_poor w g · (W − W_p)] / (2 W²).
template <std::floating_point T>
T sst_from(const poor_ranking<T>& r, T total) {
  if (r.poor_weight == T(0)) return T(0);
  const T all_pairs = r.pair_gap_sum + 2 * r.gap_sum * (total - r.poor_weight);
  return r.gap_sum / total + all_pairs / (2 * total * total);
}

template <std::floating_point T>
void check_poverty_line(std::string_view function, T z) {
  check_positive_parameter(function, "z", z);
}

/// Under `nonpositive_income::error`, every y > 0 (an income <= 0 is always poor, since z > 0).
template <std::floating_point T>
void check_watts_incomes(std::string_view function, std::span<const T> y,
                         nonpositive_income policy) {
  if (policy != nonpositive_income::error) return;
  check_each(
      function, y, [](std::size_t i) { return element_name("y", i); }, [](T v) { return v > T(0); },
      "> 0 (Watts takes log(z / y); nonpositive_income::exclude leaves such incomes out of "
      "the sum, as PIP does)");
}

template <std::floating_point T>
T fgt_impl(const sample_input<T>& input, T z, T alpha, poverty_options options) {
  constexpr std::string_view function = "fgt";
  const auto s = input.view();
  check_weighted_sample(function, s, input.weighted());
  check_poverty_line(function, z);
  check_nonnegative_parameter(function, "alpha", alpha);
  fgt_sums<T> sums{z, alpha, options.poor};
  for (std::size_t i = 0; i < s.size(); ++i) sums.add(s.y[i], s.weight(i));
  return finite_result(function, "the result", sums.value());
}

template <std::floating_point T>
T watts_impl(const sample_input<T>& input, T z, poverty_options options) {
  constexpr std::string_view function = "watts";
  const auto s = input.view();
  check_weighted_sample(function, s, input.weighted());
  check_poverty_line(function, z);
  check_watts_incomes(function, s.y, options.nonpositive);
  watts_sums<T> sums{z, options.poor};
  for (std::size_t i = 0; i < s.size(); ++i) sums.add(s.y[i], s.weight(i));
  return finite_result(function, "the result", sums.value());
}

/// Sen or SST: one pass for W and the poor, one sort of the poor.
template <std::floating_point T, class Index>
T ranked_index_impl(std::string_view function, const sample_input<T>& input, T z,
                    poverty_options options, const Index& index) {
  const auto s = input.view();
  check_weighted_sample(function, s, input.weighted());
  check_poverty_line(function, z);
  compensated_sum<T> total;
  std::vector<weighted_point<T>> poor;  // grows geometrically: no per-element allocation
  for (std::size_t i = 0; i < s.size(); ++i) {
    total.add(s.weight(i));
    if (is_poor(s.y[i], z, options.poor)) poor.push_back({s.y[i], s.weight(i)});
  }
  sort_points(poor);
  return finite_result(function, "the result", index(rank_poor(std::span<const weighted_point<T>>(poor), z), total.value()));
}

template <std::floating_point T>
poverty_measures_result<T> poverty_measures_impl(const sample_input<T>& input, T z,
                                                 poverty_options options) {
  constexpr std::string_view function = "poverty_measures";
  const auto s = input.view();
  check_weighted_sample(function, s, input.weighted());
  check_poverty_line(function, z);
  check_watts_incomes(function, s.y, options.nonpositive);

  fgt_sums<T> gap{z, T(1), options.poor};
  fgt_sums<T> severity{z, T(2), options.poor};
  watts_sums<T> watts{z, options.poor};
  std::vector<weighted_point<T>> poor;  // grows geometrically: no per-element allocation
  for (std::size_t i = 0; i < s.size(); ++i) {
    const T y = s.y[i];
    const T w = s.weight(i);
    gap.add(y, w);
    severity.add(y, w);
    watts.add(y, w);
    if (is_poor(y, z, options.poor)) poor.push_back({y, w});
  }
  sort_points(poor);
  const auto ranking = rank_poor(std::span<const weighted_point<T>>(poor), z);
  const T total = gap.total.value();

  poverty_measures_result<T> r{};
  r.total_weight = total;
  r.poor_weight = gap.poor.value();
  r.headcount = r.poor_weight / total;
  r.poverty_gap = gap.value();
  r.poverty_severity = severity.value();
  r.watts = watts.value();
  r.sen = sen_from(ranking, total);
  r.sst = sst_from(ranking, total);
  r.income_gap_ratio = r.poor_weight > T(0) ? ranking.gap_sum / ranking.poor_weight : T(0);
  if (r.poor_weight > T(0) && ranking.income_sum > T(0))
    r.gini_of_poor = z * ranking.pair_gap_sum / (2 * ranking.poor_weight * ranking.income_sum);
  r.excluded_weight = watts.excluded.value();
  for (const T value : {r.total_weight, r.headcount, r.poverty_gap, r.poverty_severity, r.watts, r.sen, r.sst})
    finite_result(function, "a measure", value);
  return r;
}

template <std::floating_point T>
fgt_result<T> fgt_se_impl(const sample_input<T>& input, T z, T alpha, poverty_options options) {
  constexpr std::string_view function = "fgt_se";
  const auto s = input.view();
  check_weighted_sample(function, s, input.weighted());
  check_min_size(function, "y", s.size(), 2, "(a standard error needs two observations)");
  check_poverty_line(function, z);
  check_nonnegative_parameter(function, "alpha", alpha);
  fgt_sums<T> sums{z, alpha, options.poor};
  for (std::size_t i = 0; i < s.size(); ++i) sums.add(s.y[i], s.weight(i));
  const T value = sums.value();
  const T total = sums.total.value();
  compensated_sum<T> squares;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const T y = s.y[i];
    const T f = is_poor(y, z, options.poor) ? fgt_term((z - y) / z, alpha) : T(0);
    const T deviation = s.weight(i) * (f - value);
    squares.add(deviation * deviation);
  }
  const T n = static_cast<T>(s.size());
  const T variance = n / (n - 1) * squares.value() / (total * total);
  return {finite_result(function, "the estimate", value), finite_result(function, "the standard error", std::sqrt(variance)),
          s.size()};
}

}  // namespace detail

/// Foster–Greer–Thorbecke (1984, Econometrica 52(3), 761–766) index
/// P_alpha = (1 / W) Σ_poor w_i ((z − y_i) / z)^alpha, alpha >= 0 (the usual alpha: 0 is the
/// headcount ratio, 1 the poverty gap index, 2 the severity; not ineq's shifted alpha), with
/// 0^0 = 1 so that alpha = 0 counts every poor person. One pass, compensated sums.
/// @param y incomes (welfare), finite; any sized range of numbers, not modified.
/// @param w weights, finite and > 0, as many as y.
/// @param z poverty line, finite and > 0.
/// @param alpha finite and >= 0.
/// @param options who is poor (`.poor`, default y < z).
/// @throws invalid_input for a size mismatch, a non-finite y, a weight not finite and > 0,
///         z not finite and > 0, alpha not finite and >= 0.
/// @throws insufficient_data when y is empty.
template <detail::numeric_range Y, detail::numeric_range W>
detail::range_floating_t<Y> fgt(const Y& y, const W& w, detail::range_floating_t<Y> z,
                                detail::range_floating_t<Y> alpha, poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  return detail::fgt_impl<T>(input, z, alpha, options);
}

/// P_alpha with every weight 1 (see the weighted overload).
template <detail::numeric_range Y>
detail::range_floating_t<Y> fgt(const Y& y, detail::range_floating_t<Y> z,
                                detail::range_floating_t<Y> alpha, poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y);
  return detail::fgt_impl<T>(input, z, alpha, options);
}

/// Watts (1968) index (1 / W) Σ_poor w_i log(z / y_i). An income <= 0 is poor and has no
/// logarithm: by default it is an error; with `.nonpositive = nonpositive_income::exclude`
/// its term is left out while its weight stays in W (wbpip::md_compute_watts, World Bank
/// PIP). One pass.
/// @throws as fgt, and invalid_input for a y <= 0 under `nonpositive_income::error`.
template <detail::numeric_range Y, detail::numeric_range W>
detail::range_floating_t<Y> watts(const Y& y, const W& w, detail::range_floating_t<Y> z,
                                  poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  return detail::watts_impl<T>(input, z, options);
}

/// Watts index with every weight 1.
template <detail::numeric_range Y>
detail::range_floating_t<Y> watts(const Y& y, detail::range_floating_t<Y> z,
                                  poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y);
  return detail::watts_impl<T>(input, z, options);
}

/// Sen (1976, "Poverty: an ordinal approach to measurement", Econometrica 44(2), 219–231)
/// index in its population (large-number) form S = H·[I + (1 − I)·G_p], H the headcount
/// ratio, I the mean gap ratio of the poor, G_p the Gini of the incomes of the poor (the
/// weighted Gini of the frequency-expanded data, as laeken). Computed as
/// S = P1 + Σ_poor Σ_poor w_i w_j |g_i − g_j| / (2 W W_p), which needs no division by the
/// poor's mean income. Sen's finite-sample formula (ineq::Sen),
/// 2 / ((q + 1) n z) Σ_{i<=q} (z − y_(i)) (q + 1 − i), equals H·[I + (1 − I)·G_p·q/(q + 1)]
/// and tends to this one as the number q of poor grows; with survey weights only the
/// population form is defined. One sort of the poor.
/// @throws as fgt (without alpha).
template <detail::numeric_range Y, detail::numeric_range W>
detail::range_floating_t<Y> sen(const Y& y, const W& w, detail::range_floating_t<Y> z,
                                poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  return detail::ranked_index_impl<T>(
      "sen", input, z, options, [](const auto& r, T total) { return detail::sen_from(r, total); });
}

/// Sen's index with every weight 1.
template <detail::numeric_range Y>
detail::range_floating_t<Y> sen(const Y& y, detail::range_floating_t<Y> z,
                                poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y);
  return detail::ranked_index_impl<T>(
      "sen", input, z, options, [](const auto& r, T total) { return detail::sen_from(r, total); });
}

/// Sen–Shorrocks–Thon index (Thon 1979; Shorrocks 1995, Econometrica 63(5), 1225–1230;
/// Osberg & Xu 2000, J. Human Resources 35(1)) SST = P1·(1 + G_g) = H·I·(1 + G_g), G_g the
/// Gini of the poverty gap ratios g_i over the whole population (0 for the non-poor),
/// frequency-expanded as laeken's Gini. Computed as
/// P1 + Σ_i Σ_j w_i w_j |g_i − g_j| / (2 W²) from the sorted poor only. One sort of the poor.
/// @throws as fgt (without alpha).
template <detail::numeric_range Y, detail::numeric_range W>
detail::range_floating_t<Y> sst(const Y& y, const W& w, detail::range_floating_t<Y> z,
                                poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  return detail::ranked_index_impl<T>(
      "sst", input, z, options, [](const auto& r, T total) { return detail::sst_from(r, total); });
}

/// The SST index with every weight 1.
template <detail::numeric_range Y>
detail::range_floating_t<Y> sst(const Y& y, detail::range_floating_t<Y> z,
                                poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y);
  return detail::ranked_index_impl<T>(
      "sst", input, z, options, [](const auto& r, T total) { return detail::sst_from(r, total); });
}

/// P0, P1, P2, Watts, Sen and SST (with I, G_p, W and the poor's weight) in one pass over the
/// data and one sort of the poor; each equals the function of the same name.
/// @throws as watts.
template <detail::numeric_range Y, detail::numeric_range W>
poverty_measures_result<detail::range_floating_t<Y>> poverty_measures(
    const Y& y, const W& w, detail::range_floating_t<Y> z, poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  return detail::poverty_measures_impl<T>(input, z, options);
}

/// All poverty measures with every weight 1.
template <detail::numeric_range Y>
poverty_measures_result<detail::range_floating_t<Y>> poverty_measures(
    const Y& y, detail::range_floating_t<Y> z, poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y);
  return detail::poverty_measures_impl<T>(input, z, options);
}

/// P_alpha with its standard error under simple random sampling with replacement of the n
/// observations. The weighted index is a ratio (Hájek) estimator Σ w_i f_i / Σ w_i,
/// f_i = g_i^alpha for the poor and 0 otherwise; its linearised variance is
/// V = n / (n − 1) · Σ w_i² (f_i − P_alpha)² / W² (as survey::svymean on
/// svydesign(ids = ~1, weights = ~w)). With every weight 1 this is
/// (P_2alpha − P_alpha²) / (n − 1): Kakwani's (1993, "Statistical inference in the
/// measurement of poverty", Rev. Econ. Stat. 75(4), 632–639) asymptotic variance
/// (P_2alpha − P_alpha²) / n with the usual n / (n − 1) correction. Two passes.
/// @throws as fgt, and insufficient_data when y has fewer than 2 values.
template <detail::numeric_range Y, detail::numeric_range W>
fgt_result<detail::range_floating_t<Y>> fgt_se(const Y& y, const W& w,
                                               detail::range_floating_t<Y> z,
                                               detail::range_floating_t<Y> alpha,
                                               poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  return detail::fgt_se_impl<T>(input, z, alpha, options);
}

/// P_alpha and its standard error with every weight 1: sqrt((P_2alpha − P_alpha²) / (n − 1)).
template <detail::numeric_range Y>
fgt_result<detail::range_floating_t<Y>> fgt_se(const Y& y, detail::range_floating_t<Y> z,
                                               detail::range_floating_t<Y> alpha,
                                               poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y);
  return detail::fgt_se_impl<T>(input, z, alpha, options);
}

/// P_alpha over data arriving in pieces: `add` observations (in any order, from any
/// chunk), `merge` accumulators filled separately (other threads, other machines), read
/// `result()`. The partial sums are compensated, so a merged result equals the one-pass
/// `fgt` to rounding (relative difference of order 1e-16, independent of the chunking).
template <std::floating_point T>
class fgt_accumulator {
 public:
  /// @throws invalid_input when z is not finite and > 0 or alpha not finite and >= 0.
  fgt_accumulator(T z, T alpha, poverty_options options = {}) : sums_{z, alpha, options.poor} {
    detail::check_poverty_line("fgt_accumulator", z);
    detail::check_nonnegative_parameter("fgt_accumulator", "alpha", alpha);
  }

  /// Adds income y with weight w. @throws invalid_input for a non-finite y or a weight not
  /// finite and > 0 (nothing is added then).
  void add(T y, T w = T(1)) {
    constexpr std::string_view function = "fgt_accumulator::add";
    if (!std::isfinite(y)) detail::raise_value(function, "y", y, "finite");
    if (!std::isfinite(w)) detail::raise_value(function, "w", w, "finite");
    if (!(w > T(0))) detail::raise_value(function, "w", w, "> 0");
    sums_.add(y, w);
  }

  /// Adds everything `other` has accumulated.
  /// @throws invalid_input when `other` has a different z, alpha or poor rule.
  void merge(const fgt_accumulator& other) {
    constexpr std::string_view function = "fgt_accumulator::merge";
    if (other.sums_.z != sums_.z)
      detail::raise_value(
          function, "other.z()", other.sums_.z,
          "z() = " + detail::format_number(sums_.z) + " (only like merges with like)");
    if (other.sums_.alpha != sums_.alpha)
      detail::raise_value(
          function, "other.alpha()", other.sums_.alpha,
          "alpha() = " + detail::format_number(sums_.alpha) + " (only like merges with like)");
    if (other.sums_.rule != sums_.rule)
      detail::raise(function,
                    "other counts the poor by another poor_rule (only like merges with like)");
    sums_.merge(other.sums_);
  }

  /// P_alpha of everything added. @throws insufficient_data when nothing was added.
  T result() const {
    if (sums_.count == 0)
      detail::raise<insufficient_data>("fgt_accumulator::result", "no observation was added");
    return sums_.value();
  }

  T z() const noexcept { return sums_.z; }
  T alpha() const noexcept { return sums_.alpha; }
  std::size_t count() const noexcept { return sums_.count; }       ///< observations added
  T total_weight() const noexcept { return sums_.total.value(); }  ///< W
  T poor_weight() const noexcept { return sums_.poor.value(); }    ///< Σ_poor w

 private:
  detail::fgt_sums<T> sums_;
};

/// The Watts index over data arriving in pieces (see fgt_accumulator and watts).
template <std::floating_point T>
class watts_accumulator {
 public:
  /// @throws invalid_input when z is not finite and > 0.
  explicit watts_accumulator(T z, poverty_options options = {})
      : sums_{z, options.poor}, policy_(options.nonpositive) {
    detail::check_poverty_line("watts_accumulator", z);
  }

  /// Adds income y with weight w. @throws invalid_input for a non-finite y, a weight not
  /// finite and > 0, or y <= 0 under `nonpositive_income::error` (nothing is added then).
  void add(T y, T w = T(1)) {
    constexpr std::string_view function = "watts_accumulator::add";
    if (!std::isfinite(y)) detail::raise_value(function, "y", y, "finite");
    if (!std::isfinite(w)) detail::raise_value(function, "w", w, "finite");
    if (!(w > T(0))) detail::raise_value(function, "w", w, "> 0");
    if (policy_ == nonpositive_income::error && !(y > T(0)))
      detail::raise_value(function, "y", y,
                          "> 0 (Watts takes log(z / y); nonpositive_income::exclude leaves such "
                          "incomes out of the sum, as PIP does)");
    sums_.add(y, w);
  }

  /// Adds everything `other` has accumulated.
  /// @throws invalid_input when `other` has a different z, poor rule or policy.
  void merge(const watts_accumulator& other) {
    constexpr std::string_view function = "watts_accumulator::merge";
    if (other.sums_.z != sums_.z)
      detail::raise_value(
          function, "other.z()", other.sums_.z,
          "z() = " + detail::format_number(sums_.z) + " (only like merges with like)");
    if (other.sums_.rule != sums_.rule || other.policy_ != policy_)
      detail::raise(function,
                    "other has another poor_rule or nonpositive_income policy (only like merges "
                    "with like)");
    sums_.merge(other.sums_);
  }

  /// The Watts index of everything added. @throws insufficient_data when nothing was added.
  T result() const {
    if (sums_.count == 0)
      detail::raise<insufficient_data>("watts_accumulator::result", "no observation was added");
    return sums_.value();
  }

  T z() const noexcept { return sums_.z; }
  std::size_t count() const noexcept { return sums_.count; }
  T total_weight() const noexcept { return sums_.total.value(); }
  T excluded_weight() const noexcept { return sums_.excluded.value(); }

 private:
  detail::watts_sums<T> sums_;
  nonpositive_income policy_;
};

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_MEASURE_POVERTY_HPP
