// Tests of measure/poverty.hpp: fgt, watts, sen, sst, poverty_measures, fgt_se and the
// accumulators — against R (tests/reference/measures.R: the published formulas written as
// direct double sums, and survey::svymean for the standard error), under both poor rules and
// both nonpositive-income policies; the poverty axioms as seeded property tests (focus,
// monotonicity, subgroup consistency, replication and scale invariance); the accepted input
// types; and every rejected input with its exception type and full message.
// Tolerances: see measure_test_support.hpp (1e-10 relative against R; 1e-13 between two
// povstat computations of the same quantity, which differ only by summation order).

#include "povstat/measure/poverty.hpp"

#include <doctest/doctest.h>

#include <Eigen/Core>
#include <array>
#include <cstddef>
#include <limits>
#include <random>
#include <span>
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
using povstat::poor_rule;

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

struct alpha_label {
  double alpha;
  const char* label;
};
constexpr std::array<alpha_label, 5> alphas{
    {{0, "0"}, {0.5, "0.5"}, {1, "1"}, {2, "2"}, {3.7, "3.7"}}};

const povstat::poverty_options weak{.poor = poor_rule::weak};
const povstat::poverty_options exclude{.nonpositive = nonpositive_income::exclude};

}  // namespace

// ---------------------------------------------------------------------------------------
// Against R

TEST_CASE("fgt matches the published formula for every alpha, both poor rules, every data set") {
  measure_test::worst() = {};  // this case's checks only
  for (const auto& name : measure_test::all_cases) {
    const auto d = load(name);
    for (const auto& [alpha, label] : alphas) {
      check_reference(name, std::string("fgt_") + label, povstat::fgt(d.y, d.w, d.z, alpha));
      check_reference(name, std::string("fgt_") + label + "_weak",
                      povstat::fgt(d.y, d.w, d.z, alpha, weak));
    }
  }
  measure_test::report_accuracy("fgt");
}

TEST_CASE("watts matches the formula; exclude drops the terms of incomes <= 0 as PIP does") {
  measure_test::worst() = {};  // this case's checks only
  for (const auto& name : measure_test::all_cases) {
    const auto d = load(name);
    if (measure_test::R().has(name, "watts")) {
      check_reference(name, "watts", povstat::watts(d.y, d.w, d.z));
      check_reference(name, "watts", povstat::watts(d.y, d.w, d.z, weak));  // log(z/z) = 0
    }
    check_reference(name, "watts_exclude", povstat::watts(d.y, d.w, d.z, exclude));
  }
  measure_test::report_accuracy("watts");
}

TEST_CASE("sen and sst match their population forms, both poor rules") {
  measure_test::worst() = {};  // this case's checks only
  for (const auto& name : measure_test::all_cases) {
    const auto d = load(name);
    check_reference(name, "sen", povstat::sen(d.y, d.w, d.z));
    check_reference(name, "sen_weak", povstat::sen(d.y, d.w, d.z, weak));
    check_reference(name, "sst", povstat::sst(d.y, d.w, d.z));
    check_reference(name, "sst_weak", povstat::sst(d.y, d.w, d.z, weak));
  }
  measure_test::report_accuracy("sen, sst");
}

