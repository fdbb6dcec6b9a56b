#ifndef POVSTAT_CORE_CHECK_HPP
#define POVSTAT_CORE_CHECK_HPP

/// @file
/// Input checks shared by every public function. Each check throws through
/// `detail::raise_value`, so every message has the one format of core/error.hpp.
/// A `subject(i)` callable names element i (e.g. `"poor[3] (year 2015)"`); it is
/// called only when a check fails.

#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "povstat/core/error.hpp"

POVSTAT_NAMESPACE_BEGIN
namespace detail {

/// `"1 value"`, `"3 values"`.
inline std::string count_text(std::size_t n, std::string_view noun) {
  std::string text = std::to_string(n);
  text.append(" ").append(noun);
  if (n != 1) text.append("s");
  return text;
}

/// `"<argument>[<i>]"`.
inline std::string element_name(std::string_view argument, std::size_t i) {
  std::string name(argument);
  name.append("[").append(std::to_string(i)).append("]");
  return name;
}

/// Throws unless `ok(values[i])` for every i; the message states `rule`.
template <class T, class Subject, class Ok>
void check_each(std::string_view function, std::span<const T> values, const Subject& subject,
                const Ok& ok, std::string_view rule) {
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!ok(values[i])) raise_value(function, subject(i), values[i], rule);
}

/// Every value finite (no NaN, no infinity).
template <class T, class Subject>
void check_finite(std::string_view function, std::span<const T> values, const Subject& subject) {
  check_each(function, values, subject, [](T v) { return std::isfinite(v); }, "finite");
}

/// Every value >= 0 (values already known finite).
template <class T, class Subject>
void check_nonnegative(std::string_view function, std::span<const T> values,
                       const Subject& subject) {
  check_each(function, values, subject, [](T v) { return v >= T(0); }, ">= 0");
}

/// Every value > 0 (values already known finite).
template <class T, class Subject>
void check_positive(std::string_view function, std::span<const T> values, const Subject& subject) {
  check_each(function, values, subject, [](T v) { return v > T(0); }, "> 0");
}

/// values[i] > values[i-1] for every i >= 1 (values already known finite).
template <class T, class Subject>
void check_strictly_increasing(std::string_view function, std::string_view argument,
                               std::span<const T> values, const Subject& subject) {
  for (std::size_t i = 1; i < values.size(); ++i)
    if (!(values[i] > values[i - 1]))
      raise_value(function, subject(i), values[i],
                  "> " + element_name(argument, i - 1) + " = " + format_number(values[i - 1]) +
                      " (strictly increasing)");
}

/// `size == expected_size`, else `"<argument> has 3 values, but must have 4 (as many as <reference>)"`.
inline void check_same_size(std::string_view function, std::string_view argument,
                            std::size_t size, std::string_view reference,
                            std::size_t expected_size) {
  if (size == expected_size) return;
  std::string what(argument);
  what.append(" has ").append(count_text(size, "value")).append(", but must have ");
  what.append(std::to_string(expected_size)).append(" (as many as ").append(reference).append(")");
  raise(function, what);
}

/// `size >= minimum`, else `insufficient_data`:
/// `"<argument> has 1 value, but needs at least 2 <purpose>"`.
inline void check_min_size(std::string_view function, std::string_view argument, std::size_t size,
                           std::size_t minimum, std::string_view purpose) {
  if (size >= minimum) return;
  std::string what(argument);
  what.append(" has ").append(count_text(size, "value")).append(", but needs at least ");
  what.append(std::to_string(minimum)).append(" ").append(purpose);
  raise<insufficient_data>(function, what);
}

}  // namespace detail
POVSTAT_NAMESPACE_END

#endif  // POVSTAT_CORE_CHECK_HPP
