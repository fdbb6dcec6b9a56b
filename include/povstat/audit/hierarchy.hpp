#ifndef POVSTAT_AUDIT_HIERARCHY_HPP
#define POVSTAT_AUDIT_HIERARCHY_HPP

/// @file
/// `check_hierarchy`: do the figures reported up a hierarchy (county > prefecture > province
/// > nation) add up?

#include <Eigen/Core>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "povstat/core/error.hpp"
#include "povstat/core/regional_cohort.hpp"
#include "povstat/stats/summation.hpp"

POVSTAT_NAMESPACE_BEGIN

/// How far a parent's figure may stray from the sum of its children's before it is listed:
/// |reported − sum| > absolute + relative · max(|reported|, |sum|).
template <std::floating_point T>
struct hierarchy_tolerance {
  /// In persons; >= 0. Published figures rounded to 10,000 persons (1 万) need about
  /// 5,000 per child.
  T absolute = T(0);
  /// A fraction, in [0, 1); the default allows only the rounding of a floating-point sum.
  T relative = T(1e-9);
};

/// A parent-year whose figure differs from the sum of its children's.
template <std::floating_point T>
struct hierarchy_sum_mismatch {
  std::size_t parent;            ///< the parent's region index
  std::size_t year;              ///< index into the cohort's years
  T reported;                    ///< the parent's figure
  T children_sum;                ///< the sum of the children's figures present that year
  std::size_t children;          ///< the parent's children
  std::size_t children_missing;  ///< children whose figure is missing that year
  T difference;                  ///< reported − children_sum
  T relative_difference;         ///< difference / children_sum (±inf when children_sum is 0)
};

/// A child whose poor count exceeds its parent's in the same year.
template <std::floating_point T>
struct hierarchy_child_above_parent {
  std::size_t child;   ///< region index
  std::size_t parent;  ///< region index
  std::size_t year;    ///< index into the cohort's years
  T child_poor;
  T parent_poor;
};

/// A region-year whose poor count exceeds its population.
template <std::floating_point T>
struct hierarchy_poor_above_population {
  std::size_t region;  ///< region index
  std::size_t year;    ///< index into the cohort's years
  T poor;
  T population;
};

/// The result of `check_hierarchy`: every inconsistency, by region then year.
template <std::floating_point T>
struct hierarchy_result {
  std::vector<hierarchy_sum_mismatch<T>> poor_sums;        ///< poor counts that do not add up
  std::vector<hierarchy_sum_mismatch<T>> population_sums;  ///< populations that do not add up
  std::vector<hierarchy_child_above_parent<T>> children_above_parent;
  std::vector<hierarchy_poor_above_population<T>> poor_above_population;
  std::size_t parent_years_checked = 0;  ///< parent-years with the parent's poor count and at
                                         ///< least one child's
  /// Whether nothing was found.
  bool consistent() const noexcept {
    return poor_sums.empty() && population_sums.empty() && children_above_parent.empty() &&
           poor_above_population.empty();
  }
};

namespace detail {

/// Checks a tolerance whose members messages name as `<prefix>absolute`, `<prefix>relative`.
template <std::floating_point T>
void check_tolerance(std::string_view function, std::string_view prefix, const hierarchy_tolerance<T>& tolerance) {
  const auto name = [&](std::string_view member) { return std::string(prefix).append(member); };
  if (!(std::isfinite(tolerance.absolute) && tolerance.absolute >= T(0)))
    raise_value(function, name("absolute"), tolerance.absolute, "finite and >= 0");
  if (!(tolerance.relative >= T(0) && tolerance.relative < T(1)))
    raise_value(function, name("relative"), tolerance.relative, "in [0, 1)");
}

/// The checks on a validated cohort's names and parents with cell matrices `poor` and
/// `population` (0 × 0 when absent; NaN = missing; they may break poor <= population).
template <std::floating_point T>
hierarchy_result<T> hierarchy_checks(const regional_cohort<T>& cohort,
                                     const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>& poor,
                                     const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>& population,
                                     const hierarchy_tolerance<T>& tolerance) {
  hierarchy_result<T> result;
  const std::size_t regions = cohort.region_count(), years = cohort.year_count();
  const bool with_population = population.size() != 0;
  const auto at = [](const auto& m, std::size_t r, std::size_t y) {
    return m(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(y));
  };
  for (std::size_t r = 0; r < regions && with_population; ++r)
    for (std::size_t y = 0; y < years; ++y)
      if (at(poor, r, y) > at(population, r, y)) result.poor_above_population.push_back({r, y, at(poor, r, y), at(population, r, y)});
  if (!cohort.has_hierarchy()) return result;

  std::vector<std::vector<std::size_t>> children(regions);
  for (std::size_t r = 0; r < regions; ++r)
    if (!cohort.parent(r).empty()) children[*cohort.find(cohort.parent(r))].push_back(r);
  const auto compare = [&](const auto& m, std::size_t parent, std::size_t y,
                           std::vector<hierarchy_sum_mismatch<T>>& out) {
    const T reported = at(m, parent, y);
    if (std::isnan(reported)) return false;
    compensated_sum<T> sum;
    std::size_t missing = 0;
    for (const std::size_t c : children[parent]) {
      const T v = at(m, c, y);
      if (std::isnan(v)) ++missing;
      else sum.add(v);
    }
    if (missing == children[parent].size()) return false;
    const T total = sum.value(), difference = reported - total;
    const T allowed = tolerance.absolute + tolerance.relative * std::max(std::abs(reported), std::abs(total));
    // With children missing, only a known sum above the parent's figure is a contradiction.
    const bool mismatch = missing == 0 ? std::abs(difference) > allowed : -difference > allowed;
    if (mismatch) {
      const T relative = total != T(0) ? difference / total
                                       : std::copysign(std::numeric_limits<T>::infinity(), difference);
      out.push_back({parent, y, reported, total, children[parent].size(), missing, difference, relative});
    }
    return true;
  };
  for (std::size_t parent = 0; parent < regions; ++parent) {
    if (children[parent].empty()) continue;
    for (std::size_t y = 0; y < years; ++y) {
      if (compare(poor, parent, y, result.poor_sums)) ++result.parent_years_checked;
      if (with_population) compare(population, parent, y, result.population_sums);
    }
  }
  for (std::size_t child = 0; child < regions; ++child) {
    if (cohort.parent(child).empty()) continue;
    const std::size_t parent = *cohort.find(cohort.parent(child));
    for (std::size_t y = 0; y < years; ++y)
      if (at(poor, child, y) > at(poor, parent, y))  // false when either is missing (NaN)
        result.children_above_parent.push_back({child, parent, y, at(poor, child, y), at(poor, parent, y)});
  }
  return result;
}

}  // namespace detail