TEST_CASE("poverty_measures gives every measure at once, equal to the single functions") {
  measure_test::worst() = {};  // this case's checks only
  for (const auto& name : measure_test::all_cases) {
    const auto d = load(name);
    const auto r = povstat::poverty_measures(d.y, d.w, d.z, exclude);
    check_reference(name, "fgt_0", r.headcount);
    check_reference(name, "fgt_1", r.poverty_gap);
    check_reference(name, "fgt_2", r.poverty_severity);
    check_reference(name, "watts_exclude", r.watts);
    check_reference(name, "sen", r.sen);
    check_reference(name, "sst", r.sst);
    CHECK(r.headcount == povstat::fgt(d.y, d.w, d.z, 0.0));
    CHECK(r.poverty_gap == povstat::fgt(d.y, d.w, d.z, 1.0));
    CHECK(r.poverty_severity == povstat::fgt(d.y, d.w, d.z, 2.0));
    CHECK(r.watts == povstat::watts(d.y, d.w, d.z, exclude));
    CHECK(r.sen == povstat::sen(d.y, d.w, d.z));
    CHECK(r.sst == povstat::sst(d.y, d.w, d.z));
    // Sen's decomposition S = H·[I + (1 − I)·G_p] and SST >= P1 hold.
    if (r.gini_of_poor)
      CHECK(same(r.sen,
                 r.headcount * (r.income_gap_ratio + (1 - r.income_gap_ratio) * *r.gini_of_poor)));
    CHECK(r.sst >= r.poverty_gap);
    CHECK(same(r.headcount, r.poor_weight / r.total_weight));
  }
  measure_test::report_accuracy("poverty_measures");
}

TEST_CASE("poverty_measures reports the parts of Sen's index") {
  SUBCASE("nobody poor: all zero, no Gini of the poor") {
    const auto r = povstat::poverty_measures(std::vector{20.0, 30.0}, 10.0);
    CHECK(r.headcount == 0);
    CHECK(r.sen == 0);
    CHECK(r.sst == 0);
    CHECK(r.income_gap_ratio == 0);
    CHECK_FALSE(r.gini_of_poor.has_value());
    CHECK(r.total_weight == 2);
    CHECK(r.poor_weight == 0);
  }
  SUBCASE("hand example: poor 2 and 6 (weights 1, 3) of 4 people, z = 8") {
    // H = 4/5.5, gaps 0.75 and 0.25: I = (0.75 + 0.75)/4 = 0.375; the poor's incomes 2 and 6
    // with weights 1, 3: mean 5, Gini = 2·1·3·4 / (2·16·5) = 0.15.
    const std::vector<double> y{2, 6, 9};
    const std::vector<double> w{1, 3, 1.5};
    const auto r = povstat::poverty_measures(y, w, 8.0);
    CHECK(same(r.headcount, 4 / 5.5));
    CHECK(same(r.income_gap_ratio, 0.375));
    REQUIRE(r.gini_of_poor.has_value());
    CHECK(same(*r.gini_of_poor, 0.15));
    CHECK(same(r.sen, 4 / 5.5 * (0.375 + 0.625 * 0.15)));
  }
  SUBCASE("exclude reports the weight left out of the Watts sum") {
    const auto d = load("nonpositive");
    const auto r = povstat::poverty_measures(d.y, d.w, d.z, exclude);
    CHECK(r.excluded_weight == 1.5);  // y = 0 (w 1) and y = -2 (w 0.5)
    CHECK(r.gini_of_poor.has_value());
  }
}

TEST_CASE("fgt_se matches survey::svymean's standard error; unit weights give Kakwani's form") {
  measure_test::worst() = {};  // this case's checks only
  for (const auto& name : measure_test::all_cases) {
    const auto d = load(name);
    if (d.y.size() < 2) continue;
    for (const auto& [alpha, label] :
         {alpha_label{0, "0"}, alpha_label{1, "1"}, alpha_label{2, "2"}}) {
      const auto r = povstat::fgt_se(d.y, d.w, d.z, alpha);
      check_reference(name, std::string("fgt_se_") + label, r.se);
      check_reference(name, std::string("fgt_") + label, r.value);
      CHECK(r.observations == d.y.size());
    }
  }
  const auto d = load("unweighted");
  const double n = static_cast<double>(d.y.size());
  for (const double alpha : {0.0, 1.0, 2.0, 0.5}) {
    const double p = povstat::fgt(d.y, d.z, alpha);
    const double p2 = povstat::fgt(d.y, d.z, 2 * alpha);
    CHECK(same(povstat::fgt_se(d.y, d.z, alpha).se, std::sqrt((p2 - p * p) / (n - 1)), 1e-12));
  }
  measure_test::report_accuracy("fgt_se");
}

