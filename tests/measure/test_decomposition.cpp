// Tests of measure/decomposition.hpp: fgt_decomposition (FGT subgroup decomposition) and
// ravallion_huppi (Ravallion & Huppi 1991 change decomposition). Every expected value is
// derived by hand below. Tolerances: 1e-14 relative for hand values that are not exactly
// representable (a handful of roundings in sums of at most 6 terms); exact equality where the
// data are dyadic, so every sum is exact.

#include "povstat/measure/decomposition.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

using povstat::insufficient_data;
using povstat::invalid_input;

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();
constexpr double tol = 1e-14;

// Six people, z = 10: y = 2, 6, 12 (group 5, weights 1, 2, 1) and 4, 8, 20 (group -1,
// weights 1, 1, 2). Gap ratios (10 − y)/10: 0.8, 0.4, 0 | 0.6, 0.2, 0.
// W = 8; group 5: W = 4, group -1: W = 4; population shares 0.5 and 0.5.
const std::vector<double> y{2, 6, 12, 4, 8, 20};
const std::vector<double> w{1, 2, 1, 1, 1, 2};
const std::vector<int> groups{5, 5, 5, -1, -1, -1};

}  // namespace

TEST_CASE("fgt_decomposition: six people in two groups, alpha 0, 1, 2, by hand") {
  // alpha = 1: group 5: (1·0.8 + 2·0.4)/4 = 0.4; group -1: (0.6 + 0.2)/4 = 0.2;
  // total 2.4/8 = 0.3; contributions 0.5·0.2 = 0.1 (id -1) and 0.5·0.4 = 0.2 (id 5);
  // shares of total 1/3 and 2/3.
  const auto r = povstat::fgt_decomposition(y, w, groups, 10.0, 1.0);
  CHECK(r.total == doctest::Approx(0.3).epsilon(tol));
  CHECK(r.total_weight == 8);
  REQUIRE(r.groups.size() == 2);
  CHECK(r.groups[0].id == -1);  // ascending ids
  CHECK(r.groups[1].id == 5);
  CHECK(r.groups[0].observations == 3);
  CHECK(r.groups[0].weight == 4);
  CHECK(r.groups[0].population_share == 0.5);
  CHECK(r.groups[0].fgt == doctest::Approx(0.2).epsilon(tol));
  CHECK(r.groups[0].contribution == doctest::Approx(0.1).epsilon(tol));
  CHECK(r.groups[0].share_of_total == doctest::Approx(1.0 / 3).epsilon(tol));
  CHECK(r.groups[1].fgt == doctest::Approx(0.4).epsilon(tol));
  CHECK(r.groups[1].contribution == doctest::Approx(0.2).epsilon(tol));
  CHECK(r.groups[1].share_of_total == doctest::Approx(2.0 / 3).epsilon(tol));
  CHECK(r.total == doctest::Approx(povstat::fgt(y, w, 10.0, 1.0)).epsilon(tol));

  // alpha = 0: poor weight 3 of 4 (group 5) and 2 of 4 (group -1); total 5/8.
  const auto h = povstat::fgt_decomposition(y, w, groups, 10.0, 0.0);
  CHECK(h.total == 0.625);
  CHECK(h.groups[0].fgt == 0.5);
  CHECK(h.groups[1].fgt == 0.75);
  CHECK(h.groups[0].contribution == 0.25);
  CHECK(h.groups[1].contribution == 0.375);
  CHECK(h.groups[0].share_of_total == 0.4);
  CHECK(h.groups[1].share_of_total == 0.6);

  // alpha = 2: group 5: (0.64 + 2·0.16)/4 = 0.24; group -1: (0.36 + 0.04)/4 = 0.1;
  // total 1.36/8 = 0.17; contributions 0.12 and 0.05.
  const auto s = povstat::fgt_decomposition(y, w, groups, 10.0, 2.0);
  CHECK(s.total == doctest::Approx(0.17).epsilon(tol));
  CHECK(s.groups[0].fgt == doctest::Approx(0.1).epsilon(tol));
  CHECK(s.groups[1].fgt == doctest::Approx(0.24).epsilon(tol));
  CHECK(s.groups[0].contribution == doctest::Approx(0.05).epsilon(tol));
  CHECK(s.groups[1].contribution == doctest::Approx(0.12).epsilon(tol));
}