/// Lists every place where a cohort's hierarchy does not add up:
///
/// - `poor_sums`: parent-years whose poor count differs from the sum of their children's by
///   more than the tolerance, |reported − Σ children| > absolute + relative · max(|reported|,
///   |Σ children|). When some children's figures are missing that year, the parent-year is
///   listed only if the children present already add up to more than the parent's figure
///   (counts are >= 0, so the missing ones cannot make up for it).
/// - `population_sums`: the same for population, when the cohort has it.
/// - `children_above_parent`: child-years whose poor count exceeds their parent's (also
///   implied by a sum mismatch; listed because it needs no other child's figure).
/// - `poor_above_population`: region-years whose poor exceed their population. A
///   `regional_cohort` refuses such cells when it is built, so this list is always empty for
///   one; pass the raw `cohort_data` (the overload below) to find them.
///
/// A cohort without parents gives an empty result with `parent_years_checked` = 0. Sums are
/// compensated.
/// @throws invalid_input when tolerance.absolute is not finite and >= 0, or
///         tolerance.relative is not in [0, 1).
template <std::floating_point T>
hierarchy_result<T> check_hierarchy(const regional_cohort<T>& cohort, const hierarchy_tolerance<T>& tolerance = {}) {
  detail::check_tolerance("check_hierarchy", "tolerance.", tolerance);
  return detail::hierarchy_checks(cohort, cohort.poor(), cohort.population(), tolerance);
}

/// `check_hierarchy` on cohort data that may have poor above population — the one rule of
/// `regional_cohort` that this check reports instead of refusing. Every other rule of
/// `cohort_data` is enforced as `regional_cohort` enforces it.
/// @throws invalid_input on a bad tolerance, or when the data break any other rule of
///         `cohort_data` (the message is the one `regional_cohort` gives, under the name
///         check_hierarchy).
/// @throws insufficient_data when there is no region or no year.
template <std::floating_point T>
hierarchy_result<T> check_hierarchy(const cohort_data<T>& data, const hierarchy_tolerance<T>& tolerance = {}) {
  constexpr std::string_view function = "check_hierarchy";
  detail::check_tolerance(function, "tolerance.", tolerance);
  cohort_data<T> relaxed = data;
  if (relaxed.population.rows() == relaxed.poor.rows() && relaxed.population.cols() == relaxed.poor.cols())
    for (Eigen::Index i = 0; i < relaxed.poor.size(); ++i) {
      T& population = relaxed.population.data()[i];
      // Only a valid population (finite, > 0) below a count is relaxed; anything else is refused.
      if (std::isfinite(population) && population > T(0) && relaxed.poor.data()[i] > population)
        population = std::numeric_limits<T>::quiet_NaN();
    }
  try {
    const regional_cohort<T> cohort(std::move(relaxed));
    return detail::hierarchy_checks(cohort, data.poor, data.population, tolerance);
  } catch (const insufficient_data& e) {
    detail::raise<insufficient_data>(function, detail::reason(e));
  } catch (const invalid_input& e) {
    detail::raise(function, detail::reason(e));
  }
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_AUDIT_HIERARCHY_HPP