TEST_CASE("the unweighted overloads equal weights of 1") {
  const auto d = load("unweighted");
  for (const auto& [alpha, label] : alphas)
    check_reference("unweighted", std::string("fgt_") + label, povstat::fgt(d.y, d.z, alpha));
  check_reference("unweighted", "watts", povstat::watts(d.y, d.z));
  check_reference("unweighted", "sen", povstat::sen(d.y, d.z));
  check_reference("unweighted", "sst", povstat::sst(d.y, d.z));
  check_reference("unweighted", "sst_weak", povstat::sst(d.y, d.z, weak));
  check_reference("unweighted", "fgt_se_1", povstat::fgt_se(d.y, d.z, 1.0).se);
  const auto r = povstat::poverty_measures(d.y, d.z);
  check_reference("unweighted", "sen", r.sen);
}

// ---------------------------------------------------------------------------------------
// Conventions

TEST_CASE("the poor rule decides about incomes equal to the line") {
  const std::vector<double> y{5, 10, 10, 20};
  CHECK(povstat::fgt(y, 10.0, 0.0) == 0.25);
  CHECK(povstat::fgt(y, 10.0, 0.0, weak) == 0.75);
  // A person at the line has gap 0: only the headcount and Sen's index (through H and the
  // Gini of the poor) depend on the rule; P_alpha (alpha > 0), Watts and SST see gaps only.
  CHECK(povstat::fgt(y, 10.0, 1.0) == povstat::fgt(y, 10.0, 1.0, weak));
  CHECK(povstat::watts(y, 10.0) == povstat::watts(y, 10.0, weak));
  CHECK(povstat::sst(y, 10.0) == povstat::sst(y, 10.0, weak));
  CHECK(povstat::sen(y, 10.0) != povstat::sen(y, 10.0, weak));
}

TEST_CASE("negative incomes have gaps above 1 (no censoring)") {
  CHECK(povstat::fgt(std::vector{-5.0}, 10.0, 1.0) == 1.5);
  CHECK(povstat::fgt(std::vector{-5.0}, 10.0, 2.0) == 2.25);
}

// ---------------------------------------------------------------------------------------
// Inputs

TEST_CASE("any numeric range is accepted; integers give double, float stays float") {
  const auto d = load("integer");
  const double expected = povstat::fgt(d.y, d.w, d.z, 2.0);
  const std::vector<int> yi{2, 4, 4, 6, 8, 10, 10, 10, 13, 20, 35, 50};
  const std::vector<int> wi{3, 1, 2, 5, 2, 1, 4, 2, 3, 1, 1, 2};
  static_assert(std::is_same_v<decltype(povstat::fgt(yi, wi, 10, 2)), double>);
  CHECK(povstat::fgt(yi, wi, 10, 2) == expected);

  std::array<double, 12> ya{};
  std::ranges::copy(d.y, ya.begin());
  CHECK(povstat::fgt(ya, std::span<const double>(d.w), d.z, 2.0) == expected);

  const Eigen::VectorXd ye = Eigen::Map<const Eigen::VectorXd>(d.y.data(), 12);
  const Eigen::VectorXd we = Eigen::Map<const Eigen::VectorXd>(d.w.data(), 12);
  CHECK(povstat::fgt(ye, we, d.z, 2.0) == expected);
  CHECK(povstat::sen(ye, we, d.z) == povstat::sen(d.y, d.w, d.z));

  const std::vector<float> yf(d.y.begin(), d.y.end());
  const std::vector<float> wf(d.w.begin(), d.w.end());
  static_assert(std::is_same_v<decltype(povstat::fgt(yf, wf, 10, 2)), float>);
  CHECK(povstat::fgt(yf, wf, 10, 2) == doctest::Approx(expected).epsilon(1e-6));
  CHECK(povstat::poverty_measures(yf, wf, 10).sst ==
        doctest::Approx(povstat::sst(d.y, d.w, d.z)).epsilon(1e-6));
}

