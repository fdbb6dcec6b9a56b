// Tests of audit/report.hpp: audit on small SYNTHETIC cohorts (audit_test_support.hpp) with
// findings planted by hand — a prefecture that does not add up, a county rounded to tens, a
// county with a halved year, uniform three-digit counts (not Benford), bunching under 3 % —
// checking that each is flagged by the right check with a one-line explanation made of the
// planted figures; the summary and the notes of checks that cannot run; the joint
// Benjamini-Hochberg adjustment; determinism; and every rejected option with its message.
// Power and false alarms on large cohorts: test_simulation.cpp.

#include "povstat/audit/report.hpp"

#include <doctest/doctest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "audit_test_support.hpp"
#include "povstat/detail/random.hpp"

using povstat::audit_test;
using reference::message_of;

namespace {

povstat::cohort_data<double> data_of(const povstat::regional_cohort<double>& c) {
  povstat::cohort_data<double> d;
  d.regions.assign(c.region_names().begin(), c.region_names().end());
  d.years.assign(c.years().begin(), c.years().end());
  d.poor = c.poor();
  for (std::size_t r = 0; r < c.region_count(); ++r) d.parents.push_back(c.parent(r));
  d.population = c.population();
  return d;
}

std::string whole(double x) { return std::to_string(static_cast<long long>(x)); }

const povstat::audit_flag<double>* find(const povstat::audit_report<double>& report, audit_test test,
                                        std::optional<std::size_t> region) {
  for (const auto& f : report.flags)
    if (f.test == test && f.region == region) return &f;
  return nullptr;
}

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

}  // namespace

TEST_CASE("audit flags each planted finding with its check and a one-line explanation") {
  // 4 prefectures (P001-P004, regions 0-3) of 15 counties (C0001-C0060, regions 4-63), 2012-2019.
  auto d = data_of(audit_support::make_cohort(77, audit_support::manipulation::none, 0, 4, 15).cohort);
  const std::size_t p2 = 1, heaped = 4 + 6, cut = 4 + 19;  // P002, C0007, C0020
  for (Eigen::Index y = 0; y < 8; ++y) d.poor(static_cast<Eigen::Index>(heaped), y) = 10 * std::round(d.poor(10, y) / 10);
  d.poor(static_cast<Eigen::Index>(cut), 4) = std::round(d.poor(static_cast<Eigen::Index>(cut), 4) / 2);
  // Prefectures add up their counties as reported, except P002 in 2019: 90 % of the sum.
  for (Eigen::Index j = 0; j < 4; ++j) d.poor.row(j) = d.poor.middleRows(4 + 15 * j, 15).colwise().sum();
  const double p2_sum = d.poor(1, 7);
  d.poor(1, 7) = std::round(0.9 * p2_sum);
  const povstat::regional_cohort<double> cohort(d);
  const auto report = povstat::audit(cohort);

  const auto* sum = find(report, audit_test::hierarchy_poor, p2);
  REQUIRE(sum);
  CHECK(sum->year == 2019);
  CHECK_FALSE(sum->p_value);
  CHECK(sum->statistic == doctest::Approx((d.poor(1, 7) - p2_sum) / p2_sum));
  CHECK(sum->related_regions.size() == 15);
  CHECK(starts_with(sum->explanation, "'P002' 2019: reports " + whole(d.poor(1, 7)) + " poor but its 15 children add up to " +
                                          whole(p2_sum) + " (-"));

  const auto* heap = find(report, audit_test::heaping, heaped);
  REQUIRE(heap);
  CHECK(heap->region_name == "C0007");
  CHECK(*heap->p_value == doctest::Approx(std::pow(0.2, 8)));  // all 8 counts end in 0
  CHECK(heap->statistic == doctest::Approx(500));
  CHECK(starts_with(heap->explanation, "'C0007': 8 of 8 counts end in 0 or 5 (20% expected; Whipple-type index 500), p = 2.6e-06, q = "));

  const auto* own = find(report, audit_test::own_trend, cut);
  const auto* peer = find(report, audit_test::peer_change, cut);
  REQUIRE((own || peer));
  const auto* year_flag = own ? own : peer;
  CHECK(year_flag->year == 2016);
  CHECK(starts_with(year_flag->explanation, "'C0020' 2016: "));

  // Flags: about the cohort first, then by region index, year, check; regions listed once.
  for (std::size_t i = 1; i < report.flags.size(); ++i) {
    const auto& a = report.flags[i - 1];
    const auto& b = report.flags[i];
    CHECK((a.region.has_value() <= b.region.has_value()));
    if (a.region && b.region) CHECK(*a.region <= *b.region);
  }
  std::set<std::size_t> regions;
  for (const auto& f : report.flags)
    if (f.region) regions.insert(*f.region);
  CHECK(std::vector<std::size_t>(regions.begin(), regions.end()) == report.flagged_regions);
  CHECK(regions.count(p2) == 1);
  CHECK(regions.count(heaped) == 1);
  CHECK(regions.count(cut) == 1);

  const auto& s = report.summary;
  CHECK(s.regions == 64);
  CHECK(s.years == 8);
  CHECK(s.observed_cells == 512);
  CHECK(s.flags == report.flags.size());
  CHECK(s.regions_flagged == report.flagged_regions.size());
  std::size_t p_valued = 0, flagged = 0;
  for (const auto& c : s.by_test) {
    if (c.test != audit_test::hierarchy_poor && c.test != audit_test::hierarchy_population &&
        c.test != audit_test::child_above_parent)
      p_valued += c.run;
    flagged += c.flagged;
  }
  CHECK(p_valued == s.tests);
  CHECK(flagged == s.flags);
  // The anomaly tests carry the report's q-values: at least p, and ordered as p.
  auto tests = report.anomalies.tests;
  std::ranges::sort(tests, [](const auto& a, const auto& b) { return a.p_value < b.p_value; });
  for (std::size_t i = 0; i < tests.size(); ++i) {
    CHECK(tests[i].q_value >= tests[i].p_value);
    if (i > 0) CHECK(tests[i].q_value >= tests[i - 1].q_value);
  }
  for (const auto& f : report.flags)
    if (f.q_value) CHECK(*f.q_value <= 0.05);
  // Same input, same report.
  const auto again = povstat::audit(cohort);
  REQUIRE(again.flags.size() == report.flags.size());
  for (std::size_t i = 0; i < report.flags.size(); ++i) CHECK(again.flags[i].explanation == report.flags[i].explanation);
}

