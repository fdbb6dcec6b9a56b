// Tests of measure/lorenz_beta.hpp: fit_lorenz_beta, make_lorenz_beta, and the beta curve's
// lorenz_poverty and lorenz_distribution.
//
// Expected values: tests/reference/grouped_data.py (40-digit arithmetic, every measure from
// its definition as an integral; tolerance in grouped_test_support.hpp) on Datt's (1998)
// rural India 1983 classes, a lognormal's exact Lorenz curve and wbpip's test data, at the
// case's poverty line and a sweep of lines; a curve given by parameters with δ < 1/2 (the
// severity's third incomplete beta function then has a negative second argument). wbpip's
// validity checks on the curves of its own tests; and the numbers wbpip's tests print for its
// data (tests/testthat/test-gd_compute_pip_stats_lb.R), with the tolerance each deserves.

#include "povstat/measure/lorenz_beta.hpp"

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
  check_reference(case_name, "beta.gini", r.gini);
  check_reference(case_name, "beta.median", r.median);
  check_reference(case_name, "beta.mld", r.mld);
  check_reference(case_name, "beta.polarization", r.polarization);
}

}  // namespace

// ---------------------------------------------------------------------------------------
// The fit

TEST_CASE("fit_lorenz_beta: coefficients, standard errors, fit and validity against the reference") {
  for (const auto& case_name : grouped_test::fit_cases) {
    CAPTURE(case_name);
    const auto data = grouped_test::data(case_name);
    const auto fit = povstat::fit_lorenz_beta(data);
    check_reference(case_name, "beta.theta", fit.theta);
    check_reference(case_name, "beta.gamma", fit.gamma);
    check_reference(case_name, "beta.delta", fit.delta);
    check_reference(case_name, "beta.se_log_theta", fit.se[0]);
    check_reference(case_name, "beta.se_gamma", fit.se[1]);
    check_reference(case_name, "beta.se_delta", fit.se[2]);
    check_reference(case_name, "beta.regression_sse", fit.regression_sse);
    CHECK(fit.df_residual == data.size() - 1 - 3);
    check_reference(case_name, "beta.sse", fit.sse);
    CHECK(fit.mean == data.mean());
    REQUIRE(fit.residuals.size() == data.size());
    for (std::size_t i = 0; i < data.size(); ++i)
      check_reference(case_name, "beta.residual_" + std::to_string(i), fit.residuals[i]);
    CHECK(fit.residuals.back() == 0);  // L(1) = 1 exactly: (1 − 1)^δ = 0
    CHECK(fit.nondecreasing == flag(case_name, "beta.nondecreasing"));
    CHECK(fit.convex == flag(case_name, "beta.convex"));
    CHECK(fit.valid() == flag(case_name, "beta.valid"));
  }
}

TEST_CASE("beta curve: L, L' and L'' of the fitted curve, and their limits at the ends") {
  const auto fit = povstat::fit_lorenz_beta(grouped_test::data("datt"));
  CHECK(fit.lorenz(0) == 0);
  CHECK(fit.lorenz(1) == 1);
  for (const double p : {0.1, 0.3, 0.5, 0.7, 0.9}) {
    const double h = 1e-5;
    CHECK(fit.slope(p) == doctest::Approx((fit.lorenz(p + h) - fit.lorenz(p - h)) / (2 * h)).epsilon(1e-8));
    CHECK(fit.curvature(p) == doctest::Approx((fit.slope(p + h) - fit.slope(p - h)) / (2 * h)).epsilon(1e-7));
    CHECK(fit.slope(p, 1 - p) == fit.slope(p));
  }
  // γ = 0.93 < 1 and δ = 0.58 < 1, θ > 0: L'(0+) = −∞, L'(1−) = +∞.
  CHECK(fit.slope(0) == -inf);
  CHECK(fit.slope(1) == inf);
  // q = 1 − p given exactly: L'(1 − 1e-300) is finite, and large.
  CHECK(std::isfinite(fit.slope(1, 1e-300)));
  CHECK(fit.slope(1, 1e-300) > 1e100);
  CHECK(std::isnan(fit.lorenz(-0.1)));
  CHECK(std::isnan(fit.slope(1.5)));
  CHECK(std::isnan(fit.curvature(0)));
}

