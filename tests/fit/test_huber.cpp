// fit_huber: against R's MASS::rlm (psi.huber, k = 1.345, MAD scale, acc = 1e-12) and
// summary.rlm's standard errors (tests/reference/robust_trends.R -> robust_trends.inc, R 4.2)
// on the bundled China series (2010-2019, and 2010-2020 with its zero), a line with one
// outlier year, and a rising series with ties and a fractional year, each with time origin 0
// and the first year; an IRLS path derived by hand; edge cases; every bad input.
//
// Tolerance: 1e-6 relative. rlm stops at acc = 1e-12 and povstat at 1e-10 on the relative
// change of the residuals; IRLS converges linearly, so both are within ~1e-10 of the fixed
// point, and the coefficients, scale and covariance (continuous in the residuals while no
// residual sits on the |r/s| = k boundary) agree to ~1e-9. 1e-6 leaves room for the t0 = 0
// designs (year ≈ 2010), where rlm's uncentred QR loses ~7 digits of the intercept.

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "povstat/fit/huber.hpp"
#include "povstat/fit/linear.hpp"
#include "povstat/io/series_csv.hpp"
#include "fit_test_support.hpp"
#include "reference_table.hpp"

namespace {

using fit_test::robust_R;
using fit_test::robust_series;

constexpr double huber_tolerance = 1e-6;

void check_huber(const std::string& case_name, const std::string& quantity, double computed) {
  reference::check_close(robust_R, case_name, quantity, computed, huber_tolerance);
}

using reference::message_of;

/// Huber's weight of year i at the final fit: min(1, k / |r_i / sigma|).
double weight(const povstat::trend_fit<double>& fit, std::size_t i, double k = 1.345) {
  const double u = std::abs(fit.residuals[i] / fit.sigma);
  return u <= k ? 1.0 : k / u;
}

}  // namespace

TEST_CASE("Huber fits agree with R's MASS::rlm and summary.rlm") {
  for (const std::string name : {"china", "china_zero", "outlier", "ties"}) {
    const auto s = robust_series(name);
    for (const bool first_year : {false, true}) {
      const std::string c = name + (first_year ? "_t1" : "_t0") + "_huber";
      CAPTURE(c);
      const auto fit = povstat::fit_huber(s, {.time_origin = first_year ? s.years().front() : 0.0});
      CHECK(fit.model == povstat::trend_model::huber);
      CHECK(fit.family == povstat::trend_family::robust);
      CHECK(fit.link == povstat::trend_link::identity);
      CHECK(fit.status == povstat::fit_status::converged);
      CHECK(fit.iterations >= 1);
      CHECK(fit.iterations < 50);
      CHECK(fit.n == s.size());
      CHECK(fit.df_residual == s.size() - 2);
      CHECK_FALSE(fit.loglik.has_value());
      CHECK_FALSE(fit.aic.has_value());
      CHECK_FALSE(fit.r_squared.has_value());
      CHECK_FALSE(fit.slope_interval.has_value());
      check_huber(c, "coef0", fit.coef(0));
      check_huber(c, "coef1", fit.coef(1));
      check_huber(c, "se0", fit.se(0));
      check_huber(c, "se1", fit.se(1));
      check_huber(c, "cov01", fit.vcov(0, 1));
      check_huber(c, "sigma", fit.sigma);
      CHECK(fit.dispersion == fit.sigma * fit.sigma);
      check_huber(c, "rss", fit.rss);
      for (std::size_t i = 0; i < s.size(); ++i) check_huber(c, "weight" + std::to_string(i), weight(fit, i));
      const auto p = fit.predict(robust_R(c, "predict_year"), 0.9);
      check_huber(c, "estimate", p.estimate);
      check_huber(c, "conf_lower", p.confidence.lower);
      check_huber(c, "conf_upper", p.confidence.upper);
      check_huber(c, "pred_lower", p.prediction.lower);
      check_huber(c, "pred_upper", p.prediction.upper);
    }
  }
}

