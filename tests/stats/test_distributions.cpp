// Tests of stats/distributions.hpp against R 4.2 (tests/reference/distributions.R made
// tests/reference/distributions.inc), and every argument each function rejects.
//
// Tolerance: 1e-13 relative (about 13 of double's 15.9 digits). R and Boost.Math use
// different algorithms (R: AS 241, Hill 1970, Wichura; Boost: its own rational
// approximations and root refinement); both are accurate to a few ulps in the body, and
// tail values such as P(Z > 8) ~ 6e-16 are relative quantities, so a relative bound holds.

#include "povstat/stats/distributions.hpp"

#include <doctest/doctest.h>

#include "special_values.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

namespace {

struct distribution_case {
  std::string function;
  std::vector<double> args;
  double value;
};

const std::vector<distribution_case> distribution_cases{
#include "distributions.inc"
};

double evaluate(const distribution_case& r) {
  const auto& a = r.args;
  if (r.function == "normal_quantile") return povstat::normal_quantile(a[0]);
  if (r.function == "normal_upper_tail") return povstat::normal_upper_tail(a[0]);
  if (r.function == "student_t_quantile") return povstat::student_t_quantile(a[0], a[1]);
  if (r.function == "student_t_two_sided_p") return povstat::student_t_two_sided_p(a[0], a[1]);
  if (r.function == "student_t_lower_tail") return povstat::student_t_lower_tail(a[0], a[1]);
  if (r.function == "chi_squared_upper_tail") return povstat::chi_squared_upper_tail(a[0], a[1]);
  if (r.function == "f_upper_tail") return povstat::f_upper_tail(a[0], a[1], a[2]);
  FAIL("unknown function " << r.function);
  return NAN;
}

using special::inf;
using special::not_a_number;

}  // namespace

TEST_CASE("distribution functions agree with R to 13 digits") {
  REQUIRE(distribution_cases.size() == 29);
  for (const auto& r : distribution_cases) {
    CAPTURE(r.function);
    CAPTURE(r.args[0]);
    const double got = evaluate(r);
    if (r.value == 0)
      CHECK(std::abs(got) <= 1e-15);
    else
      CHECK(std::abs(got - r.value) <= 1e-13 * std::abs(r.value));
  }
}

TEST_CASE("infinite arguments give the limits") {
  CHECK(povstat::normal_upper_tail(inf) == 0.0);
  CHECK(povstat::normal_upper_tail(-inf) == 1.0);
  CHECK(povstat::student_t_two_sided_p(inf, 3.0) == 0.0);
  CHECK(povstat::student_t_lower_tail(inf, 3.0) == 1.0);
  CHECK(povstat::student_t_lower_tail(-inf, 3.0) == 0.0);
  CHECK(povstat::student_t_lower_tail(-2.0, inf) == doctest::Approx(0.022750131948179209).epsilon(1e-14));
  CHECK(povstat::chi_squared_upper_tail(inf, 2.0) == 0.0);
  CHECK(povstat::f_upper_tail(inf, 2.0, 3.0) == 0.0);
  // Infinite degrees of freedom: Student t is the standard normal (R: qnorm(0.975)).
  CHECK(povstat::student_t_quantile(0.975, inf) == doctest::Approx(1.9599639845400536).epsilon(1e-15));
  CHECK(povstat::student_t_two_sided_p(2.0, inf) ==
        doctest::Approx(2 * 0.022750131948179209).epsilon(1e-14));  // R: 2*pnorm(-2)
}

TEST_CASE("float and long double keep their precision") {
  // t_{0.975, 3} = 3.18244630528370952042 (30 digits by mpmath: root in t of
  // I_{3/(3+t^2)}(3/2, 1/2) / 2 = 0.025, the t tail as a regularised incomplete beta).
  CHECK(povstat::student_t_quantile(0.975f, 3.0f) == doctest::Approx(3.1824463f).epsilon(1e-6));
  // Boost.Math's long double t quantile is good to about 2e-17 relative here (measured
  // 7.3e-17 absolute), not to the 5.4e-20 unit roundoff: its inverse stops at that
  // tolerance. 1e-16 still asserts better-than-double accuracy (double's ulp here is 4.4e-16).
  CHECK(std::abs(povstat::student_t_quantile(0.975L, 3.0L) - 3.18244630528370952042L) <= 1e-16L);
  static_assert(std::is_same_v<decltype(povstat::normal_quantile(0.5f)), float>);
}

TEST_CASE("probabilities must lie in (0, 1)") {
  CHECK_THROWS_WITH_AS(povstat::normal_quantile(0.0),
                       "povstat::normal_quantile: p is 0, but must be in (0, 1)", povstat::invalid_input);
  CHECK_THROWS_WITH_AS(povstat::normal_quantile(1.5),
                       "povstat::normal_quantile: p is 1.5, but must be in (0, 1)", povstat::invalid_input);
  CHECK_THROWS_WITH_AS(povstat::student_t_quantile(not_a_number, 3.0),
                       "povstat::student_t_quantile: p is nan, but must be in (0, 1)", povstat::invalid_input);
}

TEST_CASE("degrees of freedom must be > 0") {
  CHECK_THROWS_WITH_AS(povstat::student_t_quantile(0.5, 0.0),
                       "povstat::student_t_quantile: df is 0, but must be > 0", povstat::invalid_input);
  CHECK_THROWS_WITH_AS(povstat::student_t_two_sided_p(1.0, -2.0),
                       "povstat::student_t_two_sided_p: df is -2, but must be > 0", povstat::invalid_input);
  CHECK_THROWS_WITH_AS(povstat::student_t_lower_tail(1.0, 0.0),
                       "povstat::student_t_lower_tail: df is 0, but must be > 0", povstat::invalid_input);
  CHECK_THROWS_WITH_AS(povstat::student_t_lower_tail(not_a_number, 2.0),
                       "povstat::student_t_lower_tail: t is nan, but must be a number", povstat::invalid_input);
  CHECK_THROWS_WITH_AS(povstat::chi_squared_upper_tail(1.0, not_a_number),
                       "povstat::chi_squared_upper_tail: df is nan, but must be > 0", povstat::invalid_input);
  CHECK_THROWS_WITH_AS(povstat::f_upper_tail(1.0, 1.0, 0.0),
                       "povstat::f_upper_tail: df2 is 0, but must be > 0", povstat::invalid_input);
  CHECK_THROWS_WITH_AS(povstat::f_upper_tail(1.0, -1.0, 1.0),
                       "povstat::f_upper_tail: df1 is -1, but must be > 0", povstat::invalid_input);
}

TEST_CASE("statistics must be numbers in the support") {
  CHECK_THROWS_WITH_AS(povstat::normal_upper_tail(not_a_number),
                       "povstat::normal_upper_tail: z is nan, but must be a number", povstat::invalid_input);
  CHECK_THROWS_WITH_AS(povstat::student_t_two_sided_p(not_a_number, 2.0),
                       "povstat::student_t_two_sided_p: t is nan, but must be a number", povstat::invalid_input);
  CHECK_THROWS_WITH_AS(povstat::chi_squared_upper_tail(-1.0, 2.0),
                       "povstat::chi_squared_upper_tail: x is -1, but must be >= 0", povstat::invalid_input);
  CHECK_THROWS_WITH_AS(povstat::f_upper_tail(not_a_number, 2.0, 2.0),
                       "povstat::f_upper_tail: x is nan, but must be >= 0", povstat::invalid_input);
}
