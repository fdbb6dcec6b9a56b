// Tests of measure/grouped_data.hpp: construction of grouped_data from cumulative shares
// (every accepted input) and from classes (as Datt 1998 tabulates them), and every invariant the
// constructor and from_classes enforce, each with its exception type and full message.
//
// Expected values: the cumulative shares of Datt's classes come from
// tests/reference/grouped_data.py (40-digit arithmetic; povstat cumulates with compensated
// sums, so they agree to a few ulps: 1e-15 relative is asserted); the rest is written by hand.

#include "povstat/measure/grouped_data.hpp"

#include <doctest/doctest.h>

#include <Eigen/Core>
#include <array>
#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "grouped_test_support.hpp"

using povstat::grouped_data;
using povstat::insufficient_data;
using povstat::invalid_input;

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

// A small valid table: four classes of 10%, 40%, 40% and 10% of persons with means 20, 50,
// 100 and 180 (overall mean 80).
const std::vector<double> small_p{0.1, 0.5, 0.9, 1};
const std::vector<double> small_lorenz{0.025, 0.275, 0.775, 1};

grouped_data<double> make(const std::vector<double>& p, const std::vector<double>& lorenz,
                          double mean = 80) {
  return grouped_data(p, lorenz, mean);
}

grouped_data<double> classes(const std::vector<double>& population,
                             const std::vector<double>& class_mean) {
  return grouped_data<double>::from_classes(population, class_mean);
}

grouped_data<double> classes(const std::vector<double>& population,
                             const std::vector<double>& class_mean, double mean) {
  return grouped_data<double>::from_classes(population, class_mean, mean);
}

std::vector<double> as_vector(std::span<const double> values) { return {values.begin(), values.end()}; }

}  // namespace

// ---------------------------------------------------------------------------------------
// Construction

TEST_CASE("grouped_data is built from cumulative shares and a mean") {
  const grouped_data d(small_p, small_lorenz, 80.0);
  static_assert(std::is_same_v<decltype(d), const grouped_data<double>>);
  CHECK(d.size() == 4);
  CHECK(as_vector(d.p()) == small_p);
  CHECK(as_vector(d.lorenz()) == small_lorenz);
  CHECK(d.mean() == 80);
}

TEST_CASE("grouped_data accepts braced lists, std::array, C arrays, spans and Eigen vectors") {
  const grouped_data<double> expected{{0.1, 0.5, 0.9, 1}, {0.025, 0.275, 0.775, 1}, 80};
  CHECK(expected == make(small_p, small_lorenz));

  const std::array<double, 4> p{0.1, 0.5, 0.9, 1}, lorenz{0.025, 0.275, 0.775, 1};
  CHECK(grouped_data(p, lorenz, 80) == expected);  // an integer mean is fine

  const double p_array[] = {0.1, 0.5, 0.9, 1};
  const double lorenz_array[] = {0.025, 0.275, 0.775, 1};
  CHECK(grouped_data(p_array, lorenz_array, 80.0) == expected);

  CHECK(grouped_data(std::span<const double>(small_p), std::span<const double>(small_lorenz), 80.0) ==
        expected);

  Eigen::VectorXd p_eigen(4), lorenz_eigen(4);
  p_eigen << 0.1, 0.5, 0.9, 1;
  lorenz_eigen << 0.025, 0.275, 0.775, 1;
  const grouped_data from_eigen(p_eigen, lorenz_eigen, 80.0);
  static_assert(std::is_same_v<decltype(from_eigen), const grouped_data<double>>);
  CHECK(from_eigen == expected);
}

TEST_CASE("grouped_data of float stays float") {
  const std::vector<float> p{0.1f, 0.5f, 0.9f, 1}, lorenz{0.025f, 0.275f, 0.775f, 1};
  const grouped_data d(p, lorenz, 80.0f);
  static_assert(std::is_same_v<decltype(d), const grouped_data<float>>);
  CHECK(d.mean() == 80.0f);
}

TEST_CASE("grouped_data reads a last share within 1e-9 of 1 as exactly 1") {
  // cumsum(w) / sum(w) may end a few ulps away from 1.
  const grouped_data d = make({0.1, 0.5, 0.9, 1 - 3e-16}, {0.025, 0.275, 0.775, 1 + 4e-16});
  CHECK(d.p().back() == 1);
  CHECK(d.lorenz().back() == 1);
  CHECK_NOTHROW(make({0.1, 0.5, 0.9, 1 - 5e-10}, small_lorenz));
}

