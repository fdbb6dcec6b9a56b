#ifndef POVSTAT_AUDIT_BENFORD_HPP
#define POVSTAT_AUDIT_BENFORD_HPP

/// @file
/// `benford_test`: do the leading digits of reported figures follow Benford's law? First
/// digit, second digit and first two digits, with the chi-square test, Nigrini's per-digit z
/// statistics and mean absolute deviation, and a Kolmogorov–Smirnov-type statistic whose
/// p-value is simulated (valid for discrete digits).

#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "povstat/core/check.hpp"
#include "povstat/core/error.hpp"
#include "povstat/detail/audit_support.hpp"
#include "povstat/detail/numeric_range.hpp"
#include "povstat/detail/random_counts.hpp"
#include "povstat/stats/distributions.hpp"
#include "povstat/stats/summation.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Which digits a Benford test reads.
enum class benford_digits {
  first,      ///< the first significant digit, 1–9
  second,     ///< the second significant digit, 0–9 (values >= 10 only)
  first_two,  ///< the first two significant digits, 10–99 (values >= 10 only)
};

/// "first", "second", "first_two".
constexpr std::string_view to_string(benford_digits digits) noexcept {
  switch (digits) {
    case benford_digits::first: return "first";
    case benford_digits::second: return "second";
    case benford_digits::first_two: return "first_two";
  }
  return "unknown";
}

/// Nigrini's conformity classes of the mean absolute deviation (MAD) from Benford's law.
enum class benford_conformity {
  close,          ///< MAD <= first bound: close conformity
  acceptable,     ///< MAD <= second bound: acceptable conformity
  marginal,       ///< MAD <= third bound: marginally acceptable conformity
  nonconformity,  ///< MAD above the third bound
};

/// "close conformity", "acceptable conformity", "marginally acceptable conformity",
/// "nonconformity" (Nigrini's words).
constexpr std::string_view to_string(benford_conformity conformity) noexcept {
  switch (conformity) {
    case benford_conformity::close: return "close conformity";
    case benford_conformity::acceptable: return "acceptable conformity";
    case benford_conformity::marginal: return "marginally acceptable conformity";
    case benford_conformity::nonconformity: return "nonconformity";
  }
  return "unknown";
}

/// Nigrini's upper bounds of the MAD for close, acceptable and marginally acceptable
/// conformity (M. J. Nigrini 2012, Benford's Law: Applications for Forensic Accounting,
/// Auditing, and Fraud Detection, Wiley, ch. 6; first published in Drake & Nigrini 2000,
/// "Computer assisted analytical procedures using Benford's Law", J. Accounting Education 18,
/// 127–146): first digit 0.006 / 0.012 / 0.015; second digit 0.008 / 0.010 / 0.012; first two
/// digits 0.0012 / 0.0018 / 0.0022. Some packages use 0.011 instead of 0.012 as the
/// second-digit marginal bound; pass `benford_options::mad_bounds` to use other bounds.
template <std::floating_point T>
constexpr std::array<T, 3> nigrini_mad_bounds(benford_digits digits) noexcept {
  switch (digits) {
    case benford_digits::first: return {T(0.006), T(0.012), T(0.015)};
    case benford_digits::second: return {T(0.008), T(0.010), T(0.012)};
    case benford_digits::first_two: return {T(0.0012), T(0.0018), T(0.0022)};
  }
  return {T(0), T(0), T(0)};
}

/// The digits a test counts, in order: 1..9 (first), 0..9 (second), 10..99 (first_two).
inline std::vector<int> benford_digit_values(benford_digits digits) {
  std::vector<int> values;
  const int from = digits == benford_digits::second ? 0 : digits == benford_digits::first ? 1 : 10;
  const int to = digits == benford_digits::first_two ? 99 : 9;
  for (int d = from; d <= to; ++d) values.push_back(d);
  return values;
}

