#ifndef POVSTAT_TARGET_RATES_HPP
#define POVSTAT_TARGET_RATES_HPP

/// @file
/// Rates of change of a series and the rates a target requires: `cagr`, `annual_changes`,
/// `required_rate`, `required_annual_reduction`.

#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "povstat/core/error.hpp"
#include "povstat/core/population_series.hpp"

POVSTAT_NAMESPACE_BEGIN

/// One year-on-year change of `annual_changes`.
template <std::floating_point T>
struct annual_change {
  T from_year;
  T to_year;
  T absolute;  ///< poor(to) − poor(from), per year when the years are not consecutive
  T rate;      ///< (poor(to)/poor(from))^(1/(to − from)) − 1; NaN when poor(from) = 0
};

namespace detail {

template <std::floating_point T>
std::size_t year_position(std::string_view function, std::string_view argument, const population_series<T>& series,
                          T year) {
  const auto years = series.years();
  for (std::size_t i = 0; i < years.size(); ++i)
    if (years[i] == year) return i;
  raise_value(function, argument, year, "a year of the series");
}

template <std::floating_point T>
void check_required_arguments(std::string_view function, T current, T target_level, T years) {
  if (!(current > T(0) && std::isfinite(current))) raise_value(function, "current", current, "finite and > 0");
  if (!(target_level >= T(0) && std::isfinite(target_level)))
    raise_value(function, "target_level", target_level, "finite and >= 0");
  if (!(years > T(0) && std::isfinite(years))) raise_value(function, "years", years, "finite and > 0");
}

}  // namespace detail

/// Compound annual growth rate of the series between two of its years:
/// (poor(to)/poor(from))^(1/(to − from)) − 1 (negative for a decline; −0.2 is 20 % fewer
/// poor a year). Needs both endpoints > 0: a count that reaches 0 has no finite rate, and the
/// question "when does it reach zero" is answered by a trend model (`years_to_zero`).
/// @throws invalid_input when a year is not in the series, to_year <= from_year, or an
///         endpoint is 0.
template <std::floating_point T>
T cagr(const population_series<T>& series, T from_year, T to_year) {
  constexpr std::string_view function = "cagr";
  const std::size_t i = detail::year_position(function, "from_year", series, from_year);
  const std::size_t j = detail::year_position(function, "to_year", series, to_year);
  if (!(to_year > from_year)) detail::raise_value(function, "to_year", to_year, "> from_year = " + detail::format_number(from_year));
  const T start = series.poor()[i], end = series.poor()[j];
  if (start == 0 || end == 0)
    detail::raise(function, "poor in " + detail::format_number(start == 0 ? from_year : to_year) +
                                " is 0, so there is no compound rate; fit a trend and use years_to_zero");
  return std::pow(end / start, 1 / (to_year - from_year)) - 1;
}

/// The change between each pair of consecutive years of the series: absolute (per year) and
/// as a compound annual rate. An empty result for a one-year series.
template <std::floating_point T>
std::vector<annual_change<T>> annual_changes(const population_series<T>& series) {
  std::vector<annual_change<T>> changes;
  const auto years = series.years();
  const auto poor = series.poor();
  for (std::size_t i = 1; i < years.size(); ++i) {
    const T span = years[i] - years[i - 1];
    const T rate = poor[i - 1] > 0 ? std::pow(poor[i] / poor[i - 1], 1 / span) - 1 : std::numeric_limits<T>::quiet_NaN();
    changes.push_back({years[i - 1], years[i], (poor[i] - poor[i - 1]) / span, rate});
  }
  return changes;
}

/// The constant annual rate of change that takes `current` to `target_level` in `years`:
/// (target/current)^(1/years) − 1. A target of 0 cannot be met by any constant rate, so it
/// means reaching `zero_level` (default 0.5: the count rounds to zero).
/// @throws invalid_input when current is not finite and > 0, target_level not finite and
///         >= 0, years not finite and > 0, or zero_level not finite and > 0.
template <std::floating_point T>
T required_rate(T current, T target_level, T years, T zero_level = T(0.5)) {
  constexpr std::string_view function = "required_rate";
  detail::check_required_arguments(function, current, target_level, years);
  if (!(zero_level > T(0) && std::isfinite(zero_level))) detail::raise_value(function, "zero_level", zero_level, "finite and > 0");
  const T goal = target_level > 0 ? target_level : zero_level;
  return std::pow(goal / current, 1 / years) - 1;
}

/// The constant absolute reduction a year that takes `current` to `target_level` in `years`:
/// (current − target)/years (negative when the target is above the current level).
/// @throws invalid_input as `required_rate`.
template <std::floating_point T>
T required_annual_reduction(T current, T target_level, T years) {
  detail::check_required_arguments("required_annual_reduction", current, target_level, years);
  return (current - target_level) / years;
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_TARGET_RATES_HPP
