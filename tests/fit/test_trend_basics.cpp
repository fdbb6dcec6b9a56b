// fit_linear, fit_loglinear, fit_poisson and trend_fit::predict: exact cases derived by hand,
// edge cases, and every input they reject (exception type and full message). Agreement with
// R on real and synthetic series is in test_trend_models_vs_r.cpp.

#include <doctest/doctest.h>

#include "special_values.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include "povstat/fit/linear.hpp"
#include "povstat/fit/loglinear.hpp"
#include "povstat/fit/poisson.hpp"

using povstat::convergence_error;
using povstat::insufficient_data;
using povstat::invalid_input;
using povstat::population_series;

namespace {
using special::inf;
using special::not_a_number;
}  // namespace

TEST_CASE("a noise-free line is recovered exactly, with zero residual scale") {
  // poor = 100 - 7 (t - 2010) at 2010..2014: 100, 93, 86, 79, 72.
  const population_series<double> s{{2010, 2011, 2012, 2013, 2014}, {100, 93, 86, 79, 72}};
  const auto fit = povstat::fit_linear(s);
  CHECK(fit.model == povstat::trend_model::linear);
  CHECK(fit.time_origin == 2010);
  CHECK(fit.coef(0) == doctest::Approx(100).epsilon(1e-14));
  CHECK(fit.coef(1) == doctest::Approx(-7).epsilon(1e-14));
  CHECK(fit.sigma <= 1e-12);
  CHECK(fit.df_residual == 3);
  CHECK(fit.n == 5);
  CHECK(*fit.r_squared == doctest::Approx(1).epsilon(1e-14));
  // 2020: 100 - 7 * 10 = 30; with sigma = 0 both intervals collapse to the estimate.
  const auto p = fit.predict(2020);
  CHECK(p.estimate == doctest::Approx(30).epsilon(1e-13));
  CHECK(p.confidence.upper - p.confidence.lower <= 1e-9);
  CHECK(p.prediction.upper - p.prediction.lower <= 1e-9);
  CHECK(fit.mean(2012.5) == doctest::Approx(82.5).epsilon(1e-14));  // 100 - 7 * 2.5
}

TEST_CASE("a rising series has a positive slope; a time origin of 0 gives R's parametrisation") {
  // poor = 2 t - 4000 at t = 2000, 2001, 2003 with a bump: 0, 2, 6 -> +1 at 2001: 0, 3, 6.
  // Least squares through (0,0), (1,3), (3,6) in t - 2000: mean x = 4/3, mean y = 3,
  // Sxy = (-4/3)(-3) + (-1/3)(0) + (5/3)(3) = 4 + 5 = 9, Sxx = 16/9 + 1/9 + 25/9 = 42/9,
  // slope = 9 / (42/9) = 81/42 = 27/14, intercept = 3 - (27/14)(4/3) = 3 - 18/7 = 3/7.
  const population_series<double> s{{2000, 2001, 2003}, {0, 3, 6}};
  const auto fit = povstat::fit_linear(s);
  CHECK(fit.coef(1) == doctest::Approx(27.0 / 14).epsilon(1e-14));
  CHECK(fit.coef(0) == doctest::Approx(3.0 / 7).epsilon(1e-14));
  const auto r = povstat::fit_linear(s, {.time_origin = 0.0});
  CHECK(r.coef(1) == doctest::Approx(27.0 / 14).epsilon(1e-13));
  CHECK(r.coef(0) == doctest::Approx(3.0 / 7 - 2000 * 27.0 / 14).epsilon(1e-12));
  CHECK(r.time_origin == 0);
}

