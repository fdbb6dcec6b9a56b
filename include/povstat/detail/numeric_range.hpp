#ifndef POVSTAT_DETAIL_NUMERIC_RANGE_HPP
#define POVSTAT_DETAIL_NUMERIC_RANGE_HPP

/// @file
/// Accepting "a sequence of numbers" from users: std::vector, std::array, std::span,
/// Eigen vectors, C arrays — of integers or floating-point values — without casts.

#include <concepts>
#include <iterator>
#include <ranges>
#include <type_traits>
#include <vector>

#include "povstat/config.hpp"

POVSTAT_NAMESPACE_BEGIN
namespace detail {

/// Integers and floating-point numbers (not bool, not char types).
template <class T>
concept number = (std::integral<T> || std::floating_point<T>) && !std::same_as<T, bool> &&
                 !std::same_as<T, char> && !std::same_as<T, char8_t> &&
                 !std::same_as<T, char16_t> && !std::same_as<T, char32_t> &&
                 !std::same_as<T, wchar_t>;

/// A sized input range of numbers. Eigen vectors qualify through their begin()/end().
template <class R>
concept numeric_range =
    std::ranges::input_range<R> && std::ranges::sized_range<R> &&
    number<std::remove_cvref_t<std::ranges::range_value_t<R>>>;

/// The floating type computed from elements of type V: V itself when floating, else double.
template <class V>
using floating_of = std::conditional_t<std::floating_point<V>, V, double>;

/// The floating type computed from a numeric range.
template <numeric_range R>
using range_floating_t = floating_of<std::remove_cvref_t<std::ranges::range_value_t<R>>>;

/// Copies a numeric range into a vector of T.
template <std::floating_point T, numeric_range R>
std::vector<T> to_vector(const R& values) {
  std::vector<T> out;
  out.reserve(static_cast<std::size_t>(std::ranges::size(values)));
  for (const auto& v : values) out.push_back(static_cast<T>(v));
  return out;
}

}  // namespace detail
POVSTAT_NAMESPACE_END

#endif  // POVSTAT_DETAIL_NUMERIC_RANGE_HPP