TEST_CASE("audit flags counts that are not Benford only when the MAD agrees") {
  // 200 regions × 8 years of uniform three-digit counts: first digits uniform, MAD ≈ 0.06.
  povstat::cohort_data<double> d;
  std::mt19937_64 g(5);
  d.years = {2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019};
  d.poor = Eigen::MatrixXd(200, 8);
  for (Eigen::Index r = 0; r < 200; ++r) {
    d.regions.push_back("R" + std::to_string(r));
    for (Eigen::Index y = 0; y < 8; ++y) d.poor(r, y) = static_cast<double>(100 + povstat::detail::uniform_index(g, 900));
  }
  const auto report = povstat::audit(povstat::regional_cohort<double>(d));
  REQUIRE(report.benford_first);
  CHECK(report.benford_first->conformity == povstat::benford_conformity::nonconformity);
  const auto* b = find(report, audit_test::benford_first, std::nullopt);
  REQUIRE(b);
  CHECK(starts_with(b->explanation, "the first digits of the 1600 counts of the lowest-level regions depart from "
                                    "Benford's law: chi-square "));
  CHECK(b->explanation.find("(nonconformity, Nigrini)") != std::string::npos);
  // With bounds that call the same MAD "close", the chi-square alone does not flag it.
  const auto lenient = povstat::audit(povstat::regional_cohort<double>(d), {.benford = {.mad_bounds = std::array{0.5, 0.6, 0.7}}});
  CHECK_FALSE(find(lenient, audit_test::benford_first, std::nullopt));
  CHECK(lenient.benford_first->p_value < 1e-10);
}

TEST_CASE("audit finds bunching under the exit line and names the regions just below it") {
  const auto s = audit_support::make_cohort(31, audit_support::manipulation::bunching, 60, 20, 50);
  const auto report = povstat::audit(s.cohort, {.exit_threshold = 0.03});
  const povstat::audit_flag<double>* window = nullptr;
  for (const auto& f : report.flags)
    if (f.test == audit_test::bunching_window) window = &f;
  REQUIRE(window);
  CHECK(window->year == 2019);
  CHECK(starts_with(window->explanation, "rates 2019: "));
  for (const std::size_t m : s.manipulated)
    CHECK(std::ranges::find(window->related_regions, m) != window->related_regions.end());
  REQUIRE(report.bunching.size() == 8);
  CHECK(report.bunching.back().year == 2019);
  CHECK(report.bunching.back().result.below == window->related_regions.size());
}

