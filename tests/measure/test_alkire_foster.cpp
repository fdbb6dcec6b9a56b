// Tests of measure/alkire_foster.hpp: the Alkire–Foster measures (H, A, M0, censored and
// uncensored headcounts, indicator contributions) and their subgroup decomposition, on small
// data sets derived by hand below; the union and intersection rules; fractional
// deprivations; and every rejected input with its exception type and message.
// The hand data are chosen dyadic (weights 1/2, 1/4; totals 8) so that most expected values
// are exact; the others are checked to 1e-15 relative (a few roundings in sums of <= 6 terms).

#include "povstat/measure/alkire_foster.hpp"

#include <doctest/doctest.h>

#include <Eigen/Core>
#include <array>
#include <limits>
#include <vector>

using povstat::insufficient_data;
using povstat::invalid_input;

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();
constexpr double tol = 1e-15;

// Six persons, three indicators with weights 2, 1, 1 (normalised: 1/2, 1/4, 1/4).
//   person  g_i1 g_i2 g_i3   c_i    poor at k = 1/2
//     0      1    0    0     1/2    yes
//     1      0    1    1     1/2    yes
//     2      0    1    0     1/4    no
//     3      1    1    1     1      yes
//     4      0    0    0     0      no
//     5      0    0    1     1/4    no
Eigen::MatrixXd people() {
  Eigen::MatrixXd g(6, 3);
  g << 1, 0, 0,  //
      0, 1, 1,   //
      0, 1, 0,   //
      1, 1, 1,   //
      0, 0, 0,   //
      0, 0, 1;
  return g;
}
const std::vector<double> indicator_weights{2, 1, 1};
const std::vector<double> sample_weights{1, 2, 1, 1, 2, 1};  // S = 8

}  // namespace

TEST_CASE("alkire_foster: six persons, three indicators, unweighted, by hand") {
  // Poor: persons 0, 1, 3. H = 3/6 = 1/2; A = (1/2 + 1/2 + 1)/3 = 2/3; M0 = 2/6 = 1/3.
  // Censored headcounts: indicator 1: persons 0, 3 -> 2/6; indicator 2: 1, 3 -> 2/6;
  // indicator 3: 1, 3 -> 2/6 (person 5 censored). Uncensored: 2/6, 3/6, 3/6.
  // Contributions w_j CH_j / M0 = (1/2)(1/3)/(1/3), (1/4)(1/3)/(1/3), ... = 1/2, 1/4, 1/4.
  const auto r = povstat::alkire_foster(people(), indicator_weights, 0.5);
  CHECK(r.headcount == 0.5);
  CHECK(r.intensity == doctest::Approx(2.0 / 3).epsilon(tol));
  CHECK(r.m0 == doctest::Approx(1.0 / 3).epsilon(tol));
  CHECK(r.m0 == doctest::Approx(r.headcount * r.intensity).epsilon(tol));
  REQUIRE(r.censored_headcount.size() == 3);
  for (const double ch : r.censored_headcount) CHECK(ch == doctest::Approx(1.0 / 3).epsilon(tol));
  CHECK(r.uncensored_headcount[0] == doctest::Approx(1.0 / 3).epsilon(tol));
  CHECK(r.uncensored_headcount[1] == 0.5);
  CHECK(r.uncensored_headcount[2] == 0.5);
  REQUIRE(r.contribution.size() == 3);
  CHECK(r.contribution[0] == doctest::Approx(0.5).epsilon(tol));
  CHECK(r.contribution[1] == doctest::Approx(0.25).epsilon(tol));
  CHECK(r.contribution[2] == doctest::Approx(0.25).epsilon(tol));
  CHECK(r.indicator_weights == std::vector<double>{0.5, 0.25, 0.25});
  CHECK(r.total_weight == 6);
  CHECK(r.poor_weight == 3);
}

