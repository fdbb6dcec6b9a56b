// Power and false alarms of audit, measured by seeded simulation (the figures of docs/audit.md):
//
// - Clean SYNTHETIC cohorts (audit_support::make_cohort: 100 prefectures of 20 counties, 2,100
//   regions, 2012-2019, Poisson counting noise around smooth, bending declines): the report
//   must flag at most 5 % of the regions after the Benjamini-Hochberg adjustment.
// - Cohorts with one kind of planted manipulation of a documented size (audit_support::
//   manipulation; 100 counties, or 10 prefectures for parent_sum, or up to 100 eligible
//   counties for bunching): the report must find at least 80 % of the manipulated regions — a
//   region is found when a flag names it, or, for bunching, when a flagged bunching test lists
//   it among the regions just below the line.
//
// Every audit uses the deadline 2019 (window 2 years) and the exit line 3 %, fdr 0.05, and no
// KS simulation (`benford.replicates = 0`: it does not enter the flags, and it would triple the
// run time). The MESSAGE lines print the measured rates; run
//   ./build/dev/tests/audit/test_audit -tc="*simulated*"
// to see them.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "audit_test_support.hpp"
#include "povstat/audit/anomalies.hpp"
#include "povstat/audit/report.hpp"

using audit_support::manipulation;
using povstat::audit_test;

namespace {

povstat::audit_options<double> simulation_options() {
  povstat::audit_options<double> o;
  o.anomalies.deadline = 2019.0;
  o.exit_threshold = 0.03;
  o.benford.replicates = 0;
  return o;
}

constexpr std::size_t prefectures = 100;

struct outcome {
  std::size_t manipulated = 0, found = 0, found_by_intended = 0, false_counties = 0, regions_flagged = 0;
};

bool intended(manipulation kind, audit_test test) {
  switch (kind) {
    case manipulation::heaping: return test == audit_test::heaping;
    case manipulation::smooth_pace:
    case manipulation::smooth_amount: return test == audit_test::smooth_decline;
    case manipulation::one_year_cut: return test == audit_test::own_trend || test == audit_test::peer_change;
    case manipulation::deadline_push: return test == audit_test::steep_before_deadline;
    case manipulation::parent_sum: return test == audit_test::hierarchy_poor;
    case manipulation::bunching: return test == audit_test::bunching_window || test == audit_test::bunching_density;
    case manipulation::none: return false;
  }
  return false;
}

outcome run(std::uint64_t seed, manipulation kind) {
  const std::size_t count = kind == manipulation::parent_sum ? 10 : kind == manipulation::none ? 0 : 100;
  const auto s = audit_support::make_cohort(seed, kind, count);
  const auto report = povstat::audit(s.cohort, simulation_options());
  std::set<std::size_t> found, by_intended;
  for (const auto& f : report.flags) {
    if (f.region) {
      found.insert(*f.region);
      if (intended(kind, f.test)) by_intended.insert(*f.region);
    } else if (f.test == audit_test::bunching_window || f.test == audit_test::bunching_density) {
      for (const std::size_t r : f.related_regions) {
        found.insert(r);
        by_intended.insert(r);
      }
    }
  }
  outcome o;
  o.manipulated = s.manipulated.size();
  const std::set<std::size_t> planted(s.manipulated.begin(), s.manipulated.end());
  for (const std::size_t m : s.manipulated) {
    o.found += found.count(m);
    o.found_by_intended += by_intended.count(m);
  }
  for (const std::size_t r : report.flagged_regions)
    if (r >= prefectures && planted.count(r) == 0) ++o.false_counties;
  o.regions_flagged = report.flagged_regions.size();
  return o;
}

}  // namespace

TEST_CASE("simulated clean cohorts: at most 5% of regions flagged") {
  std::ostringstream table;
  table << "clean cohorts of 2,100 regions (seed: regions flagged):";
  for (const std::uint64_t seed : {std::uint64_t{1001}, std::uint64_t{1002}, std::uint64_t{1003}}) {
    const auto o = run(seed, manipulation::none);
    table << "  " << seed << ": " << o.regions_flagged;
    CHECK(o.regions_flagged <= 105);  // 5 % of 2,100
  }
  MESSAGE(table.str());
}

TEST_CASE("simulated clean cohorts: every anomaly test's p-values are at most nominal") {
  // Over two clean cohorts, the share of p-values <= alpha must not exceed alpha by more than
  // sampling allows: count <= alpha N + 4 sqrt(alpha N) (4 binomial standard deviations).
  // Valid or conservative p-values are what lets Benjamini-Hochberg keep its promise.
  std::map<povstat::anomaly_kind, std::vector<double>> p;
  for (const std::uint64_t seed : {std::uint64_t{3001}, std::uint64_t{3002}}) {
    const auto s = audit_support::make_cohort(seed);
    for (const auto& t : povstat::flag_anomalies(s.cohort, {.deadline = 2019.0}).tests) p[t.kind].push_back(t.p_value);
  }
  std::ostringstream table;
  table << "clean cohorts, share of p <= alpha over alpha (1 = exact, below 1 = conservative):\n";
  for (const auto& [kind, values] : p) {
    table << "  " << povstat::to_string(kind) << " (" << values.size() << " tests):";
    for (const double alpha : {0.05, 0.01, 0.001}) {
      const double n = static_cast<double>(values.size());
      const auto count = static_cast<double>(std::ranges::count_if(values, [&](double v) { return v <= alpha; }));
      CHECK(count <= alpha * n + 4 * std::sqrt(alpha * n));
      table << "  " << alpha << ": " << std::setprecision(2) << count / (alpha * n);
    }
    table << "\n";
  }
  MESSAGE(table.str());
}

TEST_CASE("simulated manipulations: at least 80% of the manipulated regions found") {
  struct scenario {
    manipulation kind;
    const char* name;
  };
  const scenario scenarios[] = {{manipulation::heaping, "heaping"},
                                {manipulation::smooth_pace, "smooth_pace"},
                                {manipulation::smooth_amount, "smooth_amount"},
                                {manipulation::one_year_cut, "one_year_cut"},
                                {manipulation::deadline_push, "deadline_push"},
                                {manipulation::parent_sum, "parent_sum"},
                                {manipulation::bunching, "bunching"}};
  std::ostringstream table;
  table << "manipulation: found / planted (by the intended check), unmanipulated counties flagged, per seed\n";
  for (const auto& one : scenarios) {
    const manipulation kind = one.kind;
    const std::string name = one.name;
    table << "  " << name << ":";
    for (const std::uint64_t seed : {std::uint64_t{2001}, std::uint64_t{2002}}) {
      const auto o = run(seed + 100 * static_cast<std::uint64_t>(kind), kind);
      INFO(name << " seed " << seed);
      REQUIRE(o.manipulated > 0);
      CHECK(o.found * 5 >= o.manipulated * 4);  // >= 80 %
      table << "  " << o.found << "/" << o.manipulated << " (" << o.found_by_intended << "), " << o.false_counties;
    }
    table << "\n";
  }
  MESSAGE(table.str());
}
