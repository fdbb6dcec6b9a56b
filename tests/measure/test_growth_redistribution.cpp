// Tests of measure/growth_redistribution.hpp: datt_ravallion (both reference periods) and
// shapley_growth_redistribution, on two GQ Lorenz curves whose poverty measures have simple
// closed forms derived by hand below; a growth-only change on Datt's (1998) grouped data;
// and the rejected inputs.
//
// The curves: a = b = 0 makes the GQ equation L(1 − L) = c(p − L), i.e.
//   L(p) = [(1 + c) − √((1 + c)² − 4cp)] / 2,  L'(p) = c / √((1 + c)² − 4cp),
// a Lorenz curve for c >= 1 (L(1) = min(1, c)). The poor are those with μ L'(p) < z, so
//   H = [(1 + c)² − (cμ/z)²] / (4c),  L(H) = [(1 + c) − cμ/z] / 2,  PG = H − (μ/z) L(H).
// With z = 1:
//   L1: c = 1, μ1 = 1    -> H = 1 − 1/4 = 0.75,            L(H) = 0.5,  PG = 0.25
//   L1 at μ2 = 1.2       -> H = 1 − 0.36 = 0.64,           L(H) = 0.4,  PG = 0.64 − 0.48 = 0.16
//   L2: c = 2 at μ1 = 1  -> H = (9 − 4)/8 = 0.625,         L(H) = 0.5,  PG = 0.125
//   L2 at μ2 = 1.2       -> H = (9 − 5.76)/8 = 0.405,      L(H) = 0.3,  PG = 0.405 − 0.36 = 0.045
// (m = b² − 4a = 0 for these curves: lorenz_poverty finds H as a root, to ~1e-15.)

#include "povstat/measure/growth_redistribution.hpp"

#include <doctest/doctest.h>

#include <limits>
#include <vector>

#include "grouped_test_support.hpp"

using povstat::invalid_input;
using povstat::reference_period;

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();
// H comes from a root finder on a curve with m = 0, PG from H: 1e-12 absolute is far above
// the root's accuracy and far below any difference between the components tested.
constexpr double tol = 1e-12;

const auto curve1 = povstat::make_lorenz_gq(0.0, 0.0, 1.0, 1.0);
const auto curve2 = povstat::make_lorenz_gq(0.0, 0.0, 2.0, 1.2);

void check_close(double computed, double expected) {
  CHECK(computed == doctest::Approx(expected).scale(1).epsilon(tol));  // |Δ| < tol·(1 + |x|)
}

}  // namespace

TEST_CASE("datt_ravallion: the four evaluations by hand") {
  const auto r = povstat::datt_ravallion(curve1, curve2, 1.0);
  check_close(r.mean1_lorenz1.headcount, 0.75);
  check_close(r.mean2_lorenz1.headcount, 0.64);
  check_close(r.mean1_lorenz2.headcount, 0.625);
  check_close(r.mean2_lorenz2.headcount, 0.405);
  check_close(r.mean1_lorenz1.poverty_gap, 0.25);
  check_close(r.mean2_lorenz1.poverty_gap, 0.16);
  check_close(r.mean1_lorenz2.poverty_gap, 0.125);
  check_close(r.mean2_lorenz2.poverty_gap, 0.045);
}

TEST_CASE("datt_ravallion: reference period 1 and 2, headcount and poverty gap, by hand") {
  // Headcount, reference 1: growth 0.64 − 0.75 = −0.11; redistribution 0.625 − 0.75 = −0.125;
  // change 0.405 − 0.75 = −0.345; residual −0.345 + 0.11 + 0.125 = −0.11.
  const auto r1 = povstat::datt_ravallion(curve1, curve2, 1.0);
  check_close(r1.headcount.initial, 0.75);
  check_close(r1.headcount.final, 0.405);
  check_close(r1.headcount.change, -0.345);
  check_close(r1.headcount.growth, -0.11);
  check_close(r1.headcount.redistribution, -0.125);
  check_close(r1.headcount.residual, -0.11);
  // Poverty gap, reference 1: growth 0.16 − 0.25 = −0.09; redistribution 0.125 − 0.25 = −0.125;
  // change 0.045 − 0.25 = −0.205; residual −0.205 + 0.09 + 0.125 = 0.01.
  check_close(r1.poverty_gap.growth, -0.09);
  check_close(r1.poverty_gap.redistribution, -0.125);
  check_close(r1.poverty_gap.change, -0.205);
  check_close(r1.poverty_gap.residual, 0.01);
  // Reference 2: headcount growth 0.405 − 0.625 = −0.22, redistribution 0.405 − 0.64 = −0.235,
  // residual −0.345 + 0.22 + 0.235 = 0.11 (minus that of reference 1).
  const auto r2 = povstat::datt_ravallion(curve1, curve2, 1.0, reference_period::final);
  check_close(r2.headcount.growth, -0.22);
  check_close(r2.headcount.redistribution, -0.235);
  check_close(r2.headcount.residual, 0.11);
  // Poverty gap, reference 2: growth 0.045 − 0.125 = −0.08; redistribution 0.045 − 0.16 =
  // −0.115; residual −0.205 + 0.08 + 0.115 = −0.01.
  check_close(r2.poverty_gap.growth, -0.08);
  check_close(r2.poverty_gap.redistribution, -0.115);
  check_close(r2.poverty_gap.residual, -0.01);
  // Severity and Watts: the identity and the opposite residuals of the two references.
  for (const auto* c : {&r1.severity, &r1.watts, &r2.severity, &r2.watts})
    check_close(c->growth + c->redistribution + c->residual, c->change);
  check_close(r1.severity.residual, -r2.severity.residual);
  check_close(r1.watts.residual, -r2.watts.residual);
}

