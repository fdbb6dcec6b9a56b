// target_gaps and last_to_reach on small cohorts built by hand: ordering, regions that
// cannot be assessed, the all-reached year of exact lines, and that the maximum over
// regions is later and wider than any one region's crossing.

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "povstat/core/regional_cohort.hpp"
#include "povstat/fit/fit_all.hpp"
#include "povstat/io/cohort_csv.hpp"
#include "povstat/target/last_to_reach.hpp"
#include "povstat/target/regional_target_gaps.hpp"
#include "reference_table.hpp"

using povstat::regional_cohort;
using povstat::trend_model;
using reference::message_of;

namespace {

constexpr double nan_cell = std::numeric_limits<double>::quiet_NaN();

// Four regions over 2000..2004: A = 100 − 10x and B = 50 − 10x (x = t − 2000) exact lines,
// C a slow noisy decline from 90, D observed in two years only.
regional_cohort<double> four_regions() {
  povstat::cohort_data<double> data;
  data.regions = {"A", "B", "C", "D"};
  data.years = {2000, 2001, 2002, 2003, 2004};
  data.poor.resize(4, 5);
  data.poor << 100, 90, 80, 70, 60,     //
      50, 40, 30, 20, 10,               //
      90, 88, 85, 86, 82,               //
      30, nan_cell, 20, nan_cell, nan_cell;
  return regional_cohort<double>(data);
}

}  // namespace

TEST_CASE("target_gaps assesses every region and orders them as asked") {
  const auto cohort = four_regions();
  const povstat::target<double> goal{.year = 2007, .level = 15};
  const auto rows = povstat::target_gaps(cohort, trend_model::linear, goal);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].region == "A");
  REQUIRE(rows[0].result);
  CHECK(rows[0].result->projection.estimate == doctest::Approx(30).epsilon(1e-12));  // 100 − 70
  CHECK(rows[0].result->probability == 0);  // an exact line 15 above the goal
  REQUIRE(rows[1].result);
  CHECK(rows[1].result->projection.estimate == doctest::Approx(-20).epsilon(1e-12));
  CHECK(rows[1].result->probability == 1);
  CHECK(rows[2].result);
  CHECK(!rows[3].result);
  CHECK(rows[3].reason == "too few observed years (2) for a linear trend");

  const auto by_probability =
      povstat::target_gaps(cohort, trend_model::linear, goal, {.order = povstat::region_order::probability});
  CHECK(by_probability[0].result->probability <= by_probability[1].result->probability);
  CHECK(by_probability[1].result->probability <= by_probability[2].result->probability);
  CHECK(by_probability[3].region == "D");  // no result: last
  const auto by_gap = povstat::target_gaps(cohort, trend_model::linear, goal, {.order = povstat::region_order::gap});
  CHECK(by_gap[0].region == "C");  // C barely declines: the largest gap
  CHECK(by_gap[1].region == "A");
  CHECK(by_gap[2].region == "B");
  CHECK(by_gap[3].region == "D");

  // Data a model cannot take (a zero for a log-linear trend) is that region's reason.
  povstat::cohort_data<double> with_zero;
  with_zero.regions = {"Z", "Y"};
  with_zero.years = {2000, 2001, 2002};
  with_zero.poor.resize(2, 3);
  with_zero.poor << 10, 5, 0, 10, 8, 6;
  const auto zero_rows = povstat::target_gaps(regional_cohort<double>(with_zero), trend_model::loglinear, goal);
  CHECK(!zero_rows[0].result);
  CHECK(zero_rows[0].reason.find("poor[2] (year 2002) is 0") != std::string::npos);
  CHECK(zero_rows[1].result);
  CHECK(message_of([&] { povstat::target_gaps(cohort, trend_model::linear, {.year = 2002, .level = 0}); }) ==
        "povstat::target_gaps: goal.year is 2002, but must be after the last observed year of at least one region, "
        "2002");
  // A goal only some regions are before: the others get a reason, not an error.
  const auto partly = povstat::target_gaps(cohort, trend_model::linear, {.year = 2004, .level = 0});
  CHECK(partly[0].reason == "goal.year is 2004, but must be after the last year of the series, 2004");
  CHECK(partly[3].reason == "too few observed years (2) for a linear trend");
  CHECK(message_of([&] { povstat::target_gaps(cohort, trend_model::linear, {.year = 2010, .level = -1}); }) ==
        "povstat::target_gaps: goal.level is -1, but must be finite and >= 0");
}

TEST_CASE("target_gaps on the bundled China panel: the nation's 2020 zero does not block its regions") {
  const auto cohort = povstat::read_cohort_csv<double>(std::string(POVSTAT_EXAMPLE_DATA_DIR) + "/china_regions.csv");
  const auto rows = povstat::target_gaps(cohort, trend_model::loglinear, {.year = 2020, .level = 0},
                                         {.order = povstat::region_order::gap});
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].region == "West");  // 3.23 million in 2019: the largest projected 2020 count
  CHECK(rows[3].region == "China");
  CHECK(!rows[3].result);
  CHECK(rows[3].reason.find("the log of 0 is undefined") != std::string::npos);  // 2020 = 0 on the log scale
  for (std::size_t r = 0; r < 3; ++r) CHECK(rows[r].result);
}