TEST_CASE("inputs are not modified") {
  auto d = load("ties");
  const auto copy = d;
  (void)povstat::poverty_measures(d.y, d.w, d.z);
  (void)povstat::sen(d.y, d.w, d.z);
  CHECK(d.y == copy.y);
  CHECK(d.w == copy.w);
}

// ---------------------------------------------------------------------------------------
// Accumulators

TEST_CASE("fgt_accumulator: merged chunks equal one pass, in any order") {
  std::mt19937_64 g(11);
  const auto d = measure_test::random_sample(g, 1000);
  for (const double alpha : {0.0, 1.0, 2.0, 1.5}) {
    const double one_pass = povstat::fgt(d.y, d.w, d.z, alpha);
    povstat::fgt_accumulator<double> whole(d.z, alpha);
    for (std::size_t i = 0; i < d.y.size(); ++i) whole.add(d.y[i], d.w[i]);
    CHECK(whole.result() == one_pass);

    std::vector<povstat::fgt_accumulator<double>> chunks(
        7, povstat::fgt_accumulator<double>(d.z, alpha));
    for (std::size_t i = 0; i < d.y.size(); ++i) chunks[(i * 31) % 7].add(d.y[i], d.w[i]);
    povstat::fgt_accumulator<double> forward(d.z, alpha);
    for (const auto& c : chunks) forward.merge(c);
    povstat::fgt_accumulator<double> backward(d.z, alpha);
    for (auto it = chunks.rbegin(); it != chunks.rend(); ++it) backward.merge(*it);
    CHECK(same(forward.result(), one_pass, 1e-15));
    CHECK(same(backward.result(), one_pass, 1e-15));
    CHECK(forward.count() == d.y.size());
    CHECK(same(forward.total_weight(), whole.total_weight(), 1e-15));
    CHECK(same(forward.poor_weight(), whole.poor_weight(), 1e-15));
  }
}

TEST_CASE("watts_accumulator: merged chunks equal one pass; policies as the function") {
  const auto d = load("nonpositive");
  povstat::watts_accumulator<double> a(d.z, exclude);
  povstat::watts_accumulator<double> b(d.z, exclude);
  for (std::size_t i = 0; i < d.y.size(); ++i) (i < 3 ? a : b).add(d.y[i], d.w[i]);
  a.merge(b);
  check_reference("nonpositive", "watts_exclude", a.result());
  CHECK(a.excluded_weight() == 1.5);
  CHECK(a.count() == d.y.size());

  povstat::watts_accumulator<double> strict(d.z);
  CHECK_THROWS_WITH_AS(strict.add(0.0),
                       "povstat::watts_accumulator::add: y is 0, but must be > 0 (Watts takes "
                       "log(z / y); nonpositive_income::exclude leaves such incomes out of the "
                       "sum, as PIP does)",
                       invalid_input);
  CHECK(strict.count() == 0);
}

