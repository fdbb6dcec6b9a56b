#ifndef POVSTAT_MEASURE_DECOMPOSITION_HPP
#define POVSTAT_MEASURE_DECOMPOSITION_HPP

/// @file
/// Decompositions of FGT poverty: by population subgroup (`fgt_decomposition`, Foster, Greer
/// & Thorbecke 1984) and of the change between two years by sector (`ravallion_huppi`,
/// Ravallion & Huppi 1991).

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "povstat/core/check.hpp"
#include "povstat/core/error.hpp"
#include "povstat/detail/numeric_range.hpp"
#include "povstat/detail/weighted_sample.hpp"
#include "povstat/measure/poverty.hpp"
#include "povstat/stats/summation.hpp"

POVSTAT_NAMESPACE_BEGIN

/// One subgroup of an FGT subgroup decomposition.
template <std::floating_point T>
struct fgt_group {
  std::int64_t id;            ///< the group id
  std::size_t observations;   ///< n_k, observations in the group
  T weight;                   ///< W_k, the group's total weight
  T population_share;         ///< s_k = W_k / W
  T fgt;                      ///< P_k, the group's own FGT index
  T contribution;             ///< s_k · P_k, the group's part of the total
  T share_of_total;           ///< s_k · P_k / P (0 when P = 0)
};

/// The total FGT index and its subgroups, in ascending order of id.
template <std::floating_point T>
struct fgt_decomposition_result {
  T total;                          ///< P = Σ_k s_k P_k, the FGT index of the whole sample
  T total_weight;                   ///< W
  std::vector<fgt_group<T>> groups; ///< one per distinct id, ascending
};

/// One sector of a Ravallion–Huppi decomposition.
template <std::floating_point T>
struct ravallion_huppi_sector {
  T share1, share2;      ///< n_k1, n_k2: population shares in the two years
  T poverty1, poverty2;  ///< P_k1, P_k2
  T intra;               ///< n_k1 (P_k2 − P_k1)
  T population_shift;    ///< (n_k2 − n_k1) P_k1
  T interaction;         ///< (n_k2 − n_k1)(P_k2 − P_k1)
};

/// The Ravallion–Huppi (1991) decomposition of P_2 − P_1.
template <std::floating_point T>
struct ravallion_huppi_result {
  T poverty1;          ///< P_1 = Σ n_k1 P_k1
  T poverty2;          ///< P_2 = Σ n_k2 P_k2
  T change;            ///< P_2 − P_1
  T intra;             ///< Σ_k intra-sectoral effects
  T population_shift;  ///< Σ_k population-shift effects
  T interaction;       ///< Σ_k interaction effects
  std::vector<ravallion_huppi_sector<T>> sectors;  ///< per sector, in input order
};