TEST_CASE("an exact exponential decline is recovered by the log-linear and Poisson fits") {
  // poor = 1000 * 0.8^(t - 2010): 1000, 800, 640, 512, 409.6; annual rate exp(b1) - 1 = -0.2.
  const population_series<double> s{{2010, 2011, 2012, 2013, 2014}, {1000, 800, 640, 512, 409.6}};
  const auto log_fit = povstat::fit_loglinear(s);
  CHECK(log_fit.link == povstat::trend_link::log);
  CHECK(std::exp(log_fit.coef(1)) - 1 == doctest::Approx(-0.2).epsilon(1e-13));
  CHECK(std::exp(log_fit.coef(0)) == doctest::Approx(1000).epsilon(1e-13));
  CHECK(log_fit.fitted[4] == doctest::Approx(409.6).epsilon(1e-13));
  // The Poisson MLE of an exact exponential is the exponential itself (all residuals 0).
  const auto glm = povstat::fit_poisson(s);
  CHECK(glm.status == povstat::fit_status::converged);
  CHECK(std::exp(glm.coef(1)) - 1 == doctest::Approx(-0.2).epsilon(1e-10));
  CHECK(glm.deviance <= 1e-9);
  CHECK(glm.mean(2015) == doctest::Approx(327.68).epsilon(1e-9));  // 1000 * 0.8^5
}

TEST_CASE("Poisson fits take zero counts; the fitted values stay positive") {
  const population_series<double> s{{1, 2, 3, 4, 5, 6}, {9, 4, 2, 1, 0, 0}};
  const auto fit = povstat::fit_poisson(s);
  CHECK(fit.status == povstat::fit_status::converged);
  CHECK(fit.coef(1) < 0);
  for (double mu : fit.fitted) CHECK(mu > 0);
  // Poisson score equations with an intercept: sum of fitted = sum of observed = 16.
  double total = 0;
  for (double mu : fit.fitted) total += mu;
  CHECK(total == doctest::Approx(16).epsilon(1e-10));
  // quasi: same estimates, standard errors scaled by sqrt(Pearson chi2 / df).
  const auto quasi = povstat::fit_poisson(s, {.variance = povstat::dispersion::quasi});
  CHECK(quasi.coef(1) == doctest::Approx(fit.coef(1)).epsilon(1e-12));
  CHECK(quasi.se(1) == doctest::Approx(fit.se(1) * std::sqrt(quasi.dispersion)).epsilon(1e-10));
  CHECK(quasi.family == povstat::trend_family::quasi_poisson);
}

TEST_CASE("float and long double fits run and agree with double") {
  const population_series<float> f{{2010, 2011, 2012, 2013}, {10, 8, 7, 5}};
  const population_series<long double> l{{2010, 2011, 2012, 2013}, {10, 8, 7, 5}};
  // slope: x = 0..3 (mean 1.5), y mean 7.5, Sxy = (-1.5)(2.5) + (-.5)(.5) + (.5)(-.5) + (1.5)(-2.5)
  // = -3.75 - .25 - .25 - 3.75 = -8, Sxx = 5, slope = -1.6.
  CHECK(povstat::fit_linear(f).coef(1) == doctest::Approx(-1.6).epsilon(1e-6));
  CHECK(std::abs(povstat::fit_linear(l).coef(1) + 1.6L) < 1e-15L);
  CHECK(povstat::fit_poisson(f).coef(1) < 0);
  CHECK(povstat::fit_loglinear(l).coef(1) < 0);
}

TEST_CASE("each model needs at least 3 years") {
  const population_series<double> two{{2010, 2011}, {5, 4}};
  CHECK_THROWS_WITH_AS(povstat::fit_linear(two),
                       "povstat::fit_linear: the series has 2 years, but the model needs at least 3 "
                       "(2 coefficients and 1 degree of freedom for the residual scale)",
                       insufficient_data);
  CHECK_THROWS_WITH_AS(povstat::fit_loglinear(two),
                       "povstat::fit_loglinear: the series has 2 years, but the model needs at least 3 "
                       "(2 coefficients and 1 degree of freedom for the residual scale)",
                       insufficient_data);
  CHECK_THROWS_WITH_AS(povstat::fit_poisson(two),
                       "povstat::fit_poisson: the series has 2 years, but the model needs at least 3 "
                       "(2 coefficients and 1 degree of freedom for the dispersion)",
                       insufficient_data);
}

TEST_CASE("fit_loglinear rejects a zero count and points to fit_poisson") {
  const population_series<double> s{{2018, 2019, 2020}, {16.6, 5.51, 0}};
  CHECK_THROWS_WITH_AS(povstat::fit_loglinear(s),
                       "povstat::fit_loglinear: poor[2] (year 2020) is 0, but must be > 0 (the log "
                       "of 0 is undefined; fit_poisson fits zero counts)",
                       invalid_input);
}

