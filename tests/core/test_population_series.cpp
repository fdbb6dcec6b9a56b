// Tests of core/population_series.hpp: construction from every accepted input, the
// accessors, headcount_ratio, slice, value_at, equality, and every invariant the
// constructor enforces, each with its exception type and full message.
//
// Expected values are written by hand; the only arithmetic (headcount ratios) is a
// single correctly rounded IEEE division, so exact comparison is justified.

#include "povstat/core/population_series.hpp"

#include <doctest/doctest.h>

#include "special_values.hpp"

#include <Eigen/Core>
#include <array>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

using povstat::insufficient_data;
using povstat::invalid_input;
using povstat::population_series;

namespace {

using special::not_a_number;
using special::inf;

template <class T>
std::vector<T> as_vector(std::span<const T> values) {
  return {values.begin(), values.end()};
}

// Functions, so that braced lists keep their commas out of doctest's macros.
population_series<double> make(const std::vector<double>& years, const std::vector<double>& poor) {
  return population_series(years, poor);
}

population_series<double> make(const std::vector<double>& years, const std::vector<double>& poor,
                               const std::vector<double>& population) {
  return population_series(years, poor, population);
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Construction

TEST_CASE("population_series is built from vectors of double") {
  const std::vector<double> years{2010, 2011, 2013};
  const std::vector<double> poor{165.67e6, 122.38e6, 82.49e6};
  const population_series s(years, poor);
  static_assert(std::is_same_v<decltype(s), const population_series<double>>);
  static_assert(std::is_same_v<population_series<double>::value_type, double>);

  CHECK(s.size() == 3);
  CHECK(as_vector(s.years()) == years);
  CHECK(as_vector(s.poor()) == poor);
  CHECK_FALSE(s.has_population());
  CHECK(s.population().empty());
}

TEST_CASE("integer input deduces population_series<double>") {
  const population_series s(std::vector<int>{2010, 2011}, std::vector<int>{7, 5});
  static_assert(std::is_same_v<decltype(s), const population_series<double>>);
  CHECK(as_vector(s.years()) == std::vector<double>{2010, 2011});
  CHECK(as_vector(s.poor()) == std::vector<double>{7, 5});

  const population_series with(std::vector<int>{2010, 2011}, std::vector<long>{7, 5},
                               std::vector<unsigned>{10, 20});
  static_assert(std::is_same_v<decltype(with), const population_series<double>>);
  CHECK(as_vector(with.population()) == std::vector<double>{10, 20});
}

TEST_CASE("population_series accepts std::array, std::span, C arrays and Eigen vectors") {
  const population_series<double> expected{{2010, 2011, 2012}, {9, 6, 4}, {90, 91, 92}};

  SUBCASE("std::array") {
    const std::array<int, 3> years{2010, 2011, 2012};
    const std::array<double, 3> poor{9, 6, 4};
    const std::array<double, 3> population{90, 91, 92};
    const population_series s(years, poor, population);
    static_assert(std::is_same_v<decltype(s), const population_series<double>>);
    CHECK(s == expected);
  }
  SUBCASE("std::span") {
    const std::vector<double> years{2010, 2011, 2012}, poor{9, 6, 4}, population{90, 91, 92};
    const std::span<const double> years_view(years), poor_view(poor), population_view(population);
    const population_series s(years_view, poor_view, population_view);
    static_assert(std::is_same_v<decltype(s), const population_series<double>>);
    CHECK(s == expected);
  }
  SUBCASE("C arrays") {
    const int years[] = {2010, 2011, 2012};
    const int poor[] = {9, 6, 4};
    const int population[] = {90, 91, 92};
    const population_series s(years, poor, population);
    static_assert(std::is_same_v<decltype(s), const population_series<double>>);
    CHECK(s == expected);
  }
  SUBCASE("Eigen::VectorXd") {
    Eigen::VectorXd years(3), poor(3), population(3);
    years << 2010, 2011, 2012;
    poor << 9, 6, 4;
    population << 90, 91, 92;
    const population_series s(years, poor, population);
    static_assert(std::is_same_v<decltype(s), const population_series<double>>);
    CHECK(s == expected);
  }
  SUBCASE("Eigen::VectorXi gives double, like every integer input") {
    Eigen::VectorXi years(3), poor(3);
    years << 2010, 2011, 2012;
    poor << 9, 6, 4;
    const population_series s(years, poor);
    static_assert(std::is_same_v<decltype(s), const population_series<double>>);
    CHECK(as_vector(s.poor()) == std::vector<double>{9, 6, 4});
  }
}

TEST_CASE("ranges of bool, characters or text are not accepted as numbers") {
  static_assert(!std::is_constructible_v<population_series<double>, std::vector<bool>, std::vector<int>>);
  static_assert(!std::is_constructible_v<population_series<double>, std::vector<int>, std::vector<char>>);
  static_assert(
      !std::is_constructible_v<population_series<double>, std::vector<int>, std::vector<std::string>>);
  // The same vectors of int are accepted.
  static_assert(std::is_constructible_v<population_series<double>, std::vector<int>, std::vector<int>>);
  CHECK(population_series<double>(std::vector<int>{2010}, std::vector<int>{3}).poor()[0] == 3);
}

TEST_CASE("population_series is built from braced lists") {
  const population_series<double> s{{2010, 2011}, {165.67e6, 122.38e6}};
  CHECK(as_vector(s.years()) == std::vector<double>{2010, 2011});
  CHECK(as_vector(s.poor()) == std::vector<double>{165.67e6, 122.38e6});
  CHECK_FALSE(s.has_population());

  const population_series<double> with{{2010, 2011}, {165.67e6, 122.38e6}, {1340.91e6, 1347.35e6}};
  CHECK(with.has_population());
  CHECK(as_vector(with.population()) == std::vector<double>{1340.91e6, 1347.35e6});
}

TEST_CASE("the floating type of the series follows the poor counts") {
  // Years of int, poor of float: the series computes in float.
  const population_series s(std::vector<int>{2010, 2011}, std::vector<float>{1.5f, 0.5f});
  static_assert(std::is_same_v<decltype(s), const population_series<float>>);
  const population_series l(std::vector<double>{2010, 2011}, std::vector<long double>{1.5L, 0.5L});
  static_assert(std::is_same_v<decltype(l), const population_series<long double>>);
  CHECK(l.poor()[1] == 0.5L);
}

TEST_CASE_TEMPLATE("population_series works in float, double and long double", T, float, double,
                   long double) {
  const population_series<T> s{{2010, T(2011.5), 2013}, {30, 12, 6}, {120, 60, 48}};
  static_assert(std::is_same_v<typename population_series<T>::value_type, T>);
  CHECK(s.size() == 3);
  CHECK(s.years()[1] == T(2011.5));
  CHECK(s.value_at(T(2011.5)) == std::optional<T>(T(12)));
  // 30/120 = 0.25, 12/60 = 0.2 (correctly rounded, so equal to the literal), 6/48 = 0.125.
  CHECK(s.headcount_ratio() == std::vector<T>{T(0.25), static_cast<T>(0.2L), T(0.125)});

  // Messages show each type's own shortest digits.
  CHECK_THROWS_WITH_AS((population_series<T>{{2010, 2011}, {1, static_cast<T>(-0.1L)}}),
                       "povstat::population_series: poor[1] (year 2011) is -0.1, but must be >= 0",
                       invalid_input);
  CHECK_THROWS_WITH_AS((population_series<T>{{2010, T(2011.5)}, {1, 2}, {1, static_cast<T>(1.9L)}}),
                       "povstat::population_series: population[1] (year 2011.5) is 1.9, but must be "
                       ">= poor[1] (year 2011.5) = 2",
                       invalid_input);
}

// ---------------------------------------------------------------------------------------
// Accessors and derived values

TEST_CASE("a single year is a valid series") {
  const population_series<double> s{{2020}, {0}};
  CHECK(s.size() == 1);
  CHECK(s.poor()[0] == 0);
}

TEST_CASE("zero poor and population equal to poor are accepted") {
  const population_series<double> s{{2010, 2011}, {0, 50}, {10, 50}};
  CHECK(s.headcount_ratio() == std::vector<double>{0, 1});
}

TEST_CASE("headcount_ratio divides poor by population at each year") {
  const population_series<double> s{{2010, 2011, 2012}, {10, 30, 7}, {100, 120, 7}};
  // 10/100 rounds to the double nearest 0.1, the literal 0.1; 30/120 = 0.25; 7/7 = 1.
  CHECK(s.headcount_ratio() == std::vector<double>{0.1, 0.25, 1});
}

TEST_CASE("headcount_ratio needs population") {
  const population_series<double> s{{2010, 2011}, {10, 30}};
  CHECK_THROWS_WITH_AS(s.headcount_ratio(),
                       "povstat::population_series::headcount_ratio: the series has no population, "
                       "but the headcount ratio needs it (construct the series with years, poor and "
                       "population)",
                       invalid_input);
}

// ---------------------------------------------------------------------------------------
// slice

TEST_CASE("slice keeps the years in the closed interval, with their counts and population") {
  const population_series<double> s{
      {2010, 2011, 2012.5, 2014, 2015}, {50, 40, 30, 20, 10}, {500, 510, 520, 530, 540}};

  SUBCASE("both bounds are years of the series, and both are kept") {
    CHECK(s.slice(2011, 2014) ==
          population_series<double>{{2011, 2012.5, 2014}, {40, 30, 20}, {510, 520, 530}});
  }
  SUBCASE("bounds between years") {
    CHECK(s.slice(2010.5, 2013) == population_series<double>{{2011, 2012.5}, {40, 30}, {510, 520}});
  }
  SUBCASE("one year, from == to") {
    CHECK(s.slice(2012.5, 2012.5) == population_series<double>{{2012.5}, {30}, {520}});
  }
  SUBCASE("bounds reaching beyond the series") {
    CHECK(s.slice(2000, 2010) == population_series<double>{{2010}, {50}, {500}});
    CHECK(s.slice(2015, 2100) == population_series<double>{{2015}, {10}, {540}});
    CHECK(s.slice(-inf, inf) == s);
  }
}

TEST_CASE("slice of a series without population has no population") {
  const population_series<double> s{{2010, 2011, 2012}, {50, 40, 30}};
  const auto part = s.slice(2011, 2012);
  CHECK_FALSE(part.has_population());
  CHECK(part == population_series<double>{{2011, 2012}, {40, 30}});
}

TEST_CASE("slice rejects NaN bounds and from_year > to_year") {
  const population_series<double> s{{2010, 2011, 2012}, {50, 40, 30}};
  CHECK_THROWS_WITH_AS(s.slice(not_a_number, 2012),
                       "povstat::population_series::slice: from_year is nan, but must be a number",
                       invalid_input);
  CHECK_THROWS_WITH_AS(s.slice(2010, not_a_number),
                       "povstat::population_series::slice: to_year is nan, but must be a number",
                       invalid_input);
  CHECK_THROWS_WITH_AS(s.slice(2012, 2010.5),
                       "povstat::population_series::slice: from_year is 2012, but must be <= to_year "
                       "= 2010.5",
                       invalid_input);
}

TEST_CASE("slice with no year of the series in the interval is insufficient_data") {
  const population_series<double> s{{2010, 2011, 2015}, {50, 40, 30}};
  CHECK_THROWS_WITH_AS(s.slice(2011.5, 2014.25),
                       "povstat::population_series::slice: no year of the series lies in "
                       "[2011.5, 2014.25]; the series covers 2010 to 2015",
                       insufficient_data);
  CHECK_THROWS_WITH_AS(s.slice(1990, 2009),
                       "povstat::population_series::slice: no year of the series lies in "
                       "[1990, 2009]; the series covers 2010 to 2015",
                       insufficient_data);
  CHECK_THROWS_WITH_AS(s.slice(2016, 2016),
                       "povstat::population_series::slice: no year of the series lies in "
                       "[2016, 2016]; the series covers 2010 to 2015",
                       insufficient_data);
}

// ---------------------------------------------------------------------------------------
// value_at

TEST_CASE("value_at gives the count at a year of the series, and nothing elsewhere") {
  const population_series<double> s{{2010, 2011, 2012.5}, {50, 40, 30}};
  CHECK(s.value_at(2010) == std::optional<double>(50));
  CHECK(s.value_at(2012.5) == std::optional<double>(30));
  CHECK(s.value_at(2012) == std::nullopt);       // absent year inside the range
  CHECK(s.value_at(2011.25) == std::nullopt);    // fractional year between two years
  CHECK(s.value_at(2009) == std::nullopt);       // before the first year
  CHECK(s.value_at(2013) == std::nullopt);       // after the last year
  CHECK(s.value_at(2010.000001) == std::nullopt);  // near, but not exactly, a year
  CHECK(s.value_at(not_a_number) == std::nullopt);
}

// ---------------------------------------------------------------------------------------
// Equality

TEST_CASE("series are equal when years, poor and population are equal") {
  const population_series<double> a{{2010, 2011}, {5, 4}, {50, 40}};
  CHECK(a == population_series(std::vector<int>{2010, 2011}, std::vector<int>{5, 4},
                               std::vector<int>{50, 40}));
  CHECK_FALSE(a == population_series<double>{{2010, 2012}, {5, 4}, {50, 40}});
  CHECK_FALSE(a == population_series<double>{{2010, 2011}, {5, 3}, {50, 40}});
  CHECK_FALSE(a == population_series<double>{{2010, 2011}, {5, 4}, {50, 41}});
  CHECK_FALSE(a == population_series<double>{{2010, 2011}, {5, 4}});  // population absent
  CHECK(a != population_series<double>{{2010}, {5}, {50}});
}

// ---------------------------------------------------------------------------------------
// Invariants: sizes

TEST_CASE("poor must have as many values as years") {
  CHECK_THROWS_WITH_AS(make({2010, 2011, 2012}, {1, 2}),
                       "povstat::population_series: poor has 2 values, but must have 3 (as many as "
                       "years)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(make({2010, 2011}, {1, 2, 3}),
                       "povstat::population_series: poor has 3 values, but must have 2 (as many as "
                       "years)",
                       invalid_input);
}

TEST_CASE("population must have as many values as years") {
  CHECK_THROWS_WITH_AS(make({2010, 2011, 2012}, {1, 2, 3}, {10}),
                       "povstat::population_series: population has 1 value, but must have 3 (as "
                       "many as years)",
                       invalid_input);
}

TEST_CASE("an empty population passed explicitly is a size mismatch, not an absent population") {
  CHECK_THROWS_WITH_AS(make({2010, 2011}, {1, 2}, {}),
                       "povstat::population_series: population has 0 values, but must have 2 (as "
                       "many as years)",
                       invalid_input);
}

TEST_CASE("a series without any year is insufficient_data") {
  const std::string message =
      "povstat::population_series: years has 0 values, but needs at least 1 (a series holds at "
      "least one year)";
  CHECK_THROWS_WITH_AS(make({}, {}), message.c_str(), insufficient_data);
  CHECK_THROWS_WITH_AS(make({}, {}, {}), message.c_str(), insufficient_data);
}

// ---------------------------------------------------------------------------------------
// Invariants: values

TEST_CASE("years must be finite") {
  CHECK_THROWS_WITH_AS(make({2010, not_a_number, 2012}, {1, 2, 3}),
                       "povstat::population_series: years[1] is nan, but must be finite",
                       invalid_input);
  CHECK_THROWS_WITH_AS(make({2010, 2011, inf}, {1, 2, 3}),
                       "povstat::population_series: years[2] is inf, but must be finite",
                       invalid_input);
  CHECK_THROWS_WITH_AS(make({-inf, 2011}, {1, 2}),
                       "povstat::population_series: years[0] is -inf, but must be finite",
                       invalid_input);
}

TEST_CASE("years must be strictly increasing") {
  SUBCASE("decreasing") {
    CHECK_THROWS_WITH_AS(make({2010, 2012, 2011}, {1, 2, 3}),
                         "povstat::population_series: years[2] is 2011, but must be > years[1] = "
                         "2012 (strictly increasing)",
                         invalid_input);
  }
  SUBCASE("duplicate") {
    CHECK_THROWS_WITH_AS(make({2010, 2010.5, 2010.5}, {1, 2, 3}),
                         "povstat::population_series: years[2] is 2010.5, but must be > years[1] = "
                         "2010.5 (strictly increasing)",
                         invalid_input);
  }
}

TEST_CASE("poor must be finite") {
  CHECK_THROWS_WITH_AS(make({2010, 2011}, {1, not_a_number}),
                       "povstat::population_series: poor[1] (year 2011) is nan, but must be finite",
                       invalid_input);
  CHECK_THROWS_WITH_AS(make({2010, 2011}, {inf, 1}),
                       "povstat::population_series: poor[0] (year 2010) is inf, but must be finite",
                       invalid_input);
  CHECK_THROWS_WITH_AS(make({2010, 2011}, {1, -inf}),
                       "povstat::population_series: poor[1] (year 2011) is -inf, but must be finite",
                       invalid_input);
}

TEST_CASE("poor must be >= 0") {
  CHECK_THROWS_WITH_AS(make({2010, 2011}, {3, -2}),
                       "povstat::population_series: poor[1] (year 2011) is -2, but must be >= 0",
                       invalid_input);
  CHECK_THROWS_WITH_AS(make({2010.25, 2011}, {-0.5, 2}),
                       "povstat::population_series: poor[0] (year 2010.25) is -0.5, but must be >= 0",
                       invalid_input);
  CHECK_THROWS_WITH_AS(population_series(std::vector<int>{2010, 2011}, std::vector<int>{1, -7}),
                       "povstat::population_series: poor[1] (year 2011) is -7, but must be >= 0",
                       invalid_input);
}

TEST_CASE("population must be finite") {
  CHECK_THROWS_WITH_AS(make({2010, 2011}, {1, 2}, {not_a_number, 20}),
                       "povstat::population_series: population[0] (year 2010) is nan, but must be "
                       "finite",
                       invalid_input);
  CHECK_THROWS_WITH_AS(make({2010, 2011}, {1, 2}, {10, inf}),
                       "povstat::population_series: population[1] (year 2011) is inf, but must be "
                       "finite",
                       invalid_input);
}

TEST_CASE("population must be > 0") {
  // poor = 0 so that only the positivity rule can fail.
  CHECK_THROWS_WITH_AS(make({2010, 2011}, {0, 0}, {10, 0}),
                       "povstat::population_series: population[1] (year 2011) is 0, but must be > 0",
                       invalid_input);
  CHECK_THROWS_WITH_AS(make({2010, 2011}, {0, 0}, {-100, 10}),
                       "povstat::population_series: population[0] (year 2010) is -100, but must be "
                       "> 0",
                       invalid_input);
}

TEST_CASE("population must be >= poor") {
  CHECK_THROWS_WITH_AS(make({2010, 2011}, {5, 6}, {10, 5}),
                       "povstat::population_series: population[1] (year 2011) is 5, but must be >= "
                       "poor[1] (year 2011) = 6",
                       invalid_input);
  CHECK_THROWS_WITH_AS(make({2010}, {165.67e6}, {165.66e6}),
                       "povstat::population_series: population[0] (year 2010) is 165660000, but "
                       "must be >= poor[0] (year 2010) = 165670000",
                       invalid_input);
}

// ---------------------------------------------------------------------------------------
// Order of the checks: sizes, then years, then poor, then population

TEST_CASE("sizes are checked before any value") {
  // poor's size is wrong and years has a NaN: the size is reported.
  CHECK_THROWS_WITH_AS(make({2010, not_a_number}, {-1}),
                       "povstat::population_series: poor has 1 value, but must have 2 (as many as "
                       "years)",
                       invalid_input);
  // population's size is wrong and years decrease.
  CHECK_THROWS_WITH_AS(make({2011, 2010}, {1, 2}, {5}),
                       "povstat::population_series: population has 1 value, but must have 2 (as "
                       "many as years)",
                       invalid_input);
  // poor's size is checked before population's.
  CHECK_THROWS_WITH_AS(make({2010, 2011}, {1}, {5}),
                       "povstat::population_series: poor has 1 value, but must have 2 (as many as "
                       "years)",
                       invalid_input);
  // A size mismatch with no year at all is a size mismatch (invalid_input), not insufficient_data.
  CHECK_THROWS_WITH_AS(make({}, {1}),
                       "povstat::population_series: poor has 1 value, but must have 0 (as many as "
                       "years)",
                       invalid_input);
}

TEST_CASE("years are checked before poor") {
  CHECK_THROWS_WITH_AS(make({2011, 2010}, {-1, not_a_number}),
                       "povstat::population_series: years[1] is 2010, but must be > years[0] = 2011 "
                       "(strictly increasing)",
                       invalid_input);
}

TEST_CASE("poor is checked before population") {
  CHECK_THROWS_WITH_AS(make({2010, 2011}, {1, -2}, {0, not_a_number}),
                       "povstat::population_series: poor[1] (year 2011) is -2, but must be >= 0",
                       invalid_input);
}

TEST_CASE("within poor and population, every value is checked finite before the other rules") {
  // poor[0] is negative, poor[1] is NaN: finiteness is checked first, over all values.
  CHECK_THROWS_WITH_AS(make({2010, 2011}, {-1, not_a_number}),
                       "povstat::population_series: poor[1] (year 2011) is nan, but must be finite",
                       invalid_input);
  // population[0] is below poor, population[1] is 0: positivity comes before >= poor.
  CHECK_THROWS_WITH_AS(make({2010, 2011}, {5, 0}, {4, 0}),
                       "povstat::population_series: population[1] (year 2011) is 0, but must be > 0",
                       invalid_input);
}
