#ifndef POVSTAT_MEASURE_ALKIRE_FOSTER_HPP
#define POVSTAT_MEASURE_ALKIRE_FOSTER_HPP

/// @file
/// Multidimensional poverty by the Alkire–Foster method (Alkire & Foster 2011, J. Public
/// Econ. 95(7–8): 476–487; Alkire et al. 2015, "Multidimensional Poverty Measurement and
/// Analysis", OUP, ch. 5): `alkire_foster`, overall and by subgroup.
///
/// Notation: n persons i with sample weights s_i > 0 (S = Σ s_i), d indicators j with
/// weights w_j > 0, normalised to sum 1 (w_j / Σ w, so any positive weights may be given);
/// deprivations g_ij in [0, 1] (1 deprived, 0 not, or fractional); deprivation score
/// c_i = Σ_j w_j g_ij in [0, 1]; poverty cutoff k in (0, 1]: i is poor when c_i >= k. k = the
/// smallest normalised weight is the union rule, k = 1 the intersection rule.

#include <Eigen/Core>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "povstat/core/check.hpp"
#include "povstat/core/error.hpp"
#include "povstat/detail/numeric_range.hpp"
#include "povstat/detail/weighted_sample.hpp"
#include "povstat/measure/decomposition.hpp"
#include "povstat/stats/summation.hpp"

POVSTAT_NAMESPACE_BEGIN

/// The Alkire–Foster measures of one population.
template <std::floating_point T>
struct alkire_foster_result {
  T headcount;  ///< H = Σ_poor s_i / S, the multidimensional headcount ratio
  /// A = Σ_poor s_i c_i / Σ_poor s_i, the average deprivation score of the poor (0 when
  /// nobody is poor)
  T intensity;
  T m0;  ///< M0 = H·A = Σ_i s_i c_i(k) / S = Σ_j w_j CH_j, the adjusted headcount ratio
  /// CH_j = Σ_poor s_i g_ij / S: the censored headcount ratio of each indicator
  std::vector<T> censored_headcount;
  /// Σ_i s_i g_ij / S: the uncensored headcount ratio of each indicator (poor or not)
  std::vector<T> uncensored_headcount;
  /// w_j CH_j / M0: each indicator's share of M0 (summing to 1); empty when M0 = 0
  std::vector<T> contribution;
  std::vector<T> indicator_weights;  ///< the normalised weights w_j
  T total_weight;  ///< S
  T poor_weight;   ///< Σ_poor s_i
};

/// One subgroup of an Alkire–Foster decomposition.
template <std::floating_point T>
struct alkire_foster_group {
  std::int64_t id;            ///< the group id
  std::size_t observations;   ///< persons in the group
  T population_share;         ///< S_g / S
  alkire_foster_result<T> measures;  ///< H, A, M0 ... of the group alone
  /// population_share · M0_g / M0: the group's share of the overall M0 (summing to 1 over
  /// groups); 0 when M0 = 0
  T contribution;
};

/// The overall measures and one entry per distinct group id, ascending.
template <std::floating_point T>
struct alkire_foster_decomposition {
  alkire_foster_result<T> overall;
  std::vector<alkire_foster_group<T>> groups;
};

namespace detail {

/// The sums behind the measures of one population.
template <std::floating_point T>
struct alkire_foster_sums {
  compensated_sum<T> total{};
  compensated_sum<T> poor{};
  compensated_sum<T> score{};  // Σ_poor s_i c_i
  std::vector<compensated_sum<T>> censored;
  std::vector<compensated_sum<T>> uncensored;
  std::size_t count = 0;