TEST_CASE("beta curve: the limits of L' at the ends for γ, δ at and above 1") {
  CHECK(povstat::make_lorenz_beta(0.5, 1.0, 1.0, 1.0).slope(0) == 0.5);  // 1 − θ
  CHECK(povstat::make_lorenz_beta(0.5, 1.0, 1.0, 1.0).slope(1) == 1.5);  // 1 + θ
  CHECK(povstat::make_lorenz_beta(0.5, 1.2, 1.3, 1.0).slope(0) == 1);
  CHECK(povstat::make_lorenz_beta(0.5, 1.2, 1.3, 1.0).slope(1) == 1);
  // wbpip derive_lb's tests: θ = 0.6562181, γ = 1 gives 1 − θ at 0; δ = 1 gives 1 + θ at 1.
  CHECK(povstat::make_lorenz_beta(0.6562181, 1.0, 0.5300527, 1.0).slope(0) ==
        doctest::Approx(1 - 0.6562181).epsilon(1e-15));
  CHECK(povstat::make_lorenz_beta(0.6562181, 0.9676324, 1.0, 1.0).slope(1) ==
        doctest::Approx(1.6562181).epsilon(1e-15));
  CHECK(povstat::make_lorenz_beta(0.6562181, 0.9676324, 0.9, 1.0).slope(1) == inf);
}

TEST_CASE("fit_lorenz_beta: the curve the data come from is recovered") {
  // Points of θ = 0.6, γ = 0.9, δ = 0.55 fit exactly.
  const auto curve = povstat::make_lorenz_beta(0.6, 0.9, 0.55, 100.0);
  std::vector<double> p{0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 0.9, 1}, lorenz;
  for (const double x : p) lorenz.push_back(curve.lorenz(x));
  const auto fit = povstat::fit_lorenz_beta(povstat::grouped_data<double>(p, lorenz, 100.0));
  CHECK(fit.theta == doctest::Approx(0.6).epsilon(1e-12));
  CHECK(fit.gamma == doctest::Approx(0.9).epsilon(1e-12));
  CHECK(fit.delta == doctest::Approx(0.55).epsilon(1e-12));
  CHECK(fit.regression_sse < 1e-26);
  CHECK(fit.df_residual == 4);
}

TEST_CASE("beta validity: wbpip's grid checks, on the curves of wbpip's own tests") {
  // wbpip check_curve_validity_lb tests: both invalid.
  const auto first = povstat::make_lorenz_beta(1.5059569306828811, 1.2068983362374488, 0.60013901263412039, 1.0);
  CHECK_FALSE(first.valid());
  const auto second = povstat::make_lorenz_beta(1.0, 0.3, 0.2, 1.0);
  CHECK_FALSE(second.nondecreasing);  // L'(0.001) < 0
  CHECK_FALSE(second.valid());
  // The curve of their other tests is valid.
  const auto third = povstat::make_lorenz_beta(0.57803721740313529, 0.94205090386544987, 0.52578600019473676, 1.0);
  CHECK(third.valid());
  // L'' at their first grid point, p = 0.001 (wbpip DDLK test: 47.919869915279428).
  CHECK(third.curvature(0.001) == doctest::Approx(47.919869915279428).epsilon(1e-13));
}

// ---------------------------------------------------------------------------------------
// Measures

TEST_CASE("lorenz_poverty of a beta curve against the reference, at the case's line and a sweep") {
  for (const auto& case_name : grouped_test::measure_cases) {
    CAPTURE(case_name);
    const auto fit = povstat::fit_lorenz_beta(grouped_test::data(case_name));
    const auto r = povstat::lorenz_poverty(fit, grouped_test::poverty_line(case_name));
    check_poverty(case_name, "beta.", r, true);
    const auto lines = R().has(case_name, "sweep_size") ? static_cast<int>(R()(case_name, "sweep_size")) : 0;
    for (int j = 0; j < lines; ++j) {
      const std::string sweep = "sweep_" + std::to_string(j) + ".";
      CAPTURE(sweep);
      check_poverty(case_name, "beta." + sweep,
                    povstat::lorenz_poverty(fit, R()(case_name, sweep + "z")), true);
    }
  }
}

