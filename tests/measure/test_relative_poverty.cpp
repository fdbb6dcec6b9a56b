// Tests of measure/relative_poverty.hpp: arpt, arpr and relative_median_gap against laeken
// 0.5 (arpt, arpr / 100, rmpg / 100) on every data set of tests/reference/measures.R, the
// options (fraction of the median, weak rule, interpolated medians), hand examples of
// laeken's tie rule, and every rejected input with its exception type and full message.
// Tolerance: see measure_test_support.hpp.

#include "povstat/measure/relative_poverty.hpp"

#include <doctest/doctest.h>

#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "measure_test_support.hpp"
#include "povstat/stats/weighted_quantile.hpp"

using measure_test::check_reference;
using measure_test::load;
using povstat::insufficient_data;
using povstat::invalid_input;

TEST_CASE("arpt and arpr match laeken for 60 % and 50 % of the median") {
  measure_test::worst() = {};  // this case's checks only
  for (const auto& name : measure_test::all_cases) {
    const auto d = load(name);
    for (const auto& [fraction, label] : {std::pair{0.6, "0.6"}, std::pair{0.5, "0.5"}}) {
      const povstat::relative_poverty_options options{.fraction_of_median = fraction};
      check_reference(name, std::string("arpt_") + label, povstat::arpt(d.y, d.w, options));
      check_reference(name, std::string("arpr_") + label, povstat::arpr(d.y, d.w, options));
      auto weak = options;
      weak.poor = povstat::poor_rule::weak;
      check_reference(name, std::string("arpr_") + label + "_weak", povstat::arpr(d.y, d.w, weak));
    }
  }
  measure_test::report_accuracy("arpt, arpr");
}

TEST_CASE("relative_median_gap matches laeken's rmpg where someone is poor") {
  measure_test::worst() = {};  // this case's checks only
  int compared = 0;
  for (const auto& name : measure_test::all_cases) {
    const auto d = load(name);
    if (!measure_test::R().has(name, "rmpg")) {
      CHECK_THROWS_AS(povstat::relative_median_gap(d.y, d.w), insufficient_data);
      continue;
    }
    check_reference(name, "rmpg", povstat::relative_median_gap(d.y, d.w));
    ++compared;
  }
  CHECK(compared >= 5);
  measure_test::report_accuracy("relative_median_gap");
}

TEST_CASE("defaults: 60 % of laeken's weighted median, strict rule") {
  // Median of 1, 2, 3, 4 by laeken's rule is 3 (first cumulative share > 0.5), not 2.5.
  const std::vector<int> y{1, 2, 3, 4};
  static_assert(std::is_same_v<decltype(povstat::arpt(y)), double>);
  CHECK(povstat::arpt(y) == 0.6 * 3);
  CHECK(povstat::arpr(y) == 0.25);  // only 1 < 1.8
  // Unweighted = unit weights.
  const auto d = load("unweighted");
  check_reference("unweighted", "arpt_0.6", povstat::arpt(d.y));
  check_reference("unweighted", "arpr_0.6", povstat::arpr(d.y));
  check_reference("unweighted", "rmpg", povstat::relative_median_gap(d.y));
}

TEST_CASE("hand example: rmpg with the poor's laeken median") {
  // y = 1, 2, 4, 10, 20, 30 (unit weights): median = 10 (share 4/6 > 0.5), threshold 6; the poor
  // 1, 2, 4 have median 2 (share 2/3 > 0.5): gap = (6 − 2) / 6.
  const std::vector<double> y{20, 1, 10, 4, 30, 2};
  CHECK(povstat::arpt(y) == 6);
  CHECK(povstat::arpr(y) == 0.5);
  CHECK(povstat::relative_median_gap(y) == doctest::Approx(4.0 / 6).epsilon(1e-15));
  // Interpolated medians: all = (4 + 10) / 2 = 7 → threshold 4.2; the poor 1, 2, 4: median 2.
  const povstat::relative_poverty_options interpolated{.median_rule =
                                                           povstat::quantile_rule::interpolated};
  CHECK(povstat::arpt(y, interpolated) == doctest::Approx(4.2).epsilon(1e-15));
  CHECK(povstat::relative_median_gap(y, interpolated) ==
        doctest::Approx((4.2 - 2) / 4.2).epsilon(1e-15));
  // Weak rule: an income equal to the threshold counts.
  CHECK(povstat::arpr(std::vector{6, 10, 12, 20}, {.fraction_of_median = 0.5}) == 0);
  CHECK(povstat::arpr(std::vector{6, 10, 12, 20},
                      {.fraction_of_median = 0.5, .poor = povstat::poor_rule::weak}) == 0.25);
}

TEST_CASE("bad input is rejected with the full message") {
  const std::vector<double> empty;
  const std::vector<double> y{1, 2, 3};
  CHECK_THROWS_WITH_AS(povstat::arpt(empty),
                       "povstat::arpt: y has 0 values, but needs at least 1 (an empty sample has "
                       "no distribution)",
                       insufficient_data);
  CHECK_THROWS_WITH_AS(povstat::arpr(y, std::vector{1.0}),
                       "povstat::arpr: w has 1 value, but must have 3 (as many as y)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::relative_median_gap(y, std::vector{1.0, 0.0, 1.0}),
                       "povstat::relative_median_gap: w[1] is 0, but must be > 0", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::arpt(std::vector{1.0, std::numeric_limits<double>::quiet_NaN()}),
                       "povstat::arpt: y[1] is nan, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::arpt(y, {.fraction_of_median = 0}),
                       "povstat::arpt: fraction_of_median is 0, but must be > 0", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::arpr(y, {.fraction_of_median = -0.6}),
                       "povstat::arpr: fraction_of_median is -0.6, but must be > 0", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::relative_median_gap(std::vector{0.0, 0.0, 5.0}),
                       "povstat::relative_median_gap: the threshold (fraction_of_median times the "
                       "weighted median) is 0, but must be > 0 (the gap is relative to it)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::relative_median_gap(std::vector{10.0, 10.0, 12.0}),
                       "povstat::relative_median_gap: nobody is poor at the threshold 6, so the "
                       "poor have no median income",
                       insufficient_data);
}
