// Tests of audit/anomalies.hpp: flag_anomalies on a cohort of exact geometric declines with
// two planted manipulations, where every statistic can be derived by hand (below); the notes
// for tests that cannot run; Huber's line; peer groups; and every rejected option with its
// message. The calibration on noisy data is measured by test_simulation.cpp.
//
// The hand cohort: 12 regions over 2012-2019 whose counts fall by exactly a half or a quarter
// a year (y_t = m 2^(7-t) or m 4^(7-t) 3^t, whole numbers), so log counts lie on straight lines
// up to rounding (1e-16). Region 0 ("cut", m = 100, halving) reports 400 instead of 800 in 2016;
// region 1 ("push", m = 100, halving) reports 160 instead of 200 in 2018 and 60 instead of 100
// in 2019.
//
// - Theil-Sen through region 0's log counts: of the 28 pairwise slopes, the 21 without 2016 are
//   -ln 2, 4 are below and 3 above, so the median is -ln 2; 7 of the 8 levels agree, so the line
//   is the true one. e_2016 = -ln 2 and every other residual is 0, so s²_(2016) = 0 and the
//   variance is the counting floor 1/800: u = -ln 2 / sqrt((1/800)(1 - h)), h = 1/8 + 0.5²/42.
// - peer_change: every clean region's change equals its pace, x = 0, so the peers' median and
//   MAD are 0 and tau² = 0. Region 0: x_2016 = ln(400/1600) + ln 2 = -ln 2 with counting
//   variance 1/800 + 1/1600 (fitted counts); x_2017 = ln(400/400) + ln 2 = +ln 2 with 1/400 + 1/800.
// - steep_before_deadline (2019, window 2): every pre-2017 line is exact (Sen's interval has
//   width 0, so se = 0); region 1's acceleration is ln(60/400)/2 + ln 2 = ln(0.6)/2, the
//   others' 0, so z = (ln(0.6)/2) / sqrt((1/60 + 1/400)/4).
// - smooth_decline: an exact geometric path is a quadratic on the log scale, X² = 0: p = 0 up to
//   rounding for every clean region.

#include "povstat/audit/anomalies.hpp"

#include <doctest/doctest.h>

#include "special_values.hpp"

#include <Eigen/Core>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numbers>
#include <optional>
#include <string>
#include <vector>

#include "povstat/audit/multiple_testing.hpp"
#include "povstat/stats/distributions.hpp"
#include "reference_table.hpp"

using povstat::anomaly_kind;
using reference::message_of;

namespace {
using special::missing;

const double ln2 = std::numbers::ln2;

povstat::cohort_data<double> geometric_cohort() {
  povstat::cohort_data<double> d;
  d.years = {2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019};
  d.poor = Eigen::MatrixXd(12, 8);
  for (int r = 0; r < 12; ++r) {
    d.regions.push_back(r == 0 ? "cut" : r == 1 ? "push" : "R" + std::to_string(r));
    for (int t = 0; t < 8; ++t) {
      const double halving = 100.0 * (r < 2 ? 1 : 1 + r % 5) * std::pow(2.0, 7 - t);
      const double quarter = (1 + r % 3) * std::pow(4.0, 7 - t) * std::pow(3.0, t);
      d.poor(r, t) = r < 2 || r % 2 == 0 ? halving : quarter;
    }
  }
  d.poor(0, 4) = 400;  // 800
  d.poor(1, 6) = 160;  // 200
  d.poor(1, 7) = 60;   // 100
  return d;
}

const povstat::anomaly_test<double>* find(const povstat::anomaly_result<double>& a, anomaly_kind kind, std::size_t region,
                                          std::optional<std::size_t> year) {
  for (const auto& t : a.tests)
    if (t.kind == kind && t.region == region && t.year == year) return &t;
  return nullptr;
}

}  // namespace