namespace detail {

/// A sized input range of integers (not bool, not characters): group ids.
template <class R>
concept group_id_range = std::ranges::input_range<R> && std::ranges::sized_range<R> &&
                         std::integral<std::remove_cvref_t<std::ranges::range_value_t<R>>> &&
                         number<std::remove_cvref_t<std::ranges::range_value_t<R>>>;

/// The distinct ids in ascending order and each observation's index into them.
struct group_index {
  std::vector<std::int64_t> ids;
  std::vector<std::size_t> of;
};

template <group_id_range G>
group_index make_group_index(const G& groups) {
  group_index index;
  std::vector<std::int64_t> raw;
  raw.reserve(static_cast<std::size_t>(std::ranges::size(groups)));
  for (const auto& g : groups) raw.push_back(static_cast<std::int64_t>(g));
  index.ids = raw;
  std::ranges::sort(index.ids);
  index.ids.erase(std::unique(index.ids.begin(), index.ids.end()), index.ids.end());
  index.of.reserve(raw.size());
  for (const auto g : raw)
    index.of.push_back(static_cast<std::size_t>(std::ranges::lower_bound(index.ids, g) -
                                                index.ids.begin()));
  return index;
}

template <std::floating_point T, group_id_range G>
fgt_decomposition_result<T> fgt_decomposition_impl(const sample_input<T>& input, const G& groups,
                                                   T z, T alpha, poverty_options options) {
  constexpr std::string_view function = "fgt_decomposition";
  const auto s = input.view();
  check_same_size(function, "groups", static_cast<std::size_t>(std::ranges::size(groups)), "y",
                  s.size());
  check_weighted_sample(function, s, input.weighted());
  check_poverty_line(function, z);
  check_nonnegative_parameter(function, "alpha", alpha);
  const group_index index = make_group_index(groups);
  std::vector<fgt_sums<T>> sums(index.ids.size(), fgt_sums<T>{z, alpha, options.poor});
  for (std::size_t i = 0; i < s.size(); ++i) sums[index.of[i]].add(s.y[i], s.weight(i));
  fgt_sums<T> all{z, alpha, options.poor};
  for (const auto& g : sums) all.merge(g);
  fgt_decomposition_result<T> result{};
  result.total = all.value();
  result.total_weight = all.total.value();
  result.groups.reserve(sums.size());
  for (std::size_t k = 0; k < sums.size(); ++k) {
    fgt_group<T> g{};
    g.id = index.ids[k];
    g.observations = sums[k].count;
    g.weight = sums[k].total.value();
    g.population_share = g.weight / result.total_weight;
    g.fgt = sums[k].value();
    g.contribution = sums[k].sum.value() / result.total_weight;  // = s_k P_k, one rounding
    g.share_of_total = result.total > T(0) ? g.contribution / result.total : T(0);
    result.groups.push_back(g);
  }
  return result;
}

template <std::floating_point T>
ravallion_huppi_result<T> ravallion_huppi_impl(std::string_view function,
                                               std::span<const T> population1,
                                               std::span<const T> poverty1,
                                               std::span<const T> population2,
                                               std::span<const T> poverty2) {
  const std::size_t k = population1.size();
  check_same_size(function, "poverty1", poverty1.size(), "population1", k);
  check_same_size(function, "population2", population2.size(), "population1", k);
  check_same_size(function, "poverty2", poverty2.size(), "population1", k);
  check_min_size(function, "population1", k, 1, "(one sector at least)");
  const auto check_population = [&](std::string_view name, std::span<const T> v) {
    const auto subject = [&](std::size_t i) { return element_name(name, i); };
    check_finite(function, v, subject);
    check_nonnegative(function, v, subject);
    compensated_sum<T> total;
    for (const T x : v) total.add(x);
    if (!(total.value() > T(0)))
      raise(function, std::string(name) + " sums to 0, but must have a positive total");
    return total.value();
  };
  const auto check_poverty = [&](std::string_view name, std::span<const T> v) {
    const auto subject = [&](std::size_t i) { return element_name(name, i); };
    check_finite(function, v, subject);
    check_nonnegative(function, v, subject);
  };
  const T total1 = check_population("population1", population1);
  check_poverty("poverty1", poverty1);
  const T total2 = check_population("population2", population2);
  check_poverty("poverty2", poverty2);

  ravallion_huppi_result<T> result{};
  compensated_sum<T> p1, p2, intra, shift, interaction;
  result.sectors.reserve(k);
  for (std::size_t i = 0; i < k; ++i) {
    ravallion_huppi_sector<T> s{};
    s.share1 = population1[i] / total1;
    s.share2 = population2[i] / total2;
    s.poverty1 = poverty1[i];
    s.poverty2 = poverty2[i];
    const T dn = s.share2 - s.share1, dp = s.poverty2 - s.poverty1;
    s.intra = s.share1 * dp;
    s.population_shift = dn * s.poverty1;
    s.interaction = dn * dp;
    p1.add(s.share1 * s.poverty1);
    p2.add(s.share2 * s.poverty2);
    intra.add(s.intra);
    shift.add(s.population_shift);
    interaction.add(s.interaction);
    result.sectors.push_back(s);
  }
  result.poverty1 = p1.value();
  result.poverty2 = p2.value();
  result.change = result.poverty2 - result.poverty1;
  result.intra = intra.value();
  result.population_shift = shift.value();
  result.interaction = interaction.value();
  return result;
}

}  // namespace detail