TEST_CASE("fgt_decomposition: contributions sum exactly to the total") {
  // Dyadic data (z = 8, integer incomes, integer weights summing to 16): every sum and
  // quotient is exact, so is the identity.
  const std::vector<double> yd{1, 2, 4, 6, 9, 3, 7, 12};
  const std::vector<double> wd{1, 1, 2, 2, 1, 1, 4, 4};  // W = 16
  const std::vector<long> gd{3, 1, 2, 3, 1, 2, 2, 3};
  for (const double alpha : {0.0, 1.0, 2.0}) {
    const auto r = povstat::fgt_decomposition(yd, wd, gd, 8.0, alpha);
    double sum = 0, shares = 0, population = 0;
    for (const auto& g : r.groups) {
      sum += g.contribution;
      shares += g.share_of_total;
      population += g.population_share;
    }
    CHECK(sum == r.total);
    CHECK(population == doctest::Approx(1).epsilon(1e-15));
    CHECK(shares == doctest::Approx(1).epsilon(1e-15));
    CHECK(r.total == povstat::fgt(yd, wd, 8.0, alpha));
  }
  // Random data, 20 groups: the identity to rounding (1e-14 relative).
  std::mt19937_64 rng(20260);
  std::lognormal_distribution<double> income(3, 1);
  std::uniform_real_distribution<double> weight(0.5, 3);
  std::uniform_int_distribution<int> group(0, 19);
  std::vector<double> yr, wr;
  std::vector<int> gr;
  for (int i = 0; i < 5000; ++i) {
    yr.push_back(income(rng));
    wr.push_back(weight(rng));
    gr.push_back(group(rng));
  }
  for (const double alpha : {0.0, 1.0, 2.0, 3.5}) {
    const auto r = povstat::fgt_decomposition(yr, wr, gr, 20.0, alpha);
    double sum = 0, weighted = 0;
    for (const auto& g : r.groups) {
      sum += g.contribution;
      weighted += g.population_share * g.fgt;
    }
    CHECK(sum == doctest::Approx(r.total).epsilon(tol));
    CHECK(weighted == doctest::Approx(r.total).epsilon(tol));
    CHECK(r.total == doctest::Approx(povstat::fgt(yr, wr, 20.0, alpha)).epsilon(tol));
  }
}

TEST_CASE("fgt_decomposition: one group, unweighted, nobody poor, weak rule") {
  const std::vector<int> one(6, 7);
  const auto r = povstat::fgt_decomposition(y, one, 10.0, 1.0);  // unweighted
  REQUIRE(r.groups.size() == 1);
  // (0.8 + 0.4 + 0.6 + 0.2)/6 = 1/3
  CHECK(r.total == doctest::Approx(1.0 / 3).epsilon(tol));
  CHECK(r.groups[0].population_share == 1);
  CHECK(r.groups[0].share_of_total == 1);
  const auto none = povstat::fgt_decomposition(y, w, groups, 1.0, 0.0);
  CHECK(none.total == 0);
  CHECK(none.groups[0].share_of_total == 0);
  CHECK(none.groups[1].share_of_total == 0);
  // weak rule: y = 8 <= 8 counts as poor (gap 0) in alpha = 0.
  const auto weak = povstat::fgt_decomposition(y, w, groups, 8.0, 0.0,
                                               {.poor = povstat::poor_rule::weak});
  CHECK(weak.groups[0].fgt == 0.5);   // 4 and 8 of group -1
  const auto strict = povstat::fgt_decomposition(y, w, groups, 8.0, 0.0);
  CHECK(strict.groups[0].fgt == 0.25);
}

