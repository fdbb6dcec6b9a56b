#ifndef POVSTAT_CORE_ERROR_HPP
#define POVSTAT_CORE_ERROR_HPP

/// @file
/// povstat's exception types and the one place where error messages are built.
///
/// Every message has the form
/// `"povstat::<function>: <subject> is <value>, but must be <rule>"`, for example
/// `"povstat::fit_loglinear: poor[3] (year 2015) is -2, but must be >= 0"`,
/// or `"povstat::<function>: <sentence>"` where no single value is at fault.

#include <charconv>
#include <cmath>
#include <concepts>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

#include "povstat/config.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Bad values, sizes or order in the input. Caught by `catch (std::invalid_argument&)`.
class invalid_input : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// Too few (observed) points for what was asked, e.g. a slice with no year in it.
/// Caught by `catch (std::invalid_argument&)`.
class insufficient_data : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// An iterative method did not converge where the caller asked for convergence to be
/// enforced (otherwise the result's `status` reports it). Caught by `catch (std::runtime_error&)`.
class convergence_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {

/// Shortest text that reads back to exactly `value` (`std::to_chars`); whole numbers below
/// 2^digits (every integer the type holds exactly) in plain digits ("3000000", not
/// "3e+06"); "nan" for any NaN, "inf" and "-inf" for the infinities.
template <std::floating_point T>
std::string format_number(T value) {
  if (std::isnan(value)) return "nan";  // whatever its sign bit (x86 makes "-nan" of sqrt(-1))
  char buffer[128];
  const bool whole = std::abs(value) < std::ldexp(T(1), std::numeric_limits<T>::digits) &&
                     value == std::trunc(value);
  const auto [end, ec] = whole ? std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed)
                               : std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc{} ? std::string(buffer, end) : std::string("?");
}

template <std::integral T>
std::string format_number(T value) {
  return std::to_string(value);
}

/// A value as messages show it: numbers by `format_number`, text in single quotes.
template <class T>
  requires std::integral<T> || std::floating_point<T>
std::string format_value(T value) {
  return format_number(value);
}
inline std::string format_value(std::string_view text) {
  std::string quoted = "'";
  quoted.append(text).append("'");
  return quoted;
}

/// `"povstat::<function>: <what>"` — the one message format of the library.
inline std::string error_message(std::string_view function, std::string_view what) {
  std::string message = "povstat::";
  message.append(function).append(": ").append(what);
  return message;
}

/// Throws `Error` with `error_message(function, what)`.
template <class Error = invalid_input>
[[noreturn]] void raise(std::string_view function, std::string_view what) {
  throw Error(error_message(function, what));
}

/// Throws `Error` with `"povstat::<function>: <subject> is <value>, but must be <rule>"`.
template <class Error = invalid_input, class Value>
[[noreturn]] void raise_value(std::string_view function, std::string_view subject, Value value,
                              std::string_view rule) {
  std::string what(subject);
  what.append(" is ").append(format_value(value)).append(", but must be ").append(rule);
  raise<Error>(function, what);
}

/// Returns `value` when it is finite; otherwise throws invalid_input saying that `what`
/// (e.g. "the result") left the range of the floating type: the input's magnitudes overflow
/// its arithmetic, which rescaling (counts in millions, incomes in thousands) avoids.
template <std::floating_point T>
T finite_result(std::string_view function, std::string_view what, T value) {
  if (std::isfinite(value)) return value;
  raise_value(function, what, value,
              "finite: the input's magnitudes overflow the arithmetic of the floating type; rescale them");
}

/// The `<what>` part of a povstat message, i.e. the text after `"povstat::<function>: "`;
/// used to re-raise an error under the name of the function the user called.
inline std::string_view reason(const std::exception& error) {
  const std::string_view message = error.what();
  const auto colon = message.find(": ");
  return colon == std::string_view::npos ? message : message.substr(colon + 2);
}

}  // namespace detail

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_CORE_ERROR_HPP