TEST_CASE("alkire_foster: sample weights, by hand (exact: dyadic)") {
  // Weights 1, 2, 1, 1, 2, 1 (S = 8). Poor weight 1 + 2 + 1 = 4: H = 1/2.
  // A = (1·1/2 + 2·1/2 + 1·1)/4 = 5/8; M0 = 2.5/8 = 5/16.
  // CH: (1 + 1)/8 = 1/4; (2 + 1)/8 = 3/8; (2 + 1)/8 = 3/8.
  // M0 = 1/2·1/4 + 1/4·3/8 + 1/4·3/8 = 1/8 + 3/32 + 3/32 = 5/16.
  // Contributions: (1/8)/(5/16) = 2/5, (3/32)/(5/16) = 3/10, 3/10.
  const auto r = povstat::alkire_foster(people(), indicator_weights, 0.5, sample_weights);
  CHECK(r.headcount == 0.5);
  CHECK(r.intensity == 0.625);
  CHECK(r.m0 == 0.3125);
  CHECK(r.censored_headcount == std::vector<double>{0.25, 0.375, 0.375});
  CHECK(r.uncensored_headcount == std::vector<double>{0.25, 0.5, 0.5});  // (1+1)/8, (2+1+1)/8, (2+1+1)/8
  CHECK(r.contribution[0] == doctest::Approx(0.4).epsilon(tol));
  CHECK(r.contribution[1] == doctest::Approx(0.3).epsilon(tol));
  CHECK(r.contribution[2] == doctest::Approx(0.3).epsilon(tol));
  CHECK(r.contribution[0] + r.contribution[1] + r.contribution[2] == doctest::Approx(1).epsilon(tol));
  // Integer deprivations and integer weights are accepted.
  const Eigen::MatrixXi gi = people().cast<int>();
  const std::vector<int> iw{2, 1, 1};
  const std::array<int, 6> sw{1, 2, 1, 1, 2, 1};
  CHECK(povstat::alkire_foster(gi, iw, 0.5, sw).m0 == 0.3125);
}

TEST_CASE("alkire_foster: union and intersection rules, cutoffs between scores") {
  // Union (k = 1/4, the smallest weight): everyone deprived in something, persons 0, 1, 2, 3, 5.
  // H = 5/6; scores 1/2 + 1/2 + 1/4 + 1 + 1/4 = 5/2; A = 1/2; M0 = 5/12; censored = uncensored.
  const auto u = povstat::alkire_foster(people(), indicator_weights, 0.25);
  CHECK(u.headcount == doctest::Approx(5.0 / 6).epsilon(tol));
  CHECK(u.intensity == 0.5);
  CHECK(u.m0 == doctest::Approx(5.0 / 12).epsilon(tol));
  CHECK(u.censored_headcount == u.uncensored_headcount);
  // Intersection (k = 1): person 3 only. H = 1/6, A = 1, M0 = 1/6, contributions = weights.
  const auto i = povstat::alkire_foster(people(), indicator_weights, 1.0);
  CHECK(i.headcount == doctest::Approx(1.0 / 6).epsilon(tol));
  CHECK(i.intensity == 1);
  CHECK(i.m0 == doctest::Approx(1.0 / 6).epsilon(tol));
  CHECK(i.contribution[0] == doctest::Approx(0.5).epsilon(tol));
  CHECK(i.contribution[1] == doctest::Approx(0.25).epsilon(tol));
  // k = 0.75 lies between the scores 1/2 and 1: the same as k = 1.
  CHECK(povstat::alkire_foster(people(), indicator_weights, 0.75).m0 == i.m0);
  // k = 0.3: the same as k = 1/2.
  CHECK(povstat::alkire_foster(people(), indicator_weights, 0.3).headcount == 0.5);
}

TEST_CASE("alkire_foster: a score equal to k in exact arithmetic counts as poor") {
  // Three equal weights (1/3 each): person 0 deprived in two (c = 2/3), person 1 in one.
  Eigen::MatrixXd g(2, 3);
  g << 1, 1, 0,  //
      1, 0, 0;
  const std::vector<double> equal{1, 1, 1};
  CHECK(povstat::alkire_foster(g, equal, 2.0 / 3).headcount == 0.5);
  CHECK(povstat::alkire_foster(g, equal, 1.0 / 3).headcount == 1);
  // Weights 0.1, 0.2, 0.7: 0.1 + 0.2 != 0.3 in doubles, but the person is poor at k = 0.3.
  Eigen::MatrixXd h(1, 3);
  h << 1, 1, 0;
  const std::vector<double> tenths{0.1, 0.2, 0.7};
  CHECK(povstat::alkire_foster(h, tenths, 0.3).headcount == 1);
  CHECK(povstat::alkire_foster(h, tenths, 0.31).headcount == 0);
}

