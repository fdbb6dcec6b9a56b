#ifndef POVSTAT_AUDIT_DIGIT_HEAPING_HPP
#define POVSTAT_AUDIT_DIGIT_HEAPING_HPP

/// @file
/// `last_digit_test`: are the last digits of reported counts uniform, as counted figures'
/// are, or heaped on 0 and 5, as made-up or rounded figures are?

#include <cmath>
#include <concepts>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "povstat/core/check.hpp"
#include "povstat/core/error.hpp"
#include "povstat/detail/audit_support.hpp"
#include "povstat/detail/numeric_range.hpp"
#include "povstat/stats/distributions.hpp"
#include "povstat/stats/summation.hpp"

POVSTAT_NAMESPACE_BEGIN

/// A chi-square test that digits (or pairs of digits) are uniform.
template <std::floating_point T>
struct digit_uniformity {
  std::vector<std::size_t> count;  ///< count[d]: values whose last digit (pair) is d
  std::size_t n;                   ///< values tested
  T chi_square;                    ///< Σ (count − n/k)² / (n/k) over the k cells
  std::size_t df;                  ///< k − 1
  T p_value;                       ///< P(χ²_df > chi_square)
  T expected_count;                ///< n/k
  bool small_sample;               ///< expected_count < 5: too few values for the test
};

/// The result of `last_digit_test`.
template <std::floating_point T>
struct last_digit_result {
  digit_uniformity<T> last;                     ///< units digit of the values >= 10 (10 cells)
  std::optional<digit_uniformity<T>> last_two;  ///< last two digits of the values >= 100
                                                ///< (100 cells); empty when there is none
  std::size_t excluded_below_ten;      ///< values < 10, left out of every statistic
  std::size_t excluded_below_hundred;  ///< values < 100, left out of `last_two`
  std::size_t ending_0_or_5;           ///< values >= 10 whose last digit is 0 or 5
  T share_0_or_5;                      ///< ending_0_or_5 / last.n (0.2 without heaping)
  T heaping_p_value;                   ///< P(X >= ending_0_or_5), X ~ Binomial(last.n, 0.2)
  T whipple;                           ///< Whipple-type index 500 · share_0_or_5 (100: none)
  std::size_t ending_0;                ///< values >= 10 whose last digit is 0
  T share_0;                           ///< ending_0 / last.n (0.1 without rounding)
  T rounding_p_value;                  ///< P(X >= ending_0), X ~ Binomial(last.n, 0.1)
};

namespace detail {

/// Pearson's chi-square of `count` against equal cells.
template <std::floating_point T>
digit_uniformity<T> uniformity_test(std::vector<std::size_t> count, std::size_t n) {
  digit_uniformity<T> u{};
  const T e = static_cast<T>(n) / static_cast<T>(count.size());
  compensated_sum<T> chi_square;
  for (const std::size_t c : count) chi_square.add((static_cast<T>(c) - e) * (static_cast<T>(c) - e) / e);
  u.count = std::move(count);
  u.n = n;
  u.chi_square = chi_square.value();
  u.df = u.count.size() - 1;
  u.p_value = chi_squared_upper_tail(u.chi_square, static_cast<T>(u.df));
  u.expected_count = e;
  u.small_sample = e < T(5);
  return u;
}

/// Checks that every value is finite, >= 0 and whole.
template <std::floating_point T>
void check_counts(std::string_view function, std::span<const T> values) {
  const auto subject = [](std::size_t i) { return element_name("values", i); };
  check_finite(function, values, subject);
  check_nonnegative(function, values, subject);
  check_each(function, values, subject, [](T v) { return v == std::trunc(v); },
             "a whole number (the test reads the last digits of counts)");
}

}  // namespace detail