/// Benford's exact probabilities of the digits of `benford_digit_values(digits)`:
/// first digit P(d) = log10(1 + 1/d); first two digits P(d) = log10(1 + 1/d), d = 10..99;
/// second digit P(d) = Σ_{k=1..9} log10(1 + 1/(10k + d)) (Benford 1938; Hill 1995,
/// "A statistical derivation of the significant-digit law", Statist. Sci. 10, 354–363).
template <std::floating_point T>
std::vector<T> benford_probabilities(benford_digits digits) {
  std::vector<T> p;
  for (const int d : benford_digit_values(digits)) {
    if (digits != benford_digits::second) {
      p.push_back(std::log10(T(1) + T(1) / static_cast<T>(d)));
      continue;
    }
    compensated_sum<T> sum;
    for (int k = 1; k <= 9; ++k) sum.add(std::log10(T(1) + T(1) / static_cast<T>(10 * k + d)));
    p.push_back(sum.value());
  }
  return p;
}

/// Options of `benford_test`.
template <std::floating_point T>
struct benford_options {
  /// Simulated samples for the p-value of the KS-type statistic; 0 skips the simulation
  /// (`ks_p_value` is then empty). The p-value's resolution is 1/(replicates + 1).
  std::size_t replicates = 2000;
  /// Seed of std::mt19937_64 for the simulation: same seed, same p-value, on every platform.
  std::uint64_t seed = 1;
  /// Upper MAD bounds of close, acceptable and marginal conformity, increasing and > 0;
  /// default `nigrini_mad_bounds(digits)`.
  std::optional<std::array<T, 3>> mad_bounds = std::nullopt;
};

/// The result of `benford_test`. Vectors run over `digit`.
template <std::floating_point T>
struct benford_result {
  benford_digits digits;
  std::vector<int> digit;          ///< the digits counted (1..9, 0..9 or 10..99)
  std::vector<std::size_t> count;  ///< how many values have each digit
  std::vector<T> observed;         ///< count / n
  std::vector<T> expected;         ///< Benford's probabilities
  std::vector<T> z;                ///< Nigrini's z statistic of each digit (>= 0)
  std::vector<T> z_p_value;        ///< two-sided normal p-value of each z
  std::size_t n;                   ///< values tested
  std::size_t excluded_nonpositive;  ///< values <= 0 left out
  std::size_t excluded_below_ten;    ///< values in (0, 10) left out of two-digit tests
  T chi_square;                    ///< Pearson's Σ (count − n·p)² / (n·p)
  std::size_t df;                  ///< digits − 1
  T p_value;                       ///< P(χ²_df > chi_square)
  T mad;                           ///< mean absolute deviation Σ|observed − expected| / digits
  std::array<T, 3> mad_bounds;     ///< the conformity bounds used
  benford_conformity conformity;   ///< the MAD's class
  T ks;                            ///< max over digits of |cumulative observed − cumulative expected|
  std::optional<T> ks_p_value;     ///< simulated p-value of ks (empty with 0 replicates)
  std::size_t replicates;          ///< simulated samples behind ks_p_value
  std::uint64_t seed;              ///< their seed
  T min_expected_count;            ///< n · the smallest Benford probability
  bool small_sample;               ///< min_expected_count < 5: too few values for the test
};

namespace detail {

/// The largest |cumulative count − n·cumulative probability| over the digits, divided by n.
template <std::floating_point T, class Count>
T benford_ks(std::span<const Count> counts, std::span<const T> cumulative, T n) {
  T largest = 0, running = 0;
  for (std::size_t j = 0; j < counts.size(); ++j) {
    running += static_cast<T>(counts[j]);
    largest = std::max(largest, std::abs(running - n * cumulative[j]));
  }
  return largest / n;
}

/// Checks `mad_bounds` (> 0, increasing), named `<prefix>mad_bounds[j]` in messages.
template <std::floating_point T>
void check_benford_options(std::string_view function, std::string_view prefix, const benford_options<T>& options) {
  if (!options.mad_bounds) return;
  const auto& bounds = *options.mad_bounds;
  const std::string name = std::string(prefix).append("mad_bounds");
  if (!(bounds[0] > T(0))) raise_value(function, element_name(name, 0), bounds[0], "> 0");
  for (std::size_t j = 1; j < 3; ++j)
    if (!(bounds[j] > bounds[j - 1]))
      raise_value(function, element_name(name, j), bounds[j],
                  "> " + element_name(name, j - 1) + " = " + format_number(bounds[j - 1]) + " (increasing)");
}

}  // namespace detail