TEST_CASE("fgt_decomposition rejects bad input") {
  const std::vector<int> short_groups{1, 2};
  CHECK_THROWS_WITH_AS(povstat::fgt_decomposition(y, w, short_groups, 10.0, 1.0),
                       "povstat::fgt_decomposition: groups has 2 values, but must have 6 (as "
                       "many as y)",
                       invalid_input);
  const std::vector<double> w5{1, 1, 1, 1, 1};
  CHECK_THROWS_WITH_AS(povstat::fgt_decomposition(y, w5, groups, 10.0, 1.0),
                       "povstat::fgt_decomposition: w has 5 values, but must have 6 (as many as y)",
                       invalid_input);
  const std::vector<double> empty;
  const std::vector<int> no_groups;
  CHECK_THROWS_WITH_AS(povstat::fgt_decomposition(empty, no_groups, 10.0, 1.0),
                       "povstat::fgt_decomposition: y has 0 values, but needs at least 1 (an "
                       "empty sample has no distribution)",
                       insufficient_data);
  std::vector<double> bad_y = y;
  bad_y[2] = nan_value;
  CHECK_THROWS_WITH_AS(povstat::fgt_decomposition(bad_y, w, groups, 10.0, 1.0),
                       "povstat::fgt_decomposition: y[2] is nan, but must be finite",
                       invalid_input);
  std::vector<double> bad_w = w;
  bad_w[4] = 0;
  CHECK_THROWS_WITH_AS(povstat::fgt_decomposition(y, bad_w, groups, 10.0, 1.0),
                       "povstat::fgt_decomposition: w[4] is 0, but must be > 0", invalid_input);
  bad_w[4] = -1;
  CHECK_THROWS_WITH_AS(povstat::fgt_decomposition(y, bad_w, groups, 10.0, 1.0),
                       "povstat::fgt_decomposition: w[4] is -1, but must be > 0", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::fgt_decomposition(y, w, groups, 0.0, 1.0),
                       "povstat::fgt_decomposition: z is 0, but must be > 0", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::fgt_decomposition(y, w, groups, 10.0, -0.5),
                       "povstat::fgt_decomposition: alpha is -0.5, but must be >= 0",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::fgt_decomposition(y, w, groups, 10.0, nan_value),
                       "povstat::fgt_decomposition: alpha is nan, but must be finite",
                       invalid_input);
}

// Two sectors, two years. Year 1: populations 30 and 70 (shares 0.3, 0.7), headcounts 0.2 and
// 0.5; year 2: populations 40 and 60 (shares 0.4, 0.6), headcounts 0.15 and 0.4.
// P1 = 0.3·0.2 + 0.7·0.5 = 0.41; P2 = 0.4·0.15 + 0.6·0.4 = 0.30; change −0.11.
// intra:       0.3·(−0.05) + 0.7·(−0.1)   = −0.015 − 0.07  = −0.085
// shift:       0.1·0.2     + (−0.1)·0.5   =  0.02  − 0.05  = −0.03
// interaction: 0.1·(−0.05) + (−0.1)(−0.1) = −0.005 + 0.01  =  0.005
// −0.085 − 0.03 + 0.005 = −0.11.
TEST_CASE("ravallion_huppi: two sectors, two years, by hand") {
  const std::array<double, 2> n1{30, 70}, p1{0.2, 0.5}, n2{40, 60}, p2{0.15, 0.4};
  const auto r = povstat::ravallion_huppi(n1, p1, n2, p2);
  CHECK(r.poverty1 == doctest::Approx(0.41).epsilon(tol));
  CHECK(r.poverty2 == doctest::Approx(0.30).epsilon(tol));
  CHECK(r.change == doctest::Approx(-0.11).epsilon(tol));
  CHECK(r.intra == doctest::Approx(-0.085).epsilon(tol));
  CHECK(r.population_shift == doctest::Approx(-0.03).epsilon(tol));
  CHECK(r.interaction == doctest::Approx(0.005).epsilon(tol));
  CHECK(r.intra + r.population_shift + r.interaction == doctest::Approx(r.change).epsilon(tol));
  REQUIRE(r.sectors.size() == 2);
  CHECK(r.sectors[0].share1 == doctest::Approx(0.3).epsilon(tol));
  CHECK(r.sectors[1].share2 == doctest::Approx(0.6).epsilon(tol));
  CHECK(r.sectors[0].intra == doctest::Approx(-0.015).epsilon(tol));
  CHECK(r.sectors[0].population_shift == doctest::Approx(0.02).epsilon(tol));
  CHECK(r.sectors[0].interaction == doctest::Approx(-0.005).epsilon(tol));
  CHECK(r.sectors[1].intra == doctest::Approx(-0.07).epsilon(tol));
  CHECK(r.sectors[1].population_shift == doctest::Approx(-0.05).epsilon(tol));
  CHECK(r.sectors[1].interaction == doctest::Approx(0.01).epsilon(tol));
  // Shares given directly: the same.
  const std::vector<double> s1{0.3, 0.7}, s2{0.4, 0.6};
  const auto same = povstat::ravallion_huppi(s1, p1, s2, p2);
  CHECK(same.intra == doctest::Approx(-0.085).epsilon(tol));
  // Integer populations are accepted.
  const std::vector<int> i1{30, 70}, i2{40, 60};
  CHECK(povstat::ravallion_huppi(i1, p1, i2, p2).change == doctest::Approx(-0.11).epsilon(tol));
}

