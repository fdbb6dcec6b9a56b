// Tests of measure/lorenz_gq.hpp: fit_lorenz_gq, make_lorenz_gq, and the GQ curve's
// lorenz_poverty and lorenz_distribution.
//
// Expected values: tests/reference/grouped_data.py (40-digit arithmetic, every measure from
// its definition as an integral; tolerance in grouped_test_support.hpp) on Datt's (1998)
// rural India 1983 classes, a lognormal's exact Lorenz curve and wbpip's test data, at the
// case's poverty line and at a sweep of lines (multiples of the mean, and lines outside the
// curve's range of welfare); curves given by parameters for the branches the data do not
// reach (m > 0, m = 0). And the numbers wbpip's own tests print for its data
// (tests/testthat/test-gd_compute_pip_stats_lq.R), with the tolerance each deserves.

#include "povstat/measure/lorenz_gq.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "grouped_test_support.hpp"

using grouped_test::check_reference;
using grouped_test::flag;
using grouped_test::R;
using povstat::invalid_input;

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

void check_poverty(const std::string& case_name, const std::string& prefix,
                   const povstat::lorenz_poverty_result<double>& r, bool with_data) {
  check_reference(case_name, prefix + "headcount", r.headcount);
  check_reference(case_name, prefix + "poverty_gap", r.poverty_gap);
  check_reference(case_name, prefix + "severity", r.severity);
  check_reference(case_name, prefix + "watts", r.watts);
  CHECK(r.line_within_range == flag(case_name, prefix + "line_within_range"));
  if (with_data) check_reference(case_name, prefix + "ssez", r.ssez);
}

void check_distribution(const std::string& case_name,
                        const povstat::lorenz_distribution_result<double>& r) {
  check_reference(case_name, "gq.gini", r.gini);
  check_reference(case_name, "gq.median", r.median);
  check_reference(case_name, "gq.mld", r.mld);
  check_reference(case_name, "gq.polarization", r.polarization);
}

void check_flags(const std::string& case_name, const povstat::lorenz_gq_fit<double>& fit) {
  CHECK(fit.through_origin == flag(case_name, "gq.through_origin"));
  CHECK(fit.through_top == flag(case_name, "gq.through_top"));
  CHECK(fit.nonnegative_slope == flag(case_name, "gq.nonnegative_slope"));
  CHECK(fit.convex == flag(case_name, "gq.convex"));
  CHECK(fit.valid() == flag(case_name, "gq.valid"));
  CHECK(fit.pip_normal() == flag(case_name, "gq.pip_normal"));
  CHECK(fit.pip_valid() == flag(case_name, "gq.pip_valid"));
}

}  // namespace

// ---------------------------------------------------------------------------------------
// The fit

TEST_CASE("fit_lorenz_gq: coefficients, standard errors, fit and validity against the reference") {
  for (const auto& case_name : grouped_test::fit_cases) {
    CAPTURE(case_name);
    const auto data = grouped_test::data(case_name);
    const auto fit = povstat::fit_lorenz_gq(data);
    check_reference(case_name, "gq.a", fit.a);
    check_reference(case_name, "gq.b", fit.b);
    check_reference(case_name, "gq.c", fit.c);
    check_reference(case_name, "gq.e", fit.e);
    check_reference(case_name, "gq.m", fit.m);
    check_reference(case_name, "gq.n", fit.n);
    check_reference(case_name, "gq.r", fit.r);
    check_reference(case_name, "gq.se_a", fit.se[0]);
    check_reference(case_name, "gq.se_b", fit.se[1]);
    check_reference(case_name, "gq.se_c", fit.se[2]);
    check_reference(case_name, "gq.regression_sse", fit.regression_sse);
    CHECK(fit.df_residual == data.size() - 1 - 3);
    check_reference(case_name, "gq.sse", fit.sse);
    CHECK(fit.mean == data.mean());
    REQUIRE(fit.p.size() == data.size());
    REQUIRE(fit.residuals.size() == data.size());
    for (std::size_t i = 0; i < data.size(); ++i) {
      CHECK(fit.p[i] == data.p()[i]);
      check_reference(case_name, "gq.residual_" + std::to_string(i), fit.residuals[i]);
    }
    check_flags(case_name, fit);
  }
}