TEST_CASE("audit lists the checks that cannot run") {
  povstat::cohort_data<double> d{.regions = {"A"}, .years = {2018, 2019}, .poor = Eigen::MatrixXd(1, 2)};
  d.poor << 120, 95;
  const auto report = povstat::audit(povstat::regional_cohort<double>(d), {.exit_threshold = 0.03});
  CHECK(report.flags.empty());
  CHECK(report.summary.tests == 0);
  const auto& notes = report.summary.not_run;
  const auto has = [&](const std::string& note) { return std::ranges::find(notes, note) != notes.end(); };
  // 2 values: the rarest first digit (9, p = 0.0458) is expected 0.092 times.
  CHECK(has("benford_first: 2 values give an expected count of 0.092 for the rarest digit; a judgement needs 5"));
  CHECK(has("last_digit: 2 counts >= 10; a judgement needs 50"));
  CHECK(has("last_two_digits: 1 count >= 100; a judgement needs 500"));
  CHECK(has("heaping not run for 'A': fewer than 5 counts >= 10 (options.min_heaping_values)"));
  CHECK(has("hierarchy checks: the cohort has no parents"));
  CHECK(has("own_trend, peer_change and smooth_decline not run for 'A': fewer than 5 years with a positive count "
            "(options.anomalies.min_years)"));
  CHECK(has("bunching: the cohort has no population, so no headcount ratio"));
  d.poor << 120.5, 95;
  const auto fractional = povstat::audit(povstat::regional_cohort<double>(d));
  CHECK(std::ranges::find(fractional.summary.not_run,
                          "last_digit, last_two_digits and heaping: the counts are not all whole numbers") !=
        fractional.summary.not_run.end());
  CHECK_FALSE(fractional.last_digits);
}

TEST_CASE("audit runs on float cohorts") {
  povstat::cohort_data<float> d{.regions = {"A", "B"}, .years = {2018, 2019}, .poor = Eigen::MatrixXf(2, 2), .parents = {"", "A"}};
  d.poor << 100, 80, 100, 70;
  const auto report = povstat::audit(povstat::regional_cohort<float>(d));
  REQUIRE(report.flags.size() == 1);
  CHECK(report.flags[0].test == audit_test::hierarchy_poor);
  CHECK(report.flags[0].explanation == "'A' 2019: reports 80 poor but its 1 child adds up to 70 (+14.3%)");
}

TEST_CASE("audit rejects bad options with messages naming them") {
  povstat::cohort_data<double> d{.regions = {"A"}, .years = {2018, 2019}, .poor = Eigen::MatrixXd(1, 2)};
  d.poor << 120, 95;
  const povstat::regional_cohort<double> cohort(d);
  const auto message = [&](const povstat::audit_options<double>& o) { return message_of([&] { povstat::audit(cohort, o); }); };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(povstat::audit(cohort, {.fdr = 0}), povstat::invalid_input);
  CHECK(message({.fdr = 0}) == "povstat::audit: options.fdr is 0, but must be in (0, 1)");
  CHECK(message({.fdr = 1.5}) == "povstat::audit: options.fdr is 1.5, but must be in (0, 1)");
  CHECK(message({.exit_threshold = 1.0}) == "povstat::audit: options.exit_threshold is 1, but must be in (0, 1)");
  CHECK(message({.exit_threshold = nan}) == "povstat::audit: options.exit_threshold is nan, but must be in (0, 1)");
  CHECK(message({.min_heaping_values = 0}) == "povstat::audit: options.min_heaping_values is 0, but must be >= 1");
  CHECK(message({.anomalies = {.min_peers = 2}}) == "povstat::audit: options.anomalies.min_peers is 2, but must be >= 3");
  CHECK(message({.anomalies = {.deadline = 2030.0}}) ==
        "povstat::audit: options.anomalies.deadline is 2030, but must be one of the cohort's years (2018 to 2019)");
  CHECK(message({.tolerance = {.absolute = -1}}) ==
        "povstat::audit: options.tolerance.absolute is -1, but must be finite and >= 0");
  CHECK(message({.bunching = {.window = 0}}) == "povstat::audit: options.bunching.window is 0, but must be finite and > 0");
  CHECK(message({.benford = {.mad_bounds = std::array{0.1, 0.05, 0.2}}}) ==
        "povstat::audit: options.benford.mad_bounds[1] is 0.05, but must be > options.benford.mad_bounds[0] = 0.1 (increasing)");
  CHECK(povstat::to_string(audit_test::bunching_density) == "bunching_density");
}
