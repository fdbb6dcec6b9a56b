// Shared by the tests of measure/: the R reference table of tests/reference/measures.R
// (data sets and expected values), a loader for its data sets, the comparison used against
// it, and a seeded generator of random samples for the property-based (axiom) tests.
//
// Tolerance against R: |computed − expected| <= 1e-10·|expected| + 1e-14. The relative part
// is the target; both sides compute in double with different algorithms (R: direct
// double sums over all pairs, long-double accumulation; povstat: sorted one-pass forms with
// compensated sums), so they agree to ~1e-15 on these well-conditioned data; the 1e-14
// absolute floor covers values that are mathematically 0 where R's rounding leaves ~2e-16
// (e.g. Atkinson of a single income).
#ifndef POVSTAT_TESTS_MEASURE_MEASURE_TEST_SUPPORT_HPP
#define POVSTAT_TESTS_MEASURE_MEASURE_TEST_SUPPORT_HPP

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "reference_table.hpp"

namespace measure_test {

inline const reference::table& R() {
  static const reference::table table({
#include "measures.inc"
  });
  return table;
}

/// Every data set of measures.R.
inline const std::vector<std::string> all_cases = {"ties",           "integer",    "unweighted",
                                                   "survey",         "single",     "nobody_poor",
                                                   "everybody_poor", "nonpositive"};

struct data_set {
  std::vector<double> y;
  std::vector<double> w;
  double z;
};

inline data_set load(const std::string& name) {
  data_set d;
  const auto n = static_cast<std::size_t>(R()(name, "n"));
  for (std::size_t i = 0; i < n; ++i) {
    d.y.push_back(R()(name, "y[" + std::to_string(i) + "]"));
    d.w.push_back(R()(name, "w[" + std::to_string(i) + "]"));
  }
  d.z = R()(name, "z");
  return d;
}

inline bool agrees(double computed, double expected) {
  return std::abs(computed - expected) <= 1e-10 * std::abs(expected) + 1e-14;
}

/// The largest relative difference from R seen since the last report (absolute where R's
/// value is 0), with where it was seen.
struct worst_difference {
  double value = 0;
  std::string where = "-";
};
inline worst_difference& worst() {
  static worst_difference w;
  return w;
}

inline void check_reference(const std::string& name, const std::string& quantity, double computed) {
  const double expected = R()(name, quantity);
  INFO(name << " / " << quantity << ": computed " << computed << ", R " << expected);
  CHECK(agrees(computed, expected));
  const double difference =
      std::abs(computed - expected) / (expected == 0 ? 1 : std::abs(expected));
  if (difference >= worst().value) worst() = {difference, name + " / " + quantity};
}

/// Prints (doctest MESSAGE) the worst relative difference from R of the checks since the last
/// report — the accuracy figures of docs/measures.md — and starts over.
inline void report_accuracy(const std::string& what) {
  MESSAGE(what << " vs R: worst relative difference " << worst().value << " (" << worst().where
               << ")");
  worst() = {};
}

/// Relative agreement for the axiom tests (two povstat computations of one quantity).
inline bool same(double a, double b, double tolerance = 1e-13) {
  return std::abs(a - b) <= tolerance * std::max(std::abs(a), std::abs(b)) + 1e-15;
}

/// Portable uniform in [0, 1) from std::mt19937_64 (53 bits; the engine's sequence is fixed
/// by the standard, the distributions of <random> are not).
inline double uniform(std::mt19937_64& g) { return static_cast<double>(g() >> 11) * 0x1.0p-53; }

/// A random weighted sample: log-uniform incomes over [e^1, e^6] (≈ 2.7 to 403), weights
/// in [0.5, 3.5), a few ties (every fifth income repeats the previous one).
inline data_set random_sample(std::mt19937_64& g, std::size_t n) {
  data_set d;
  for (std::size_t i = 0; i < n; ++i) {
    const double y =
        (i % 5 == 4 && i > 0) ? d.y.back() : std::round(std::exp(1 + 5 * uniform(g)) * 100) / 100;
    d.y.push_back(y);
    d.w.push_back(0.5 + 3 * uniform(g));
  }
  d.z = 40;
  return d;
}

}  // namespace measure_test

#endif
