// Tests of measure/lorenz_curve.hpp: the points (p_j, L_j) and L(p) against R
// (tests/reference/measures.R: cumulative shares over the distinct incomes, approx() on the
// points) on every data set, hand examples (ties merged, negative incomes, interpolation
// splitting an observation), and every rejected input with its exception type and message.
// Tolerance: see measure_test_support.hpp.

#include "povstat/measure/lorenz_curve.hpp"

#include <doctest/doctest.h>

#include <limits>
#include <string>
#include <vector>

#include "measure_test_support.hpp"

using measure_test::check_reference;
using measure_test::load;
using povstat::insufficient_data;
using povstat::invalid_input;

TEST_CASE("lorenz_curve matches R's points and interpolated values") {
  measure_test::worst() = {};  // this case's checks only
  for (const auto& name : measure_test::all_cases) {
    const auto d = load(name);
    const auto curve = povstat::lorenz_curve(d.y, d.w);
    const auto points = static_cast<std::size_t>(measure_test::R()(name, "lorenz_points"));
    REQUIRE(curve.population_share.size() == points);
    REQUIRE(curve.welfare_share.size() == points);
    CHECK(curve.population_share.front() == 0);
    CHECK(curve.welfare_share.front() == 0);
    CHECK(curve.population_share.back() == 1);
    CHECK(curve.welfare_share.back() == 1);
    for (std::size_t j = 1; j < points; ++j) {
      check_reference(name, "lorenz_p[" + std::to_string(j) + "]", curve.population_share[j]);
      check_reference(name, "lorenz_L[" + std::to_string(j) + "]", curve.welfare_share[j]);
      CHECK(curve.population_share[j] > curve.population_share[j - 1]);
    }
    for (const auto& [p, label] : {std::pair{0.1, "0.1"}, std::pair{0.33, "0.33"},
                                   std::pair{0.5, "0.5"}, std::pair{0.95, "0.95"}})
      check_reference(name, std::string("lorenz_at_") + label, curve.welfare_share_at(p));
    CHECK(curve.welfare_share_at(0.0) == 0);
    CHECK(curve.welfare_share_at(1.0) == 1);
  }
  measure_test::report_accuracy("lorenz_curve");
}

TEST_CASE("hand example: ties merged, mean and total weight, interpolation within a point") {
  // Incomes 1, 3, 3, 5 (weights 1, 1, 2, 4): distinct 1, 3, 5 with weights 1, 3, 4; W = 8,
  // total income 1 + 9 + 20 = 30.
  const std::vector<int> y{3, 1, 5, 3};
  const std::vector<double> w{1, 1, 4, 2};
  const auto curve = povstat::lorenz_curve(y, w);
  CHECK(curve.population_share == std::vector<double>{0, 0.125, 0.5, 1});
  CHECK(curve.welfare_share == std::vector<double>{0, 1.0 / 30, 10.0 / 30, 1});
  CHECK(curve.mean == 30.0 / 8);
  CHECK(curve.total_weight == 8);
  // Bottom 25 %: the income-1 person (1) and half a weight... 1 of the 3 weight units at 3.
  CHECK(curve.welfare_share_at(0.25) == doctest::Approx(4.0 / 30).epsilon(1e-15));
  // Unweighted.
  const auto unit = povstat::lorenz_curve(std::vector{2.0, 2.0, 6.0});
  CHECK(unit.population_share == std::vector<double>{0, 2.0 / 3, 1});
  CHECK(unit.welfare_share == std::vector<double>{0, 0.4, 1});
  // A negative income takes the curve below 0.
  const auto negative = povstat::lorenz_curve(std::vector{-2.0, 4.0, 8.0});
  CHECK(negative.welfare_share[1] == doctest::Approx(-0.2).epsilon(1e-15));
}

TEST_CASE("bad input is rejected with the full message") {
  CHECK_THROWS_WITH_AS(povstat::lorenz_curve(std::vector<double>{}),
                       "povstat::lorenz_curve: y has 0 values, but needs at least 1 (an empty "
                       "sample has no distribution)",
                       insufficient_data);
  CHECK_THROWS_WITH_AS(povstat::lorenz_curve(std::vector{1.0, 2.0}, std::vector{1.0}),
                       "povstat::lorenz_curve: w has 1 value, but must have 2 (as many as y)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::lorenz_curve(std::vector{1.0, 2.0}, std::vector{1.0, 0.0}),
                       "povstat::lorenz_curve: w[1] is 0, but must be > 0", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::lorenz_curve(std::vector{0.0, 0.0}),
                       "povstat::lorenz_curve: the weighted mean of y is 0, but must be > 0 "
                       "(shares of total income need a positive total)",
                       invalid_input);
  const auto curve = povstat::lorenz_curve(std::vector{1.0, 2.0});
  CHECK_THROWS_WITH_AS(curve.welfare_share_at(1.5),
                       "povstat::lorenz_points::welfare_share_at: p is 1.5, but must be in [0, 1]",
                       invalid_input);
  CHECK_THROWS_WITH_AS(curve.welfare_share_at(std::numeric_limits<double>::quiet_NaN()),
                       "povstat::lorenz_points::welfare_share_at: p is nan, but must be in [0, 1]",
                       invalid_input);
}
