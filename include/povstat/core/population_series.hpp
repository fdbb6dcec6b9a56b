#ifndef POVSTAT_CORE_POPULATION_SERIES_HPP
#define POVSTAT_CORE_POPULATION_SERIES_HPP

/// @file
/// `population_series<T>`: counts of poor people over time, optionally with the total
/// population, validated once in the constructor.

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "povstat/core/check.hpp"
#include "povstat/core/error.hpp"
#include "povstat/detail/numeric_range.hpp"

POVSTAT_NAMESPACE_BEGIN

namespace detail {

/// `"<argument>[i] (year Y)"`: how messages name element i of a per-year value.
template <std::floating_point T>
std::string year_element(std::string_view argument, std::size_t i, std::span<const T> years) {
  std::string name = element_name(argument, i);
  if (i < years.size()) name.append(" (year ").append(format_number(years[i])).append(")");
  return name;
}

/// Checks the invariants of a population series, in this order: sizes (poor and
/// population as many as years, at least one year), then years (finite, strictly
/// increasing), poor (finite, >= 0) and population (finite, > 0, >= poor).
/// `population` is checked only when `with_population`. `subject(argument, i)` names
/// element i of "years", "poor" or "population" in messages.
template <std::floating_point T, class Subject>
void check_series(std::string_view function, std::span<const T> years, std::span<const T> poor,
                  bool with_population, std::span<const T> population, const Subject& subject) {
  check_same_size(function, "poor", poor.size(), "years", years.size());
  if (with_population)
    check_same_size(function, "population", population.size(), "years", years.size());
  check_min_size(function, "years", years.size(), 1, "(a series holds at least one year)");

  const auto named = [&](std::string_view argument) {
    return [&subject, argument](std::size_t i) { return subject(argument, i); };
  };
  check_finite(function, years, named("years"));
  check_strictly_increasing(function, "years", years, named("years"));
  check_finite(function, poor, named("poor"));
  check_nonnegative(function, poor, named("poor"));
  if (!with_population) return;
  check_finite(function, population, named("population"));
  check_positive(function, population, named("population"));
  for (std::size_t i = 0; i < population.size(); ++i)
    if (population[i] < poor[i])
      raise_value(function, subject("population", i), population[i],
                  ">= " + subject("poor", i) + " = " + format_number(poor[i]));
}

}  // namespace detail

/// Counts of poor people at strictly increasing time points, optionally with the total
/// population at the same points (from which the headcount ratio follows).
///
/// Invariants, checked once by the constructor (after which every function trusts them):
/// poor and population have as many values as years; at least one year; years finite and
/// strictly increasing (decimal years; missing years are simply absent); poor finite and
/// >= 0; population finite, > 0 and >= poor.
///
/// Any sized range of numbers is accepted (std::vector, std::array, std::span, Eigen
/// vectors, integers or floating point); integer input gives a `population_series<double>`.
///
/// @throws invalid_input when a size or value breaks an invariant; the message names the
///         argument, the index, the year and the rule, e.g.
///         `"povstat::population_series: poor[3] (year 2015) is -2, but must be >= 0"`.
/// @throws insufficient_data when there is no year at all.
template <std::floating_point T>
class population_series {
 public:
  using value_type = T;

  /// A series of poor counts without population.
  template <detail::numeric_range Years, detail::numeric_range Poor>
  population_series(const Years& years, const Poor& poor)
      : population_series(detail::to_vector<T>(years), detail::to_vector<T>(poor),
                          std::nullopt) {}

  /// A series of poor counts with the total population at each year.
  template <detail::numeric_range Years, detail::numeric_range Poor,
            detail::numeric_range Population>
  population_series(const Years& years, const Poor& poor, const Population& population)
      : population_series(detail::to_vector<T>(years), detail::to_vector<T>(poor),
                          std::optional(detail::to_vector<T>(population))) {}

  /// Braced lists: `population_series<double>{{2010, 2011}, {165.67e6, 122.38e6}}`.
  population_series(std::initializer_list<T> years, std::initializer_list<T> poor)
      : population_series(std::vector<T>(years), std::vector<T>(poor), std::nullopt) {}