TEST_CASE("options are checked") {
  const population_series<double> s{{2010, 2011, 2012}, {5, 4, 3}};
  CHECK_THROWS_WITH_AS(povstat::fit_linear(s, {.time_origin = inf}),
                       "povstat::fit_linear: options.time_origin is inf, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::fit_linear(s, {.weights = {1, 2}}),
                       "povstat::fit_linear: options.weights has 2 values, but must have 3 (as many as years)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::fit_linear(s, {.weights = {1, 0, 2}}),
                       "povstat::fit_linear: options.weights[1] (year 2011) is 0, but must be > 0", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::fit_loglinear(s, {.weights = {1, -1, 2}}),
                       "povstat::fit_loglinear: options.weights[1] (year 2011) is -1, but must be > 0",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::fit_linear(s, {.weights = {1, 1, not_a_number}}),
                       "povstat::fit_linear: options.weights[2] (year 2012) is nan, but must be finite",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::fit_poisson(s, {.rate = true}),
                       "povstat::fit_poisson: options.rate is true, but the series has no population to "
                       "divide by",
                       invalid_input);
  CHECK_THROWS_WITH_AS(povstat::fit_poisson(s, {.tolerance = 0}),
                       "povstat::fit_poisson: options.tolerance is 0, but must be > 0", invalid_input);
  CHECK_THROWS_WITH_AS(povstat::fit_poisson(s, {.max_iterations = 0}),
                       "povstat::fit_poisson: options.max_iterations is 0, but must be >= 1", invalid_input);
}

TEST_CASE("IRLS that runs out of iterations reports it, or throws when convergence is required") {
  const population_series<double> s{{1, 2, 3, 4, 5, 6}, {9, 4, 2, 1, 0, 0}};
  const auto fit = povstat::fit_poisson(s, {.max_iterations = 1});
  CHECK(fit.status == povstat::fit_status::max_iterations);
  CHECK(fit.iterations == 1);
  CHECK_THROWS_WITH_AS(povstat::fit_poisson(s, {.max_iterations = 1, .require_convergence = true}),
                       "povstat::fit_poisson: IRLS ended with status max_iterations after 1 iterations",
                       convergence_error);
}

TEST_CASE("predict checks its arguments") {
  const population_series<double> s{{2010, 2011, 2012}, {5, 4, 3.5}};
  const auto fit = povstat::fit_linear(s);
  CHECK_THROWS_WITH_AS(fit.predict(not_a_number),
                       "povstat::trend_fit::predict: year is nan, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(fit.predict(2020, 1.0),
                       "povstat::trend_fit::predict: level is 1, but must be in (0, 1)", invalid_input);
  CHECK_THROWS_WITH_AS(fit.predict(2020, 0.0),
                       "povstat::trend_fit::predict: level is 0, but must be in (0, 1)", invalid_input);
  auto empty = fit;
  empty.status = povstat::fit_status::insufficient_data;
  CHECK_THROWS_WITH_AS(empty.predict(2020),
                       "povstat::trend_fit::predict: the fit has no estimates (status insufficient_data), "
                       "so nothing can be predicted",
                       invalid_input);
}

TEST_CASE("prediction intervals are wider than confidence intervals and contain the estimate") {
  const population_series<double> s{{2010, 2011, 2012, 2013, 2014, 2015}, {100, 90, 85, 70, 66, 52}};
  for (const auto& fit : {povstat::fit_linear(s), povstat::fit_loglinear(s), povstat::fit_poisson(s),
                          povstat::fit_poisson(s, {.variance = povstat::dispersion::quasi})}) {
    CAPTURE(povstat::to_string(fit.model));
    const auto p = fit.predict(2018, 0.95);
    CHECK(p.confidence.lower <= p.estimate);
    CHECK(p.estimate <= p.confidence.upper);
    CHECK(p.prediction.lower <= p.confidence.lower);
    CHECK(p.confidence.upper <= p.prediction.upper);
    CHECK(p.level == 0.95);
    // A narrower level gives a narrower interval.
    const auto q = fit.predict(2018, 0.5);
    CHECK(q.confidence.upper - q.confidence.lower < p.confidence.upper - p.confidence.lower);
  }
}