TEST_CASE("lorenz_poverty of a beta curve: the headcount is where the welfare reaches the line") {
  const auto fit = povstat::fit_lorenz_beta(grouped_test::data("datt"));
  const auto r = povstat::lorenz_poverty(fit, 89);
  CHECK(fit.mean * fit.slope(r.headcount) == doctest::Approx(89).epsilon(1e-13));
  CHECK(r.line_within_range);
  CHECK(0 < r.severity);
  CHECK(r.severity < r.poverty_gap);
  CHECK(r.poverty_gap < r.headcount);
  // The curve implies non-positive welfare below the root p0 of L' (γ < 1): Watts leaves
  // those out; the root is tiny.
  CHECK(fit.slope(1e-6) < 0);
  CHECK(r.watts > r.poverty_gap);
}

TEST_CASE("lorenz_distribution of a beta curve against the reference") {
  for (const auto& case_name : grouped_test::measure_cases) {
    CAPTURE(case_name);
    check_distribution(case_name, povstat::lorenz_distribution(povstat::fit_lorenz_beta(grouped_test::data(case_name))));
  }
}

TEST_CASE("make_lorenz_beta: δ < 1/2, where the severity's last incomplete beta has b < 0") {
  const auto curve = povstat::make_lorenz_beta(0.6, 0.9, 0.4, 100.0);
  CHECK(curve.nondecreasing == flag("beta_low_delta", "beta.nondecreasing"));
  CHECK(curve.convex == flag("beta_low_delta", "beta.convex"));
  check_poverty("beta_low_delta", "beta.", povstat::lorenz_poverty(curve, 80), false);
  check_distribution("beta_low_delta", povstat::lorenz_distribution(curve));
}

TEST_CASE("lorenz_poverty of a beta curve with γ <= 1/2: the severity is infinite") {
  // y(p) ~ −θγ μ p^(γ−1) near 0: (1 − y/z)² ~ p^(2γ−2), not integrable for γ <= 1/2.
  const auto curve = povstat::make_lorenz_beta(0.5, 0.45, 0.6, 100.0);
  const auto r = povstat::lorenz_poverty(curve, 80);
  CHECK(r.headcount > 0);
  CHECK(std::isfinite(r.poverty_gap));
  CHECK(r.severity == inf);
}

TEST_CASE("lorenz_poverty of a beta curve: no data, no ssez") {
  const auto curve = povstat::make_lorenz_beta(0.6, 0.9, 0.55, 100.0);
  CHECK(std::isnan(curve.sse));
  CHECK(std::isnan(povstat::lorenz_poverty(curve, 80).ssez));
  CHECK(povstat::lorenz_poverty(curve, 80).headcount > 0);
}

// ---------------------------------------------------------------------------------------
// wbpip's own numbers

TEST_CASE("beta on wbpip's test data agrees with the numbers wbpip's tests print") {
  // wbpip, tests/testthat/test-gd_compute_pip_stats_lb.R: the data of grouped_test "pip",
  // mean 51.5660557757944, line 57.791666666666664.
  const auto fit = povstat::fit_lorenz_beta(grouped_test::data("pip"));
  CHECK(fit.theta == doctest::Approx(0.57803721740313529).epsilon(1e-11));
  CHECK(fit.gamma == doctest::Approx(0.94205090386544987).epsilon(1e-11));
  CHECK(fit.delta == doctest::Approx(0.52578600019473676).epsilon(1e-11));

  const double z = 57.791666666666664;
  const auto r = povstat::lorenz_poverty(fit, z);
  // wbpip's root finder stops at |dx| < 1e-4 (rtSafe); Newton's last step leaves ~3e-9.
  CHECK(r.headcount == doctest::Approx(0.71833938360214233).epsilon(1e-8));
  // The gap is stationary in H at the root (dPG/dH = 1 − μL'(H)/z = 0).
  CHECK(r.poverty_gap == doctest::Approx(0.27137498479545558).epsilon(1e-11));
  // wbpip's incomplete beta: Numerical Recipes' continued fraction to 3e-7 and a 6-term
  // log-gamma: 5e-10 here.
  CHECK(r.severity == doctest::Approx(0.12933674851941607).epsilon(1e-8));
  const auto d = povstat::lorenz_distribution(fit);
  CHECK(d.median == doctest::Approx(42.594731176686537).epsilon(1e-11));

  // wbpip's Gini: Simpson's rule with 1000 intervals, 7e-6 from the exact 2θB(1 + γ, 1 + δ)
  // because L has an x^γ singularity at 0. The benchmark is the full rule (the .NET code);
  // wbpip's R code drops the first panel (out[0] <- ... is a no-op in R), 2.4e-6 further,
  // and its polarization benchmark (printed to 7 digits) comes from that Gini.
  const auto simpson = [&fit](bool first_panel) {
    double sum = 0;
    for (int i = first_panel ? 0 : 1; i < 500; ++i) {
      const double x = i * 0.002 + 0.001;
      sum += 4 * fit.lorenz(x) + 2 * fit.lorenz(x + 0.001);
    }
    return 1 - (sum - 1) / 1500;
  };
  CHECK(simpson(true) == doctest::Approx(0.31236656171451094).epsilon(1e-12));
  CHECK(d.gini == doctest::Approx(0.31236656171451094).epsilon(1e-5));
  const double pip_polarization = 2 * (1 - simpson(false) - 2 * fit.lorenz(0.5)) / fit.slope(0.5);
  CHECK(pip_polarization == doctest::Approx(0.2556375).epsilon(2e-7));

  // wbpip's MLD (gd_compute_mld_lb): a trapezoid on a 0.001 grid that skips intervals where
  // L' <= 0 (the first, L'(0) = −∞), adds an extra log L'(0.0005)·0.001 and stops at 0.999;
  // redone here on povstat's curve it gives wbpip's number, 1.6% from the exact integral.
  double pip_mld = std::log(fit.slope(0.0005)) * 0.001;
  double x1 = fit.slope(0);
  for (int k = 0; k < 999; ++k) {
    const double x2 = fit.slope(k * 0.001 + 0.001);
    if (x1 > 0 && x2 > 0) pip_mld += (std::log(x1) + std::log(x2)) * 0.0005;
    x1 = x2;
  }
  CHECK(-pip_mld == doctest::Approx(0.16334243665267192).epsilon(1e-11));
  CHECK(d.mld == doctest::Approx(0.16334243665267192).epsilon(0.02));
  // wbpip's Watts (grid of H/200, tolerance 1e-3 in their own test).
  CHECK(r.watts == doctest::Approx(0.37920301922145383).epsilon(1e-3));
}