TEST_CASE("flag_anomalies on exact declines with a cut year and a deadline push, by hand") {
  const povstat::regional_cohort<double> cohort(geometric_cohort());
  const auto a = povstat::flag_anomalies(cohort, {.deadline = 2019.0});
  CHECK(a.notes.empty());
  CHECK(a.fdr == 0.05);

  const auto* own = find(a, anomaly_kind::own_trend, 0, 4);
  REQUIRE(own);
  const double h = 1.0 / 8 + 0.25 / 42;
  CHECK(own->statistic == doctest::Approx(-ln2 / std::sqrt(1.0 / 800 * (1 - h))).epsilon(1e-9));
  CHECK(*own->df == 5);
  CHECK(own->observed == 400);
  CHECK(own->expected == doctest::Approx(800).epsilon(1e-12));
  CHECK(own->p_value == doctest::Approx(povstat::student_t_two_sided_p(own->statistic, 5.0)).epsilon(1e-12));
  CHECK(std::abs(find(a, anomaly_kind::own_trend, 0, 3)->statistic) < 1e-9);

  const auto* down = find(a, anomaly_kind::peer_change, 0, 4);
  const auto* up = find(a, anomaly_kind::peer_change, 0, 5);
  REQUIRE(down);
  REQUIRE(up);
  CHECK(down->statistic == doctest::Approx(-ln2 / std::sqrt(1.0 / 800 + 1.0 / 1600)).epsilon(1e-9));
  CHECK(up->statistic == doctest::Approx(ln2 / std::sqrt(1.0 / 400 + 1.0 / 800)).epsilon(1e-9));
  CHECK(down->observed == doctest::Approx(std::log(400.0 / 1600)).epsilon(1e-12));
  CHECK(down->expected == doctest::Approx(-ln2).epsilon(1e-12));
  CHECK(down->p_value == doctest::Approx(2 * povstat::normal_upper_tail(std::abs(down->statistic))).epsilon(1e-12));
  CHECK(std::abs(find(a, anomaly_kind::peer_change, 5, 4)->statistic) < 1e-9);

  const auto* steep = find(a, anomaly_kind::steep_before_deadline, 1, 7);
  REQUIRE(steep);
  CHECK(steep->statistic == doctest::Approx(std::log(0.6) / 2 / std::sqrt((1.0 / 60 + 1.0 / 400) / 4)).epsilon(1e-9));
  CHECK(steep->observed == doctest::Approx(std::log(0.6) / 2).epsilon(1e-9));
  CHECK(steep->p_value == doctest::Approx(povstat::normal_upper_tail(-steep->statistic)).epsilon(1e-9));
  CHECK(std::abs(find(a, anomaly_kind::steep_before_deadline, 0, 7)->statistic) < 1e-9);  // 2016 is before the window

  for (std::size_t r = 2; r < 12; ++r) {
    const auto* smooth = find(a, anomaly_kind::smooth_decline, r, std::nullopt);
    REQUIRE(smooth);
    CHECK(smooth->p_value < 1e-20);
    CHECK(*smooth->df == 5);
    REQUIRE(smooth->peer_median);
  }
  CHECK(find(a, anomaly_kind::smooth_decline, 0, std::nullopt)->p_value > 0.5);

  // q-values are Benjamini-Hochberg over all tests; flagged() keeps q <= fdr.
  std::vector<double> p;
  for (const auto& t : a.tests) p.push_back(t.p_value);
  const auto q = povstat::benjamini_hochberg(p);
  for (std::size_t i = 0; i < q.size(); ++i) CHECK(a.tests[i].q_value == q[i]);
  const auto flagged = a.flagged();
  for (const auto& t : flagged) CHECK(t.q_value <= 0.05);
  const auto has = [&](anomaly_kind kind, std::size_t region, std::optional<std::size_t> year) {
    for (const auto& t : flagged)
      if (t.kind == kind && t.region == region && t.year == year) return true;
    return false;
  };
  CHECK(has(anomaly_kind::own_trend, 0, 4));
  CHECK(has(anomaly_kind::peer_change, 0, 4));
  CHECK(has(anomaly_kind::steep_before_deadline, 1, 7));
  CHECK(povstat::to_string(anomaly_kind::steep_before_deadline) == "steep_before_deadline");
}

TEST_CASE("flag_anomalies with Huber's line finds the same cut year") {
  const povstat::regional_cohort<double> cohort(geometric_cohort());
  const auto a = povstat::flag_anomalies(cohort, {.trend = povstat::robust_trend::huber});
  const auto* own = find(a, anomaly_kind::own_trend, 0, 4);
  REQUIRE(own);
  // Huber's IRLS approaches the line through the 7 clean years; it stops within round-off of it.
  const double h = 1.0 / 8 + 0.25 / 42;
  CHECK(own->statistic == doctest::Approx(-ln2 / std::sqrt(1.0 / 800 * (1 - h))).epsilon(1e-3));
  CHECK(own->q_value <= 0.05);
}