TEST_CASE("last_to_reach: exact lines give the all-reached year exactly") {
  const auto cohort = four_regions();
  const auto fits = povstat::fit_all(cohort, trend_model::linear);
  // Zero: A at 2010, B at 2005; C's line reaches 0 decades later; D has no fit.
  const auto result = povstat::last_to_reach(fits, cohort.region_names(), 0.0, {.simulations = 2000});
  REQUIRE(result.regions.size() == 3);
  CHECK(result.regions[0].region == "C");
  CHECK(result.regions[1].region == "A");
  CHECK(result.regions[1].reach.year == doctest::Approx(2010).epsilon(1e-12));
  CHECK(result.regions[2].reach.year == doctest::Approx(2005).epsilon(1e-12));
  REQUIRE(result.excluded.size() == 1);
  CHECK(result.excluded[0].region == "D");
  CHECK(result.all_reached_year == result.regions[0].reach.year);
  CHECK(result.regions[0].probability_last > 0.9);
  CHECK(result.regions[2].probability_last == 0);  // B's exact line is never the last

  // Without C, A and B are exact lines: every joint draw gives max = 2010.
  const std::vector<povstat::trend_fit<double>> exact{fits[0], fits[1]};
  const std::vector<std::string> names{"A", "B"};
  const auto two = povstat::last_to_reach(exact, names, 0.0);
  CHECK(two.all_reached_year == doctest::Approx(2010).epsilon(1e-12));
  CHECK(two.lower == doctest::Approx(2010).epsilon(1e-9));
  CHECK(two.upper == doctest::Approx(2010).epsilon(1e-9));
  CHECK(two.shape == povstat::interval_shape::bounded);
  CHECK(two.regions[0].region == "A");
  CHECK(two.regions[0].probability_last == 1);
}

TEST_CASE("last_to_reach: the maximum of two equal regions is later and less certain than either") {
  povstat::cohort_data<double> data;
  data.regions = {"P", "Q"};
  data.years = {2000, 2001, 2002, 2003, 2004, 2005};
  data.poor.resize(2, 6);
  data.poor << 1000, 820, 700, 540, 470, 380, 1000, 820, 700, 540, 470, 380;
  const regional_cohort<double> cohort(data);
  const auto fits = povstat::fit_all(cohort, trend_model::loglinear);
  const auto result = povstat::last_to_reach(fits, cohort.region_names(), 100.0);
  const auto& one = result.regions[0].reach;
  // Same data, same point crossing; each is last in about half the joint draws.
  CHECK(result.all_reached_year == doctest::Approx(one.year).epsilon(1e-12));
  CHECK(result.regions[0].probability_last == doctest::Approx(0.5).epsilon(0.05));
  // P(max <= x) = F(x)²: the 2.5 % point of the maximum is F's 15.8 % point, later than F's 2.5 %.
  const auto single = povstat::years_to(fits[0], 100.0, {.method = povstat::crossing_method::bootstrap, .replicates = 4000});
  CHECK(result.lower > single.lower);
  CHECK(result.upper > single.upper);
}

TEST_CASE("last_to_reach rejects mismatched names, bad levels and cohorts with nothing usable") {
  const auto cohort = four_regions();
  const auto fits = povstat::fit_all(cohort, trend_model::linear);
  const std::vector<std::string> two_names{"A", "B"};
  CHECK(message_of([&] { povstat::last_to_reach(fits, two_names, 0.0); }) ==
        "povstat::last_to_reach: names has 2 values, but must have 4 (as many as fits)");
  CHECK(message_of([&] { povstat::last_to_reach(fits, cohort.region_names(), -2.0); }) ==
        "povstat::last_to_reach: level is -2, but must be finite and >= 0");
  CHECK(message_of([&] { povstat::last_to_reach(fits, cohort.region_names(), 0.0, {.simulations = 1}); }) ==
        "povstat::last_to_reach: options.simulations is 1, but must be >= 2");
  const std::vector<povstat::trend_fit<double>> only_d{fits[3]};
  const std::vector<std::string> d{"D"};
  CHECK_THROWS_AS(povstat::last_to_reach(only_d, d, 0.0), povstat::insufficient_data);
}

TEST_CASE("last_to_reach is bit-identical for 1, 2, 3 and 7 threads, reports progress and cancels") {
  const auto cohort = four_regions();
  const auto fits = povstat::fit_all(cohort, trend_model::linear);
  povstat::last_to_reach_options<double> options{.simulations = 1100};
  const auto one = povstat::last_to_reach(fits, cohort.region_names(), 0.0, options);
  for (const std::size_t threads : {2u, 3u, 7u}) {
    CAPTURE(threads);
    options.execution = povstat::execution{threads};
    const auto many = povstat::last_to_reach(fits, cohort.region_names(), 0.0, options);
    CHECK(many.lower == one.lower);
    CHECK(many.upper == one.upper);
    REQUIRE(many.regions.size() == one.regions.size());
    for (std::size_t k = 0; k < one.regions.size(); ++k)
      CHECK(many.regions[k].probability_last == one.regions[k].probability_last);
  }
  std::size_t last_seen = 0;
  options.progress = [&](std::size_t done, std::size_t total) {
    CHECK(total == 1100);
    CHECK(done >= last_seen);
    last_seen = done;
    return true;
  };
  povstat::last_to_reach(fits, cohort.region_names(), 0.0, options);
  CHECK(last_seen == 1100);
  options.execution = povstat::execution{1};
  options.progress = [](std::size_t, std::size_t) { return false; };
  CHECK_THROWS_AS(povstat::last_to_reach(fits, cohort.region_names(), 0.0, options), povstat::cancelled);
}