TEST_CASE("accumulators reject bad values, mismatched merges and empty results") {
  CHECK_THROWS_WITH_AS(povstat::fgt_accumulator<double>(0.0, 1.0),
                       "povstat::fgt_accumulator: z is 0, but must be > 0", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::fgt_accumulator<double>(10.0, -1.0),
                       "povstat::fgt_accumulator: alpha is -1, but must be >= 0", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::watts_accumulator<double>{nan_value},
                       "povstat::watts_accumulator: z is nan, but must be finite", invalid_input);
  povstat::fgt_accumulator<double> a(10.0, 2.0);
  CHECK_THROWS_WITH_AS(a.result(), "povstat::fgt_accumulator::result: no observation was added",
                       insufficient_data);
  CHECK_THROWS_WITH_AS(a.add(nan_value),
                       "povstat::fgt_accumulator::add: y is nan, but must be finite",
                       invalid_input);
  CHECK_THROWS_WITH_AS(a.add(1.0, 0.0), "povstat::fgt_accumulator::add: w is 0, but must be > 0",
                       invalid_input);
  CHECK_THROWS_WITH_AS(a.add(1.0, inf),
                       "povstat::fgt_accumulator::add: w is inf, but must be finite",
                       invalid_input);
  CHECK(a.count() == 0);
  CHECK_THROWS_WITH_AS(a.merge(povstat::fgt_accumulator<double>(11.0, 2.0)),
                       "povstat::fgt_accumulator::merge: other.z() is 11, but must be z() = 10 "
                       "(only like merges with like)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(a.merge(povstat::fgt_accumulator<double>(10.0, 1.0)),
                       "povstat::fgt_accumulator::merge: other.alpha() is 1, but must be "
                       "alpha() = 2 (only like merges with like)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(a.merge(povstat::fgt_accumulator<double>(10.0, 2.0, weak)),
                       "povstat::fgt_accumulator::merge: other counts the poor by another "
                       "poor_rule (only like merges with like)",
                       invalid_input);
  povstat::watts_accumulator<double> w(10.0);
  CHECK_THROWS_WITH_AS(w.merge(povstat::watts_accumulator<double>(10.0, exclude)),
                       "povstat::watts_accumulator::merge: other has another poor_rule or "
                       "nonpositive_income policy (only like merges with like)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(w.result(), "povstat::watts_accumulator::result: no observation was added",
                       insufficient_data);
}

// ---------------------------------------------------------------------------------------
// Axioms (seeded property tests)

TEST_CASE("focus: the incomes of the non-poor do not matter") {
  std::mt19937_64 g(1);
  for (int trial = 0; trial < 20; ++trial) {
    auto d = measure_test::random_sample(g, 60);
    const auto before = povstat::poverty_measures(d.y, d.w, d.z);
    for (auto& y : d.y)
      if (y >= d.z) y = d.z + 1000 * measure_test::uniform(g);  // stay non-poor
    const auto after = povstat::poverty_measures(d.y, d.w, d.z);
    CHECK(after.headcount == before.headcount);
    CHECK(after.poverty_gap == before.poverty_gap);
    CHECK(after.poverty_severity == before.poverty_severity);
    CHECK(after.watts == before.watts);
    CHECK(after.sen == before.sen);
    CHECK(after.sst == before.sst);
  }
}

TEST_CASE("monotonicity: a poorer poor person raises every index but the headcount") {
  std::mt19937_64 g(2);
  for (int trial = 0; trial < 20; ++trial) {
    auto d = measure_test::random_sample(g, 60);
    const auto before = povstat::poverty_measures(d.y, d.w, d.z);
    const double before_37 = povstat::fgt(d.y, d.w, d.z, 3.7);
    std::size_t i = 0;
    while (d.y[i] >= d.z) ++i;  // random_sample has poor people (z = 40)
    d.y[i] *= 0.5;
    const auto after = povstat::poverty_measures(d.y, d.w, d.z);
    CHECK(after.headcount == before.headcount);
    CHECK(after.poverty_gap > before.poverty_gap);
    CHECK(after.poverty_severity > before.poverty_severity);
    CHECK(after.watts > before.watts);
    CHECK(after.sen > before.sen);
    CHECK(after.sst > before.sst);
    CHECK(povstat::fgt(d.y, d.w, d.z, 3.7) > before_37);
    // A non-poor person falling below the line raises the headcount.
    std::size_t k = 0;
    while (d.y[k] < d.z) ++k;
    d.y[k] = d.z / 2;
    CHECK(povstat::fgt(d.y, d.w, d.z, 0.0) > after.headcount);
  }
}

