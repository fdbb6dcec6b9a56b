#ifndef POVSTAT_DETAIL_WEIGHTED_SAMPLE_HPP
#define POVSTAT_DETAIL_WEIGHTED_SAMPLE_HPP

/// @file
/// Internals shared by the weighted-sample functions of stats/ and measure/: viewing a user's
/// range as a span (copying only when it is not already a contiguous range of T), the checks
/// every weighted sample passes, the checks of scalar parameters, and the one sort that
/// rank-based measures need.

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <ranges>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

#include "povstat/core/check.hpp"
#include "povstat/core/error.hpp"
#include "povstat/core/execution.hpp"
#include "povstat/detail/numeric_range.hpp"
#include "povstat/detail/radix_sort.hpp"

POVSTAT_NAMESPACE_BEGIN
namespace detail {

/// Views `values` as a span of T: directly when it is a contiguous range of T (no copy),
/// otherwise through a copy converted into `storage`.
template <std::floating_point T, numeric_range R>
std::span<const T> as_span(const R& values, std::vector<T>& storage) {
  using value = std::remove_cv_t<std::ranges::range_value_t<const R>>;
  if constexpr (std::ranges::contiguous_range<const R> && std::same_as<value, T>) {
    return std::span<const T>(std::ranges::data(values),
                              static_cast<std::size_t>(std::ranges::size(values)));
  } else {
    storage = to_vector<T>(values);
    return std::span<const T>(storage);
  }
}

/// A weighted sample as the kernels see it: values `y` and weights `w`; an empty `w` stands
/// for a weight of 1 on every value.
template <std::floating_point T>
struct weighted_span {
  std::span<const T> y;
  std::span<const T> w;

  std::size_t size() const noexcept { return y.size(); }
  T weight(std::size_t i) const noexcept { return w.empty() ? T(1) : w[i]; }
};

/// The spans of a user's (y, w), owning the copies made for non-contiguous or non-T input.
/// Neither copyable nor movable: the spans may point into its own storage.
template <std::floating_point T>
class sample_input {
 public:
  template <numeric_range Y>
  explicit sample_input(const Y& y) : y_(as_span<T>(y, y_storage_)) {}

  template <numeric_range Y, numeric_range W>
  sample_input(const Y& y, const W& w)
      : y_(as_span<T>(y, y_storage_)), w_(as_span<T>(w, w_storage_)), weighted_(true) {}

  sample_input(const sample_input&) = delete;
  sample_input& operator=(const sample_input&) = delete;

  weighted_span<T> view() const noexcept { return {y_, w_}; }
  bool weighted() const noexcept { return weighted_; }

 private:
  std::vector<T> y_storage_;
  std::vector<T> w_storage_;
  std::span<const T> y_;
  std::span<const T> w_;
  bool weighted_ = false;
};

/// The size checks of a weighted sample: `w` has as many values as `y` (when weighted), `y`
/// has at least one value (`insufficient_data`).
template <std::floating_point T>
void check_sample_sizes(std::string_view function, const weighted_span<T>& s, bool weighted,
                        std::string_view y_name = "y", std::string_view w_name = "w") {
  if (weighted) check_same_size(function, w_name, s.w.size(), y_name, s.y.size());
  check_min_size(function, y_name, s.y.size(), 1, "(an empty sample has no distribution)");
}

/// The checks of a weighted sample, in the library's order (sizes, then values): `w` has as
/// many values as `y` (when weighted), `y` has at least one value (`insufficient_data`),
/// every `y` finite, every `w` finite and > 0. `y_name`/`w_name` name the arguments.
template <std::floating_point T>
void check_weighted_sample(std::string_view function, const weighted_span<T>& s, bool weighted,
                           std::string_view y_name = "y", std::string_view w_name = "w") {
  check_sample_sizes(function, s, weighted, y_name, w_name);
  check_finite(function, s.y, [&](std::size_t i) { return element_name(y_name, i); });
  if (!weighted) return;
  const auto w_subject = [&](std::size_t i) { return element_name(w_name, i); };
  check_finite(function, s.w, w_subject);
  check_positive(function, s.w, w_subject);
}

/// A scalar parameter that must be finite and > 0 (a poverty line, a fraction).
template <std::floating_point T>
void check_positive_parameter(std::string_view function, std::string_view name, T value) {
  if (!std::isfinite(value)) raise_value(function, name, value, "finite");
  if (!(value > T(0))) raise_value(function, name, value, "> 0");
}

/// A scalar parameter that must be finite and >= 0 (FGT alpha, Atkinson epsilon).
template <std::floating_point T>
void check_nonnegative_parameter(std::string_view function, std::string_view name, T value) {
  if (!std::isfinite(value)) raise_value(function, name, value, "finite");
  if (!(value >= T(0))) raise_value(function, name, value, ">= 0");
}

/// A scalar parameter that must be finite (generalized entropy alpha).
template <std::floating_point T>
void check_finite_parameter(std::string_view function, std::string_view name, T value) {
  if (!std::isfinite(value)) raise_value(function, name, value, "finite");
}

/// Sorts points by value, ties by weight, so that the order is fully determined whatever the
/// sort algorithm (and so are the compensated cumulative sums read from it). Radix sort (see
/// detail/radix_sort.hpp): the same order as std::sort with that comparator, faster.
template <std::floating_point T>
void sort_points(std::vector<weighted_point<T>>& points, const execution& how = {}) {
  radix_sort_points(points, how);
}

/// The whole sample as points sorted by value: one allocation for the result, one sort that
/// reads the sample where it is (no intermediate copy).
template <std::floating_point T>
std::vector<weighted_point<T>> sorted_points(const weighted_span<T>& s, const execution& how = {}) {
  std::vector<weighted_point<T>> points(s.size());
  if (s.w.empty())
    radix_sort_points<T>(
        s.size(), [&](std::size_t i) { return weighted_point<T>{s.y[i], T(1)}; },
        std::span<weighted_point<T>>(points), how);
  else
    radix_sort_points<T>(
        s.size(), [&](std::size_t i) { return weighted_point<T>{s.y[i], s.w[i]}; },
        std::span<weighted_point<T>>(points), how);
  return points;
}

/// The same order with std::sort (the reference the radix sort is tested and benchmarked
/// against).
template <std::floating_point T>
std::vector<weighted_point<T>> sorted_points_std(const weighted_span<T>& s) {
  std::vector<weighted_point<T>> points;
  points.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) points.push_back({s.y[i], s.weight(i)});
  std::sort(points.begin(), points.end(), point_less<T>);
  return points;
}

}  // namespace detail
POVSTAT_NAMESPACE_END

#endif  // POVSTAT_DETAIL_WEIGHTED_SAMPLE_HPP