  /// Braced lists with population.
  population_series(std::initializer_list<T> years, std::initializer_list<T> poor,
                    std::initializer_list<T> population)
      : population_series(std::vector<T>(years), std::vector<T>(poor),
                          std::optional(std::vector<T>(population))) {}

  /// The time points, strictly increasing.
  std::span<const T> years() const noexcept { return years_; }
  /// The poor counts, one per year.
  std::span<const T> poor() const noexcept { return poor_; }
  /// The total population, one per year; empty when the series has none.
  std::span<const T> population() const noexcept { return population_; }
  /// Whether the series carries the total population.
  bool has_population() const noexcept { return !population_.empty(); }
  /// The number of years.
  std::size_t size() const noexcept { return years_.size(); }

  /// The headcount ratio poor / population at each year.
  /// @throws invalid_input when the series has no population.
  std::vector<T> headcount_ratio() const {
    if (!has_population())
      detail::raise("population_series::headcount_ratio",
                    "the series has no population, but the headcount ratio needs it "
                    "(construct the series with years, poor and population)");
    std::vector<T> ratio(size());
    for (std::size_t i = 0; i < size(); ++i) ratio[i] = poor_[i] / population_[i];
    return ratio;
  }

  /// The years in the closed interval [from_year, to_year], with their counts.
  /// @throws invalid_input when a bound is NaN or from_year > to_year.
  /// @throws insufficient_data when no year of the series lies in the interval.
  population_series slice(T from_year, T to_year) const {
    constexpr std::string_view function = "population_series::slice";
    if (std::isnan(from_year)) detail::raise_value(function, "from_year", from_year, "a number");
    if (std::isnan(to_year)) detail::raise_value(function, "to_year", to_year, "a number");
    if (from_year > to_year)
      detail::raise_value(function, "from_year", from_year,
                          "<= to_year = " + detail::format_number(to_year));
    const auto first = std::ranges::lower_bound(years_, from_year) - years_.begin();
    const auto last = std::ranges::upper_bound(years_, to_year) - years_.begin();
    if (first == last)
      detail::raise<insufficient_data>(
          function, "no year of the series lies in [" + detail::format_number(from_year) + ", " +
                        detail::format_number(to_year) + "]; the series covers " +
                        detail::format_number(years_.front()) + " to " +
                        detail::format_number(years_.back()));
    const auto part = [&](const std::vector<T>& v) {
      return std::vector<T>(v.begin() + first, v.begin() + last);
    };
    return population_series(part(years_), part(poor_),
                             has_population() ? std::optional(part(population_)) : std::nullopt);
  }

  /// The poor count at exactly `year`, or nothing when the series has no such year.
  std::optional<T> value_at(T year) const {
    const auto it = std::ranges::lower_bound(years_, year);
    if (it == years_.end() || *it != year) return std::nullopt;
    return poor_[static_cast<std::size_t>(it - years_.begin())];
  }

  /// Equal when years, poor and population are equal element by element.
  friend bool operator==(const population_series&, const population_series&) = default;

 private:
  population_series(std::vector<T> years, std::vector<T> poor,
                    std::optional<std::vector<T>> population)
      : years_(std::move(years)),
        poor_(std::move(poor)),
        population_(population ? std::move(*population) : std::vector<T>{}) {
    detail::check_series<T>("population_series", years_, poor_, population.has_value(),
                            population_,
                            [this](std::string_view argument, std::size_t i) {
                              return argument == "years"
                                         ? detail::element_name(argument, i)
                                         : detail::year_element<T>(argument, i, years_);
                            });
  }

  std::vector<T> years_;
  std::vector<T> poor_;
  std::vector<T> population_;
};

template <detail::numeric_range Years, detail::numeric_range Poor>
population_series(const Years&, const Poor&) -> population_series<detail::range_floating_t<Poor>>;

template <detail::numeric_range Years, detail::numeric_range Poor, detail::numeric_range Population>
population_series(const Years&, const Poor&, const Population&)
    -> population_series<detail::range_floating_t<Poor>>;

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_CORE_POPULATION_SERIES_HPP
