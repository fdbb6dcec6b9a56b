#ifndef POVSTAT_AUDIT_REPORT_HPP
#define POVSTAT_AUDIT_REPORT_HPP

/// @file
/// `audit`: every applicable integrity check of a cohort in one report, with the p-values
/// adjusted together for multiple testing and a one-line explanation of every flag.

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "povstat/audit/anomalies.hpp"
#include "povstat/audit/benford.hpp"
#include "povstat/audit/bunching.hpp"
#include "povstat/audit/digit_heaping.hpp"
#include "povstat/audit/hierarchy.hpp"
#include "povstat/audit/multiple_testing.hpp"
#include "povstat/core/error.hpp"
#include "povstat/core/regional_cohort.hpp"
#include "povstat/detail/audit_support.hpp"

POVSTAT_NAMESPACE_BEGIN

/// The checks of `audit`.
enum class audit_test {
  benford_first,          ///< first digits of the lowest-level counts (benford_test)
  benford_second,         ///< second digits
  benford_first_two,      ///< first two digits
  last_digit,             ///< last digits of the lowest-level counts (last_digit_test)
  last_two_digits,        ///< last two digits
  heaping,                ///< one region's counts ending in 0 or 5
  hierarchy_poor,         ///< a parent-year whose poor count is not its children's sum
  hierarchy_population,   ///< a parent-year whose population is not its children's sum
  child_above_parent,     ///< a child-year with more poor than its parent
  own_trend,              ///< flag_anomalies
  peer_change,            ///< flag_anomalies
  smooth_decline,         ///< flag_anomalies
  steep_before_deadline,  ///< flag_anomalies
  bunching_window,        ///< threshold_bunching: window counts
  bunching_density,       ///< threshold_bunching: McCrary's density test
};

/// The name of a check, e.g. "benford_first", "hierarchy_poor".
constexpr std::string_view to_string(audit_test test) noexcept {
  switch (test) {
    case audit_test::benford_first: return "benford_first";
    case audit_test::benford_second: return "benford_second";
    case audit_test::benford_first_two: return "benford_first_two";
    case audit_test::last_digit: return "last_digit";
    case audit_test::last_two_digits: return "last_two_digits";
    case audit_test::heaping: return "heaping";
    case audit_test::hierarchy_poor: return "hierarchy_poor";
    case audit_test::hierarchy_population: return "hierarchy_population";
    case audit_test::child_above_parent: return "child_above_parent";
    case audit_test::own_trend: return "own_trend";
    case audit_test::peer_change: return "peer_change";
    case audit_test::smooth_decline: return "smooth_decline";
    case audit_test::steep_before_deadline: return "steep_before_deadline";
    case audit_test::bunching_window: return "bunching_window";
    case audit_test::bunching_density: return "bunching_density";
  }
  return "unknown";
}

/// Options of `audit`.
template <std::floating_point T>
struct audit_options {
  /// False discovery rate of the Benjamini–Hochberg adjustment over every p-value of the
  /// report, in (0, 1).
  T fdr = T(0.05);
  /// The trend-anomaly tests (`flag_anomalies`); their own `fdr` is not used.
  anomaly_options<T> anomalies = {};
  /// Tolerance of the hierarchy sums (`check_hierarchy`).
  hierarchy_tolerance<T> tolerance = {};
  /// The exit line of the headcount ratio (0.03 for 3 %), in (0, 1); none: no bunching test.
  std::optional<T> exit_threshold = std::nullopt;
  /// Options of `threshold_bunching`.
  bunching_options<T> bunching = {};
  /// Options of `benford_test` (the KS simulation is informative only: flags use chi-square).
  benford_options<T> benford = {};
  /// Counts >= 10 a region needs for its heaping test; >= 1.
  std::size_t min_heaping_values = 5;
};