TEST_CASE("Huber: the covariance is summary.rlm's, re-derived from the final residuals") {
  // S = Σ(r w)²/(n − 2), w = min(1, k/|u|), u = r/s; psi' = 1{|u| <= k}; m = mean psi';
  // kappa = 1 + 2 var(psi')/(n m²); vcov = (sqrt(S) kappa/m)² (XᵀX)⁻¹ with, for the
  // straight line, (XᵀX)⁻¹ = [[1/n + x̄²/Sxx, −x̄/Sxx], [−x̄/Sxx, 1/Sxx]].
  for (const std::string name : {"china_zero", "outlier"}) {
    CAPTURE(name);
    const auto fit = povstat::fit_huber(robust_series(name));
    const std::size_t n = fit.n;
    double s_sum = 0, inside = 0, x_mean = 0, sxx = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double rw = fit.residuals[i] * weight(fit, i);
      s_sum += rw * rw;
      if (std::abs(fit.residuals[i] / fit.sigma) <= 1.345) inside += 1;
      x_mean += (fit.years[i] - fit.time_origin) / static_cast<double>(n);
    }
    for (std::size_t i = 0; i < n; ++i) sxx += std::pow(fit.years[i] - fit.time_origin - x_mean, 2);
    const double nn = static_cast<double>(n), m = inside / nn;
    const double var = (inside * (1 - m) * (1 - m) + (nn - inside) * m * m) / (nn - 1);
    const double kappa = 1 + 2 * var / (nn * m * m);
    const double stddev2 = s_sum / (nn - 2) * kappa * kappa / (m * m);
    CHECK(fit.vcov(0, 0) == doctest::Approx(stddev2 * (1 / nn + x_mean * x_mean / sxx)).epsilon(1e-12));
    CHECK(fit.vcov(0, 1) == doctest::Approx(-stddev2 * x_mean / sxx).epsilon(1e-12));
    CHECK(fit.vcov(1, 1) == doctest::Approx(stddev2 / sxx).epsilon(1e-12));
  }
}

TEST_CASE("Huber: the IRLS path of an outlier at the centre, derived by hand") {
  // x = t − 2002 = −2..2, y = 10 − 2x except y(0) = 10 + D, D = 20. The residual pattern is
  // symmetric in x, so every weighted fit has slope −2 exactly and intercept
  // 10 + D w_c/(4 + w_c) = 10 + ρD (w_c the centre's weight, the others' is 1). Least squares:
  // ρ0 = 1/5. Iteration j: residuals −ρD (four times) and (1 − ρ)D, so median|r| = ρD,
  // s = ρD/0.6745, u_c = 0.6745 (1 − ρ)/ρ > k, w_c = k/u_c, ρ' = w_c/(4 + w_c).
  // (R: rlm(y ~ x, maxit = 1) gives intercept 12.216363, s 5.930319, the same.)
  const povstat::population_series<double> s{{2000, 2001, 2002, 2003, 2004}, {14, 12, 30, 8, 6}};
  const double k = 1.345, d = 20;
  double rho = 0.2, scale = 0;
  for (std::size_t j = 1; j <= 12; ++j) {
    scale = rho * d / 0.6745;
    const double wc = k / (0.6745 * (1 - rho) / rho);
    rho = wc / (4 + wc);
    const auto fit = povstat::fit_huber(s, {.time_origin = 2002.0, .max_iterations = j});
    CAPTURE(j);
    CHECK(fit.status == povstat::fit_status::max_iterations);
    CHECK(fit.iterations == j);
    CHECK(fit.coef(1) == doctest::Approx(-2).epsilon(1e-13));
    CHECK(fit.coef(0) == doctest::Approx(10 + rho * d).epsilon(1e-13));
    CHECK(fit.sigma == doctest::Approx(scale).epsilon(1e-13));
    if (j == 1) {
      // Standard errors: at the final residuals the four inliers have |u| = ρD/s = 5·0.6745·ρ1
      // <= k and the centre (1 − ρ1)D/s > k, so m = 4/5, var(psi') = 4·(1/5)/4 = 1/5,
      // kappa = 1 + 2(1/5)/(5·16/25) = 9/8, S = (4(ρ1D)² + (k s)²)/3 (the centre's r·w = k s),
      // (XᵀX)⁻¹ = diag(1/5, 1/10). (R: vcov(rlm(y ~ x, maxit = 1)) = diag(10.97799, 5.488995).)
      const double sq = (4 * std::pow(rho * d, 2) + std::pow(k * scale, 2)) / 3;
      const double stddev2 = sq * std::pow(1.125 / 0.8, 2);
      CHECK(fit.vcov(0, 0) == doctest::Approx(stddev2 / 5).epsilon(1e-12));
      CHECK(fit.vcov(1, 1) == doctest::Approx(stddev2 / 10).epsilon(1e-12));
      CHECK(fit.vcov(0, 0) == doctest::Approx(10.97799).epsilon(1e-6));
      CHECK(std::abs(fit.vcov(0, 1)) <= 1e-12);
    }
  }
  // ρ' ≈ (k/0.6745)/4 · ρ ≈ ρ/2: converged, the centre's weight is ~ρ, the line the others'.
  const auto fit = povstat::fit_huber(s, {.time_origin = 2002.0});
  CHECK(fit.status == povstat::fit_status::converged);
  CHECK(fit.coef(0) == doctest::Approx(10).epsilon(1e-8));
  CHECK(fit.coef(1) == doctest::Approx(-2).epsilon(1e-13));
  CHECK(weight(fit, 2) < 1e-8);
}