TEST_CASE("grouped_data::from_classes cumulates Datt's (1998) rural India 1983 classes") {
  using grouped_test::R;
  const std::vector<double> persons{0.92, 2.47, 5.11, 7.90, 9.69, 15.24, 13.64,
                                    16.99, 10.00, 9.78, 3.96, 1.81, 2.49};
  const std::vector<double> class_mean{24.84,  35.80,  45.36,  55.10,  64.92,  77.08, 91.75,
                                       110.64, 134.90, 167.76, 215.48, 261.66, 384.97};
  const auto d = classes(persons, class_mean);
  REQUIRE(d.size() == 13);
  for (std::size_t i = 0; i < d.size(); ++i) {
    INFO("point ", i);
    CHECK(reference::close(d.p()[i], R()("datt", "p_" + std::to_string(i)), 1e-15));
    CHECK(reference::close(d.lorenz()[i], R()("datt", "lorenz_" + std::to_string(i)), 1e-15));
  }
  CHECK(d.p().back() == 1);
  CHECK(d.lorenz().back() == 1);
  // The classes' own mean, Σ w x / Σ w = 109.885495; Datt uses the survey's 109.9.
  CHECK(reference::close(d.mean(), R()("datt", "class_mean"), 1e-15));
  CHECK(classes(persons, class_mean, 109.9).mean() == 109.9);
  CHECK(as_vector(classes(persons, class_mean, 109.9).lorenz()) == as_vector(d.lorenz()));
}

TEST_CASE("grouped_data::from_classes takes the population in any unit") {
  // Persons, thousands of persons or shares: only the shares matter.
  const auto persons = classes({1000, 4000, 4000, 1000}, {20, 50, 100, 180});
  const auto shares = classes({0.1, 0.4, 0.4, 0.1}, {20, 50, 100, 180});
  const auto integers = grouped_data<double>::from_classes(std::vector<int>{1, 4, 4, 1},
                                                           std::vector<int>{20, 50, 100, 180});
  for (const auto* d : {&persons, &shares, &integers}) {
    for (std::size_t i = 0; i < 4; ++i) {
      CHECK(reference::close(d->p()[i], small_p[i], 1e-15));
      CHECK(reference::close(d->lorenz()[i], small_lorenz[i], 1e-15));
    }
    CHECK(reference::close(d->mean(), 80, 1e-15));
  }
}

TEST_CASE("grouped_data::from_classes accepts classes of equal mean (a flat stretch of L)") {
  const auto d = classes({1, 1, 1, 1, 1}, {10, 20, 20, 20, 50});
  CHECK(d.size() == 5);
  CHECK(d.mean() == 24);
}

// ---------------------------------------------------------------------------------------
// Invariants: sizes

TEST_CASE("grouped_data: lorenz must have as many values as p") {
  CHECK_THROWS_WITH_AS(make(small_p, {0.025, 0.275, 1}),
                       "povstat::grouped_data: lorenz has 3 values, but must have 4 (as many as p)",
                       invalid_input);
}

TEST_CASE("grouped_data needs the top and three points below it") {
  // Three parameters per curve, fitted to the points below the top.
  CHECK_THROWS_WITH_AS(make({0.5, 0.9, 1}, {0.25, 0.6, 1}),
                       "povstat::grouped_data: p has 3 values, but needs at least 4 (the top point "
                       "(1, 1) and three below it: each Lorenz curve has three parameters, fitted "
                       "to the points below the top)",
                       insufficient_data);
  CHECK_THROWS_AS(make({}, {}), insufficient_data);
}

// ---------------------------------------------------------------------------------------
// Invariants: p

TEST_CASE("grouped_data: p must be finite") {
  CHECK_THROWS_WITH_AS(make({0.1, not_a_number, 0.9, 1}, small_lorenz),
                       "povstat::grouped_data: p[1] is nan, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(make({0.1, 0.5, 0.9, inf}, small_lorenz),
                       "povstat::grouped_data: p[3] is inf, but must be finite", invalid_input);
}

TEST_CASE("grouped_data: p must be > 0") {
  // (0, 0) is implied, not given.
  CHECK_THROWS_WITH_AS(make({0, 0.5, 0.9, 1}, small_lorenz),
                       "povstat::grouped_data: p[0] is 0, but must be > 0", invalid_input);
}

TEST_CASE("grouped_data: p must be strictly increasing") {
  CHECK_THROWS_WITH_AS(make({0.1, 0.5, 0.5, 1}, small_lorenz),
                       "povstat::grouped_data: p[2] is 0.5, but must be > p[1] = 0.5 (strictly "
                       "increasing)",
                       invalid_input);
}