TEST_CASE("alkire_foster: fractional deprivations and nobody poor") {
  // Two persons, weights 1/2, 1/2: c_0 = (0.4 + 1)/2 = 0.7 (poor at k = 1/2), c_1 = 0.1.
  // H = 1/2, A = 0.7, M0 = 0.35; CH = 0.4/2, 1/2 = 0.2, 0.5; contributions 0.1/0.35 = 2/7,
  // 0.25/0.35 = 5/7.
  Eigen::MatrixXd g(2, 2);
  g << 0.4, 1,  //
      0.2, 0;
  const std::vector<double> w{1, 1};
  const auto r = povstat::alkire_foster(g, w, 0.5);
  CHECK(r.headcount == 0.5);
  CHECK(r.intensity == doctest::Approx(0.7).epsilon(tol));
  CHECK(r.m0 == doctest::Approx(0.35).epsilon(tol));
  CHECK(r.censored_headcount[0] == doctest::Approx(0.2).epsilon(tol));
  CHECK(r.censored_headcount[1] == 0.5);
  CHECK(r.uncensored_headcount[0] == doctest::Approx(0.3).epsilon(tol));
  CHECK(r.contribution[0] == doctest::Approx(2.0 / 7).epsilon(tol));
  CHECK(r.contribution[1] == doctest::Approx(5.0 / 7).epsilon(tol));
  // k = 0.8: nobody is poor; A = 0 by convention, no contributions.
  const auto none = povstat::alkire_foster(g, w, 0.8);
  CHECK(none.headcount == 0);
  CHECK(none.intensity == 0);
  CHECK(none.m0 == 0);
  CHECK(none.censored_headcount == std::vector<double>{0, 0});
  CHECK(none.contribution.empty());
}

TEST_CASE("alkire_foster by subgroup, by hand") {
  // Groups: persons 0-2 (id 1), 3-5 (id 2); sample weights 1, 2, 1 | 1, 2, 1.
  // Group 1: S = 4, poor 0 and 1 (weight 3): H = 3/4; scores 1/2 + 2·1/2 = 3/2: A = 1/2,
  //   M0 = 3/8; CH = 1/4, 2/4, 2/4.
  // Group 2: S = 4, poor 3 (weight 1): H = 1/4, A = 1, M0 = 1/4; CH = 1/4 each.
  // Overall M0 = 5/16 = 1/2·3/8 + 1/2·1/4. Contributions: (1/2)(3/8)/(5/16) = 3/5, 2/5.
  const std::vector<int> groups{1, 1, 1, 2, 2, 2};
  const auto d = povstat::alkire_foster(people(), indicator_weights, 0.5, sample_weights, groups);
  CHECK(d.overall.m0 == 0.3125);
  REQUIRE(d.groups.size() == 2);
  const auto& g1 = d.groups[0];
  const auto& g2 = d.groups[1];
  CHECK(g1.id == 1);
  CHECK(g2.id == 2);
  CHECK(g1.observations == 3);
  CHECK(g1.population_share == 0.5);
  CHECK(g1.measures.headcount == 0.75);
  CHECK(g1.measures.intensity == 0.5);
  CHECK(g1.measures.m0 == 0.375);
  CHECK(g1.measures.censored_headcount == std::vector<double>{0.25, 0.5, 0.5});
  CHECK(g2.measures.headcount == 0.25);
  CHECK(g2.measures.intensity == 1);
  CHECK(g2.measures.m0 == 0.25);
  CHECK(g2.measures.censored_headcount == std::vector<double>{0.25, 0.25, 0.25});
  CHECK(g1.contribution == doctest::Approx(0.6).epsilon(tol));
  CHECK(g2.contribution == doctest::Approx(0.4).epsilon(tol));
  CHECK(g1.contribution + g2.contribution == doctest::Approx(1).epsilon(tol));
  CHECK(g1.population_share * g1.measures.m0 + g2.population_share * g2.measures.m0 ==
        d.overall.m0);
  // k = 1: only person 3 (now in group 1) is poor; group 2 contributes nothing.
  const auto one = povstat::alkire_foster(people(), indicator_weights, 1.0,
                                          std::vector<double>(6, 1.0),
                                          std::vector<int>{1, 1, 1, 1, 2, 2});
  CHECK(one.groups[0].contribution == 1);
  CHECK(one.groups[1].contribution == 0);
  // Nobody deprived: M0 = 0 and every group contribution 0 by convention.
  const auto none = povstat::alkire_foster(Eigen::MatrixXd::Zero(6, 3), indicator_weights, 0.5,
                                           sample_weights, groups);
  CHECK(none.overall.m0 == 0);
  CHECK(none.groups[0].contribution == 0);
  CHECK(none.groups[1].contribution == 0);
  CHECK(none.groups[0].measures.contribution.empty());
}