TEST_CASE("Huber with k = infinity is least squares") {
  // t − t0 = 0..3, y = 10, 8, 7, 2: x̄ = 1.5, ȳ = 6.75, Sxx = 5, Sxy = −12.5: b1 = −2.5,
  // b0 = 10.5; r = −0.5, 0, 1.5, −1; S = 3.5/2; vcov = 1.75 [[0.7, −0.3], [−0.3, 0.2]];
  // s = median|r|/0.6745 = 0.75/0.6745. One weighted fit, weights 1, residuals unchanged.
  const povstat::population_series<double> s{{2000, 2001, 2002, 2003}, {10, 8, 7, 2}};
  const auto fit = povstat::fit_huber(s, {.k = std::numeric_limits<double>::infinity()});
  CHECK(fit.status == povstat::fit_status::converged);
  CHECK(fit.iterations == 1);
  CHECK(fit.coef(0) == doctest::Approx(10.5).epsilon(1e-14));
  CHECK(fit.coef(1) == doctest::Approx(-2.5).epsilon(1e-14));
  CHECK(fit.sigma == doctest::Approx(0.75 / 0.6745).epsilon(1e-14));
  CHECK(fit.rss == doctest::Approx(3.5).epsilon(1e-14));
  CHECK(fit.vcov(0, 0) == doctest::Approx(1.75 * 0.7).epsilon(1e-13));
  CHECK(fit.vcov(0, 1) == doctest::Approx(1.75 * -0.3).epsilon(1e-13));
  CHECK(fit.vcov(1, 1) == doctest::Approx(1.75 * 0.2).epsilon(1e-13));
  const auto ls = povstat::fit_linear(s);
  CHECK(fit.se(1) == doctest::Approx(ls.se(1)).epsilon(1e-13));
}

TEST_CASE("Huber: an outlier year is down-weighted and the fit stays near the clean line") {
  // Clean line 1000 − 40 (t − 2000) with N(0, 8) noise; 2006 is +300.
  const auto s = robust_series("outlier");
  const auto fit = povstat::fit_huber(s);
  const auto ls = povstat::fit_linear(s);
  CHECK(weight(fit, 6) < 0.05);  // R: 0.0324
  for (std::size_t i = 0; i < s.size(); ++i)
    if (i != 6) CHECK(weight(fit, i) > 0.75);
  CHECK(std::abs(fit.coef(1) + 40) < 1);
  CHECK(std::abs(fit.coef(0) - 1000) < 3);
  CHECK(std::abs(fit.coef(1) + 40) < std::abs(ls.coef(1) + 40));
  CHECK(fit.sigma < ls.sigma / 5);
}