TEST_CASE("flag_anomalies says which tests could not run and why") {
  povstat::cohort_data<double> d{.regions = {"ok", "short", "zero"},
                                 .years = {2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019},
                                 .poor = Eigen::MatrixXd(3, 8)};
  d.poor << 900, 800, 700, 600, 500, 400, 300, 200,  //
      90, 80, 70, missing, missing, missing, missing, missing,  //
      100, 80, 60, 40, 20, 0, 0, 0;
  const auto a = povstat::flag_anomalies(povstat::regional_cohort<double>(d), {.deadline = 2019.0});
  REQUIRE(a.notes.size() == 5);
  CHECK(a.notes[0] == "3 region-years with 0 poor left out of every test (the tests work on log counts)");
  CHECK(a.notes[1] ==
        "own_trend, peer_change and smooth_decline not run for 'short': fewer than 5 years with a positive count "
        "(options.min_years)");
  CHECK(a.notes[2] ==
        "peer_change not run in some years for the top-level regions: at most 2 regions with the year's change "
        "observed, needs 10 (options.min_peers)");
  CHECK(a.notes[3] ==
        "steep_before_deadline not run for 'short' and 'zero': no positive count in 2017 or 2019, or fewer than 3 "
        "years with one up to 2017");
  CHECK(a.notes[4] == "steep_before_deadline not run for the top-level regions: 1 region, needs 10 (options.min_peers)");
  // Own-trend and smoothness tests still run for 'ok' (8 years) and 'zero' (5 positive years).
  CHECK(find(a, anomaly_kind::own_trend, 0, 7));
  CHECK(find(a, anomaly_kind::own_trend, 2, 4));
  CHECK_FALSE(find(a, anomaly_kind::own_trend, 2, 5));
  CHECK(find(a, anomaly_kind::smooth_decline, 2, std::nullopt));
  CHECK_FALSE(find(a, anomaly_kind::smooth_decline, 1, std::nullopt));
  // Without enough peers there is no peers' median beside the smoothness test.
  CHECK_FALSE(find(a, anomaly_kind::smooth_decline, 0, std::nullopt)->peer_median);
  // 'ok' falls by exactly 100 a year: a quadratic on the count scale fits it exactly, X² = 0.
  CHECK(find(a, anomaly_kind::smooth_decline, 0, std::nullopt)->p_value < 1e-20);
}

TEST_CASE("flag_anomalies: peers by level or by parent") {
  auto d = geometric_cohort();
  d.regions.push_back("Province");
  d.poor.conservativeResize(13, 8);
  d.poor.row(12) = d.poor.topRows(12).colwise().sum();
  d.parents.assign(13, "Province");
  d.parents[12] = "";
  const povstat::regional_cohort<double> cohort(d);
  const auto by_level = povstat::flag_anomalies(cohort);
  REQUIRE(by_level.notes.size() == 1);
  CHECK(by_level.notes[0] ==
        "peer_change not run in some years for the top-level regions: at most 1 region with the year's change "
        "observed, needs 10 (options.min_peers)");
  CHECK(find(by_level, anomaly_kind::peer_change, 0, 4));
  const auto by_parent = povstat::flag_anomalies(cohort, {.peers = povstat::peer_group::same_parent, .min_peers = 13});
  REQUIRE(by_parent.notes.size() == 2);
  CHECK(by_parent.notes[0] ==
        "peer_change not run in some years for the children of 'Province': at most 12 regions with the year's change "
        "observed, needs 13 (options.min_peers)");
  CHECK_FALSE(find(by_parent, anomaly_kind::peer_change, 0, 4));
}

TEST_CASE("flag_anomalies rejects bad options with messages naming them") {
  const povstat::regional_cohort<double> cohort(geometric_cohort());
  const auto message = [&](const povstat::anomaly_options<double>& o) {
    return message_of([&] { povstat::flag_anomalies(cohort, o); });
  };
  CHECK_THROWS_AS(povstat::flag_anomalies(cohort, {.min_years = 3}), povstat::invalid_input);
  CHECK(message({.min_years = 3}) ==
        "povstat::flag_anomalies: options.min_years is 3, but must be >= 4 (a line, a left-out year and one degree of freedom)");
  CHECK(message({.min_peers = 2}) == "povstat::flag_anomalies: options.min_peers is 2, but must be >= 3");
  CHECK(message({.deadline_window = 0}) == "povstat::flag_anomalies: options.deadline_window is 0, but must be >= 1");
  CHECK(message({.fdr = 0}) == "povstat::flag_anomalies: options.fdr is 0, but must be in (0, 1)");
  CHECK(message({.fdr = special::not_a_number}) == "povstat::flag_anomalies: options.fdr is nan, but must be in (0, 1)");
  CHECK(message({.deadline = special::not_a_number}) == "povstat::flag_anomalies: options.deadline is nan, but must be finite");
  CHECK_THROWS_AS(povstat::flag_anomalies(cohort, {.deadline = 2030.0}), povstat::invalid_input);
  CHECK(message({.deadline = 2030.0}) ==
        "povstat::flag_anomalies: options.deadline is 2030, but must be one of the cohort's years (2012 to 2019)");
  CHECK(message({.deadline = 2013.0}) ==
        "povstat::flag_anomalies: options.deadline - options.deadline_window is 2011, but must be one of the cohort's "
        "years (the window starts there)");
}