/// One finding of `audit`.
template <std::floating_point T>
struct audit_flag {
  audit_test test;
  std::optional<std::size_t> region;  ///< region index; none for findings about the cohort
  std::string region_name;            ///< "" for findings about the cohort
  std::optional<T> year;              ///< the year concerned, if one is
  T statistic;                        ///< the test's statistic (see `audit`)
  std::optional<T> p_value;           ///< none for the hierarchy checks (no chance involved)
  std::optional<T> q_value;           ///< Benjamini–Hochberg over the report's p-values
  std::string explanation;            ///< one line, for people
  std::vector<std::size_t> related_regions;  ///< the children of a parent that does not add
                                             ///< up; the regions just below an exit line
};

/// How often a check ran and flagged.
struct audit_test_count {
  audit_test test;
  std::size_t run;      ///< tests (or, for hierarchy checks, parent- or child-years checked)
  std::size_t flagged;  ///< flags
};

/// The summary of an audit.
template <std::floating_point T>
struct audit_summary {
  std::size_t regions = 0;          ///< regions of the cohort
  std::size_t years = 0;            ///< years of the cohort
  std::size_t observed_cells = 0;   ///< region-years with a poor count
  std::size_t tests = 0;            ///< p-values adjusted together
  std::size_t flags = 0;            ///< findings
  std::size_t regions_flagged = 0;  ///< regions with at least one finding
  T fdr = T(0.05);                  ///< the false discovery rate used
  std::vector<audit_test_count> by_test;  ///< every check that ran, in audit_test order
  std::vector<std::string> not_run;       ///< checks that could not run, and why
};

/// Threshold bunching in one year of an audit.
template <std::floating_point T>
struct audit_bunching {
  T year;
  bunching_result<T> result;
  std::vector<std::size_t> regions_below;  ///< the regions with rates in [c − w, c)
};

/// The result of `audit`.
template <std::floating_point T>
struct audit_report {
  /// Every finding: about the cohort first, then by region, year and check.
  std::vector<audit_flag<T>> flags;
  /// Indices of the regions with at least one finding, increasing.
  std::vector<std::size_t> flagged_regions;
  audit_summary<T> summary;
  std::optional<benford_result<T>> benford_first, benford_second, benford_first_two;
  std::optional<last_digit_result<T>> last_digits;
  hierarchy_result<T> hierarchy;
  anomaly_result<T> anomalies;  ///< q-values here are those of the whole report
  std::vector<audit_bunching<T>> bunching;
};

namespace detail::audit {

/// A p-valued test of the report before adjustment.
template <std::floating_point T>
struct candidate {
  audit_flag<T> flag;
  bool eligible = true;  ///< may be flagged when its q-value allows (Benford: and the MAD)
};

template <std::floating_point T>
std::string p_text(T p, T q) {
  return "p = " + number(p, 2) + ", q = " + number(q, 2);
}

}  // namespace detail::audit

