// fit_logistic and fit_gompertz: agreement with minpack.lm::nlsLM (tests/reference/
// sigmoid_trends.R -> sigmoid_trends.inc), automatic starting values, recovery of an exact
// curve, and the inputs they reject.
//
// Tolerances. The residual sum of squares must be at least as small as nlsLM's (to 1e-12
// relative): both minimise the same function, so a larger value would be a worse answer.
// Coefficients: 1e-6 relative on the synthetic series (the target for iterative
// fits). On China 2010-2020 the surface is flat in K (se(K) is 61 % of K): nlsLM stops with
// an rss 1.3e-12 (relative) above povstat's, which moves K by 2e-6; there 1e-5 is asserted.

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>

#include "povstat/fit/gompertz.hpp"
#include "povstat/fit/logistic.hpp"
#include "povstat/io/series_csv.hpp"
#include "fit_test_support.hpp"
#include "reference_table.hpp"

using povstat::population_series;

namespace {

const reference::table sigmoid_R({
#include "sigmoid_trends.inc"
});

using fit_test::china_series;

population_series<double> synthetic() {
  return population_series<double>{{2000, 2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009, 2010, 2011},
                                   {980, 962, 931, 870, 781, 652, 500, 352, 232, 140, 83, 47}};
}

void check_against_r(const std::string& case_name, const povstat::trend_fit<double>& fit, double tolerance) {
  CAPTURE(case_name);
  CHECK(fit.status == povstat::fit_status::converged);
  CHECK(fit.rss <= sigmoid_R(case_name, "rss") * (1 + 1e-12));
  CHECK(reference::close(fit.rss, sigmoid_R(case_name, "rss"), 1e-9));
  for (int j = 0; j < 3; ++j) {
    CAPTURE(j);
    CHECK(reference::close(fit.coef(j), sigmoid_R(case_name, "coef" + std::to_string(j)), tolerance));
    CHECK(reference::close(fit.se(j), sigmoid_R(case_name, "se" + std::to_string(j)), 10 * tolerance));
  }
  CHECK(reference::close(fit.sigma, sigmoid_R(case_name, "sigma"), 1e-9));
  CHECK(reference::close(*fit.loglik, sigmoid_R(case_name, "loglik"), 1e-9));
  CHECK(reference::close(*fit.aic, sigmoid_R(case_name, "aic"), 1e-9));
}

}  // namespace

TEST_CASE("logistic and Gompertz fits agree with nlsLM, from automatic starting values") {
  check_against_r("synthetic_logistic", povstat::fit_logistic(synthetic()), 1e-6);
  check_against_r("synthetic_gompertz", povstat::fit_gompertz(synthetic()), 1e-6);
  check_against_r("china_logistic", povstat::fit_logistic(china_series()), 1e-5);
  check_against_r("china_gompertz", povstat::fit_gompertz(china_series()), 1e-5);
}

TEST_CASE("an exact logistic curve is recovered") {
  // poor = 500 / (1 + exp(0.8 (t - 2005))) at t = 2000..2010, rounded to nothing: exact.
  std::vector<double> t, y;
  for (int year = 2000; year <= 2010; ++year) {
    t.push_back(year);
    y.push_back(500 / (1 + std::exp(0.8 * (year - 2005))));
  }
  const auto fit = povstat::fit_logistic(population_series<double>(t, y));
  CHECK(fit.coef(0) == doctest::Approx(500).epsilon(1e-9));
  CHECK(fit.coef(1) == doctest::Approx(0.8).epsilon(1e-9));
  CHECK(fit.coef(2) == doctest::Approx(2005).epsilon(1e-12));
  CHECK(fit.rss <= 1e-15);
  CHECK(fit.mean(2005) == doctest::Approx(250).epsilon(1e-9));  // K/2 at t = m
  CHECK(fit.coef_names == std::vector<std::string>{"K", "r", "m"});
}

TEST_CASE("an exact Gompertz curve is recovered, also with a user start") {
  // poor = 800 exp(-exp(0.5 (t - 2004))) at t = 2000..2011.
  std::vector<double> t, y;
  for (int year = 2000; year <= 2011; ++year) {
    t.push_back(year);
    y.push_back(800 * std::exp(-std::exp(0.5 * (year - 2004))));
  }
  const population_series<double> s(t, y);
  for (const auto& fit : {povstat::fit_gompertz(s), povstat::fit_gompertz(s, {.start = {700, 0.3, 2003}})}) {
    CHECK(fit.coef(0) == doctest::Approx(800).epsilon(1e-9));
    CHECK(fit.coef(1) == doctest::Approx(0.5).epsilon(1e-9));
    CHECK(fit.coef(2) == doctest::Approx(2004).epsilon(1e-12));
    CHECK(fit.mean(2004) == doctest::Approx(800 / std::exp(1.0)).epsilon(1e-9));  // K/e at t = m
  }
}

TEST_CASE("a zero count is fitted; predictions carry intervals") {
  const auto fit = povstat::fit_logistic(china_series());  // 2020 is 0
  const auto p = fit.predict(2021, 0.9);
  CHECK(p.confidence.lower <= p.estimate);
  CHECK(p.estimate <= p.confidence.upper);
  CHECK(p.prediction.lower <= p.confidence.lower);
  CHECK(p.confidence.upper <= p.prediction.upper);
  CHECK(fit.df_residual == 8);
}

TEST_CASE("S-curve fits check their input") {
  const population_series<double> three{{2010, 2011, 2012}, {5, 4, 3}};
  CHECK_THROWS_WITH_AS(povstat::fit_logistic(three),
                       "povstat::fit_logistic: the series has 3 years, but the model needs at least 4 "
                       "(3 coefficients and 1 degree of freedom for the residual scale)",
                       povstat::insufficient_data);
  const population_series<double> zeros{{2010, 2011, 2012, 2013}, {0, 0, 0, 0}};
  CHECK_THROWS_WITH_AS(povstat::fit_gompertz(zeros),
                       "povstat::fit_gompertz: every count is 0, so the curve's level K cannot be "
                       "estimated (fit_poisson or fit_linear fit such a series)",
                       povstat::invalid_input);
  const population_series<double> flat{{2010, 2011, 2012, 2013}, {7, 7, 7, 7}};
  CHECK_THROWS_WITH_AS(povstat::fit_logistic(flat),
                       "povstat::fit_logistic: no automatic starting value gives a finite fit (the "
                       "counts do not change over time); pass options.start = {K, r, m}",
                       povstat::invalid_input);
  const population_series<double> s = synthetic();
  CHECK_THROWS_WITH_AS(povstat::fit_logistic(s, {.start = {1, 2}}),
                       "povstat::fit_logistic: options.start has 2 values, but must have 3 (as many as "
                       "the coefficients (K, r, m))",
                       povstat::invalid_input);
  CHECK_THROWS_WITH_AS(povstat::fit_gompertz(s, {.start = {1000, std::numeric_limits<double>::quiet_NaN(), 2005}}),
                       "povstat::fit_gompertz: options.start[1] is nan, but must be finite", povstat::invalid_input);
  CHECK_THROWS_WITH_AS(povstat::fit_logistic(s, {.max_iterations = 0}),
                       "povstat::fit_logistic: options.max_iterations is 0, but must be >= 1",
                       povstat::invalid_input);
  CHECK_THROWS_AS(povstat::fit_logistic(s, {.max_iterations = 1, .require_convergence = true}),
                  povstat::convergence_error);
}