TEST_CASE("alkire_foster rejects bad input") {
  const auto g = people();
  const std::vector<double> w2{1, 1}, s5{1, 1, 1, 1, 1};
  CHECK_THROWS_WITH_AS(povstat::alkire_foster(g, w2, 0.5),
                       "povstat::alkire_foster: indicator_weights has 2 values, but must have 3 "
                       "(as many as columns of deprivations)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::alkire_foster(g, indicator_weights, 0.5, s5),
                       "povstat::alkire_foster: sample_weights has 5 values, but must have 6 (as "
                       "many as rows of deprivations)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::alkire_foster(g, indicator_weights, 0.5, sample_weights,
                                              std::vector<int>{1, 2}),
                       "povstat::alkire_foster: groups has 2 values, but must have 6 (as many as "
                       "rows of deprivations)",
                       invalid_input);
  const Eigen::MatrixXd no_rows(0, 3), no_cols(4, 0);
  CHECK_THROWS_WITH_AS(povstat::alkire_foster(no_rows, indicator_weights, 0.5),
                       "povstat::alkire_foster: deprivations has 0 rows, but needs at least 1 "
                       "person",
                       insufficient_data);
  CHECK_THROWS_WITH_AS(povstat::alkire_foster(no_cols, std::vector<double>{}, 0.5),
                       "povstat::alkire_foster: deprivations has 0 columns, but needs at least 1 "
                       "indicator",
                       insufficient_data);
  Eigen::MatrixXd bad = g;
  bad(4, 2) = 1.5;
  CHECK_THROWS_WITH_AS(povstat::alkire_foster(bad, indicator_weights, 0.5),
                       "povstat::alkire_foster: deprivations(4, 2) is 1.5, but must be in [0, 1]",
                       invalid_input);
  bad(4, 2) = -0.25;
  CHECK_THROWS_WITH_AS(povstat::alkire_foster(bad, indicator_weights, 0.5),
                       "povstat::alkire_foster: deprivations(4, 2) is -0.25, but must be in [0, 1]",
                       invalid_input);
  bad(4, 2) = nan_value;
  CHECK_THROWS_WITH_AS(povstat::alkire_foster(bad, indicator_weights, 0.5),
                       "povstat::alkire_foster: deprivations(4, 2) is nan, but must be in [0, 1]",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::alkire_foster(g, std::vector<double>{1, 0, 1}, 0.5),
                       "povstat::alkire_foster: indicator_weights[1] is 0, but must be > 0",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::alkire_foster(g, std::vector<double>{1, 1, -2}, 0.5),
                       "povstat::alkire_foster: indicator_weights[2] is -2, but must be > 0",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::alkire_foster(g, std::vector<double>{nan_value, 1, 1}, 0.5),
                       "povstat::alkire_foster: indicator_weights[0] is nan, but must be finite",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::alkire_foster(g, indicator_weights, 0.0),
                       "povstat::alkire_foster: k is 0, but must be in (0, 1]", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::alkire_foster(g, indicator_weights, 1.25),
                       "povstat::alkire_foster: k is 1.25, but must be in (0, 1]", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::alkire_foster(g, indicator_weights, nan_value),
                       "povstat::alkire_foster: k is nan, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(
      povstat::alkire_foster(g, indicator_weights, 0.5, std::vector<double>{1, 1, 0, 1, 1, 1}),
      "povstat::alkire_foster: sample_weights[2] is 0, but must be > 0", invalid_input);
  CHECK_THROWS_WITH_AS(
      povstat::alkire_foster(g, indicator_weights, 0.5, std::vector<double>{1, 1, 1, 1, 1, -1}),
      "povstat::alkire_foster: sample_weights[5] is -1, but must be > 0", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::alkire_foster(g, indicator_weights, 0.5,
                                              std::vector<double>{1, 1, 1, nan_value, 1, 1},
                                              std::vector<int>(6, 1)),
                       "povstat::alkire_foster: sample_weights[3] is nan, but must be finite",
                       invalid_input);
}
