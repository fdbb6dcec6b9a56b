// Tests of audit/digit_heaping.hpp: last_digit_test against tests/reference/audit.R (R's
// chisq.test and binom.test on a counted and a heaped data set), a case derived by hand, the
// exclusions, and every rejected input with its message.
// Tolerances (relative): 1e-10 for chi-square statistics and p-values (independent
// implementations: R's pchisq and pbinom, Boost's incomplete gamma and beta), 1e-14 for shares.

#include "povstat/audit/digit_heaping.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "audit_test_support.hpp"

using audit_support::R;
using reference::check_close;
using reference::message_of;

TEST_CASE("last_digit_test matches R's chisq.test and binom.test") {
  for (const std::string name : {"counted", "heaped"}) {
    INFO(name);
    const auto l = povstat::last_digit_test(audit_support::load(name));
    CHECK(l.last.n == static_cast<std::size_t>(R()(name, "n_last")));
    CHECK(l.excluded_below_ten == static_cast<std::size_t>(R()(name, "excluded_below_ten")));
    CHECK(l.excluded_below_hundred == static_cast<std::size_t>(R()(name, "excluded_below_hundred")));
    check_close(R(), name, "chi_square", l.last.chi_square, 1e-10);
    check_close(R(), name, "p_value", l.last.p_value, 1e-10);
    REQUIRE(l.last_two);
    CHECK(l.last_two->n == static_cast<std::size_t>(R()(name, "n_two")));
    check_close(R(), name, "chi_square_two", l.last_two->chi_square, 1e-10);
    check_close(R(), name, "p_value_two", l.last_two->p_value, 1e-10);
    CHECK(l.ending_0_or_5 == static_cast<std::size_t>(R()(name, "ending_0_or_5")));
    CHECK(l.ending_0 == static_cast<std::size_t>(R()(name, "ending_0")));
    check_close(R(), name, "share_0_or_5", l.share_0_or_5, 1e-14);
    check_close(R(), name, "heaping_p_value", l.heaping_p_value, 1e-10);
    check_close(R(), name, "whipple", l.whipple, 1e-14);
    check_close(R(), name, "rounding_p_value", l.rounding_p_value, 1e-10);
    CHECK(l.last.df == 9);
    CHECK(l.last_two->df == 99);
    CHECK_FALSE(l.last.small_sample);
  }
}

TEST_CASE("last_digit_test on four counts, by hand") {
  // Last digits 0, 0, 5, 7 (3 ends below 10 and is left out): cells (2, 0, 0, 0, 0, 1, 0, 1, 0, 0)
  // against 0.4 each: chi-square = (1.6² + 0.6² + 0.6² + 7 · 0.4²) / 0.4 = 4.4 / 0.4 = 11.
  // Ending in 0 or 5: 3 of 4, P(X >= 3 | 4, 0.2) = 4 · 0.2³ · 0.8 + 0.2⁴ = 0.0272; Whipple 375.
  // Ending in 0: 2 of 4, P(X >= 2 | 4, 0.1) = 1 − 0.9⁴ − 4 · 0.1 · 0.9³ = 0.0523.
  const std::vector<int> x{10, 20, 35, 47, 3};
  const auto l = povstat::last_digit_test(x);
  CHECK(l.last.n == 4);
  CHECK(l.excluded_below_ten == 1);
  CHECK(l.excluded_below_hundred == 5);
  CHECK(l.last.count[0] == 2);
  CHECK(l.last.count[7] == 1);
  CHECK(l.last.chi_square == doctest::Approx(11.0).epsilon(1e-14));
  CHECK(l.last.expected_count == doctest::Approx(0.4));
  CHECK(l.last.small_sample);
  CHECK_FALSE(l.last_two);
  CHECK(l.ending_0_or_5 == 3);
  CHECK(l.share_0_or_5 == doctest::Approx(0.75));
  CHECK(l.heaping_p_value == doctest::Approx(0.0272).epsilon(1e-12));
  CHECK(l.whipple == doctest::Approx(375.0));
  CHECK(l.ending_0 == 2);
  CHECK(l.share_0 == doctest::Approx(0.5));
  CHECK(l.rounding_p_value == doctest::Approx(1 - std::pow(0.9, 4) - 4 * 0.1 * std::pow(0.9, 3)).epsilon(1e-12));
}

TEST_CASE("last_digit_test: every value rounded to tens gives the extreme index and p-value") {
  std::vector<double> x;
  for (int i = 1; i <= 40; ++i) x.push_back(100.0 * i + 10 * (i % 7));
  const auto l = povstat::last_digit_test(x);
  CHECK(l.share_0 == 1.0);
  CHECK(l.whipple == doctest::Approx(500.0));
  CHECK(l.heaping_p_value == doctest::Approx(std::pow(0.2, 40)).epsilon(1e-10));   // all 40 end in 0 or 5
  CHECK(l.rounding_p_value == doctest::Approx(std::pow(0.1, 40)).epsilon(1e-10));
  REQUIRE(l.last_two);
  CHECK(l.last_two->small_sample);  // 40 values < 500
}

TEST_CASE("last_digit_test rejects bad input with messages naming it") {
  const std::vector<double> none;
  CHECK_THROWS_AS(povstat::last_digit_test(none), povstat::insufficient_data);
  CHECK(message_of([&] { povstat::last_digit_test(none); }) ==
        "povstat::last_digit_test: values has 0 values, but needs at least 1 (an empty sample has no digits)");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(povstat::last_digit_test(std::vector<double>{12, nan}), povstat::invalid_input);
  CHECK(message_of([&] { povstat::last_digit_test(std::vector<double>{12, nan}); }) ==
        "povstat::last_digit_test: values[1] is nan, but must be finite");
  CHECK(message_of([&] { povstat::last_digit_test(std::vector<double>{12, 13, -20}); }) ==
        "povstat::last_digit_test: values[2] is -20, but must be >= 0");
  CHECK_THROWS_AS(povstat::last_digit_test(std::vector<double>{12, 2.5}), povstat::invalid_input);
  CHECK(message_of([&] { povstat::last_digit_test(std::vector<double>{12, 2.5}); }) ==
        "povstat::last_digit_test: values[1] is 2.5, but must be a whole number (the test reads the last digits of counts)");
  CHECK_THROWS_AS(povstat::last_digit_test(std::vector<int>{1, 9, 0}), povstat::insufficient_data);
  CHECK(message_of([&] { povstat::last_digit_test(std::vector<int>{1, 9, 0}); }) ==
        "povstat::last_digit_test: no value is >= 10 (3 values below 10, whose last digit is their first digit)");
}