TEST_CASE("Huber: exact lines, constant and zero counts, a rising trend") {
  SUBCASE("points on a line: the scale is at round-off, no weighted fit is needed") {
    const povstat::population_series<double> s{{2000, 2001, 2003, 2004, 2007}, {100e6, 93e6, 79e6, 72e6, 51e6}};
    const auto fit = povstat::fit_huber(s, {.require_convergence = true});
    CHECK(fit.status == povstat::fit_status::converged);
    CHECK(fit.iterations == 0);
    CHECK(fit.coef(0) == doctest::Approx(100e6).epsilon(1e-14));
    CHECK(fit.coef(1) == doctest::Approx(-7e6).epsilon(1e-14));
    CHECK(fit.se(0) <= 1e-12 * 100e6);  // round-off of counts of 1e8
    CHECK(fit.se(1) <= 1e-12 * 100e6);
    const auto p = fit.predict(2010);
    CHECK(p.estimate == doctest::Approx(30e6).epsilon(1e-14));
    CHECK(p.prediction.lower <= p.estimate);
    CHECK(p.estimate <= p.prediction.upper);
    CHECK(p.prediction.upper - p.prediction.lower <= 1e-10 * 100e6);
  }
  SUBCASE("constant counts") {
    const auto fit = povstat::fit_huber(povstat::population_series<double>{{2000, 2001, 2002, 2003}, {5, 5, 5, 5}});
    CHECK(fit.status == povstat::fit_status::converged);
    CHECK(fit.coef(0) == doctest::Approx(5).epsilon(1e-14));
    CHECK(std::abs(fit.coef(1)) <= 1e-14);
    CHECK(fit.se(1) <= 1e-14);
  }
  SUBCASE("all counts zero") {
    const auto fit = povstat::fit_huber(povstat::population_series<double>{{2000, 2001, 2002}, {0, 0, 0}});
    CHECK(fit.status == povstat::fit_status::converged);
    CHECK(fit.coef(0) == 0);
    CHECK(fit.coef(1) == 0);
    CHECK(fit.sigma == 0);
    CHECK(fit.vcov.isZero());
    CHECK(fit.predict(2005).prediction.upper == 0);
  }
  SUBCASE("a rising trend") {
    const auto fit = povstat::fit_huber(robust_series("ties"));
    CHECK(fit.status == povstat::fit_status::converged);
    CHECK(fit.coef(1) > 0);
    CHECK(fit.coef(1) - 2 * fit.se(1) > 0);
  }
  SUBCASE("three years, the minimum") {
    const auto fit = povstat::fit_huber(povstat::population_series<double>{{2000, 2001, 2002}, {10, 7, 5}});
    CHECK(fit.df_residual == 1);
    CHECK(std::isfinite(fit.predict(2004).prediction.upper));
  }
}

TEST_CASE("Huber: the iteration limit, require_convergence, and every year an outlier") {
  const auto s = robust_series("china_zero");  // needs ~30 iterations to 1e-10
  const auto fit = povstat::fit_huber(s, {.max_iterations = 2});
  CHECK(fit.status == povstat::fit_status::max_iterations);
  CHECK(fit.iterations == 2);
  CHECK(std::isfinite(fit.se(1)));
  CHECK_THROWS_AS(povstat::fit_huber(s, {.max_iterations = 2, .require_convergence = true}), povstat::convergence_error);
  CHECK(message_of([&] { povstat::fit_huber(s, {.max_iterations = 1, .require_convergence = true}); }) ==
        "povstat::fit_huber: IRLS ended with status max_iterations after 1 iteration");
  CHECK(message_of([&] { povstat::fit_huber(s, {.max_iterations = 3, .require_convergence = true}); }) ==
        "povstat::fit_huber: IRLS ended with status max_iterations after 3 iterations");
  // A loose tolerance stops early but converged.
  const auto loose = povstat::fit_huber(s, {.tolerance = 1e-2});
  CHECK(loose.status == povstat::fit_status::converged);
  CHECK(loose.iterations < povstat::fit_huber(s).iterations);

  // k = 0.01 and one iteration: no final residual lies within k scales (R: rlm(maxit = 1,
  // k = 0.01) gives mean psi' = 0 and infinite standard errors). povstat refuses.
  const auto outlier = robust_series("outlier");
  CHECK_THROWS_AS(povstat::fit_huber(outlier, {.k = 0.01, .max_iterations = 1}), povstat::invalid_input);
  CHECK(message_of([&] { povstat::fit_huber(outlier, {.k = 0.01, .max_iterations = 1}); }) ==
        "povstat::fit_huber: no residual lies within k = 0.01 scales of the fit (every year is "
        "down-weighted as an outlier, after 1 iteration), so the standard errors are undefined; use a "
        "larger options.k or more iterations");
  // Iterated to convergence, the same k interpolates two years (an L1-like fit): finite.
  const auto small_k = povstat::fit_huber(outlier, {.k = 0.01, .max_iterations = 200});
  CHECK(std::isfinite(small_k.se(1)));
}

TEST_CASE("Huber: the time origin shifts the intercept only") {
  const auto s = robust_series("china");
  const auto a = povstat::fit_huber(s);
  const auto b = povstat::fit_huber(s, {.time_origin = 2015.5});
  CHECK(a.time_origin == 2010);
  CHECK(b.coef(1) == doctest::Approx(a.coef(1)).epsilon(1e-10));
  CHECK(b.coef(0) == doctest::Approx(a.coef(0) + a.coef(1) * 5.5).epsilon(1e-10));
  const auto pa = a.predict(2022, 0.8), pb = b.predict(2022, 0.8);
  CHECK(pa.estimate == doctest::Approx(pb.estimate).epsilon(1e-9));
  CHECK(pa.confidence.lower == doctest::Approx(pb.confidence.lower).epsilon(1e-9));
  CHECK(pa.prediction.upper == doctest::Approx(pb.prediction.upper).epsilon(1e-9));
}