  explicit alkire_foster_sums(std::size_t d) : censored(d), uncensored(d) {}
};

/// Is c >= k, with scores within a few units of rounding of k counted as equal to it: c is
/// a sum of d rounded products, so a person deprived in exactly the indicators whose weights
/// add up to k must not drop out because of the last bit (e.g. 1/3 + 1/3 against 2/3).
template <std::floating_point T>
bool af_is_poor(T score, T k, std::size_t d) noexcept {
  const T slack = T(4) * static_cast<T>(d + 1) * std::numeric_limits<T>::epsilon();
  return score >= k - slack;
}

template <std::floating_point T>
alkire_foster_result<T> af_result(const alkire_foster_sums<T>& s, const std::vector<T>& w) {
  alkire_foster_result<T> r{};
  const std::size_t d = w.size();
  r.total_weight = s.total.value();
  r.poor_weight = s.poor.value();
  r.headcount = r.poor_weight / r.total_weight;
  r.intensity = r.poor_weight > T(0) ? s.score.value() / r.poor_weight : T(0);
  r.m0 = s.score.value() / r.total_weight;
  r.indicator_weights = w;
  r.censored_headcount.resize(d);
  r.uncensored_headcount.resize(d);
  for (std::size_t j = 0; j < d; ++j) {
    r.censored_headcount[j] = s.censored[j].value() / r.total_weight;
    r.uncensored_headcount[j] = s.uncensored[j].value() / r.total_weight;
  }
  if (r.m0 > T(0)) {
    r.contribution.resize(d);
    for (std::size_t j = 0; j < d; ++j)
      r.contribution[j] = w[j] * s.censored[j].value() / s.score.value();
  }
  return r;
}

/// The checks (sizes, then values) and the normalised indicator weights.
template <std::floating_point T>
std::vector<T> af_check(std::string_view function, const Eigen::MatrixX<T>& g,
                        std::span<const T> indicator_weights, T k,
                        std::span<const T> sample_weights, bool weighted) {
  const auto n = static_cast<std::size_t>(g.rows()), d = static_cast<std::size_t>(g.cols());
  check_same_size(function, "indicator_weights", indicator_weights.size(),
                  "columns of deprivations", d);
  if (weighted)
    check_same_size(function, "sample_weights", sample_weights.size(), "rows of deprivations",
                    n);
  if (n == 0)
    raise<insufficient_data>(function, "deprivations has 0 rows, but needs at least 1 person");
  if (d == 0)
    raise<insufficient_data>(function,
                             "deprivations has 0 columns, but needs at least 1 indicator");
  for (Eigen::Index j = 0; j < g.cols(); ++j)
    for (Eigen::Index i = 0; i < g.rows(); ++i)
      if (!(g(i, j) >= T(0) && g(i, j) <= T(1)))
        raise_value(function,
                    "deprivations(" + std::to_string(i) + ", " + std::to_string(j) + ")", g(i, j),
                    "in [0, 1]");
  const auto w_subject = [](std::size_t j) { return element_name("indicator_weights", j); };
  check_finite(function, indicator_weights, w_subject);
  check_positive(function, indicator_weights, w_subject);
  if (!std::isfinite(k)) raise_value(function, "k", k, "finite");
  if (!(k > T(0) && k <= T(1))) raise_value(function, "k", k, "in (0, 1]");
  if (weighted) {
    const auto s_subject = [](std::size_t i) { return element_name("sample_weights", i); };
    check_finite(function, sample_weights, s_subject);
    check_positive(function, sample_weights, s_subject);
  }
  compensated_sum<T> total;
  for (const T x : indicator_weights) total.add(x);
  std::vector<T> w(indicator_weights.begin(), indicator_weights.end());
  for (T& x : w) x /= total.value();
  return w;
}

/// Adds person i to `sums`.
template <std::floating_point T>
void af_add(alkire_foster_sums<T>& sums, const Eigen::MatrixX<T>& g, Eigen::Index i,
            const std::vector<T>& w, T k, T s) {
  const std::size_t d = w.size();
  compensated_sum<T> score;
  for (std::size_t j = 0; j < d; ++j) {
    const T gij = g(i, static_cast<Eigen::Index>(j));
    score.add(w[j] * gij);
    sums.uncensored[j].add(s * gij);
  }
  sums.total.add(s);
  ++sums.count;
  if (!af_is_poor(score.value(), k, d)) return;
  sums.poor.add(s);
  sums.score.add(s * score.value());
  for (std::size_t j = 0; j < d; ++j) sums.censored[j].add(s * g(i, static_cast<Eigen::Index>(j)));
}

template <class Derived>
using af_floating_t = floating_of<typename Derived::Scalar>;

template <std::floating_point T>
alkire_foster_result<T> alkire_foster_impl(const Eigen::MatrixX<T>& g,
                                           std::span<const T> indicator_weights, T k,
                                           std::span<const T> sample_weights, bool weighted) {
  constexpr std::string_view function = "alkire_foster";
  const auto w = af_check(function, g, indicator_weights, k, sample_weights, weighted);
  alkire_foster_sums<T> sums(w.size());
  for (Eigen::Index i = 0; i < g.rows(); ++i)
    af_add(sums, g, i, w, k, weighted ? sample_weights[static_cast<std::size_t>(i)] : T(1));
  return af_result(sums, w);
}

}  // namespace detail

