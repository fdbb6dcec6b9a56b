// Tests of measure/inequality.hpp: gini (laeken's and convey's), theil_t, mld,
// generalized_entropy, atkinson, palma and quintile_share_ratio against R
// (tests/reference/measures.R: laeken's gini and qsr, convey's CalcGini written out, the
// published formulas for the rest) on every data set, both nonpositive-income policies and
// both share methods; the accumulators (chunks merge to one pass); the axioms (Gini of equal
// incomes is 0, scale and replication invariance, weight-scale invariance); and every rejected
// input with its exception type and full message.
// Tolerances: see measure_test_support.hpp.

#include "povstat/measure/inequality.hpp"

#include <doctest/doctest.h>

#include <Eigen/Core>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "measure_test_support.hpp"

using measure_test::check_reference;
using measure_test::load;
using measure_test::same;
using povstat::insufficient_data;
using povstat::invalid_input;
using povstat::nonpositive_income;

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();
const povstat::entropy_options exclude{.nonpositive = nonpositive_income::exclude};
const povstat::gini_options convey{.formula = povstat::gini_formula::convey};
const povstat::share_ratio_options lorenz{.method = povstat::share_method::lorenz};

double total_income(const std::vector<double>& y, const std::vector<double>& w) {
  double total = 0;
  for (std::size_t i = 0; i < y.size(); ++i) total += w[i] * y[i];
  return total;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Against R

TEST_CASE("gini matches laeken (and the pair form); convey's formula matches convey's CalcGini") {
  measure_test::worst() = {};  // this case's checks only
  for (const auto& name : measure_test::all_cases) {
    const auto d = load(name);
    check_reference(name, "gini", povstat::gini(d.y, d.w));
    check_reference(name, "gini_pairs", povstat::gini(d.y, d.w));
    check_reference(name, "gini_convey", povstat::gini(d.y, d.w, convey));
  }
  const auto d = load("unweighted");
  check_reference("unweighted", "gini", povstat::gini(d.y));
  check_reference("unweighted", "gini", povstat::gini(d.y, convey));  // agree for unit weights
  measure_test::report_accuracy("gini");
}

TEST_CASE("theil_t, mld, generalized_entropy and atkinson match the formulas") {
  measure_test::worst() = {};  // this case's checks only
  for (const auto& name : measure_test::all_cases) {
    const auto d = load(name);
    const bool positive = measure_test::R().has(name, "mld");
    const auto options = positive ? povstat::entropy_options{} : exclude;
    const std::string suffix = positive ? "" : "_exclude";
    check_reference(name, "theil_t" + suffix, povstat::theil_t(d.y, d.w, options));
    check_reference(name, "mld" + suffix, povstat::mld(d.y, d.w, options));
    for (const auto& [alpha, label] :
         {std::pair{-1.0, "-1"}, std::pair{0.5, "0.5"}, std::pair{2.0, "2"}, std::pair{3.0, "3"}})
      check_reference(name, std::string("ge_") + label + suffix,
                      povstat::generalized_entropy(d.y, d.w, alpha, options));
    for (const auto& [epsilon, label] :
         {std::pair{0.5, "0.5"}, std::pair{1.0, "1"}, std::pair{2.0, "2"}})
      check_reference(name, std::string("atkinson_") + label + suffix,
                      povstat::atkinson(d.y, d.w, epsilon, options));
    if (positive) {  // exclude changes nothing when every income is > 0
      CHECK(povstat::mld(d.y, d.w, exclude) == povstat::mld(d.y, d.w));
    }
  }
  const auto d = load("unweighted");
  check_reference("unweighted", "theil_t", povstat::theil_t(d.y));
  check_reference("unweighted", "mld", povstat::mld(d.y));
  check_reference("unweighted", "ge_2", povstat::generalized_entropy(d.y, 2.0));
  check_reference("unweighted", "atkinson_2", povstat::atkinson(d.y, 2.0));
  measure_test::report_accuracy("theil_t, mld, generalized_entropy, atkinson");
}

TEST_CASE("the entropy family's identities hold") {
  const auto d = load("survey");
  CHECK(povstat::generalized_entropy(d.y, d.w, 1.0) == povstat::theil_t(d.y, d.w));
  CHECK(povstat::generalized_entropy(d.y, d.w, 0.0) == povstat::mld(d.y, d.w));
  CHECK(povstat::atkinson(d.y, d.w, 0.0) == 0);
  // A(epsilon) = 1 − [1 + a(a − 1) GE(a)]^(1/a), a = 1 − epsilon; A(1) = 1 − exp(−MLD).
  for (const double epsilon : {0.5, 2.0, 3.0}) {
    const double a = 1 - epsilon;
    const double ge = povstat::generalized_entropy(d.y, d.w, a);
    CHECK(same(povstat::atkinson(d.y, d.w, epsilon), 1 - std::pow(1 + a * (a - 1) * ge, 1 / a),
               1e-12));
  }
  CHECK(same(povstat::atkinson(d.y, d.w, 1.0), 1 - std::exp(-povstat::mld(d.y, d.w)), 1e-12));
  // GE(2) is half the squared coefficient of variation.
  double sw = 0, swy = 0, swyy = 0;
  for (std::size_t i = 0; i < d.y.size(); ++i) {
    sw += d.w[i];
    swy += d.w[i] * d.y[i];
    swyy += d.w[i] * d.y[i] * d.y[i];
  }
  const double mean = swy / sw;
  CHECK(same(povstat::generalized_entropy(d.y, d.w, 2.0),
             (swyy / sw - mean * mean) / (2 * mean * mean), 1e-11));
}

TEST_CASE("palma and quintile_share_ratio match laeken's groups and the Lorenz curve") {
  measure_test::worst() = {};  // this case's checks only
  for (const auto& name : measure_test::all_cases) {
    const auto d = load(name);
    const auto check_ratio = [&](const std::string& quantity, auto compute) {
      // A bottom group with income <= 0 (negative incomes) makes the ratio meaningless: R
      // returns a negative number, povstat refuses.
      if (measure_test::R()(name, quantity) < 0)
        CHECK_THROWS_AS(compute(), invalid_input);
      else
        check_reference(name, quantity, compute());
    };
    check_ratio("qsr", [&] { return povstat::quintile_share_ratio(d.y, d.w); });
    check_ratio("qsr_lorenz", [&] { return povstat::quintile_share_ratio(d.y, d.w, lorenz); });
    check_ratio("palma", [&] { return povstat::palma(d.y, d.w); });
    check_ratio("palma_lorenz", [&] { return povstat::palma(d.y, d.w, lorenz); });
  }
  CHECK(measure_test::R()("nonpositive", "qsr_lorenz") < 0);  // the refusal above is exercised
  // Hand example: deciles of 10 equal-weight incomes 1..10: top 10 % = 10, bottom 40 % = 10.
  const std::vector<int> y{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  CHECK(povstat::palma(y, lorenz) == doctest::Approx(1.0).epsilon(1e-15));
  // laeken's groups: Q(0.4) = 5 (share 5/10 > 0.4), Q(0.9) = 10: top = {} -> 0.
  CHECK(povstat::palma(y) == 0);
  // Q(0.2) = 3 and Q(0.8) = 9: (10) / (1 + 2 + 3).
  CHECK(povstat::quintile_share_ratio(y) == doctest::Approx(10.0 / 6).epsilon(1e-15));
  measure_test::report_accuracy("palma, quintile_share_ratio");
}

// ---------------------------------------------------------------------------------------
// Inputs

TEST_CASE("integer, Eigen and float inputs") {
  const auto d = load("integer");
  const std::vector<long> yi{2, 4, 4, 6, 8, 10, 10, 10, 13, 20, 35, 50};
  const std::vector<int> wi{3, 1, 2, 5, 2, 1, 4, 2, 3, 1, 1, 2};
  static_assert(std::is_same_v<decltype(povstat::gini(yi, wi)), double>);
  CHECK(povstat::gini(yi, wi) == povstat::gini(d.y, d.w));
  check_reference("integer", "theil_t", povstat::theil_t(yi, wi));
  const Eigen::VectorXd ye = Eigen::Map<const Eigen::VectorXd>(d.y.data(), 12);
  CHECK(povstat::mld(ye, wi) == povstat::mld(d.y, d.w));
  const std::vector<float> yf(d.y.begin(), d.y.end());
  static_assert(std::is_same_v<decltype(povstat::atkinson(yf, 1.0f)), float>);
  CHECK(povstat::gini(yf, d.w) == doctest::Approx(povstat::gini(d.y, d.w)).epsilon(1e-6));
  CHECK(povstat::palma(yf, d.w) == doctest::Approx(povstat::palma(d.y, d.w)).epsilon(1e-6));
}

// ---------------------------------------------------------------------------------------
// Accumulators

TEST_CASE("generalized_entropy_accumulator and atkinson_accumulator: chunks merge to one pass") {
  std::mt19937_64 g(21);
  const auto d = measure_test::random_sample(g, 2000);
  for (const double alpha : {0.0, 1.0, 2.0, -0.5}) {
    const double one_pass = povstat::generalized_entropy(d.y, d.w, alpha);
    std::vector<povstat::generalized_entropy_accumulator<double>> chunks(
        5, povstat::generalized_entropy_accumulator<double>(alpha));
    for (std::size_t i = 0; i < d.y.size(); ++i) chunks[i % 5].add(d.y[i], d.w[i]);
    povstat::generalized_entropy_accumulator<double> merged(alpha);
    for (const auto& c : chunks) merged.merge(c);
    CHECK(same(merged.result(), one_pass, 1e-13));
    CHECK(merged.count() == d.y.size());
  }
  for (const double epsilon : {0.0, 0.5, 1.0, 2.0}) {
    const double one_pass = povstat::atkinson(d.y, d.w, epsilon);
    povstat::atkinson_accumulator<double> a(epsilon);
    povstat::atkinson_accumulator<double> b(epsilon);
    for (std::size_t i = 0; i < d.y.size(); ++i) (i < 700 ? a : b).add(d.y[i], d.w[i]);
    b.merge(a);
    CHECK(same(b.result(), one_pass, 1e-13));
  }
  // Exclude: incomes <= 0 are counted and dropped.
  povstat::generalized_entropy_accumulator<double> e(0.0, exclude);
  e.add(0.0);
  e.add(-3.0, 2.0);
  CHECK_THROWS_WITH_AS(e.result(),
                       "povstat::generalized_entropy_accumulator::result: no income is > 0 (2 "
                       "incomes <= 0 excluded)",
                       insufficient_data);
  e.add(2.0);
  e.add(8.0);
  CHECK(e.excluded() == 2);
  CHECK(same(e.result(), std::log(5.0) - std::log(4.0)));  // log(mean / geometric mean)
}

TEST_CASE("the accumulators reject bad values, mismatched merges and empty results") {
  CHECK_THROWS_WITH_AS(povstat::generalized_entropy_accumulator<double>{nan_value},
                       "povstat::generalized_entropy_accumulator: alpha is nan, but must be finite",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::atkinson_accumulator<double>{-1.0},
                       "povstat::atkinson_accumulator: epsilon is -1, but must be >= 0",
                       invalid_input);
  povstat::generalized_entropy_accumulator<double> a(2.0);
  CHECK_THROWS_WITH_AS(a.result(),
                       "povstat::generalized_entropy_accumulator::result: no observation was added",
                       insufficient_data);
  CHECK_THROWS_WITH_AS(
      a.add(0.0),
      "povstat::generalized_entropy_accumulator::add: y is 0, but must be > 0 (the "
      "index takes logarithms or powers of y; nonpositive_income::exclude drops "
      "such incomes)",
      invalid_input);
  CHECK_THROWS_WITH_AS(a.add(1.0, -2.0),
                       "povstat::generalized_entropy_accumulator::add: w is -2, but must be > 0",
                       invalid_input);
  CHECK_THROWS_WITH_AS(a.merge(povstat::generalized_entropy_accumulator<double>(1.0)),
                       "povstat::generalized_entropy_accumulator::merge: other.alpha() is 1, but "
                       "must be alpha() = 2 (only like merges with like)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(a.merge(povstat::generalized_entropy_accumulator<double>(2.0, exclude)),
                       "povstat::generalized_entropy_accumulator::merge: other has another "
                       "nonpositive_income policy (only like merges with like)",
                       invalid_input);
  povstat::atkinson_accumulator<double> b(1.0);
  CHECK_THROWS_WITH_AS(b.merge(povstat::atkinson_accumulator<double>(2.0)),
                       "povstat::atkinson_accumulator::merge: other.epsilon() is 2, but must be "
                       "epsilon() = 1 (only like merges with like)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(b.add(std::numeric_limits<double>::infinity()),
                       "povstat::atkinson_accumulator::add: y is inf, but must be finite",
                       invalid_input);
  CHECK_THROWS_WITH_AS(b.result(),
                       "povstat::atkinson_accumulator::result: no observation was added",
                       insufficient_data);
}

// ---------------------------------------------------------------------------------------
// Axioms

TEST_CASE("equal incomes: the Gini and every other index are 0") {
  for (const double income : {1.0, 37.25, 1e6}) {
    std::mt19937_64 g(6);
    std::vector<double> y(50, income);
    std::vector<double> w;
    for (int i = 0; i < 50; ++i) w.push_back(0.1 + 5 * measure_test::uniform(g));
    CHECK(std::abs(povstat::gini(y, w)) <= 1e-16);
    CHECK(povstat::gini(y) == 0);
    CHECK(std::abs(povstat::theil_t(y, w)) <= 1e-15);
    CHECK(std::abs(povstat::mld(y, w)) <= 1e-15);
    CHECK(std::abs(povstat::generalized_entropy(y, w, 2.0)) <= 1e-15);
    CHECK(std::abs(povstat::atkinson(y, w, 2.0)) <= 1e-15);
    CHECK(povstat::quintile_share_ratio(y, w) == 0);  // laeken: nobody is above Q(0.8)
    CHECK(povstat::quintile_share_ratio(y, w, lorenz) == doctest::Approx(1).epsilon(1e-14));
  }
}

TEST_CASE("scale invariance: multiplying every income (or every weight) changes nothing") {
  std::mt19937_64 g(7);
  for (int trial = 0; trial < 10; ++trial) {
    const auto d = measure_test::random_sample(g, 80);
    const double k = 0.001 + 1000 * measure_test::uniform(g);
    auto scaled = d;
    for (auto& y : scaled.y) y *= k;
    auto reweighted = d;
    for (auto& w : reweighted.w) w *= k;
    for (const auto* s : {&scaled, &reweighted}) {
      CHECK(same(povstat::gini(s->y, s->w), povstat::gini(d.y, d.w), 1e-12));
      CHECK(same(povstat::theil_t(s->y, s->w), povstat::theil_t(d.y, d.w), 1e-12));
      CHECK(same(povstat::mld(s->y, s->w), povstat::mld(d.y, d.w), 1e-12));
      CHECK(same(povstat::generalized_entropy(s->y, s->w, -1.0),
                 povstat::generalized_entropy(d.y, d.w, -1.0), 1e-12));
      CHECK(same(povstat::atkinson(s->y, s->w, 1.5), povstat::atkinson(d.y, d.w, 1.5), 1e-12));
      CHECK(same(povstat::palma(s->y, s->w), povstat::palma(d.y, d.w), 1e-12));
      CHECK(same(povstat::quintile_share_ratio(s->y, s->w, lorenz),
                 povstat::quintile_share_ratio(d.y, d.w, lorenz), 1e-12));
    }
    // convey's Gini depends on the scale of the weights (they are expansion factors).
    if (std::abs(k - 1) > 0.1)
      CHECK_FALSE(same(povstat::gini(reweighted.y, reweighted.w, convey),
                       povstat::gini(d.y, d.w, convey), 1e-6));
  }
}

TEST_CASE("replication invariance: duplicating everyone, or weight 2, changes nothing") {
  std::mt19937_64 g(8);
  for (int trial = 0; trial < 10; ++trial) {
    const auto d = measure_test::random_sample(g, 40);
    auto twice = d;
    twice.y.insert(twice.y.end(), d.y.begin(), d.y.end());
    twice.w.insert(twice.w.end(), d.w.begin(), d.w.end());
    CHECK(same(povstat::gini(twice.y, twice.w), povstat::gini(d.y, d.w)));
    CHECK(same(povstat::theil_t(twice.y, twice.w), povstat::theil_t(d.y, d.w)));
    CHECK(same(povstat::mld(twice.y, twice.w), povstat::mld(d.y, d.w), 1e-12));
    CHECK(same(povstat::atkinson(twice.y, twice.w, 0.5), povstat::atkinson(d.y, d.w, 0.5)));
    CHECK(same(povstat::palma(twice.y, twice.w), povstat::palma(d.y, d.w)));
    CHECK(same(povstat::quintile_share_ratio(twice.y, twice.w),
               povstat::quintile_share_ratio(d.y, d.w)));

    // Unit weights: weight 2 = the value twice (laeken's Gini is that of the expanded data).
    std::vector<double> y(d.y.begin(), d.y.begin() + 15);
    std::vector<double> w(15, 1.0);
    w[7] = 2;
    auto y_dup = y;
    y_dup.push_back(y[7]);
    CHECK(same(povstat::gini(y, w), povstat::gini(y_dup)));
    // convey's formula is not that of the expanded data: it adds 2·y_7 / (W Σ w y) here.
    CHECK(same(povstat::gini(y, w, convey),
               povstat::gini(y_dup) + 2 * y[7] / (16 * total_income(y, w))));
    CHECK(same(povstat::theil_t(y, w), povstat::theil_t(y_dup)));
    CHECK(same(povstat::quintile_share_ratio(y, w), povstat::quintile_share_ratio(y_dup)));
    CHECK(same(povstat::palma(y, w, lorenz), povstat::palma(y_dup, lorenz)));
  }
}

TEST_CASE("transfers from rich to poor lower the Gini and the entropy indices") {
  std::mt19937_64 g(9);
  for (int trial = 0; trial < 10; ++trial) {
    auto d = measure_test::random_sample(g, 30);
    std::vector<double> w(d.y.size(), 1.0);
    const double before = povstat::gini(d.y, w);
    const double theil_before = povstat::theil_t(d.y, w);
    auto lo = std::ranges::min_element(d.y);
    auto hi = std::ranges::max_element(d.y);
    const double transfer = (*hi - *lo) / 4;
    *lo += transfer;
    *hi -= transfer;
    CHECK(povstat::gini(d.y, w) < before);
    CHECK(povstat::theil_t(d.y, w) < theil_before);
  }
}

// ---------------------------------------------------------------------------------------
// Bad input

TEST_CASE("bad input is rejected with the full message") {
  const std::vector<double> empty;
  const std::vector<double> y{1, 2, 3};
  CHECK_THROWS_WITH_AS(povstat::gini(empty),
                       "povstat::gini: y has 0 values, but needs at least 1 (an empty sample has "
                       "no distribution)",
                       insufficient_data);
  CHECK_THROWS_WITH_AS(povstat::theil_t(y, std::vector{1.0, 1.0, 1.0, 1.0}),
                       "povstat::theil_t: w has 4 values, but must have 3 (as many as y)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::mld(y, std::vector{1.0, -1.0, 1.0}),
                       "povstat::mld: w[1] is -1, but must be > 0", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::palma(y, std::vector{1.0, 1.0, nan_value}),
                       "povstat::palma: w[2] is nan, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::quintile_share_ratio(std::vector{1.0, nan_value}),
                       "povstat::quintile_share_ratio: y[1] is nan, but must be finite",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::gini(std::vector{-1.0, 0.0, 1.0}),
                       "povstat::gini: the weighted mean of y is 0, but must be > 0 (shares of "
                       "total income need a positive total)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::generalized_entropy(y, nan_value),
                       "povstat::generalized_entropy: alpha is nan, but must be finite",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::atkinson(y, -0.5),
                       "povstat::atkinson: epsilon is -0.5, but must be >= 0", invalid_input);
  const std::string rule =
      ", but must be > 0 (the index takes logarithms or powers of y; nonpositive_income::exclude "
      "drops such incomes)";
  CHECK_THROWS_WITH_AS(povstat::mld(std::vector{1.0, 0.0}),
                       ("povstat::mld: y[1] is 0" + rule).c_str(), invalid_input);
  CHECK_THROWS_WITH_AS(povstat::theil_t(std::vector{-1.0, 2.0}),
                       ("povstat::theil_t: y[0] is -1" + rule).c_str(), invalid_input);
  CHECK_THROWS_WITH_AS(povstat::generalized_entropy(std::vector{3.0, 0.0}, 2.0),
                       ("povstat::generalized_entropy: y[1] is 0" + rule).c_str(), invalid_input);
  CHECK_THROWS_WITH_AS(povstat::atkinson(std::vector{3.0, -2.0}, 0.5),
                       ("povstat::atkinson: y[1] is -2" + rule).c_str(), invalid_input);
  CHECK_THROWS_WITH_AS(povstat::mld(std::vector{0.0, -1.0}, exclude),
                       "povstat::mld: no income is > 0 (2 incomes <= 0 excluded)",
                       insufficient_data);
  CHECK_THROWS_WITH_AS(povstat::palma(std::vector{0.0, 0.0, 0.0, 0.0, 10.0}),
                       "povstat::palma: the income of the bottom group is 0, but must be > 0 (the "
                       "ratio divides by it)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::quintile_share_ratio(std::vector{0.0, 0.0, 0.0, 0.0, 10.0}, lorenz),
                       "povstat::quintile_share_ratio: the income of the bottom group is 0, but "
                       "must be > 0 (the ratio divides by it)",
                       invalid_input);
}