/// Tests whether the significant digits of `values` follow Benford's law.
///
/// Values <= 0 are left out (`excluded_nonpositive`); the second-digit and first-two-digit
/// tests also leave out values below 10 (`excluded_below_ten`), as Nigrini does: a count
/// below 10 has no second digit. Digits are those of the shortest decimal text that reads back
/// to the value (0.29 has first digits 2, 9), so no rounding of log10 can misplace a value.
/// With n values tested, counts O_d, observed proportions o_d = O_d/n and Benford's
/// probabilities p_d over k digits:
///
/// - chi_square = Σ (O_d − n p_d)² / (n p_d), df = k − 1, p_value = P(χ²_df > chi_square)
///   (Pearson 1900; Boost.Math).
/// - z_d = (|o_d − p_d| − 1/(2n)) / sqrt(p_d (1 − p_d) / n), where the continuity correction
///   1/(2n) is used only when it is smaller than |o_d − p_d| (Nigrini 2012, ch. 6); z_p_value
///   = 2 P(Z > z_d).
/// - mad = Σ|o_d − p_d| / k, classed by `mad_bounds` (default `nigrini_mad_bounds`). Nigrini
///   judges conformity by the MAD because with many values the chi-square test rejects for
///   departures too small to matter; conversely, with few values the MAD is large by chance
///   (its bounds were set on large data sets), so read both.
/// - ks = max_j |Σ_{d<=j} (o_d − p_d)| over the digits in order, a Kolmogorov–Smirnov
///   statistic for the digit distribution. Its p-value is simulated: `replicates` multinomial
///   samples of n digits with Benford's probabilities (seeded std::mt19937_64, povstat's
///   deterministic multinomial), p = (1 + #{ks* >= ks·(1 − 64ε)}) / (replicates + 1) (the
///   Monte Carlo p-value of Davison & Hinkley 1997, §4.2, with the tolerance of R's
///   `chisq.test(simulate.p.value = TRUE)`). The tables of the continuous KS test do not
///   apply to digits: for discrete distributions they are conservative (Noether 1963; Conover
///   1972, JASA 67, 591–596).
/// - small_sample when n times the smallest probability is below 5 (the usual condition of
///   the chi-square approximation, Cochran 1954): a first-digit test needs 110 values, a
///   second-digit test 59, a first-two-digit test 1,147; below that, no conclusion.
///
/// @param values any sized range of numbers, finite; not modified.
/// @param digits which digits to test.
/// @throws insufficient_data when `values` is empty, or no value is left after the exclusions.
/// @throws invalid_input when a value is NaN or infinite (the message names it), or
///         `mad_bounds` are not > 0 and increasing.
template <detail::numeric_range R>
benford_result<detail::range_floating_t<R>> benford_test(
    const R& values, benford_digits digits = benford_digits::first,
    const benford_options<detail::range_floating_t<R>>& options = {}) {
  using T = detail::range_floating_t<R>;
  constexpr std::string_view function = "benford_test";
  const std::vector<T> x = detail::to_vector<T>(values);
  detail::check_min_size(function, "values", x.size(), 1, "(an empty sample has no digits)");
  detail::check_finite<T>(function, x, [](std::size_t i) { return detail::element_name("values", i); });
  detail::check_benford_options(function, "options.", options);
  const std::array<T, 3> bounds = options.mad_bounds.value_or(nigrini_mad_bounds<T>(digits));

  benford_result<T> result{};
  result.digits = digits;
  result.digit = benford_digit_values(digits);
  result.expected = benford_probabilities<T>(digits);
  const std::size_t k = result.digit.size();
  const int offset = result.digit.front();
  result.count.assign(k, 0);
  const bool two_digit = digits != benford_digits::first;
  for (const T v : x) {
    if (!(v > T(0))) {
      ++result.excluded_nonpositive;
      continue;
    }
    if (two_digit && v < T(10)) {
      ++result.excluded_below_ten;
      continue;
    }
    const auto d = detail::audit::leading_digits(v);
    const int value = digits == benford_digits::first ? d.first
                      : digits == benford_digits::second ? d.second
                                                         : 10 * d.first + d.second;
    ++result.count[static_cast<std::size_t>(value - offset)];
    ++result.n;
  }
  if (result.n == 0) {
    std::string what = "no value is left to test: " +
                       detail::count_text(result.excluded_nonpositive, "value") + " <= 0";
    if (two_digit) what += " and " + detail::count_text(result.excluded_below_ten, "value") + " below 10";
    what += " of " + std::to_string(x.size()) + " (the " + std::string(to_string(digits)) +
            "-digit test reads values " + (two_digit ? ">= 10)" : "> 0)");
    detail::raise<insufficient_data>(function, what);
  }

  const T n = static_cast<T>(result.n);
  compensated_sum<T> chi_square, absolute_deviation;
  std::vector<T> cumulative(k);
  compensated_sum<T> running;
  T smallest = T(1);
  for (std::size_t j = 0; j < k; ++j) {
    const T p = result.expected[j];
    const T o = static_cast<T>(result.count[j]);
    const T e = n * p;
    chi_square.add((o - e) * (o - e) / e);
    const T observed = o / n;
    result.observed.push_back(observed);
    const T deviation = std::abs(observed - p);
    absolute_deviation.add(deviation);
    const T correction = T(1) / (2 * n);
    const T numerator = correction < deviation ? deviation - correction : deviation;
    const T z = numerator / std::sqrt(p * (1 - p) / n);
    result.z.push_back(z);
    result.z_p_value.push_back(2 * normal_upper_tail(z));
    running.add(p);
    cumulative[j] = running.value();
    smallest = std::min(smallest, p);
  }
  result.chi_square = chi_square.value();
  result.df = k - 1;
  result.p_value = chi_squared_upper_tail(result.chi_square, static_cast<T>(result.df));
  result.mad = absolute_deviation.value() / static_cast<T>(k);
  result.mad_bounds = bounds;
  result.conformity = result.mad <= bounds[0]   ? benford_conformity::close
                      : result.mad <= bounds[1] ? benford_conformity::acceptable
                      : result.mad <= bounds[2] ? benford_conformity::marginal
                                                : benford_conformity::nonconformity;
  result.ks = detail::benford_ks<T, std::size_t>(result.count, cumulative, n);
  result.replicates = options.replicates;
  result.seed = options.seed;
  if (options.replicates > 0) {
    std::mt19937_64 generator(options.seed);
    std::vector<double> p(result.expected.begin(), result.expected.end());
    std::vector<std::uint64_t> simulated(k);
    const T threshold = result.ks * (1 - 64 * std::numeric_limits<T>::epsilon());
    std::size_t at_least = 0;
    for (std::size_t r = 0; r < options.replicates; ++r) {
      detail::multinomial(generator, result.n, p, simulated);
      if (detail::benford_ks<T, std::uint64_t>(simulated, cumulative, n) >= threshold) ++at_least;
    }
    result.ks_p_value = static_cast<T>(at_least + 1) / static_cast<T>(options.replicates + 1);
  }
  result.min_expected_count = n * smallest;
  result.small_sample = result.min_expected_count < T(5);
  return result;
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_AUDIT_BENFORD_HPP