TEST_CASE("grouped_data: p must end at 1") {
  // Percentages, not fractions.
  CHECK_THROWS_WITH_AS(make({10, 50, 90, 100}, small_lorenz),
                       "povstat::grouped_data: p[3] is 100, but must be 1 (the shares are "
                       "cumulative and end with the whole population and all of its welfare; give "
                       "fractions, not percentages)",
                       invalid_input);
  // A truncated table.
  CHECK_THROWS_WITH_AS(make({0.1, 0.5, 0.8, 0.9}, {0.025, 0.275, 0.6, 0.775}),
                       "povstat::grouped_data: p[3] is 0.9, but must be 1 (the shares are "
                       "cumulative and end with the whole population and all of its welfare; give "
                       "fractions, not percentages)",
                       invalid_input);
  // Further from 1 than rounding.
  CHECK_THROWS_AS(make({0.1, 0.5, 0.9, 1 - 1e-8}, small_lorenz), invalid_input);
}

// ---------------------------------------------------------------------------------------
// Invariants: lorenz

TEST_CASE("grouped_data: lorenz must be finite, > 0, strictly increasing and end at 1") {
  CHECK_THROWS_WITH_AS(make(small_p, {0.025, -inf, 0.775, 1}),
                       "povstat::grouped_data: lorenz[1] is -inf, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(make(small_p, {0, 0.275, 0.775, 1}),
                       "povstat::grouped_data: lorenz[0] is 0, but must be > 0", invalid_input);
  CHECK_THROWS_WITH_AS(make(small_p, {0.025, 0.275, 0.275, 1}),
                       "povstat::grouped_data: lorenz[2] is 0.275, but must be > lorenz[1] = 0.275 "
                       "(strictly increasing)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(make(small_p, {0.025, 0.275, 0.775, 0.95}),
                       "povstat::grouped_data: lorenz[3] is 0.95, but must be 1 (the shares are "
                       "cumulative and end with the whole population and all of its welfare; give "
                       "fractions, not percentages)",
                       invalid_input);
}

TEST_CASE("grouped_data: lorenz must lie strictly below the line of equality") {
  CHECK_THROWS_WITH_AS(make(small_p, {0.025, 0.5, 0.775, 1}),
                       "povstat::grouped_data: lorenz[1] is 0.5, but must be < p[1] = 0.5 (strictly "
                       "below the line of equality; a Lorenz curve touches it only when every "
                       "share of welfare equals its share of population)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(make(small_p, {0.2, 0.5, 0.8, 1}),
                       "povstat::grouped_data: lorenz[0] is 0.2, but must be < p[0] = 0.1 (strictly "
                       "below the line of equality; a Lorenz curve touches it only when every "
                       "share of welfare equals its share of population)",
                       invalid_input);
}

TEST_CASE("grouped_data: the Lorenz curve must be convex") {
  // Quarters of the population (binary fractions, so that the slopes print exactly).
  const std::vector<double> quarters{0.25, 0.5, 0.75, 1};
  // Slopes 0.25, 0.75, 0.5, 2.5: the third class is poorer than the second.
  CHECK_THROWS_WITH_AS(make(quarters, {0.0625, 0.25, 0.375, 1}),
                       "povstat::grouped_data: the slope of the Lorenz curve from point 1 to "
                       "point 2 is 0.5, but must be >= 0.75, the slope of the segment before it (a "
                       "Lorenz curve is convex: the classes must be in increasing order of mean "
                       "welfare)",
                       invalid_input);
  // The first segment starts at (0, 0): slopes 0.5, 0.25, the first class richer than the second.
  CHECK_THROWS_WITH_AS(make(quarters, {0.125, 0.1875, 0.5, 1}),
                       "povstat::grouped_data: the slope of the Lorenz curve from point 0 to "
                       "point 1 is 0.25, but must be >= 0.5, the slope of the segment before it (a "
                       "Lorenz curve is convex: the classes must be in increasing order of mean "
                       "welfare)",
                       invalid_input);
  // Equal slopes (classes of equal mean) are convex, also when rounding makes them differ by
  // an ulp: here 0.4 and (0.2 - 0.04) / 0.4.
  CHECK_NOTHROW(make(small_p, {0.04, 0.2, 0.775, 1}));
}

// ---------------------------------------------------------------------------------------
// Invariants: mean

TEST_CASE("grouped_data: the mean must be finite and > 0") {
  CHECK_THROWS_WITH_AS(make(small_p, small_lorenz, not_a_number),
                       "povstat::grouped_data: mean is nan, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(make(small_p, small_lorenz, 0),
                       "povstat::grouped_data: mean is 0, but must be > 0", invalid_input);
  CHECK_THROWS_WITH_AS(make(small_p, small_lorenz, -80),
                       "povstat::grouped_data: mean is -80, but must be > 0", invalid_input);
}