/// The Alkire–Foster measures (Alkire & Foster 2011; Alkire et al. 2015, ch. 5):
///
///   H  = Σ_{c_i >= k} s_i / S,           A = Σ_{c_i >= k} s_i c_i / Σ_{c_i >= k} s_i,
///   M0 = H·A = Σ_j w_j CH_j,             CH_j = Σ_{c_i >= k} s_i g_ij / S,
///   contribution_j = w_j CH_j / M0 (summing to 1).
///
/// Indicator weights are normalised to sum 1, so k is always a share of the total weight.
/// c_i >= k is decided with a slack of 4(d + 1) units of rounding, so that a score that
/// equals k in exact arithmetic (1/3 + 1/3 against 2/3) counts as poor.
///
/// @param deprivations      n × d Eigen matrix (any real or integer scalar), entries in [0, 1].
/// @param indicator_weights d weights, finite and > 0 (normalised by their sum).
/// @param k                 poverty cutoff in (0, 1].
/// @param sample_weights    n weights, finite and > 0 (overload without: weight 1 each).
/// @throws invalid_input for mismatched sizes, an entry outside [0, 1] or NaN, a weight not
///         finite or <= 0, k outside (0, 1]; insufficient_data for no row or no column.
template <class Derived, detail::numeric_range IW, detail::numeric_range SW>
alkire_foster_result<detail::af_floating_t<Derived>> alkire_foster(
    const Eigen::MatrixBase<Derived>& deprivations, const IW& indicator_weights,
    detail::af_floating_t<Derived> k, const SW& sample_weights) {
  using T = detail::af_floating_t<Derived>;
  const Eigen::MatrixX<T> g = deprivations.template cast<T>();
  std::vector<T> iw_storage, sw_storage;
  return detail::alkire_foster_impl<T>(g, detail::as_span<T>(indicator_weights, iw_storage), k,
                                       detail::as_span<T>(sample_weights, sw_storage), true);
}

/// `alkire_foster` with every sample weight 1.
template <class Derived, detail::numeric_range IW>
alkire_foster_result<detail::af_floating_t<Derived>> alkire_foster(
    const Eigen::MatrixBase<Derived>& deprivations, const IW& indicator_weights,
    detail::af_floating_t<Derived> k) {
  using T = detail::af_floating_t<Derived>;
  const Eigen::MatrixX<T> g = deprivations.template cast<T>();
  std::vector<T> iw_storage;
  return detail::alkire_foster_impl<T>(g, detail::as_span<T>(indicator_weights, iw_storage), k,
                                       std::span<const T>(), false);
}

/// `alkire_foster` overall and by subgroup (Alkire et al. 2015, §5.5.2): each group's own
/// H, A, M0, censored headcounts and indicator contributions, its population share S_g / S
/// and its contribution S_g M0_g / (S M0) to the overall M0 (the contributions sum to 1,
/// since M0 = Σ_g (S_g / S) M0_g; all 0 when M0 = 0).
///
/// @param groups  an integer id per row of deprivations (any integer type).
/// @throws as `alkire_foster`, and invalid_input when groups does not have a value per row.
template <class Derived, detail::numeric_range IW, detail::numeric_range SW,
          detail::group_id_range G>
alkire_foster_decomposition<detail::af_floating_t<Derived>> alkire_foster(
    const Eigen::MatrixBase<Derived>& deprivations, const IW& indicator_weights,
    detail::af_floating_t<Derived> k, const SW& sample_weights, const G& groups) {
  using T = detail::af_floating_t<Derived>;
  constexpr std::string_view function = "alkire_foster";
  const Eigen::MatrixX<T> g = deprivations.template cast<T>();
  std::vector<T> iw_storage, sw_storage;
  const auto iw = detail::as_span<T>(indicator_weights, iw_storage);
  const auto sw = detail::as_span<T>(sample_weights, sw_storage);
  detail::check_same_size(function, "groups", static_cast<std::size_t>(std::ranges::size(groups)),
                          "rows of deprivations", static_cast<std::size_t>(g.rows()));
  const auto w = detail::af_check(function, g, iw, k, sw, true);
  const detail::group_index index = detail::make_group_index(groups);
  std::vector<detail::alkire_foster_sums<T>> sums(index.ids.size(),
                                                  detail::alkire_foster_sums<T>(w.size()));
  detail::alkire_foster_sums<T> all(w.size());
  for (Eigen::Index i = 0; i < g.rows(); ++i) {
    const auto row = static_cast<std::size_t>(i);
    detail::af_add(sums[index.of[row]], g, i, w, k, sw[row]);
    detail::af_add(all, g, i, w, k, sw[row]);
  }
  alkire_foster_decomposition<T> result{};
  result.overall = detail::af_result(all, w);
  const T total = result.overall.total_weight;
  const T score = all.score.value();
  for (std::size_t q = 0; q < sums.size(); ++q) {
    alkire_foster_group<T> group{};
    group.id = index.ids[q];
    group.observations = sums[q].count;
    group.measures = detail::af_result(sums[q], w);
    group.population_share = group.measures.total_weight / total;
    group.contribution = score > T(0) ? sums[q].score.value() / score : T(0);
    result.groups.push_back(std::move(group));
  }
  return result;
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_MEASURE_ALKIRE_FOSTER_HPP