TEST_CASE("Huber: predict gives finite intervals around the estimate") {
  for (const std::string name : {"china", "china_zero", "outlier", "ties"}) {
    CAPTURE(name);
    const auto fit = povstat::fit_huber(robust_series(name));
    for (const double year : {fit.years.front(), fit.years.back(), fit.years.back() + 3}) {
      const auto p = fit.predict(year);
      CHECK(std::isfinite(p.prediction.lower));
      CHECK(std::isfinite(p.prediction.upper));
      CHECK(p.prediction.lower < p.confidence.lower);
      CHECK(p.confidence.lower < p.estimate);
      CHECK(p.estimate < p.confidence.upper);
      CHECK(p.confidence.upper < p.prediction.upper);
    }
  }
}

TEST_CASE("Huber in float and long double") {
  const auto d = povstat::fit_huber(robust_series("china"));
  const auto china = robust_series("china");
  const auto years = china.years();
  const auto poor = china.poor();
  const povstat::population_series<float> f(std::vector<float>(years.begin(), years.end()), std::vector<float>(poor.begin(), poor.end()));
  const auto ff = povstat::fit_huber(f);
  CHECK(ff.status == povstat::fit_status::converged);
  CHECK(ff.coef(1) == doctest::Approx(static_cast<float>(d.coef(1))).epsilon(1e-4));
  CHECK(ff.se(1) == doctest::Approx(static_cast<float>(d.se(1))).epsilon(1e-3));
  CHECK(std::isfinite(ff.predict(2021.0f).prediction.upper));

  const povstat::population_series<long double> l(std::vector<long double>(years.begin(), years.end()),
                                                  std::vector<long double>(poor.begin(), poor.end()));
  const auto fl = povstat::fit_huber(l);
  CHECK(fl.status == povstat::fit_status::converged);
  CHECK(static_cast<double>(fl.coef(1)) == doctest::Approx(d.coef(1)).epsilon(1e-9));
  CHECK(static_cast<double>(fl.se(1)) == doctest::Approx(d.se(1)).epsilon(1e-9));
  CHECK(std::isfinite(fl.predict(2021.0L).prediction.upper));
}

TEST_CASE("Huber rejects bad input with the message of core/error.hpp") {
  using povstat::fit_huber;
  const povstat::population_series<double> two{{2000, 2001}, {5, 4}};
  const auto s = robust_series("ties");
  constexpr double infinity = std::numeric_limits<double>::infinity();
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();

  CHECK_THROWS_AS(fit_huber(two), povstat::insufficient_data);
  CHECK(message_of([&] { fit_huber(two); }) ==
        "povstat::fit_huber: the series has 2 years, but the model needs at least 3 "
        "(2 coefficients and 1 degree of freedom for the residual scale)");
  CHECK_THROWS_AS(fit_huber(two, {.k = -1.0}), povstat::insufficient_data);  // sizes first

  for (const double k : {0.0, -1.0, nan}) {
    CAPTURE(k);
    CHECK_THROWS_AS(fit_huber(s, {.k = k}), povstat::invalid_input);
  }
  CHECK(message_of([&] { fit_huber(s, {.k = 0.0}); }) == "povstat::fit_huber: options.k is 0, but must be > 0");
  CHECK(message_of([&] { fit_huber(s, {.k = nan}); }) == "povstat::fit_huber: options.k is nan, but must be > 0");
  for (const double bad : {0.0, -1e-8, nan}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(fit_huber(s, {.tolerance = bad}), povstat::invalid_input);
  }
  CHECK(message_of([&] { fit_huber(s, {.tolerance = -1e-8}); }) ==
        "povstat::fit_huber: options.tolerance is -1e-08, but must be > 0");
  CHECK_THROWS_AS(fit_huber(s, {.max_iterations = 0}), povstat::invalid_input);
  CHECK(message_of([&] { fit_huber(s, {.max_iterations = 0}); }) ==
        "povstat::fit_huber: options.max_iterations is 0, but must be >= 1");
  CHECK_THROWS_AS(fit_huber(s, {.time_origin = infinity}), povstat::invalid_input);
  CHECK(message_of([&] { fit_huber(s, {.time_origin = infinity}); }) ==
        "povstat::fit_huber: options.time_origin is inf, but must be finite");
}
