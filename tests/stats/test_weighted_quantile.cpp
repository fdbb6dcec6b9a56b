// Tests of stats/weighted_quantile.hpp: weighted_quantile, weighted_quantiles and
// weighted_median against laeken 0.5's weightedQuantile / weightedMedian (rule `laeken`) and
// against the interpolated rule written out in R (which equals quantile(type = 5) for unit
// weights without ties, checked in the script and here) on the data sets of
// tests/reference/measures.R; hand examples of both tie rules; replication invariance; the
// accepted input types; and every rejected input with its exception type and full message.
//
// Tolerance: laeken's rule returns one of the data values, so it must match exactly; the
// interpolated rule is a linear interpolation computed in a different order than R's approx,
// so 1e-13 relative (it agrees to a few ulps).

#include "povstat/stats/weighted_quantile.hpp"

#include <doctest/doctest.h>

#include <Eigen/Core>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "reference_table.hpp"

using povstat::insufficient_data;
using povstat::invalid_input;
using povstat::quantile_rule;

namespace {

const reference::table quantile_R({
#include "measures.inc"
});

struct sample {
  std::vector<double> x;
  std::vector<double> w;
};

sample load(const std::string& name) {
  sample s;
  const auto n = static_cast<std::size_t>(quantile_R(name, "n"));
  for (std::size_t i = 0; i < n; ++i) {
    s.x.push_back(quantile_R(name, "y[" + std::to_string(i) + "]"));
    s.w.push_back(quantile_R(name, "w[" + std::to_string(i) + "]"));
  }
  return s;
}

const std::vector<std::string> cases = {"ties",   "integer",     "unweighted",     "survey",
                                        "single", "nobody_poor", "everybody_poor", "nonpositive"};

struct probability {
  double p;
  const char* label;
};
const std::vector<probability> probabilities = {
    {0, "0"},     {0.05, "0.05"}, {0.1, "0.1"},   {0.2, "0.2"}, {0.25, "0.25"}, {0.4, "0.4"},
    {0.5, "0.5"}, {0.6, "0.6"},   {0.75, "0.75"}, {0.8, "0.8"}, {0.9, "0.9"},   {1, "1"}};

const povstat::quantile_options interpolated{.rule = quantile_rule::interpolated};

bool close(double computed, double expected) {
  return std::abs(computed - expected) <= 1e-13 * std::abs(expected) + 1e-14;
}

}  // namespace

TEST_CASE("laeken's rule matches laeken::weightedQuantile exactly") {
  for (const auto& name : cases) {
    const auto s = load(name);
    std::vector<double> probs;
    for (const auto& probability : probabilities) {
      const double p = probability.p;
      const std::string label = probability.label;  // a plain variable: INFO captures it
      INFO(name << " p = " << label);
      CHECK(povstat::weighted_quantile(s.x, s.w, p) == quantile_R(name, std::string("quantile_") + label));
      probs.push_back(p);
    }
    const auto all = povstat::weighted_quantiles(s.x, s.w, probs);
    for (std::size_t k = 0; k < probs.size(); ++k)
      CHECK(all[k] == quantile_R(name, std::string("quantile_") + probabilities[k].label));
    CHECK(povstat::weighted_median(s.x, s.w) == quantile_R(name, "median"));
  }
}

TEST_CASE("the interpolated rule matches its R transcription (Hyndman–Fan 5 for unit weights)") {
  for (const auto& name : cases) {
    const auto s = load(name);
    for (const auto& probability : probabilities) {
      const double p = probability.p;
      const std::string label = probability.label;
      const double computed = povstat::weighted_quantile(s.x, s.w, p, interpolated);
      const double expected = quantile_R(name, std::string("quantile_interpolated_") + label);
      INFO(name << " p = " << label << ": computed " << computed << ", R " << expected);
      CHECK(close(computed, expected));
    }
  }
  // R's quantile(c(1, 2, 3, 4, 10), c(0.1, 0.5, 0.73), type = 5) = 1, 3, 4.9.
  const std::vector<int> x{4, 1, 10, 3, 2};
  CHECK(povstat::weighted_quantile(x, 0.1, interpolated) == 1);
  CHECK(povstat::weighted_quantile(x, 0.5, interpolated) == 3);
  CHECK(povstat::weighted_quantile(x, 0.73, interpolated) == doctest::Approx(4.9).epsilon(1e-14));
}

