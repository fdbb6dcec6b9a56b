#ifndef POVSTAT_TARGET_REGIONAL_TARGET_GAPS_HPP
#define POVSTAT_TARGET_REGIONAL_TARGET_GAPS_HPP

/// @file
/// `target_gaps`: `target_gap` for every region of a cohort, ordered as asked.

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "povstat/core/error.hpp"
#include "povstat/core/regional_cohort.hpp"
#include "povstat/detail/fit_model.hpp"
#include "povstat/fit/fit_all.hpp"
#include "povstat/fit/trend_fit.hpp"
#include "povstat/target/target_gap.hpp"

POVSTAT_NAMESPACE_BEGIN

/// The order of `target_gaps`' result.
enum class region_order {
  cohort,       ///< as the regions of the cohort
  probability,  ///< least likely to meet the target first
  gap,          ///< largest gap (projected − target) first
};

/// Options of `target_gaps`.
template <std::floating_point T>
struct regional_target_options {
  fit_all_options<T> fit{};         ///< how each region's trend is fitted
  target_gap_options<T> gap{};      ///< as `target_gap`; region r uses seed gap.seed + r
  region_order order = region_order::cohort;
};

/// One region's row of `target_gaps`.
template <std::floating_point T>
struct region_target_gap {
  std::string region;
  std::optional<trend_fit<T>> fit;            ///< the region's fit (none when it could not be fitted)
  std::optional<target_gap_result<T>> result; ///< none when the region could not be assessed
  std::string reason;                         ///< why there is no result (empty when there is one)
};

/// Fits `model` to every region's observed years (as `fit_all`) and assesses each against
/// `goal` (`target_gap`). A region with too few years, data the model cannot take (a zero
/// for a log-scale model), a fit that did not converge or data ending at or after goal.year
/// gets no result and a reason instead of an error, so one region cannot stop the report. With `order` probability or gap, regions without
/// a result come last; ties keep the cohort's order.
/// @throws invalid_input when goal.year is not after any region's last observed year (a
///         region observed up to goal.year or later gets a reason), goal.level is negative or
///         not finite, or an option is bad.
template <std::floating_point T>
std::vector<region_target_gap<T>> target_gaps(const regional_cohort<T>& cohort, trend_model model, const target<T>& goal,
                                              const regional_target_options<T>& options = {}) {
  constexpr std::string_view function = "target_gaps";
  // Each region is checked against its own last observed year (a region whose data end at
  // or after goal.year gets a reason); the goal is an error only when no region is before it.
  T earliest_last = std::numeric_limits<T>::infinity();
  for (std::size_t r = 0; r < cohort.region_count(); ++r)
    for (std::size_t y = cohort.year_count(); y-- > 0;)
      if (!std::isnan(cohort.poor()(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(y)))) {
        earliest_last = std::min(earliest_last, cohort.years()[y]);
        break;
      }
  if (!(goal.year > earliest_last))
    detail::raise_value(function, "goal.year", goal.year,
                        "after the last observed year of at least one region, " + detail::format_number(earliest_last));
  if (!(goal.level >= T(0) && std::isfinite(goal.level)))
    detail::raise_value(function, "goal.level", goal.level, "finite and >= 0");
  std::vector<region_target_gap<T>> rows;
  rows.reserve(cohort.region_count());
  for (std::size_t r = 0; r < cohort.region_count(); ++r) {
    region_target_gap<T> row{cohort.region_names()[r], std::nullopt, std::nullopt, {}};
    try {
      const auto series = cohort.series(r);
      try {
        row.fit = detail::fit_model(series, model, options.fit.time_origin, options.fit.variance);
      } catch (const insufficient_data&) {
        row.reason = "too few observed years (" + std::to_string(series.size()) + ") for a " +
                     std::string(to_string(model)) + " trend";
      }
      if (row.fit) {
        auto gap_options = options.gap;
        gap_options.seed += r;
        row.result = target_gap(series, *row.fit, goal, gap_options);
      }
    } catch (const std::invalid_argument& error) {  // no observed year, data the model cannot
      row.reason = std::string(detail::reason(error));  // take, a fit that did not converge
    }
    rows.push_back(std::move(row));
  }
  const auto ranked = [&](const auto& key) {
    std::ranges::stable_sort(rows, [&](const region_target_gap<T>& a, const region_target_gap<T>& b) {
      if (!a.result || !b.result) return a.result.has_value() && !b.result.has_value();
      return key(*a.result) < key(*b.result);
    });
  };
  if (options.order == region_order::probability)
    ranked([](const target_gap_result<T>& g) { return g.probability; });
  else if (options.order == region_order::gap)
    ranked([](const target_gap_result<T>& g) { return -g.gap; });
  return rows;
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_TARGET_REGIONAL_TARGET_GAPS_HPP