/// FGT subgroup decomposition (Foster, Greer & Thorbecke 1984, additive decomposability):
/// with groups k of weight W_k and population share s_k = W_k / W,
///
///   P_alpha = Σ_k s_k P_alpha,k,   contribution_k = s_k P_alpha,k,   share_k = contribution_k / P.
///
/// Each contribution is computed as Σ_{i in k} w_i g_i^alpha / W, and the total from the
/// merged group sums, so Σ_k contribution_k equals the total to rounding (a few units in the
/// last place), and exactly when the sums are exact (e.g. dyadic data).
///
/// @param y       incomes (finite), at least one.
/// @param w       weights (finite, > 0), as many as y (overload without w: weight 1 each).
/// @param groups  an integer group id per income (any integer type), as many as y.
/// @param z       poverty line, finite and > 0; `alpha` finite and >= 0; `options` as fgt.
/// @return total, total weight and one `fgt_group` per distinct id in ascending order; a
///         group's `share_of_total` is 0 when the total is 0.
/// @throws invalid_input for mismatched sizes, non-finite y, w not finite or <= 0, bad z or
///         alpha; insufficient_data for an empty sample.
template <detail::numeric_range Y, detail::numeric_range W, detail::group_id_range G>
fgt_decomposition_result<detail::range_floating_t<Y>> fgt_decomposition(
    const Y& y, const W& w, const G& groups, detail::range_floating_t<Y> z,
    detail::range_floating_t<Y> alpha, poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  return detail::fgt_decomposition_impl<T>(input, groups, z, alpha, options);
}

/// `fgt_decomposition` with every weight 1.
template <detail::numeric_range Y, detail::group_id_range G>
fgt_decomposition_result<detail::range_floating_t<Y>> fgt_decomposition(
    const Y& y, const G& groups, detail::range_floating_t<Y> z,
    detail::range_floating_t<Y> alpha, poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y);
  return detail::fgt_decomposition_impl<T>(input, groups, z, alpha, options);
}

/// Ravallion & Huppi (1991) decomposition of the change in poverty between years 1 and 2 over
/// sectors k with population shares n_kt and poverty P_kt (P_t = Σ_k n_kt P_kt):
///
///   P_2 − P_1 = Σ n_k1 (P_k2 − P_k1)             intra-sectoral effects
///             + Σ (n_k2 − n_k1) P_k1             population-shift effects
///             + Σ (n_k2 − n_k1)(P_k2 − P_k1)     interaction effects,
///
/// an identity (the three sums equal `change` to rounding).
///
/// @param population1, population2  each sector's population in the year (counts, weights or
///        shares: finite, >= 0, with a positive total; normalised to shares by their total).
/// @param poverty1, poverty2  each sector's poverty index in the year (finite, >= 0).
/// @throws invalid_input for mismatched sizes, bad values, a zero total population;
///         insufficient_data when there is no sector.
template <detail::numeric_range N1, detail::numeric_range P1, detail::numeric_range N2,
          detail::numeric_range P2>
ravallion_huppi_result<detail::range_floating_t<P1>> ravallion_huppi(const N1& population1,
                                                                    const P1& poverty1,
                                                                    const N2& population2,
                                                                    const P2& poverty2) {
  using T = detail::range_floating_t<P1>;
  std::vector<T> s1, s2, s3, s4;
  return detail::ravallion_huppi_impl<T>(
      "ravallion_huppi", detail::as_span<T>(population1, s1), detail::as_span<T>(poverty1, s2),
      detail::as_span<T>(population2, s3), detail::as_span<T>(poverty2, s4));
}

/// Ravallion–Huppi from two subgroup decompositions of the same groups (sectors = groups,
/// n_kt their population shares, P_kt their FGT indices).
/// @throws invalid_input when the two have different groups.
template <std::floating_point T>
ravallion_huppi_result<T> ravallion_huppi(const fgt_decomposition_result<T>& year1,
                                          const fgt_decomposition_result<T>& year2) {
  constexpr std::string_view function = "ravallion_huppi";
  detail::check_same_size(function, "year2.groups", year2.groups.size(), "year1.groups",
                          year1.groups.size());
  for (std::size_t k = 0; k < year1.groups.size(); ++k)
    if (year2.groups[k].id != year1.groups[k].id)
      detail::raise_value(function, detail::element_name("year2.groups", k) + ".id",
                          year2.groups[k].id,
                          "= " + detail::element_name("year1.groups", k) + ".id = " +
                              std::to_string(year1.groups[k].id) + " (the same groups)");
  std::vector<T> n1, p1, n2, p2;
  for (const auto& g : year1.groups) n1.push_back(g.population_share), p1.push_back(g.fgt);
  for (const auto& g : year2.groups) n2.push_back(g.population_share), p2.push_back(g.fgt);
  return detail::ravallion_huppi_impl<T>(function, n1, p1, n2, p2);
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_MEASURE_DECOMPOSITION_HPP