TEST_CASE("ravallion_huppi: the identity holds exactly for dyadic data; one sector; no change") {
  // shares 1/4, 3/4 -> 1/2, 1/2; P 1/2, 1/4 -> 1/4, 1/8: every product and sum is exact.
  const std::vector<double> n1{1, 3}, p1{0.5, 0.25}, n2{2, 2}, p2{0.25, 0.125};
  const auto r = povstat::ravallion_huppi(n1, p1, n2, p2);
  CHECK(r.intra + r.population_shift + r.interaction == r.change);
  CHECK(r.change == 0.1875 - 0.3125);
  // One sector: everything is intra-sectoral.
  const std::vector<double> one{5};
  const std::vector<double> a{0.4}, b{0.25};
  const auto single = povstat::ravallion_huppi(one, a, one, b);
  CHECK(single.intra == doctest::Approx(-0.15).epsilon(tol));  // 1·(0.25 − 0.4)
  CHECK(single.population_shift == 0);
  CHECK(single.interaction == 0);
  // Same years: every effect 0.
  const auto none = povstat::ravallion_huppi(n1, p1, n1, p1);
  CHECK(none.change == 0);
  CHECK(none.intra == 0);
  CHECK(none.population_shift == 0);
  CHECK(none.interaction == 0);
}

TEST_CASE("ravallion_huppi from two fgt_decompositions") {
  // Year 2: the six people of the first test, two of them richer.
  const std::vector<double> y2{5, 6, 12, 4, 11, 20};
  const auto d1 = povstat::fgt_decomposition(y, w, groups, 10.0, 0.0);
  const auto d2 = povstat::fgt_decomposition(y2, w, groups, 10.0, 0.0);
  // Shares 0.5, 0.5 both years; headcounts (id -1, id 5): 0.5, 0.75 -> 0.25, 0.75.
  const auto r = povstat::ravallion_huppi(d1, d2);
  CHECK(r.intra == -0.125);
  CHECK(r.population_shift == 0);
  CHECK(r.interaction == 0);
  CHECK(r.change == d2.total - d1.total);
  const std::vector<int> other{5, 5, 5, 2, 2, 2};
  const auto d3 = povstat::fgt_decomposition(y2, w, other, 10.0, 0.0);
  CHECK_THROWS_WITH_AS(povstat::ravallion_huppi(d1, d3),
                       "povstat::ravallion_huppi: year2.groups[0].id is 2, but must be = "
                       "year1.groups[0].id = -1 (the same groups)",
                       invalid_input);
  const auto d4 = povstat::fgt_decomposition(y2, std::vector<int>(6, 1), 10.0, 0.0);
  CHECK_THROWS_WITH_AS(povstat::ravallion_huppi(d1, d4),
                       "povstat::ravallion_huppi: year2.groups has 1 value, but must have 2 (as "
                       "many as year1.groups)",
                       invalid_input);
}

TEST_CASE("ravallion_huppi rejects bad input") {
  const std::vector<double> n{30, 70}, p{0.2, 0.5}, n3{1, 2, 3}, empty;
  CHECK_THROWS_WITH_AS(povstat::ravallion_huppi(n, n3, n, p),
                       "povstat::ravallion_huppi: poverty1 has 3 values, but must have 2 (as "
                       "many as population1)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::ravallion_huppi(n, p, n3, p),
                       "povstat::ravallion_huppi: population2 has 3 values, but must have 2 (as "
                       "many as population1)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::ravallion_huppi(n, p, n, n3),
                       "povstat::ravallion_huppi: poverty2 has 3 values, but must have 2 (as "
                       "many as population1)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::ravallion_huppi(empty, empty, empty, empty),
                       "povstat::ravallion_huppi: population1 has 0 values, but needs at least 1 "
                       "(one sector at least)",
                       insufficient_data);
  const std::vector<double> negative{30, -1}, zero{0, 0}, with_nan{0.2, nan_value};
  CHECK_THROWS_WITH_AS(povstat::ravallion_huppi(negative, p, n, p),
                       "povstat::ravallion_huppi: population1[1] is -1, but must be >= 0",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::ravallion_huppi(n, p, zero, p),
                       "povstat::ravallion_huppi: population2 sums to 0, but must have a positive "
                       "total",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::ravallion_huppi(n, with_nan, n, p),
                       "povstat::ravallion_huppi: poverty1[1] is nan, but must be finite",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::ravallion_huppi(n, p, n, negative),
                       "povstat::ravallion_huppi: poverty2[1] is -1, but must be >= 0",
                       invalid_input);
}
