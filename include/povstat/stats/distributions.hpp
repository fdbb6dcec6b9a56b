#ifndef POVSTAT_STATS_DISTRIBUTIONS_HPP
#define POVSTAT_STATS_DISTRIBUTIONS_HPP

/// @file
/// Quantiles and tail probabilities of the distributions inference needs (normal,
/// Student t, chi-squared, F), from Boost.Math through one policy: errors throw, and
/// float/double are not promoted, so `float` work stays `float`.

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/policies/policy.hpp>
#include <cmath>
#include <concepts>
#include <string_view>

#include "povstat/core/error.hpp"

POVSTAT_NAMESPACE_BEGIN
namespace detail {

/// The one Boost.Math policy of povstat.
using math_policy = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::throw_on_error>,
    boost::math::policies::pole_error<boost::math::policies::throw_on_error>,
    boost::math::policies::overflow_error<boost::math::policies::throw_on_error>,
    boost::math::policies::evaluation_error<boost::math::policies::throw_on_error>,
    boost::math::policies::promote_float<false>, boost::math::policies::promote_double<false>>;

template <std::floating_point T>
void check_probability(std::string_view function, T p) {
  if (!(p > T(0) && p < T(1))) raise_value(function, "p", p, "in (0, 1)");
}

template <std::floating_point T>
void check_degrees_of_freedom(std::string_view function, std::string_view argument, T df) {
  if (!(df > T(0))) raise_value(function, argument, df, "> 0");
}

template <std::floating_point T>
void check_not_nan(std::string_view function, std::string_view argument, T x) {
  if (std::isnan(x)) raise_value(function, argument, x, "a number");
}

}  // namespace detail

/// Standard normal quantile Φ⁻¹(p), p in (0, 1).
/// @throws invalid_input when p is outside (0, 1).
template <std::floating_point T>
T normal_quantile(T p) {
  detail::check_probability("normal_quantile", p);
  return quantile(boost::math::normal_distribution<T, detail::math_policy>(), p);
}

/// Upper tail of the standard normal, P(Z > z). NaN is rejected; ±inf give 0 and 1.
template <std::floating_point T>
T normal_upper_tail(T z) {
  detail::check_not_nan("normal_upper_tail", "z", z);
  if (std::isinf(z)) return z > 0 ? T(0) : T(1);
  return cdf(complement(boost::math::normal_distribution<T, detail::math_policy>(), z));
}

/// Quantile of Student's t with `df` > 0 degrees of freedom (df = +inf gives the normal).
/// @throws invalid_input when p is outside (0, 1) or df <= 0 or NaN.
template <std::floating_point T>
T student_t_quantile(T p, T df) {
  detail::check_probability("student_t_quantile", p);
  detail::check_degrees_of_freedom("student_t_quantile", "df", df);
  if (std::isinf(df)) return normal_quantile(p);
  return quantile(boost::math::students_t_distribution<T, detail::math_policy>(df), p);
}

/// Two-sided p-value of a t statistic, 2·P(T_df > |t|).
/// @throws invalid_input when t is NaN, or df <= 0 or NaN.
template <std::floating_point T>
T student_t_two_sided_p(T t, T df) {
  detail::check_not_nan("student_t_two_sided_p", "t", t);
  detail::check_degrees_of_freedom("student_t_two_sided_p", "df", df);
  if (std::isinf(t)) return T(0);
  if (std::isinf(df)) return 2 * normal_upper_tail(std::abs(t));
  return 2 * cdf(complement(boost::math::students_t_distribution<T, detail::math_policy>(df),
                            std::abs(t)));
}

/// Lower tail of Student's t, P(T_df <= t) (df = +inf gives the normal; ±inf give 1 and 0).
/// @throws invalid_input when t is NaN, or df <= 0 or NaN.
template <std::floating_point T>
T student_t_lower_tail(T t, T df) {
  detail::check_not_nan("student_t_lower_tail", "t", t);
  detail::check_degrees_of_freedom("student_t_lower_tail", "df", df);
  if (std::isinf(df)) return normal_upper_tail(-t);
  if (std::isinf(t)) return t > 0 ? T(1) : T(0);
  return cdf(boost::math::students_t_distribution<T, detail::math_policy>(df), t);
}

/// Upper tail of chi-squared, P(X²_df > x), x >= 0.
/// @throws invalid_input when x < 0 or NaN, or df <= 0 or NaN.
template <std::floating_point T>
T chi_squared_upper_tail(T x, T df) {
  if (!(x >= T(0))) detail::raise_value("chi_squared_upper_tail", "x", x, ">= 0");
  detail::check_degrees_of_freedom("chi_squared_upper_tail", "df", df);
  if (std::isinf(x)) return T(0);
  return cdf(complement(boost::math::chi_squared_distribution<T, detail::math_policy>(df), x));
}

/// Upper tail of F, P(F_{df1, df2} > x), x >= 0.
/// @throws invalid_input when x < 0 or NaN, or a df <= 0 or NaN.
template <std::floating_point T>
T f_upper_tail(T x, T df1, T df2) {
  if (!(x >= T(0))) detail::raise_value("f_upper_tail", "x", x, ">= 0");
  detail::check_degrees_of_freedom("f_upper_tail", "df1", df1);
  detail::check_degrees_of_freedom("f_upper_tail", "df2", df2);
  if (std::isinf(x)) return T(0);
  return cdf(complement(boost::math::fisher_f_distribution<T, detail::math_policy>(df1, df2), x));
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_STATS_DISTRIBUTIONS_HPP
