#ifndef POVSTAT_DETAIL_AUDIT_SUPPORT_HPP
#define POVSTAT_DETAIL_AUDIT_SUPPORT_HPP

/// @file
/// Internals shared by the audit/ headers: medians and robust scales, the exact binomial
/// tail, the decimal digits of a number, numbers as the one-line explanations print them,
/// and the levels of a cohort's hierarchy.

#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <charconv>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "povstat/config.hpp"
#include "povstat/core/regional_cohort.hpp"
#include "povstat/stats/distributions.hpp"

POVSTAT_NAMESPACE_BEGIN
namespace detail::audit {

/// The median of a non-empty sample (copied): the middle value, or the mean of the two
/// middle values (R's `median`).
template <std::floating_point T>
T median(std::vector<T> values) {
  const std::size_t half = values.size() / 2;
  const auto middle = values.begin() + static_cast<std::ptrdiff_t>(half);
  std::nth_element(values.begin(), middle, values.end());
  if (values.size() % 2 == 1) return *middle;
  return (*std::max_element(values.begin(), middle) + *middle) / 2;
}

/// The normal-consistent median absolute deviation about `centre`,
/// 1.4826·median|x − centre| (R's `mad`).
template <std::floating_point T>
T normalized_mad(const std::vector<T>& values, T centre) {
  std::vector<T> deviations(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) deviations[i] = std::abs(values[i] - centre);
  return T(1.4826) * median(std::move(deviations));
}

/// P(X >= k) for X ~ Binomial(n, p), 0 < p < 1 (exact, Boost.Math's incomplete beta).
template <std::floating_point T>
T binomial_upper_tail(std::size_t k, std::size_t n, T p) {
  if (k == 0) return T(1);
  if (k > n) return T(0);
  const boost::math::binomial_distribution<T, math_policy> distribution(static_cast<T>(n), p);
  return cdf(complement(distribution, static_cast<T>(k - 1)));
}

/// P(X² <= x) for X² ~ χ²_df, x >= 0 (the lower tail, computed directly so that tiny
/// probabilities keep their digits).
template <std::floating_point T>
T chi_squared_lower_tail(T x, T df) {
  if (!(x > T(0))) return T(0);
  if (std::isinf(x)) return T(1);
  return cdf(boost::math::chi_squared_distribution<T, math_policy>(df), x);
}

/// The first and second significant decimal digits of x > 0 (finite), read from the
/// shortest decimal text that converts back to x (`std::to_chars`, scientific): so 0.29 has
/// digits 2 and 9 even though the double nearest to 0.29 lies below it. A value with one
/// significant digit has second digit 0.
struct significant_digits {
  int first;
  int second;
};

template <std::floating_point T>
significant_digits leading_digits(T x) {
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::scientific);
  (void)end;
  (void)ec;  // 64 characters hold every float, double and long double in scientific form
  const int first = buffer[0] - '0';
  const int second = buffer[1] == '.' ? buffer[2] - '0' : 0;
  return {first, second};
}

/// `x` with `digits` significant digits: "0.0021", "2.1e-05", "1.3e+04".
template <std::floating_point T>
std::string number(T x, int digits = 3) {
  if (std::isnan(x)) return "nan";
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, static_cast<double>(x),
                                       std::chars_format::general, digits);
  return ec == std::errc{} ? std::string(buffer, end) : std::string("?");
}

/// A count as a whole number when it is one ("1234"), else with 4 significant digits.
template <std::floating_point T>
std::string count(T x) {
  if (std::isfinite(x) && x == std::trunc(x) && std::abs(x) < T(1e15)) {
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(x));
    return ec == std::errc{} ? std::string(buffer, end) : std::string("?");
  }
  return number(x, 4);
}

/// A fraction as a percentage with `digits` significant digits: 0.0312 -> "3.12%".
template <std::floating_point T>
std::string percent(T fraction, int digits = 3) {
  return number(100 * fraction, digits) + "%";
}

/// A year as text ("2018", or "2018.5").
template <std::floating_point T>
std::string year(T y) {
  return format_number(y);
}

/// The depth of every region in the cohort's hierarchy: 0 for a top-level region, 1 for its
/// children, and so on.
template <std::floating_point T>
std::vector<std::size_t> region_levels(const regional_cohort<T>& cohort) {
  const std::size_t n = cohort.region_count();
  std::vector<std::size_t> level(n, 0);
  if (!cohort.has_hierarchy()) return level;
  std::vector<std::size_t> parent(n, n);
  for (std::size_t r = 0; r < n; ++r)
    if (!cohort.parent(r).empty()) parent[r] = *cohort.find(cohort.parent(r));
  for (std::size_t r = 0; r < n; ++r)
    for (std::size_t a = parent[r]; a < n; a = parent[a]) ++level[r];
  return level;
}

/// `"'A', 'B', 'C' and 4 more"`: up to `shown` names of a list.
inline std::string name_list(std::span<const std::string> names, std::size_t shown = 5) {
  std::string text;
  for (std::size_t i = 0; i < names.size() && i < shown; ++i) {
    if (i != 0) text.append(i + 1 == names.size() ? " and " : ", ");
    text.append("'").append(names[i]).append("'");
  }
  if (names.size() > shown) text.append(" and ").append(std::to_string(names.size() - shown)).append(" more");
  return text;
}

}  // namespace detail::audit
POVSTAT_NAMESPACE_END

#endif  // POVSTAT_DETAIL_AUDIT_SUPPORT_HPP