TEST_CASE("subgroup consistency: population-weighted group FGT and Watts sum to the total") {
  std::mt19937_64 g(3);
  for (int trial = 0; trial < 10; ++trial) {
    const auto d = measure_test::random_sample(g, 90);
    std::array<measure_test::data_set, 3> groups;
    for (std::size_t i = 0; i < d.y.size(); ++i) {
      auto& group = groups[static_cast<std::size_t>(g() % 3)];
      group.y.push_back(d.y[i]);
      group.w.push_back(d.w[i]);
    }
    double total_weight = 0;
    for (const double w : d.w) total_weight += w;
    for (const double alpha : {0.0, 1.0, 2.0, 0.7}) {
      double sum = 0;
      for (const auto& group : groups) {
        double group_weight = 0;
        for (const double w : group.w) group_weight += w;
        sum += group_weight / total_weight * povstat::fgt(group.y, group.w, d.z, alpha);
      }
      CHECK(same(sum, povstat::fgt(d.y, d.w, d.z, alpha), 1e-14));
    }
    double watts_sum = 0;
    for (const auto& group : groups) {
      double group_weight = 0;
      for (const double w : group.w) group_weight += w;
      watts_sum += group_weight / total_weight * povstat::watts(group.y, group.w, d.z);
    }
    CHECK(same(watts_sum, povstat::watts(d.y, d.w, d.z), 1e-14));
  }
}

TEST_CASE("replication invariance: duplicating everyone, or weight 2, changes nothing") {
  std::mt19937_64 g(4);
  for (int trial = 0; trial < 10; ++trial) {
    const auto d = measure_test::random_sample(g, 40);
    auto twice = d;
    twice.y.insert(twice.y.end(), d.y.begin(), d.y.end());
    twice.w.insert(twice.w.end(), d.w.begin(), d.w.end());
    const auto base = povstat::poverty_measures(d.y, d.w, d.z);
    const auto duplicated = povstat::poverty_measures(twice.y, twice.w, d.z);
    CHECK(same(duplicated.headcount, base.headcount));
    CHECK(same(duplicated.poverty_gap, base.poverty_gap));
    CHECK(same(duplicated.poverty_severity, base.poverty_severity));
    CHECK(same(duplicated.watts, base.watts));
    CHECK(same(duplicated.sen, base.sen));
    CHECK(same(duplicated.sst, base.sst));

    // Unit weights: weight 2 on one person = that person twice.
    std::vector<double> y(d.y.begin(), d.y.begin() + 20);
    std::vector<double> w(20, 1.0);
    w[3] = 2;
    std::vector<double> y_dup = y;
    y_dup.push_back(y[3]);
    CHECK(same(povstat::sen(y, w, d.z), povstat::sen(y_dup, d.z)));
    CHECK(same(povstat::sst(y, w, d.z), povstat::sst(y_dup, d.z)));
    CHECK(same(povstat::fgt(y, w, d.z, 2.0), povstat::fgt(y_dup, d.z, 2.0)));
  }
}

TEST_CASE("scale invariance: incomes and line scaled together; weights scaled alike") {
  std::mt19937_64 g(5);
  for (int trial = 0; trial < 10; ++trial) {
    const auto d = measure_test::random_sample(g, 50);
    const double k = 0.01 + 100 * measure_test::uniform(g);
    auto scaled = d;
    for (auto& y : scaled.y) y *= k;
    auto reweighted = d;
    for (auto& w : reweighted.w) w *= k;
    const auto base = povstat::poverty_measures(d.y, d.w, d.z);
    for (const auto& r : {povstat::poverty_measures(scaled.y, scaled.w, d.z * k),
                          povstat::poverty_measures(reweighted.y, reweighted.w, d.z)}) {
      CHECK(same(r.headcount, base.headcount));
      CHECK(same(r.poverty_gap, base.poverty_gap, 1e-12));
      CHECK(same(r.poverty_severity, base.poverty_severity, 1e-12));
      CHECK(same(r.watts, base.watts, 1e-12));
      CHECK(same(r.sen, base.sen, 1e-12));
      CHECK(same(r.sst, base.sst, 1e-12));
    }
  }
}