TEST_CASE("fit_lorenz_gq: Datt's and the lognormal's curves are valid; wbpip's misses the top") {
  // wbpip's test data give a + c = 0.943 < 1: L(1) = a + c, a curve PIP still accepts
  // ("valid" needs a + c >= 0.9 there).
  const auto datt = povstat::fit_lorenz_gq(grouped_test::data("datt"));
  CHECK(datt.valid());
  const auto pip = povstat::fit_lorenz_gq(grouped_test::data("pip"));
  CHECK_FALSE(pip.through_top);
  CHECK_FALSE(pip.valid());
  CHECK(pip.pip_normal());
  CHECK(pip.pip_valid());
  CHECK(pip.lorenz(1) == doctest::Approx(pip.a + pip.c).epsilon(1e-14));
  CHECK(pip.residuals.back() == doctest::Approx(1 - (pip.a + pip.c)).epsilon(1e-12));
}

TEST_CASE("GQ curve: L, L' and L'' of the fitted curve") {
  const auto fit = povstat::fit_lorenz_gq(grouped_test::data("datt"));
  // Through (0, 0) and (1, 1) (e < 0, a + c >= 1).
  CHECK(std::abs(fit.lorenz(0)) < 1e-15);
  CHECK(fit.lorenz(1) == doctest::Approx(1).epsilon(1e-15));
  // L'(0) = c / |e| (Datt 1998, Table 2).
  CHECK(fit.slope(0) == doctest::Approx(fit.c / -fit.e).epsilon(1e-14));
  // L' and L'' against central differences of L and L' (step 1e-5: error ~1e-10).
  for (const double p : {0.1, 0.3, 0.5, 0.7, 0.9}) {
    const double h = 1e-5;
    CHECK(fit.slope(p) == doctest::Approx((fit.lorenz(p + h) - fit.lorenz(p - h)) / (2 * h)).epsilon(1e-8));
    CHECK(fit.curvature(p) == doctest::Approx((fit.slope(p + h) - fit.slope(p - h)) / (2 * h)).epsilon(1e-7));
    CHECK(fit.curvature(p) > 0);
    CHECK(fit.slope(p, 1 - p) == fit.slope(p));
  }
  // Outside [0, 1]: NaN.
  CHECK(std::isnan(fit.lorenz(-0.1)));
  CHECK(std::isnan(fit.slope(1.1)));
  CHECK(std::isnan(fit.curvature(not_a_number)));
}

TEST_CASE("fit_lorenz_gq: a regression with linearly dependent regressors is rejected") {
  // L = p² (exactly, in binary fractions) makes p² − L zero at every point: a is not
  // determined. (Where rounding leaves p² − L at 1e-17 instead, the column is not aliased:
  // least squares scales every column to unit norm first, as R's lm does.)
  const povstat::grouped_data<double> square{{0.25, 0.5, 0.75, 1}, {0.0625, 0.25, 0.5625, 1}, 50};
  CHECK_THROWS_WITH_AS(povstat::fit_lorenz_gq(square),
                       "povstat::fit_lorenz_gq: the rank of the regression of L(1 - L) on (p^2 - L, "
                       "L(p - 1), p - L) is 2, but must be 3 (the points below the top do not "
                       "determine the curve; aliased: p^2 - L)",
                       invalid_input);
}

TEST_CASE("fit_lorenz_gq: with exactly three points below the top the fit is exact") {
  // Points of the GQ curve a = 0.9, b = -1.5, c = 0.2 (valid): the regression interpolates,
  // with no residual degrees of freedom (se NaN, as R's lm).
  const auto curve = povstat::make_lorenz_gq(0.9, -1.5, 0.2, 100.0);
  const std::vector<double> p{0.2, 0.5, 0.8, 1};
  std::vector<double> lorenz;
  for (const double x : p) lorenz.push_back(curve.lorenz(x));
  lorenz.back() = 1;
  const auto fit = povstat::fit_lorenz_gq(povstat::grouped_data<double>(p, lorenz, 100.0));
  CHECK(fit.a == doctest::Approx(0.9).epsilon(1e-12));
  CHECK(fit.b == doctest::Approx(-1.5).epsilon(1e-12));
  CHECK(fit.c == doctest::Approx(0.2).epsilon(1e-12));
  CHECK(fit.df_residual == 0);
  CHECK(std::isnan(fit.se[0]));
  CHECK(fit.sse < 1e-28);
}

