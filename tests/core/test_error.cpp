// Tests of core/error.hpp: the exception types and the one message format.
//
// Expected texts of detail::format_number follow from its rule, "the shortest text
// that reads back to exactly the value, in fixed or scientific notation, whichever is
// shorter (fixed on a tie)" (std::to_chars without a format), applied by hand:
// e.g. 1e6 is "1e+06" (5 characters) rather than "1000000" (7).

#include "povstat/core/error.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace pd = povstat::detail;

TEST_CASE("invalid_input and insufficient_data are std::invalid_argument, distinct from each other") {
  static_assert(std::is_base_of_v<std::invalid_argument, povstat::invalid_input>);
  static_assert(std::is_base_of_v<std::invalid_argument, povstat::insufficient_data>);
  static_assert(!std::is_base_of_v<povstat::invalid_input, povstat::insufficient_data>);
  static_assert(!std::is_base_of_v<povstat::insufficient_data, povstat::invalid_input>);

  // A handler written for the standard type catches both, message intact.
  CHECK_THROWS_WITH_AS(pd::raise<povstat::invalid_input>("f", "bad value"), "povstat::f: bad value",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(pd::raise<povstat::insufficient_data>("f", "too few points"),
                       "povstat::f: too few points", std::invalid_argument);
}

TEST_CASE("convergence_error is a std::runtime_error, not a std::invalid_argument") {
  static_assert(std::is_base_of_v<std::runtime_error, povstat::convergence_error>);
  static_assert(!std::is_base_of_v<std::invalid_argument, povstat::convergence_error>);

  CHECK_THROWS_WITH_AS(pd::raise<povstat::convergence_error>("fit_poisson", "no convergence"),
                       "povstat::fit_poisson: no convergence", std::runtime_error);
}

TEST_CASE("error_message prefixes the function with povstat:: and a colon") {
  CHECK(pd::error_message("fit_loglinear", "the design is singular") ==
        "povstat::fit_loglinear: the design is singular");
  CHECK(pd::error_message("population_series::slice", "x") == "povstat::population_series::slice: x");
  CHECK(pd::error_message("f", "") == "povstat::f: ");
}

TEST_CASE("raise throws invalid_input by default, or the type asked for") {
  CHECK_THROWS_WITH_AS(pd::raise("fit_loglinear", "the design is singular"),
                       "povstat::fit_loglinear: the design is singular", povstat::invalid_input);
  CHECK_THROWS_WITH_AS(pd::raise<povstat::insufficient_data>("fit_loglinear", "one point"),
                       "povstat::fit_loglinear: one point", povstat::insufficient_data);
  CHECK_THROWS_WITH_AS(pd::raise<povstat::convergence_error>("fit_loglinear", "50 iterations"),
                       "povstat::fit_loglinear: 50 iterations", povstat::convergence_error);
}

TEST_CASE("raise_value states subject, value and rule in the one format") {
  SUBCASE("the example of the design guide") {
    CHECK_THROWS_WITH_AS(pd::raise_value("fit_loglinear", "poor[3] (year 2015)", -2.0, ">= 0"),
                         "povstat::fit_loglinear: poor[3] (year 2015) is -2, but must be >= 0",
                         povstat::invalid_input);
  }
  SUBCASE("integer values") {
    CHECK_THROWS_WITH_AS(
        pd::raise_value("regional_cohort::parent", "region", std::size_t{7}, "< 3"),
        "povstat::regional_cohort::parent: region is 7, but must be < 3", povstat::invalid_input);
    CHECK_THROWS_WITH_AS(pd::raise_value("f", "k", -4, "> 0"), "povstat::f: k is -4, but must be > 0",
                         povstat::invalid_input);
  }
  SUBCASE("floating values of each type, shortest text") {
    CHECK_THROWS_WITH_AS(pd::raise_value("f", "x", 0.1f, "< 0"), "povstat::f: x is 0.1, but must be < 0",
                         povstat::invalid_input);
    CHECK_THROWS_WITH_AS(pd::raise_value("f", "x", 0.1L, "< 0"), "povstat::f: x is 0.1, but must be < 0",
                         povstat::invalid_input);
    CHECK_THROWS_WITH_AS(pd::raise_value("f", "x", std::numeric_limits<double>::quiet_NaN(), "finite"),
                         "povstat::f: x is nan, but must be finite", povstat::invalid_input);
  }
  SUBCASE("text values in single quotes") {
    CHECK_THROWS_WITH_AS(pd::raise_value("f", "regions[1]", std::string("East"), "unique"),
                         "povstat::f: regions[1] is 'East', but must be unique", povstat::invalid_input);
    CHECK_THROWS_WITH_AS(pd::raise_value("f", "regions[0]", std::string(), "a non-empty name"),
                         "povstat::f: regions[0] is '', but must be a non-empty name",
                         povstat::invalid_input);
  }
  SUBCASE("the exception type asked for") {
    CHECK_THROWS_WITH_AS(
        pd::raise_value<povstat::insufficient_data>("fit_poisson", "years", std::size_t{1}, ">= 2"),
        "povstat::fit_poisson: years is 1, but must be >= 2", povstat::insufficient_data);
    CHECK_THROWS_WITH_AS(
        pd::raise_value<povstat::convergence_error>("fit_poisson", "deviance change", 0.5, "< 1e-08"),
        "povstat::fit_poisson: deviance change is 0.5, but must be < 1e-08",
        povstat::convergence_error);
  }
}

TEST_CASE("format_value shows numbers as format_number does and text in single quotes") {
  CHECK(pd::format_value(2015.5) == "2015.5");
  CHECK(pd::format_value(0.1f) == "0.1");
  CHECK(pd::format_value(std::size_t{3}) == "3");
  CHECK(pd::format_value(std::string_view("East")) == "'East'");
  CHECK(pd::format_value(std::string_view()) == "''");
}

TEST_CASE("reason is the text after the function of a povstat message") {
  CHECK(pd::reason(povstat::invalid_input("povstat::f: poor[0] is -1, but must be >= 0")) ==
        "poor[0] is -1, but must be >= 0");
  // Only the first ": " separates the function; later ones belong to the reason.
  CHECK(pd::reason(povstat::invalid_input("povstat::population_series::slice: a: b")) == "a: b");
  CHECK(pd::reason(std::runtime_error("no separator")) == "no separator");
}

TEST_CASE_TEMPLATE("format_number gives the shortest round-trip text for every floating type", T, float,
                   double, long double) {
  using limits = std::numeric_limits<T>;
  CHECK(pd::format_number(T(0)) == "0");
  CHECK(pd::format_number(-T(0)) == "-0");
  CHECK(pd::format_number(T(-2)) == "-2");
  CHECK(pd::format_number(T(0.5)) == "0.5");
  CHECK(pd::format_number(T(2015)) == "2015");
  CHECK(pd::format_number(T(2015.5)) == "2015.5");
  // The nearest value of each type to 0.1 reads back from "0.1".
  CHECK(pd::format_number(static_cast<T>(0.1L)) == "0.1");
  CHECK(pd::format_number(static_cast<T>(-0.1L)) == "-0.1");
  // 165670000 = 10354375 * 16 is exact even in float; fixed (9 chars) beats "1.6567e+08" (10).
  CHECK(pd::format_number(T(165670000)) == "165670000");
  // Whole numbers the type holds exactly (below 2^digits: 2^24 float, 2^53 double, 2^64 long
  // double) are plain digits even where scientific is shorter ("1000000", not "1e+06");
  // counts of people read as counts. Otherwise scientific wins when shorter: "1e-04" (5)
  // vs "0.0001" (6), and 1e30 (far above 2^64) is "1e+30".
  CHECK(pd::format_number(T(1000000)) == "1000000");
  CHECK(pd::format_number(T(-3000000)) == "-3000000");
  CHECK(pd::format_number(static_cast<T>(1e-4L)) == "1e-04");
  CHECK(pd::format_number(static_cast<T>(1e30L)) == "1e+30");
  CHECK(pd::format_number(limits::quiet_NaN()) == "nan");
  CHECK(pd::format_number(-limits::quiet_NaN()) == "nan");  // the sign of a NaN is not shown
  CHECK(pd::format_number(limits::infinity()) == "inf");
  CHECK(pd::format_number(-limits::infinity()) == "-inf");
}

TEST_CASE("format_number of float uses float's shortest digits") {
  // 1/3 in float is 0.3333333432674407958984375: "0.33333334" (8 digits) is the closest
  // 8-digit text that reads back; 7 digits ("0.3333333") read back to a different float.
  CHECK(pd::format_number(1.0f / 3.0f) == "0.33333334");
  CHECK(pd::format_number(16777216.0f) == "16777216");  // 2^24
  CHECK(pd::format_number(std::numeric_limits<float>::max()) == "3.4028235e+38");
  // Smallest subnormal 2^-149 = 1.401e-45: "1e-45" reads back to it.
  CHECK(pd::format_number(std::numeric_limits<float>::denorm_min()) == "1e-45");
}

TEST_CASE("format_number of double uses double's shortest digits") {
  CHECK(pd::format_number(0.1 + 0.2) == "0.30000000000000004");
  CHECK(pd::format_number(1.0 / 3.0) == "0.3333333333333333");
  CHECK(pd::format_number(1e300) == "1e+300");
  CHECK(pd::format_number(1e16) == "1e+16");
  CHECK(pd::format_number(9007199254740992.0) == "9007199254740992");  // 2^53: fixed is shorter
  CHECK(pd::format_number(std::numeric_limits<double>::max()) == "1.7976931348623157e+308");
  // Smallest subnormal 2^-1074 = 4.94e-324: "5e-324" reads back to it.
  CHECK(pd::format_number(std::numeric_limits<double>::denorm_min()) == "5e-324");
  // The float nearest 0.1 is 0.100000001490116119384765625; 17 digits identify it as a double.
  CHECK(pd::format_number(static_cast<double>(0.1f)) == "0.10000000149011612");
}

TEST_CASE("format_number of long double uses long double's shortest digits") {
  CHECK(pd::format_number(1e4000L) == "1e+4000");  // beyond double's range
  // Hand derivations for the x87 80-bit format (64-bit significand), long double on x86-64.
  if constexpr (std::numeric_limits<long double>::digits == 64) {
    // 1/3 rounds up to 1/3 + (1/3)*2^-65 = 1/3 + 9.0e-21; half an ulp is 2^-66 = 1.4e-20, so
    // 19 threes (off by 3.3e-20) do not read back and the closest 20-digit text ends in 4.
    CHECK(pd::format_number(1.0L / 3.0L) == "0.33333333333333333334");
    // The double nearest 0.1 is 0.1000000000000000055511151231257827...; as a long double
    // (ulp 2^-67 = 6.8e-21 there) it needs 20 digits.
    CHECK(pd::format_number(static_cast<long double>(0.1)) == "0.10000000000000000555");
    // Smallest subnormal 2^-16445 = 3.65e-4951: "4e-4951" is the closest one-digit text.
    CHECK(pd::format_number(std::numeric_limits<long double>::denorm_min()) == "4e-4951");
  } else {
    MESSAGE("long double is not the x87 80-bit format here; its digit checks are skipped");
  }
}

TEST_CASE("format_number of integers is their decimal text") {
  CHECK(pd::format_number(0) == "0");
  CHECK(pd::format_number(-3) == "-3");
  CHECK(pd::format_number(std::size_t{2015}) == "2015");
  CHECK(pd::format_number(1000000LL) == "1000000");  // integers never switch to scientific
}