TEST_CASE("grouped_data checks sizes, then p, then lorenz, then their relation, then the mean") {
  // Every argument is wrong: the size is reported.
  CHECK_THROWS_WITH_AS(make({0.5, 0.1, 0.9, 100}, {0.9, 0.2}, -1),
                       "povstat::grouped_data: lorenz has 2 values, but must have 4 (as many as p)",
                       invalid_input);
  // p and lorenz wrong: p is reported.
  CHECK_THROWS_WITH_AS(make({0.5, 0.1, 0.9, 1}, {0.9, 0.2, 0.3, 1}, -1),
                       "povstat::grouped_data: p[1] is 0.1, but must be > p[0] = 0.5 (strictly "
                       "increasing)",
                       invalid_input);
  // lorenz decreasing and above p: the order of lorenz is reported first.
  CHECK_THROWS_WITH_AS(make(small_p, {0.9, 0.2, 0.3, 1}, -1),
                       "povstat::grouped_data: lorenz[1] is 0.2, but must be > lorenz[0] = 0.9 "
                       "(strictly increasing)",
                       invalid_input);
  // Above the line of equality and not convex: the line of equality first.
  CHECK_THROWS_WITH_AS(make({0.25, 0.5, 0.75, 1}, {0.3, 0.4, 0.5, 1}, -1),
                       doctest::Contains("lorenz[0] is 0.3, but must be < p[0] = 0.25"),
                       invalid_input);
  // Not convex and a bad mean: convexity first.
  CHECK_THROWS_WITH_AS(make({0.25, 0.5, 0.75, 1}, {0.0625, 0.25, 0.375, 1}, -1),
                       doctest::Contains("the slope of the Lorenz curve from point 1 to point 2"),
                       invalid_input);
}

// ---------------------------------------------------------------------------------------
// from_classes: its own checks

TEST_CASE("grouped_data::from_classes: sizes") {
  CHECK_THROWS_WITH_AS(classes({1, 4, 4, 1}, {20, 50, 100}),
                       "povstat::grouped_data::from_classes: class_mean has 3 values, but must "
                       "have 4 (as many as population)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(classes({1, 4, 4}, {20, 50, 100}),
                       "povstat::grouped_data::from_classes: population has 3 values, but needs "
                       "at least 4 (classes: three below the top one, since each Lorenz curve has "
                       "three parameters fitted to the points below the top)",
                       insufficient_data);
}

TEST_CASE("grouped_data::from_classes: population finite and > 0") {
  CHECK_THROWS_WITH_AS(classes({1, not_a_number, 4, 1}, {20, 50, 100, 300}),
                       "povstat::grouped_data::from_classes: population[1] is nan, but must be "
                       "finite",
                       invalid_input);
  CHECK_THROWS_WITH_AS(classes({1, 4, 0, 1}, {20, 50, 100, 300}),
                       "povstat::grouped_data::from_classes: population[2] is 0, but must be > 0",
                       invalid_input);
}

TEST_CASE("grouped_data::from_classes: class means finite, > 0, in increasing order, not all equal") {
  CHECK_THROWS_WITH_AS(classes({1, 4, 4, 1}, {20, 50, inf, 300}),
                       "povstat::grouped_data::from_classes: class_mean[2] is inf, but must be "
                       "finite",
                       invalid_input);
  CHECK_THROWS_WITH_AS(classes({1, 4, 4, 1}, {-20, 50, 100, 300}),
                       "povstat::grouped_data::from_classes: class_mean[0] is -20, but must be > 0",
                       invalid_input);
  CHECK_THROWS_WITH_AS(classes({1, 4, 4, 1}, {20, 100, 50, 300}),
                       "povstat::grouped_data::from_classes: class_mean[2] is 50, but must be >= "
                       "class_mean[1] = 100 (classes in increasing order of mean welfare)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(classes({1, 4, 4, 1}, {70, 70, 70, 70}),
                       "povstat::grouped_data::from_classes: every class has the same mean (70), "
                       "so the Lorenz curve is the line of equality, which neither parametric "
                       "Lorenz curve can fit",
                       invalid_input);
}

TEST_CASE("grouped_data::from_classes: the given mean finite and > 0") {
  CHECK_THROWS_WITH_AS(classes({1, 4, 4, 1}, {20, 50, 100, 300}, -inf),
                       "povstat::grouped_data::from_classes: mean is -inf, but must be finite",
                       invalid_input);
  CHECK_THROWS_WITH_AS(classes({1, 4, 4, 1}, {20, 50, 100, 300}, 0),
                       "povstat::grouped_data::from_classes: mean is 0, but must be > 0",
                       invalid_input);
}