// ---------------------------------------------------------------------------------------
// Measures

TEST_CASE("lorenz_poverty of a GQ curve against the reference, at the case's line and a sweep") {
  for (const auto& case_name : grouped_test::measure_cases) {
    CAPTURE(case_name);
    const auto fit = povstat::fit_lorenz_gq(grouped_test::data(case_name));
    const auto r = povstat::lorenz_poverty(fit, grouped_test::poverty_line(case_name));
    CHECK(r.poverty_line == grouped_test::poverty_line(case_name));
    check_poverty(case_name, "gq.", r, true);
    const auto lines = R().has(case_name, "sweep_size") ? static_cast<int>(R()(case_name, "sweep_size")) : 0;
    for (int j = 0; j < lines; ++j) {
      const std::string sweep = "sweep_" + std::to_string(j) + ".";
      CAPTURE(sweep);
      check_poverty(case_name, "gq." + sweep, povstat::lorenz_poverty(fit, R()(case_name, sweep + "z")),
                    true);
    }
  }
}

TEST_CASE("lorenz_poverty of a GQ curve outside its range of welfare: H is 0 or 1") {
  const auto fit = povstat::fit_lorenz_gq(grouped_test::data("datt"));
  const double lowest = fit.mean * fit.slope(0), highest = fit.mean * fit.slope(1);
  // At or below the lowest welfare: nobody is poor.
  for (const double z : {lowest / 2, lowest}) {
    const auto r = povstat::lorenz_poverty(fit, z);
    CHECK(r.headcount == 0);
    CHECK(r.poverty_gap == 0);
    CHECK(r.severity == 0);
    CHECK(r.watts == 0);
    CHECK_FALSE(r.line_within_range);
  }
  // At or above the highest: everybody is poor, PG = 1 − μ/z (L(1) = 1).
  for (const double z : {highest, 2 * highest}) {
    const auto r = povstat::lorenz_poverty(fit, z);
    CHECK(r.headcount == 1);
    CHECK(r.poverty_gap == doctest::Approx(1 - fit.mean / z).epsilon(1e-14));
    CHECK_FALSE(r.line_within_range);
  }
  // Just inside: a root.
  CHECK(povstat::lorenz_poverty(fit, lowest * 1.001).line_within_range);
  CHECK(povstat::lorenz_poverty(fit, lowest * 1.001).headcount > 0);
}

TEST_CASE("lorenz_poverty of a GQ curve: the headcount is where the welfare reaches the line") {
  const auto fit = povstat::fit_lorenz_gq(grouped_test::data("datt"));
  const auto r = povstat::lorenz_poverty(fit, 89);
  CHECK(fit.mean * fit.slope(r.headcount) == doctest::Approx(89).epsilon(1e-13));
  CHECK(r.poverty_gap == doctest::Approx(r.headcount - fit.mean / 89 * fit.lorenz(r.headcount)).epsilon(1e-15));
  // FGT orderings: 0 < P2 < PG < H; Watts > PG (log(z/y) > 1 − y/z).
  CHECK(0 < r.severity);
  CHECK(r.severity < r.poverty_gap);
  CHECK(r.poverty_gap < r.headcount);
  CHECK(r.watts > r.poverty_gap);
  // ssez: the squared residuals of the points below H and of the first point above it
  // (Datt's p: 0.4133 < H = 0.4506 < 0.5497, so points 0..6).
  double ssez = 0;
  for (std::size_t i = 0; i <= 6; ++i) ssez += fit.residuals[i] * fit.residuals[i];
  CHECK(r.ssez == doctest::Approx(ssez).epsilon(1e-14));
}

TEST_CASE("lorenz_distribution of a GQ curve against the reference") {
  for (const auto& case_name : grouped_test::measure_cases) {
    CAPTURE(case_name);
    check_distribution(case_name, povstat::lorenz_distribution(povstat::fit_lorenz_gq(grouped_test::data(case_name))));
  }
}