// ---------------------------------------------------------------------------------------
// Other types, bad input

TEST_CASE("fit_lorenz_beta and its measures in float") {
  const auto fit_double = povstat::fit_lorenz_beta(grouped_test::data("datt"));
  const auto d = grouped_test::data("datt");
  std::vector<float> p(d.p().begin(), d.p().end()), lorenz(d.lorenz().begin(), d.lorenz().end());
  const auto fit = povstat::fit_lorenz_beta(povstat::grouped_data<float>(p, lorenz, 109.9f));
  CHECK(fit.theta == doctest::Approx(fit_double.theta).epsilon(1e-4));
  const auto r = povstat::lorenz_poverty(fit, 89.0f);
  const auto r_double = povstat::lorenz_poverty(fit_double, 89.0);
  CHECK(r.headcount == doctest::Approx(r_double.headcount).epsilon(1e-4));
  CHECK(r.severity == doctest::Approx(r_double.severity).epsilon(1e-3));
  CHECK(povstat::lorenz_distribution(fit).gini == doctest::Approx(0.28939958).epsilon(1e-4));
}

TEST_CASE("lorenz_poverty of a beta curve: the poverty line must be finite and > 0") {
  const auto fit = povstat::fit_lorenz_beta(grouped_test::data("datt"));
  CHECK_THROWS_WITH_AS(povstat::lorenz_poverty(fit, -inf),
                       "povstat::lorenz_poverty: z is -inf, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::lorenz_poverty(fit, -1),
                       "povstat::lorenz_poverty: z is -1, but must be > 0", invalid_input);
}

TEST_CASE("make_lorenz_beta: parameters finite, mean finite and > 0") {
  CHECK_THROWS_WITH_AS(povstat::make_lorenz_beta(not_a_number, 0.9, 0.5, 100.0),
                       "povstat::make_lorenz_beta: theta is nan, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::make_lorenz_beta(0.6, inf, 0.5, 100.0),
                       "povstat::make_lorenz_beta: gamma is inf, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::make_lorenz_beta(0.6, 0.9, not_a_number, 100.0),
                       "povstat::make_lorenz_beta: delta is nan, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::make_lorenz_beta(0.6, 0.9, 0.5, inf),
                       "povstat::make_lorenz_beta: mean is inf, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::make_lorenz_beta(0.6, 0.9, 0.5, -100.0),
                       "povstat::make_lorenz_beta: mean is -100, but must be > 0", invalid_input);
}