// ---------------------------------------------------------------------------------------
// Bad input

TEST_CASE("bad samples are rejected with the full message") {
  const std::vector<double> y{1, 2, 3};
  const std::vector<double> empty;
  CHECK_THROWS_WITH_AS(povstat::fgt(empty, empty, 10.0, 0.0),
                       "povstat::fgt: y has 0 values, but needs at least 1 (an empty sample has no "
                       "distribution)",
                       insufficient_data);
  CHECK_THROWS_WITH_AS(povstat::sen(empty, 10.0),
                       "povstat::sen: y has 0 values, but needs at least 1 (an empty sample has no "
                       "distribution)",
                       insufficient_data);
  CHECK_THROWS_WITH_AS(povstat::fgt(y, std::vector{1.0, 1.0}, 10.0, 0.0),
                       "povstat::fgt: w has 2 values, but must have 3 (as many as y)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::watts(y, std::vector{1.0, -1.0, 1.0}, 10.0),
                       "povstat::watts: w[1] is -1, but must be > 0", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::sst(y, std::vector{1.0, 1.0, 0.0}, 10.0),
                       "povstat::sst: w[2] is 0, but must be > 0", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::poverty_measures(y, std::vector{nan_value, 1.0, 1.0}, 10.0),
                       "povstat::poverty_measures: w[0] is nan, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::fgt(y, std::vector{1.0, inf, 1.0}, 10.0, 1.0),
                       "povstat::fgt: w[1] is inf, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::fgt(std::vector{1.0, 2.0, nan_value}, 10.0, 1.0),
                       "povstat::fgt: y[2] is nan, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::sen(std::vector{-inf, 2.0}, 10.0),
                       "povstat::sen: y[0] is -inf, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::fgt_se(std::vector{1.0, inf}, 10.0, 1.0),
                       "povstat::fgt_se: y[1] is inf, but must be finite", invalid_input);
}

TEST_CASE("bad poverty lines, alphas and nonpositive incomes are rejected with the full message") {
  const std::vector<double> y{1, 2, 3};
  CHECK_THROWS_WITH_AS(povstat::fgt(y, 0.0, 0.0), "povstat::fgt: z is 0, but must be > 0",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::watts(y, -5.0), "povstat::watts: z is -5, but must be > 0",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::sen(y, nan_value), "povstat::sen: z is nan, but must be finite",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::poverty_measures(y, inf),
                       "povstat::poverty_measures: z is inf, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::fgt(y, 10.0, -0.5), "povstat::fgt: alpha is -0.5, but must be >= 0",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::fgt_se(y, 10.0, nan_value),
                       "povstat::fgt_se: alpha is nan, but must be finite", invalid_input);
  const std::string watts_rule =
      ", but must be > 0 (Watts takes log(z / y); nonpositive_income::exclude leaves such incomes "
      "out of the sum, as PIP does)";
  CHECK_THROWS_WITH_AS(povstat::watts(std::vector{3.0, 0.0, -1.0}, 10.0),
                       ("povstat::watts: y[1] is 0" + watts_rule).c_str(), invalid_input);
  CHECK_THROWS_WITH_AS(povstat::poverty_measures(std::vector{3.0, -1.0}, 10.0),
                       ("povstat::poverty_measures: y[1] is -1" + watts_rule).c_str(),
                       invalid_input);
  // Measures without logarithms accept such incomes.
  CHECK(povstat::fgt(std::vector{3.0, 0.0, -1.0}, 10.0, 1.0) > 0);
  CHECK(povstat::sen(std::vector{3.0, 0.0, -1.0}, 10.0) > 0);
  CHECK_THROWS_WITH_AS(povstat::fgt_se(std::vector{3.0}, 10.0, 1.0),
                       "povstat::fgt_se: y has 1 value, but needs at least 2 (a standard error "
                       "needs two observations)",
                       insufficient_data);
}