TEST_CASE("make_lorenz_gq: a hyperbola (m > 0) and a parabola (m = 0), the other Gini branches") {
  SUBCASE("hyperbola: a = 0.05, b = 0.75, c = 0.98") {
    const auto curve = povstat::make_lorenz_gq(0.05, 0.75, 0.98, 100.0);
    CHECK(curve.m > 0);
    check_flags("gq_hyperbola", curve);
    check_reference("gq_hyperbola", "gq.e", curve.e);
    check_reference("gq_hyperbola", "gq.m", curve.m);
    check_reference("gq_hyperbola", "gq.n", curve.n);
    check_reference("gq_hyperbola", "gq.r", curve.r);
    check_poverty("gq_hyperbola", "gq.", povstat::lorenz_poverty(curve, 60), false);
    check_distribution("gq_hyperbola", povstat::lorenz_distribution(curve));
  }
  SUBCASE("parabola: a = 0.25, b = -1, c = 0.8 (not convex by Datt's strict conditions)") {
    const auto curve = povstat::make_lorenz_gq(0.25, -1.0, 0.8, 100.0);
    CHECK(curve.m == 0);
    check_flags("gq_parabola", curve);
    // m = 0: the closed-form headcount divides by m; the root is found instead.
    check_poverty("gq_parabola", "gq.", povstat::lorenz_poverty(curve, 90), false);
    check_distribution("gq_parabola", povstat::lorenz_distribution(curve));
  }
}

TEST_CASE("make_lorenz_gq: no data, so no errors of fit") {
  const auto curve = povstat::make_lorenz_gq(0.9, -1.5, 0.2, 100.0);
  CHECK(std::isnan(curve.se[0]));
  CHECK(std::isnan(curve.regression_sse));
  CHECK(std::isnan(curve.sse));
  CHECK(curve.p.empty());
  CHECK(curve.residuals.empty());
  CHECK(std::isnan(povstat::lorenz_poverty(curve, 80).ssez));
  CHECK(curve.valid());
}

// ---------------------------------------------------------------------------------------
// wbpip's own numbers

TEST_CASE("GQ on wbpip's test data agrees with the numbers wbpip's tests print") {
  // wbpip, tests/testthat/test-gd_compute_pip_stats_lq.R: the data of grouped_test "pip",
  // mean 51.5660557757944, line 57.791666666666664. Their coefficients come from R's QR in
  // double without refinement: 2e-13 from the 40-digit solution, so 1e-11 here.
  const auto fit = povstat::fit_lorenz_gq(grouped_test::data("pip"));
  CHECK(fit.a == doctest::Approx(0.795981535745657).epsilon(1e-11));
  CHECK(fit.b == doctest::Approx(-1.4445933880119242).epsilon(1e-11));
  CHECK(fit.c == doctest::Approx(0.14728191995919815).epsilon(1e-11));
  CHECK(fit.e == doctest::Approx(-0.498670067692931).epsilon(1e-11));
  CHECK(fit.m == doctest::Approx(-1.0970760862948583).epsilon(1e-11));
  CHECK(fit.n == doctest::Approx(0.851623285340541).epsilon(1e-11));
  CHECK(fit.r == doctest::Approx(1.3477796260474386).epsilon(1e-11));

  const double mean = 51.5660557757944, z = 57.791666666666664;
  const auto r = povstat::lorenz_poverty(fit, z);
  // wbpip's headcount went through a float in the .NET code its test copied (their comment);
  // they compare it to 7 digits.
  CHECK(r.headcount == doctest::Approx(0.76005810499191284).epsilon(1e-7));
  CHECK(r.poverty_gap == doctest::Approx(0.27617606019159308).epsilon(1e-11));
  CHECK(r.severity == doctest::Approx(0.12832887439632906).epsilon(1e-11));
  const auto d = povstat::lorenz_distribution(fit);
  CHECK(d.gini == doctest::Approx(0.32126464221602591).epsilon(1e-11));
  CHECK(d.median == doctest::Approx(42.247782467994874).epsilon(1e-11));
  CHECK(d.polarization == doctest::Approx(0.22066218253919992).epsilon(1e-11));

  // Watts and MLD: wbpip sums them on a grid (gd_compute_watts_lq with dd = 0.01,
  // gd_compute_mld_lq), and both sums add one extra step at the bottom — log L'(snw/2)·snw
  // and log L'(0.0005)·0.001 on top of a trapezoid that already starts at 0 — while the MLD
  // sum stops at 0.999. Their sums, redone here on povstat's curve, give their numbers;
  // povstat's exact integrals are the reference's, 2.4% (Watts) and 1.6% (MLD) away.
  const auto log_slope = [&fit](double p) { return std::log(fit.slope(p)); };
  const double pip_h = 0.76005810499191284, snw = pip_h * 0.01;
  double pip_watts = log_slope(snw / 2) * snw;
  for (int k = 1; k <= 100; ++k)
    pip_watts += (log_slope((k - 1) * snw) + log_slope(k * snw)) * snw / 2;
  pip_watts = std::log(z / mean) * pip_h - pip_watts;
  CHECK(pip_watts == doctest::Approx(0.39088363448720104).epsilon(1e-9));
  double pip_mld = log_slope(0.0005) * 0.001;
  for (int k = 0; k < 999; ++k) pip_mld += (log_slope(k * 0.001) + log_slope(k * 0.001 + 0.001)) * 0.0005;
  CHECK(-pip_mld == doctest::Approx(0.1897890974403306).epsilon(1e-9));
  CHECK(r.watts == doctest::Approx(0.39088363448720104).epsilon(0.03));
  CHECK(d.mld == doctest::Approx(0.1897890974403306).epsilon(0.02));
}