TEST_CASE("tie rules by hand") {
  // laeken: smallest x_(k) with C_k / W > p. Equal weights 1..4: C/W = .25 .5 .75 1.
  const std::array<double, 4> x{1, 2, 3, 4};
  CHECK(povstat::weighted_median(x) == 3);  // .5 is not > .5: never the average 2.5
  CHECK(povstat::weighted_quantile(x, 0.25) == 2);
  CHECK(povstat::weighted_quantile(x, 0.2499) == 1);
  CHECK(povstat::weighted_quantile(x, 0.0) == 1);
  CHECK(povstat::weighted_quantile(x, 1.0) == 4);
  CHECK(povstat::weighted_quantile(x, 0.99) == 4);
  // Interpolated: midpoints .125 .375 .625 .875.
  CHECK(povstat::weighted_median(x, interpolated) == 2.5);
  CHECK(povstat::weighted_quantile(x, 0.125, interpolated) == 1);
  CHECK(povstat::weighted_quantile(x, 0.05, interpolated) == 1);
  CHECK(povstat::weighted_quantile(x, 0.95, interpolated) == 4);
  CHECK(povstat::weighted_quantile(x, 0.25, interpolated) == 1.5);
  // Ties are merged: 1, 2, 2, 3 equals 1, 2 (weight 2), 3: midpoints .125, .5, .875.
  const std::vector<double> tied{2, 1, 3, 2};
  CHECK(povstat::weighted_median(tied, interpolated) == 2);
  CHECK(povstat::weighted_quantile(tied, 0.3125, interpolated) == 1.5);
  CHECK(povstat::weighted_quantile(std::vector{1.0, 2.0, 3.0}, std::vector{1.0, 2.0, 1.0}, 0.3125,
                                   interpolated) == 1.5);
}

TEST_CASE("weight 2 equals a duplicated value; scaling all weights changes nothing") {
  const auto s = load("survey");
  std::vector<double> w(s.x.size(), 1.0);
  w[17] = 2;
  auto duplicated = s.x;
  duplicated.push_back(s.x[17]);
  auto scaled = s.w;
  for (auto& v : scaled) v *= 3.5;
  for (const auto& [p, label] : probabilities) {
    for (const auto rule : {quantile_rule::laeken, quantile_rule::interpolated}) {
      const povstat::quantile_options options{.rule = rule};
      CHECK(povstat::weighted_quantile(s.x, w, p, options) ==
            doctest::Approx(povstat::weighted_quantile(duplicated, p, options)).epsilon(1e-14));
      CHECK(povstat::weighted_quantile(s.x, scaled, p, options) ==
            doctest::Approx(povstat::weighted_quantile(s.x, s.w, p, options)).epsilon(1e-14));
    }
  }
}

TEST_CASE("accepted inputs: integers, spans, Eigen, float; inputs unmodified") {
  const std::vector<int> xi{5, 1, 4};
  static_assert(std::is_same_v<decltype(povstat::weighted_median(xi)), double>);
  CHECK(povstat::weighted_median(xi, std::vector<int>{5, 1, 1}) == 5);  // 5 holds 5 of 7
  const Eigen::VectorXd xe{{5.0, 1.0, 4.0}};
  CHECK(povstat::weighted_quantile(xe, Eigen::VectorXd::Ones(3), 0.5) == 4);
  const std::vector<float> xf{5, 1, 4};
  static_assert(std::is_same_v<decltype(povstat::weighted_median(xf)), float>);
  CHECK(povstat::weighted_median(xf) == 4.0f);
  std::vector<double> x{3, 1, 2};
  (void)povstat::weighted_quantiles(std::span<const double>(x), std::array{0.1, 0.9});
  CHECK(x == std::vector<double>{3, 1, 2});
}

TEST_CASE("bad input is rejected with the full message") {
  const std::vector<double> x{1, 2, 3};
  CHECK_THROWS_WITH_AS(povstat::weighted_median(std::vector<double>{}),
                       "povstat::weighted_median: x has 0 values, but needs at least 1 (an empty "
                       "sample has no distribution)",
                       insufficient_data);
  CHECK_THROWS_WITH_AS(povstat::weighted_quantile(x, std::vector{1.0, 1.0}, 0.5),
                       "povstat::weighted_quantile: w has 2 values, but must have 3 (as many as x)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::weighted_quantile(x, std::vector{1.0, -1.0, 1.0}, 0.5),
                       "povstat::weighted_quantile: w[1] is -1, but must be > 0", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::weighted_quantile(x, std::vector{0.0, 1.0, 1.0}, 0.5),
                       "povstat::weighted_quantile: w[0] is 0, but must be > 0", invalid_input);
  CHECK_THROWS_WITH_AS(
      povstat::weighted_median(x, std::vector{1.0, 1.0, std::numeric_limits<double>::infinity()}),
      "povstat::weighted_median: w[2] is inf, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::weighted_quantile(std::vector{1.0, std::nan("")}, 0.5),
                       "povstat::weighted_quantile: x[1] is nan, but must be finite",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::weighted_quantile(x, 1.5),
                       "povstat::weighted_quantile: p is 1.5, but must be in [0, 1]",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::weighted_quantile(x, -0.1),
                       "povstat::weighted_quantile: p is -0.1, but must be in [0, 1]",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::weighted_quantile(x, std::nan("")),
                       "povstat::weighted_quantile: p is nan, but must be in [0, 1]",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::weighted_quantiles(x, std::vector{0.5, 2.0}),
                       "povstat::weighted_quantiles: probs[1] is 2, but must be in [0, 1]",
                       invalid_input);
}