/// Runs every check that applies to `cohort` and reports what it finds.
///
/// Checks (those that cannot run are listed in `summary.not_run` with the reason):
/// - Digits of the counts of the lowest-level regions (those without children; parents'
///   figures are sums of theirs): `benford_test` of the first, second and first two digits,
///   and `last_digit_test` of the last and last two digits (whole counts only). A digit test
///   whose `small_sample` is set is not judged. A Benford test is flagged only when its
///   chi-square q-value is <= fdr **and** its MAD is in Nigrini's nonconformity class: with many
///   values chi-square rejects trivial departures, with few the MAD is large by chance.
///   Statistic: chi-square.
/// - heaping, each region with at least `min_heaping_values` counts >= 10: the binomial
///   p-value of the counts ending in 0 or 5 (as `last_digit_test`). Statistic: the
///   Whipple-type index.
/// - `check_hierarchy`: every parent-year whose poor or population is not the sum of its
///   children's (statistic: the relative difference), every child above its parent
///   (statistic: child − parent). No p-value: these are facts, always flagged.
/// - `flag_anomalies` with `options.anomalies`: own_trend, peer_change, smooth_decline and,
///   when a deadline is given, steep_before_deadline (statistics as there: t, z, X², z).
/// - With `exit_threshold` c and population: `threshold_bunching` of the headcount ratios of
///   the lowest-level regions in each year, the window test (statistic: the share below) and
///   McCrary's test (statistic: θ = ln f̂⁺ − ln f̂⁻, one-sided p for a pile-up below).
///
/// Every p-value of the report is adjusted together by Benjamini–Hochberg
/// (`benjamini_hochberg`); a test is flagged when its q-value is <= `fdr`. So on a cohort of
/// clean figures the expected share of false findings among all findings stays <= fdr
/// (measured on simulated cohorts in docs/audit.md), and the report says how strong each
/// finding is. Flags carry a one-line explanation with the figures behind them.
/// @throws invalid_input when fdr is not in (0, 1), exit_threshold is outside (0, 1),
///         min_heaping_values is 0, or an option of a check is invalid (the message names it,
///         e.g. `options.anomalies.min_peers`), or the deadline is not a year of the cohort.
template <std::floating_point T>
audit_report<T> audit(const regional_cohort<T>& cohort, const audit_options<T>& options = {}) {
  namespace da = detail::audit;
  constexpr std::string_view function = "audit";
  if (!(options.fdr > T(0) && options.fdr < T(1))) detail::raise_value(function, "options.fdr", options.fdr, "in (0, 1)");
  if (options.exit_threshold && !(*options.exit_threshold > T(0) && *options.exit_threshold < T(1)))
    detail::raise_value(function, "options.exit_threshold", *options.exit_threshold, "in (0, 1)");
  if (options.min_heaping_values == 0)
    detail::raise_value(function, "options.min_heaping_values", options.min_heaping_values, ">= 1");
  detail::check_tolerance(function, "options.tolerance.", options.tolerance);
  detail::check_bunching_options(function, "options.bunching.", options.bunching);
  detail::check_benford_options(function, "options.benford.", options.benford);

  audit_report<T> report{};
  auto& summary = report.summary;
  const std::size_t regions = cohort.region_count();
  const auto names = cohort.region_names();
  const auto years = cohort.years();
  const auto& poor = cohort.poor();
  const auto cell = [](const auto& m, std::size_t r, std::size_t y) {
    return m(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(y));
  };
  summary.regions = regions;
  summary.years = years.size();
  summary.fdr = options.fdr;
  std::vector<bool> has_children(regions, false);
  for (std::size_t r = 0; r < regions; ++r)
    if (!cohort.parent(r).empty()) has_children[*cohort.find(cohort.parent(r))] = true;
  std::vector<T> leaf_counts;
  bool whole = true;
  for (std::size_t r = 0; r < regions; ++r)
    for (std::size_t y = 0; y < years.size(); ++y) {
      const T v = cell(poor, r, y);
      if (std::isnan(v)) continue;
      ++summary.observed_cells;
      if (v != std::trunc(v)) whole = false;
      if (!has_children[r]) leaf_counts.push_back(v);
    }

  std::vector<da::candidate<T>> candidates;  // p-valued
  std::vector<audit_flag<T>> facts;          // hierarchy findings
  std::vector<audit_test_count> counts;
  const auto count_run = [&](audit_test test, std::size_t run) {
    for (auto& c : counts)
      if (c.test == test) {
        c.run += run;
        return;
      }
    counts.push_back({test, run, 0});
  };
  const auto add = [&](audit_test test, std::optional<std::size_t> region, std::optional<T> year, T statistic, T p,
                       bool eligible = true) {
    audit_flag<T> f{test, region, region ? names[*region] : std::string(), year, statistic, p, std::nullopt, {}, {}};
    candidates.push_back({std::move(f), eligible});
    count_run(test, 1);
  };

  // Digit tests of the lowest-level counts.
  const std::string lowest = "counts of the lowest-level regions";
  const std::tuple<benford_digits, audit_test, std::optional<benford_result<T>>*> benford_runs[] = {
      {benford_digits::first, audit_test::benford_first, &report.benford_first},
      {benford_digits::second, audit_test::benford_second, &report.benford_second},
      {benford_digits::first_two, audit_test::benford_first_two, &report.benford_first_two}};
  for (const auto& [digits, test, slot] : benford_runs) {
    if (leaf_counts.empty()) break;
    try {
      *slot = benford_test(leaf_counts, digits, options.benford);
    } catch (const insufficient_data& e) {
      summary.not_run.push_back(std::string(to_string(test)) + ": " + std::string(detail::reason(e)));
      continue;
    }
    const auto& b = **slot;
    if (b.small_sample) {
      summary.not_run.push_back(std::string(to_string(test)) + ": " + detail::count_text(b.n, "value") +
                                (b.n == 1 ? " gives" : " give") + " an expected count of " + da::number(b.min_expected_count, 2) +
                                " for the rarest digit; a judgement needs 5");
      continue;
    }
    add(test, std::nullopt, std::nullopt, b.chi_square, b.p_value, b.conformity == benford_conformity::nonconformity);
  }
  if (leaf_counts.empty()) summary.not_run.push_back("digit tests: no count is observed");
  if (!leaf_counts.empty() && !whole)
    summary.not_run.push_back("last_digit, last_two_digits and heaping: the counts are not all whole numbers");
  if (!leaf_counts.empty() && whole) {
    try {
      report.last_digits = last_digit_test(leaf_counts);
      const auto& l = *report.last_digits;
      if (l.last.small_sample)
        summary.not_run.push_back("last_digit: " + detail::count_text(l.last.n, "count") + " >= 10; a judgement needs 50");
      else
        add(audit_test::last_digit, std::nullopt, std::nullopt, l.last.chi_square, l.last.p_value);
      if (!l.last_two || l.last_two->small_sample)
        summary.not_run.push_back("last_two_digits: " + detail::count_text(l.last_two ? l.last_two->n : 0, "count") +
                                  " >= 100; a judgement needs 500");
      else
        add(audit_test::last_two_digits, std::nullopt, std::nullopt, l.last_two->chi_square, l.last_two->p_value);
    } catch (const insufficient_data& e) {
      summary.not_run.push_back("last_digit: " + std::string(detail::reason(e)));
    }
  }

  // Heaping, region by region.
  if (whole) {
    std::vector<std::string> short_regions;
    for (std::size_t r = 0; r < regions; ++r) {
      std::size_t n = 0, heaped = 0;
      for (std::size_t y = 0; y < years.size(); ++y) {
        const T v = cell(poor, r, y);
        if (!(v >= T(10))) continue;  // also skips NaN
        ++n;
        const T d = std::fmod(v, T(10));
        if (d == T(0) || d == T(5)) ++heaped;
      }
      if (n < options.min_heaping_values) {
        short_regions.push_back(names[r]);
        continue;
      }
      add(audit_test::heaping, r, std::nullopt, 500 * static_cast<T>(heaped) / static_cast<T>(n),
          da::binomial_upper_tail(heaped, n, T(0.2)));
    }
    if (!short_regions.empty())
      summary.not_run.push_back("heaping not run for " + da::name_list(short_regions) + ": fewer than " +
                                std::to_string(options.min_heaping_values) +
                                " counts >= 10 (options.min_heaping_values)");
  }

  // Hierarchy.
  report.hierarchy = check_hierarchy(cohort, options.tolerance);
  if (!cohort.has_hierarchy()) {
    summary.not_run.push_back("hierarchy checks: the cohort has no parents");
  } else {
    const auto& h = report.hierarchy;
    count_run(audit_test::hierarchy_poor, h.parent_years_checked);
    std::size_t child_years = 0;
    for (std::size_t r = 0; r < regions; ++r) {
      if (cohort.parent(r).empty()) continue;
      const std::size_t parent = *cohort.find(cohort.parent(r));
      for (std::size_t y = 0; y < years.size(); ++y)
        if (!std::isnan(cell(poor, r, y)) && !std::isnan(cell(poor, parent, y))) ++child_years;
    }
    count_run(audit_test::child_above_parent, child_years);
    if (cohort.has_population()) count_run(audit_test::hierarchy_population, h.parent_years_checked);
    const auto sums = [&](const std::vector<hierarchy_sum_mismatch<T>>& list, audit_test test, std::string_view what) {
      for (const auto& m : list) {
        audit_flag<T> f{test, m.parent, names[m.parent], years[m.year], m.relative_difference, std::nullopt, std::nullopt, {}, {}};
        for (std::size_t r = 0; r < regions; ++r)
          if (cohort.parent(r) == names[m.parent]) f.related_regions.push_back(r);
        const std::size_t present = m.children - m.children_missing;
        f.explanation = "'" + names[m.parent] + "' " + da::year(years[m.year]) + ": reports " + da::count(m.reported) +
                        " " + std::string(what) + " but its " + std::to_string(present) +
                        (present == 1 ? " child" : " children") + (m.children_missing == 0 ? "" : " with figures") +
                        (present == 1 ? " adds" : " add") + " up to " +
                        da::count(m.children_sum) + " (" + (m.difference > 0 ? "+" : "") +
                        (std::isfinite(m.relative_difference) ? da::percent(m.relative_difference) : std::string("no base")) +
                        (m.children_missing == 0 ? "" : ", " + detail::count_text(m.children_missing, "child") + " missing") + ")";
        facts.push_back(std::move(f));
      }
    };
    sums(h.poor_sums, audit_test::hierarchy_poor, "poor");
    sums(h.population_sums, audit_test::hierarchy_population, "population");
    for (const auto& c : h.children_above_parent) {
      audit_flag<T> f{audit_test::child_above_parent, c.child, names[c.child], years[c.year], c.child_poor - c.parent_poor,
                      std::nullopt, std::nullopt, {}, {c.parent}};
      f.explanation = "'" + names[c.child] + "' " + da::year(years[c.year]) + ": " + da::count(c.child_poor) +
                      " poor, more than its parent '" + names[c.parent] + "' reports (" + da::count(c.parent_poor) + ")";
      facts.push_back(std::move(f));
    }
  }

  // Trend anomalies.
  report.anomalies = detail::anomalies::run(function, "options.anomalies.", cohort, options.anomalies);
  report.anomalies.fdr = options.fdr;
  for (const auto& note : report.anomalies.notes) summary.not_run.push_back(note);
  const std::size_t anomaly_first = candidates.size();
  for (const auto& t : report.anomalies.tests) {
    const audit_test test = t.kind == anomaly_kind::own_trend     ? audit_test::own_trend
                            : t.kind == anomaly_kind::peer_change ? audit_test::peer_change
                            : t.kind == anomaly_kind::smooth_decline ? audit_test::smooth_decline
                                                                     : audit_test::steep_before_deadline;
    add(test, t.region, t.year ? std::optional<T>(years[*t.year]) : std::nullopt, t.statistic, t.p_value);
  }

  // Bunching at the exit line.
  if (options.exit_threshold) {
    if (!cohort.has_population()) {
      summary.not_run.push_back("bunching: the cohort has no population, so no headcount ratio");
    } else {
      const T c = *options.exit_threshold;
      const auto& population = cohort.population();
      for (std::size_t y = 0; y < years.size(); ++y) {
        std::vector<T> rates;
        std::vector<std::size_t> owners;
        for (std::size_t r = 0; r < regions; ++r) {
          if (has_children[r]) continue;
          const T p = cell(poor, r, y), n = cell(population, r, y);
          if (std::isnan(p) || std::isnan(n)) continue;
          rates.push_back(p / n);
          owners.push_back(r);
        }
        if (rates.empty()) continue;
        audit_bunching<T> b{years[y], threshold_bunching(rates, c, options.bunching), {}};
        for (std::size_t k = 0; k < rates.size(); ++k)
          if (rates[k] >= c - options.bunching.window && rates[k] < c) b.regions_below.push_back(owners[k]);
        add(audit_test::bunching_window, std::nullopt, years[y], b.result.share_below.value_or(T(0)),
            b.result.binomial_p_value);
        if (b.result.density)
          add(audit_test::bunching_density, std::nullopt, years[y], b.result.density->log_difference,
              b.result.density->p_value_bunching);
        else
          summary.not_run.push_back("bunching_density " + da::year(years[y]) + ": " + b.result.density_note);
        report.bunching.push_back(std::move(b));
      }
    }
  }

  // One adjustment for everything, then the flags and their explanations.
  std::vector<T> p;
  p.reserve(candidates.size());
  for (const auto& c : candidates) p.push_back(*c.flag.p_value);
  const auto q = benjamini_hochberg(p);
  for (std::size_t i = 0; i < q.size(); ++i) candidates[i].flag.q_value = q[i];
  for (std::size_t i = anomaly_first, k = 0; k < report.anomalies.tests.size(); ++i, ++k)
    report.anomalies.tests[k].q_value = q[i];
  std::size_t bunching_index = 0;
  std::vector<audit_flag<T>> flags = std::move(facts);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    auto& f = candidates[i].flag;
    const bool bunching_test = f.test == audit_test::bunching_window || f.test == audit_test::bunching_density;
    const audit_bunching<T>* b = nullptr;
    if (bunching_test) {
      if (f.test == audit_test::bunching_window) ++bunching_index;
      b = &report.bunching[bunching_index - 1];
    }
    if (!(candidates[i].eligible && q[i] <= options.fdr)) continue;
    const std::string stats = da::p_text(*f.p_value, q[i]);
    const std::string who = f.region ? "'" + f.region_name + "'" : std::string();
    const std::string when = f.year ? " " + da::year(*f.year) : std::string();
    switch (f.test) {
      case audit_test::benford_first:
      case audit_test::benford_second:
      case audit_test::benford_first_two: {
        const auto& b_result = f.test == audit_test::benford_first    ? *report.benford_first
                               : f.test == audit_test::benford_second ? *report.benford_second
                                                                      : *report.benford_first_two;
        const std::string which = f.test == audit_test::benford_first    ? "first digits"
                                  : f.test == audit_test::benford_second ? "second digits"
                                                                         : "first two digits";
        f.explanation = "the " + which + " of the " + std::to_string(b_result.n) + " " + lowest +
                        " depart from Benford's law: chi-square " + da::number(b_result.chi_square) + " on " +
                        std::to_string(b_result.df) + " df, " + stats + "; MAD " + da::number(b_result.mad, 2) + " (" +
                        std::string(to_string(b_result.conformity)) + ", Nigrini)";
        break;
      }
      case audit_test::last_digit: {
        const auto& l = *report.last_digits;
        f.explanation = "the last digits of the " + std::to_string(l.last.n) + " " + lowest +
                        " that are >= 10 are not uniform: " + da::percent(l.share_0_or_5) +
                        " end in 0 or 5 (20% expected), chi-square " + da::number(l.last.chi_square) + " on 9 df, " + stats;
        break;
      }
      case audit_test::last_two_digits: {
        const auto& l = *report.last_digits;
        f.explanation = "the last two digits of the " + std::to_string(l.last_two->n) + " " + lowest +
                        " that are >= 100 are not uniform: chi-square " + da::number(l.last_two->chi_square) +
                        " on 99 df, " + stats;
        break;
      }
      case audit_test::heaping: {
        std::size_t n = 0, heaped = 0;
        for (std::size_t y = 0; y < years.size(); ++y) {
          const T v = cell(poor, *f.region, y);
          if (!(v >= T(10))) continue;
          ++n;
          const T d = std::fmod(v, T(10));
          if (d == T(0) || d == T(5)) ++heaped;
        }
        f.explanation = who + ": " + std::to_string(heaped) + " of " + std::to_string(n) +
                        " counts end in 0 or 5 (20% expected; Whipple-type index " + da::number(f.statistic) + "), " + stats;
        break;
      }
      case audit_test::own_trend:
      case audit_test::peer_change:
      case audit_test::smooth_decline:
      case audit_test::steep_before_deadline: {
        const auto& t = report.anomalies.tests[i - anomaly_first];
        if (f.test == audit_test::own_trend) {
          const T off = t.observed / t.expected - 1;
          f.explanation = who + when + ": " + da::count(t.observed) + " poor is " + da::percent(std::abs(off)) +
                          (off < 0 ? " below" : " above") + " its own trend (" + da::count(std::round(t.expected)) +
                          "); studentised residual " + da::number(t.statistic) + ", " + stats;
        } else if (f.test == audit_test::peer_change) {
          f.explanation = who + when + ": poor changed " + da::percent(std::exp(t.observed) - 1) +
                          " in the year, where its own pace and its peers imply " + da::percent(std::exp(t.expected) - 1) +
                          "; robust z " + da::number(t.statistic) + ", " + stats;
        } else if (f.test == audit_test::smooth_decline) {
          f.explanation = who + ": its counts keep closer to a smooth path than counting allows (Pearson X² " +
                          da::number(t.observed) + " on " + da::number(*t.df) + " df, about " + da::number(t.expected) +
                          " expected from counting noise" +
                          (t.peer_median ? ", " + da::number(*t.peer_median * t.expected) + " from its peers' median" : std::string()) +
                          "), " + stats;
        } else {
          const T span = static_cast<T>(options.anomalies.deadline_window);
          f.explanation = who + ": in the " + da::number(span) + " years to " + da::year(*f.year) +
                          " its log count fell " + da::number(-t.observed) +
                          " a year faster than its own earlier pace (peers' median " + da::number(-t.expected) +
                          "); robust z " + da::number(t.statistic) + ", " + stats;
        }
        break;
      }
      case audit_test::bunching_window: {
        const auto& r = b->result;
        const T c = r.threshold, w = r.window;
        f.related_regions = b->regions_below;
        f.explanation = "rates" + when + ": " + std::to_string(r.below) + " lowest-level regions report a headcount ratio in [" +
                        da::percent(c - w) + ", " + da::percent(c) + ") against " + std::to_string(r.above) + " in [" +
                        da::percent(c) + ", " + da::percent(c + w) + "), a pile-up below the exit line; binomial " + stats;
        break;
      }
      case audit_test::bunching_density: {
        const auto& d = *b->result.density;
        f.related_regions = b->regions_below;
        f.explanation = "rates" + when + ": the density of headcount ratios drops " +
                        da::percent(1 - std::exp(d.log_difference)) + " across the exit line " + da::percent(b->result.threshold) +
                        " (McCrary: log ratio " + da::number(d.log_difference) + ", se " + da::number(d.se, 2) + ", z " +
                        da::number(d.z) + "), " + stats;
        break;
      }
      default: break;
    }
    flags.push_back(std::move(f));
  }
  std::ranges::stable_sort(flags, [](const audit_flag<T>& a, const audit_flag<T>& b) {
    const auto key = [](const audit_flag<T>& f) {
      return std::tuple(f.region.has_value(), f.region.value_or(0), f.year.has_value(), f.year.value_or(T(0)),
                        static_cast<int>(f.test));
    };
    return key(a) < key(b);
  });
  for (const auto& f : flags) {
    if (f.region && (report.flagged_regions.empty() || report.flagged_regions.back() != *f.region))
      report.flagged_regions.push_back(*f.region);
    for (auto& c : counts)
      if (c.test == f.test) ++c.flagged;
  }
  std::ranges::sort(report.flagged_regions);
  report.flagged_regions.erase(std::unique(report.flagged_regions.begin(), report.flagged_regions.end()),
                               report.flagged_regions.end());
  std::ranges::sort(counts, [](const audit_test_count& a, const audit_test_count& b) {
    return static_cast<int>(a.test) < static_cast<int>(b.test);
  });
  summary.by_test = std::move(counts);
  summary.tests = candidates.size();
  summary.flags = flags.size();
  summary.regions_flagged = report.flagged_regions.size();
  report.flags = std::move(flags);
  return report;
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_AUDIT_REPORT_HPP
