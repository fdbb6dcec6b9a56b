#ifndef POVSTAT_TARGET_PROGRESS_HPP
#define POVSTAT_TARGET_PROGRESS_HPP

/// @file
/// Published classifications of progress towards a quantitative target: Eurostat's (also
/// used by Statistics Canada) and the UN Statistics Division's progress chart.

#include <cmath>
#include <concepts>
#include <string_view>

#include "povstat/core/error.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Eurostat's assessment of progress towards a quantitative target.
enum class eurostat_progress {
  target_met,           ///< the latest value already meets the target
  on_track,             ///< ratio >= 0.95 ("significant progress towards the target")
  acceleration_needed,  ///< 0.60 <= ratio < 0.95 ("moderate progress")
  limited_progress,     ///< 0 <= ratio < 0.60 ("insufficient progress")
  deterioration,        ///< ratio < 0 ("movement away from the target")
};

/// The UN Statistics Division progress chart's assessment for targets with a numeric value.
enum class un_progress {
  met_or_almost_met,         ///< ratio >= 0.95
  fair_progress,             ///< 0.10 <= ratio < 0.95: acceleration needed
  stagnation_or_regression,  ///< ratio < 0.10
};

constexpr std::string_view to_string(eurostat_progress p) noexcept {
  switch (p) {
    case eurostat_progress::target_met: return "target met";
    case eurostat_progress::on_track: return "on track";
    case eurostat_progress::acceleration_needed: return "acceleration needed";
    case eurostat_progress::limited_progress: return "limited progress";
    case eurostat_progress::deterioration: return "deterioration";
  }
  return "unknown";
}

constexpr std::string_view to_string(un_progress p) noexcept {
  switch (p) {
    case un_progress::met_or_almost_met: return "met or almost met";
    case un_progress::fair_progress: return "fair progress";
    case un_progress::stagnation_or_regression: return "stagnation or regression";
  }
  return "unknown";
}

/// Eurostat's class of `ratio` = actual CAGR / required CAGR (the actual compound annual
/// growth rate over the observed period against the one that meets the target from the
/// latest value): >= 0.95 on track, [0.60, 0.95) acceleration needed, [0, 0.60) limited
/// progress, < 0 deterioration. Source: Eurostat, *Sustainable development in the European
/// Union — Monitoring report*, annex "Assessing progress towards quantitative targets"
/// (thresholds 95 %, 60 %, 0 %); Statistics Canada applies the same ratio to the Canadian
/// Indicator Framework.
/// @throws invalid_input when ratio is NaN.
template <std::floating_point T>
eurostat_progress classify_eurostat(T ratio) {
  if (std::isnan(ratio)) detail::raise_value("classify_eurostat", "ratio", ratio, "a number");
  if (ratio >= T(0.95)) return eurostat_progress::on_track;
  if (ratio >= T(0.60)) return eurostat_progress::acceleration_needed;
  if (ratio >= T(0)) return eurostat_progress::limited_progress;
  return eurostat_progress::deterioration;
}

/// The UN Statistics Division's class of `ratio` = projected progress / required progress,
/// (base − projected)/(base − target) for a target below the base value: >= 0.95 met or
/// almost met, [0.10, 0.95) fair progress, < 0.10 stagnation or regression. Source: UN
/// Statistics Division, *The Sustainable Development Goals Report: Progress Chart,
/// Technical Note* (the "current trend" assessment of indicators with a target value).
/// @throws invalid_input when ratio is NaN.
template <std::floating_point T>
un_progress classify_un(T ratio) {
  if (std::isnan(ratio)) detail::raise_value("classify_un", "ratio", ratio, "a number");
  if (ratio >= T(0.95)) return un_progress::met_or_almost_met;
  if (ratio >= T(0.10)) return un_progress::fair_progress;
  return un_progress::stagnation_or_regression;
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_TARGET_PROGRESS_HPP