TEST_CASE("shapley_growth_redistribution: by hand, no residual") {
  // Headcount: growth ½[(0.64 − 0.75) + (0.405 − 0.625)] = ½(−0.11 − 0.22) = −0.165;
  // redistribution ½[(0.625 − 0.75) + (0.405 − 0.64)] = ½(−0.125 − 0.235) = −0.18; sum −0.345.
  // Poverty gap: growth ½(−0.09 − 0.08) = −0.085; redistribution ½(−0.125 − 0.115) = −0.12.
  const auto s = povstat::shapley_growth_redistribution(curve1, curve2, 1.0);
  check_close(s.headcount.growth, -0.165);
  check_close(s.headcount.redistribution, -0.18);
  check_close(s.headcount.change, -0.345);
  check_close(s.poverty_gap.growth, -0.085);
  check_close(s.poverty_gap.redistribution, -0.12);
  for (const auto* c : {&s.headcount, &s.poverty_gap, &s.severity, &s.watts}) {
    CHECK(std::abs(c->residual) <= 1e-15);
    check_close(c->growth + c->redistribution, c->change);
  }
  // The Shapley components are the averages of the two Datt–Ravallion references.
  const auto r1 = povstat::datt_ravallion(curve1, curve2, 1.0);
  const auto r2 = povstat::datt_ravallion(curve1, curve2, 1.0, reference_period::final);
  check_close(s.severity.growth, (r1.severity.growth + r2.severity.growth) / 2);
  check_close(s.watts.redistribution, (r1.watts.redistribution + r2.watts.redistribution) / 2);
}

TEST_CASE("datt_ravallion: no change, growth only, redistribution only") {
  const auto same = povstat::datt_ravallion(curve1, curve1, 1.0);
  CHECK(same.headcount.change == 0);
  CHECK(same.headcount.growth == 0);
  CHECK(same.headcount.redistribution == 0);
  CHECK(same.headcount.residual == 0);
  // Growth only: Datt's (1998) data and the same shares with a 10% higher mean. The Lorenz
  // curves are identical, so redistribution and residual are 0 and growth is the change.
  const auto d1 = grouped_test::data("datt");
  const povstat::grouped_data<double> d2(
      std::vector<double>(d1.p().begin(), d1.p().end()),
      std::vector<double>(d1.lorenz().begin(), d1.lorenz().end()), d1.mean() * 1.1);
  for (const auto& r : {povstat::datt_ravallion(d1, d2, 89.0),
                        povstat::shapley_growth_redistribution(d1, d2, 89.0)}) {
    CHECK(r.headcount.redistribution == 0);
    CHECK(r.poverty_gap.redistribution == 0);
    CHECK(std::abs(r.headcount.residual) <= 1e-16);
    CHECK(r.headcount.growth < 0);
    CHECK(r.headcount.growth == doctest::Approx(r.headcount.change).epsilon(1e-14));
  }
  // Redistribution only: the two curves at the same mean, growth 0.
  const auto c2 = povstat::make_lorenz_gq(0.0, 0.0, 2.0, 1.0);
  const auto r = povstat::shapley_growth_redistribution(curve1, c2, 1.0);
  CHECK(r.headcount.growth == 0);
  check_close(r.headcount.redistribution, 0.625 - 0.75);
  // A beta curve can be one of the two periods.
  const auto beta = povstat::fit_lorenz_beta(d1);
  const auto mixed = povstat::datt_ravallion(povstat::fit_lorenz_gq(d1), beta, 89.0);
  check_close(mixed.headcount.growth, 0);
  check_close(mixed.headcount.growth + mixed.headcount.redistribution + mixed.headcount.residual,
              mixed.headcount.change);
}

TEST_CASE("datt_ravallion and shapley_growth_redistribution reject bad input") {
  CHECK_THROWS_WITH_AS(povstat::datt_ravallion(curve1, curve2, 0.0),
                       "povstat::datt_ravallion: z is 0, but must be > 0", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::datt_ravallion(curve1, curve2, nan_value),
                       "povstat::datt_ravallion: z is nan, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::shapley_growth_redistribution(curve1, curve2, -1.0),
                       "povstat::shapley_growth_redistribution: z is -1, but must be > 0",
                       invalid_input);
  auto bad = curve2;
  bad.mean = -2;
  CHECK_THROWS_WITH_AS(povstat::datt_ravallion(curve1, bad, 1.0),
                       "povstat::datt_ravallion: fit2.mean is -2, but must be > 0", invalid_input);
  bad.mean = nan_value;
  CHECK_THROWS_WITH_AS(povstat::shapley_growth_redistribution(bad, curve1, 1.0),
                       "povstat::shapley_growth_redistribution: fit1.mean is nan, but must be "
                       "finite",
                       invalid_input);
}