// ---------------------------------------------------------------------------------------
// Other types, bad input

TEST_CASE("fit_lorenz_gq and its measures in float") {
  const auto fit_double = povstat::fit_lorenz_gq(grouped_test::data("datt"));
  const auto d = grouped_test::data("datt");
  std::vector<float> p(d.p().begin(), d.p().end()), lorenz(d.lorenz().begin(), d.lorenz().end());
  const auto fit = povstat::fit_lorenz_gq(povstat::grouped_data<float>(p, lorenz, 109.9f));
  // float data carry 7 digits; the fit loses a few more through the regression's condition.
  CHECK(fit.a == doctest::Approx(fit_double.a).epsilon(1e-4));
  const auto r = povstat::lorenz_poverty(fit, 89.0f);
  const auto r_double = povstat::lorenz_poverty(fit_double, 89.0);
  CHECK(r.headcount == doctest::Approx(r_double.headcount).epsilon(1e-4));
  CHECK(r.watts == doctest::Approx(r_double.watts).epsilon(1e-3));
  CHECK(povstat::lorenz_distribution(fit).gini == doctest::Approx(0.28901322).epsilon(1e-4));
}

TEST_CASE("lorenz_poverty of a GQ curve: the poverty line must be finite and > 0") {
  const auto fit = povstat::fit_lorenz_gq(grouped_test::data("datt"));
  CHECK_THROWS_WITH_AS(povstat::lorenz_poverty(fit, not_a_number),
                       "povstat::lorenz_poverty: z is nan, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::lorenz_poverty(fit, inf),
                       "povstat::lorenz_poverty: z is inf, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::lorenz_poverty(fit, 0),
                       "povstat::lorenz_poverty: z is 0, but must be > 0", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::lorenz_poverty(fit, -89),
                       "povstat::lorenz_poverty: z is -89, but must be > 0", invalid_input);
}

TEST_CASE("make_lorenz_gq: parameters finite, mean finite and > 0") {
  CHECK_THROWS_WITH_AS(povstat::make_lorenz_gq(not_a_number, -1.5, 0.2, 100.0),
                       "povstat::make_lorenz_gq: a is nan, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::make_lorenz_gq(0.9, inf, 0.2, 100.0),
                       "povstat::make_lorenz_gq: b is inf, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::make_lorenz_gq(0.9, -1.5, -inf, 100.0),
                       "povstat::make_lorenz_gq: c is -inf, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::make_lorenz_gq(0.9, -1.5, 0.2, not_a_number),
                       "povstat::make_lorenz_gq: mean is nan, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::make_lorenz_gq(0.9, -1.5, 0.2, 0.0),
                       "povstat::make_lorenz_gq: mean is 0, but must be > 0", invalid_input);
}