/// Tests the last digits of counts for uniformity and for heaping on 0 and 5.
///
/// The last digit of a count that was counted, and varies over a range much wider than 10,
/// is uniform on 0–9; figures that were rounded, estimated or invented instead pile up on 0
/// and 5 (Beber & Scacco 2012, who use it on vote counts; the same reasoning underlies the
/// demographers' indices of age heaping). Values below 10 are left out (their last digit is
/// their first, which follows Benford's law, not the uniform), and values below 100 are left
/// out of the last-two-digit test for the same reason. With the n values >= 10:
///
/// - `last`: Pearson's chi-square of the 10 last-digit counts against n/10 each, df 9; and
///   `last_two`: of the 100 last-two-digit counts of the values >= 100 against n₂/100, df 99
///   (Nigrini 2012, ch. 8, "last-two digits test"). `small_sample` when an expected count is
///   below 5 (n < 50, n₂ < 500).
/// - Heaping: the share of values ending in 0 or 5, with the exact one-sided binomial
///   p-value P(X >= observed) for X ~ Binomial(n, 0.2); and the share ending in 0 with
///   P(X >= observed), X ~ Binomial(n, 0.1) (rounding to tens).
/// - `whipple` = 100 · share_0_or_5 / 0.2, Whipple's index with "every value" in place of
///   "ages 23–62": 100 means no preference for 0 and 5, 500 that every value ends in 0 or 5.
///   The usual reading of Whipple's index for ages (United Nations 1955, Manual II, Methods of
///   Appraisal of Quality of Basic Data for Population Estimates; Shryock & Siegel 1976, The
///   Methods and Materials of Demography, ch. 8): below 105 highly accurate, 105–110 fairly
///   accurate, 110–125 approximate, 125–175 rough, 175 and above very rough.
///
/// Sources: B. Beber and A. Scacco (2012), "What the numbers say: a digit-based test for
/// election fraud", Political Analysis 20, 211–234; M. J. Nigrini (2012), Benford's Law,
/// Wiley, ch. 8; G. C. Whipple (1919), Vital Statistics, Wiley.
/// @param values counts: any sized range of numbers, finite, >= 0 and whole; not modified.
/// @throws insufficient_data when `values` is empty or no value is >= 10.
/// @throws invalid_input when a value is NaN, infinite, negative or not a whole number (the
///         message names it).
template <detail::numeric_range R>
last_digit_result<detail::range_floating_t<R>> last_digit_test(const R& values) {
  using T = detail::range_floating_t<R>;
  constexpr std::string_view function = "last_digit_test";
  const std::vector<T> x = detail::to_vector<T>(values);
  detail::check_min_size(function, "values", x.size(), 1, "(an empty sample has no digits)");
  detail::check_counts<T>(function, x);
  last_digit_result<T> result{};
  std::vector<std::size_t> last(10, 0), last_two(100, 0);
  std::size_t n = 0, n_two = 0;
  for (const T v : x) {
    if (v < T(10)) {
      ++result.excluded_below_ten;
      ++result.excluded_below_hundred;
      continue;
    }
    const auto d = static_cast<std::size_t>(std::fmod(v, T(10)));  // exact for whole numbers
    ++last[d];
    ++n;
    if (d == 0 || d == 5) ++result.ending_0_or_5;
    if (d == 0) ++result.ending_0;
    if (v < T(100)) {
      ++result.excluded_below_hundred;
      continue;
    }
    ++last_two[static_cast<std::size_t>(std::fmod(v, T(100)))];
    ++n_two;
  }
  if (n == 0)
    detail::raise<insufficient_data>(
        function, "no value is >= 10 (" + detail::count_text(x.size(), "value") +
                      " below 10, whose last digit is their first digit)");
  result.last = detail::uniformity_test<T>(std::move(last), n);
  if (n_two > 0) result.last_two = detail::uniformity_test<T>(std::move(last_two), n_two);
  const T count = static_cast<T>(n);
  result.share_0_or_5 = static_cast<T>(result.ending_0_or_5) / count;
  result.heaping_p_value = detail::audit::binomial_upper_tail(result.ending_0_or_5, n, T(0.2));
  result.whipple = 100 * result.share_0_or_5 / T(0.2);
  result.share_0 = static_cast<T>(result.ending_0) / count;
  result.rounding_p_value = detail::audit::binomial_upper_tail(result.ending_0, n, T(0.1));
  return result;
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_AUDIT_DIGIT_HEAPING_HPP
