// fit_theil_sen: against an independent R implementation of the published formulas
// (tests/reference/robust_trends.R -> robust_trends.inc, R 4.2; no Theil–Sen package is
// installed, see the script) on the bundled China series (2010-2019, and 2010-2020 with its
// zero), a line with one outlier year, and a rising series with ties and a fractional year,
// each with time origin 0 and the first year; hand-derived small cases; edge cases; and every
// bad input with its message.
//
// Tolerance: 1e-8 relative. The slopes, medians and order statistics are the same few
// floating-point operations on both sides (equal to the last bit in practice); the covariance
// and predictions add a normal/t quantile (Boost vs R, both ~1e-15) and, at t0 = 0, the
// cancellation of year ≈ 2010 against the intercept (≈ 1e-12 relative).

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include "povstat/fit/theil_sen.hpp"
#include "povstat/io/series_csv.hpp"
#include "fit_test_support.hpp"
#include "reference_table.hpp"

namespace {

using fit_test::robust_R;
using fit_test::robust_series;

constexpr double sen_tolerance = 1e-8;

void check_sen(const std::string& case_name, const std::string& quantity, double computed) {
  reference::check_close(robust_R, case_name, quantity, computed, sen_tolerance);
}

using reference::message_of;

}  // namespace

TEST_CASE("Theil-Sen fits agree with an independent R implementation of Sen (1968)") {
  for (const std::string name : {"china", "china_zero", "outlier", "ties"}) {
    const auto s = robust_series(name);
    for (const bool first_year : {false, true}) {
      const std::string c = name + (first_year ? "_t1" : "_t0") + "_theil_sen";
      CAPTURE(c);
      const povstat::theil_sen_options<double> options{.time_origin = first_year ? s.years().front() : 0.0};
      const auto fit = povstat::fit_theil_sen(s, options);
      CHECK(fit.model == povstat::trend_model::theil_sen);
      CHECK(fit.family == povstat::trend_family::robust);
      CHECK(fit.link == povstat::trend_link::identity);
      CHECK(fit.status == povstat::fit_status::converged);
      CHECK(fit.iterations == 0);
      CHECK(fit.n == s.size());
      CHECK(fit.df_residual == s.size() - 2);
      CHECK_FALSE(fit.loglik.has_value());
      CHECK_FALSE(fit.aic.has_value());
      CHECK_FALSE(fit.aicc.has_value());
      CHECK_FALSE(fit.bic.has_value());
      CHECK_FALSE(fit.r_squared.has_value());
      check_sen(c, "coef0", fit.coef(0));
      check_sen(c, "coef1", fit.coef(1));
      REQUIRE(fit.slope_interval.has_value());
      check_sen(c, "slope_lower", fit.slope_interval->lower);
      check_sen(c, "slope_upper", fit.slope_interval->upper);
      check_sen(c, "sigma", fit.sigma);
      CHECK(fit.dispersion == fit.sigma * fit.sigma);
      check_sen(c, "rss", fit.rss);
      CHECK(fit.deviance == fit.rss);
      check_sen(c, "se0", fit.se(0));
      check_sen(c, "se1", fit.se(1));
      check_sen(c, "cov01", fit.vcov(0, 1));
      CHECK(fit.vcov(1, 0) == fit.vcov(0, 1));
      const auto p = fit.predict(robust_R(c, "predict_year"), 0.9);
      check_sen(c, "estimate", p.estimate);
      check_sen(c, "conf_lower", p.confidence.lower);
      check_sen(c, "conf_upper", p.confidence.upper);
      check_sen(c, "pred_lower", p.prediction.lower);
      check_sen(c, "pred_upper", p.prediction.upper);

      const auto fit90 = povstat::fit_theil_sen(s, {.time_origin = options.time_origin, .level = 0.9});
      check_sen(c, "slope_lower90", fit90.slope_interval->lower);
      check_sen(c, "slope_upper90", fit90.slope_interval->upper);
      CHECK(fit90.coef(1) == fit.coef(1));
    }
  }
}

TEST_CASE("Theil-Sen on four points, derived by hand") {
  // t - t0 = 0, 1, 2, 3; y = 10, 8, 7, 2. The six pairwise slopes:
  //   (0,1) -2, (0,2) -3/2, (0,3) -8/3, (1,2) -1, (1,3) -3, (2,3) -5;
  //   sorted: -5, -3, -8/3, -2, -3/2, -1; N = 6, median = (-8/3 - 2)/2 = -7/3.
  // y - b1 x = 10, 31/3, 35/3, 9; median = (10 + 31/3)/2 = 61/6 (the intercept).
  // Residuals: -1/6, 1/6, 3/2, -7/6; median 0; |r| sorted 1/6, 1/6, 7/6, 3/2, median 2/3;
  // sigma = 1.4826 * 2/3.
  // Var S = 4*3*13/18 = 26/3 (no ties). Level 0.95: C = 1.959964 * sqrt(26/3) = 5.770;
  // M1 = (6 - 5.770)/2 = 0.115 -> rank 0 -> clamped to 1: -5; M2 + 1 = (6 + 5.770)/2 + 1 =
  // 6.885 -> 7 -> clamped to 6: -1. Level 0.5: z = 0.67449, C = 1.9857; M1 = 2.007 -> 2: -3;
  // M2 + 1 = 4.993 -> 5: -3/2.
  const povstat::population_series<double> s{{2000, 2001, 2002, 2003}, {10, 8, 7, 2}};
  const auto fit = povstat::fit_theil_sen(s);
  CHECK(fit.time_origin == 2000);
  CHECK(fit.coef(1) == doctest::Approx(-7.0 / 3).epsilon(1e-15));
  CHECK(fit.coef(0) == doctest::Approx(61.0 / 6).epsilon(1e-15));
  const std::vector<double> residuals{-1.0 / 6, 1.0 / 6, 1.5, -7.0 / 6};
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(fit.residuals[i] == doctest::Approx(residuals[i]).epsilon(1e-14));
    CHECK(fit.fitted[i] == doctest::Approx(s.poor()[i] - residuals[i]).epsilon(1e-15));
  }
  const double sigma = 1.4826 * 2 / 3;
  CHECK(fit.sigma == doctest::Approx(sigma).epsilon(1e-15));
  CHECK(fit.rss == doctest::Approx((1.0 + 1.0 + 81.0 + 49.0) / 36).epsilon(1e-15));
  CHECK(fit.slope_interval->lower == -5);
  CHECK(fit.slope_interval->upper == -1);
  const auto half = povstat::fit_theil_sen(s, {.level = 0.5});
  CHECK(half.slope_interval->lower == -3);
  CHECK(half.slope_interval->upper == -1.5);

  // Covariance: v_b = ((upper - lower)/(2 z))^2 = (4 / (2 * 1.959964))^2;
  // v_a = (pi/2) sigma^2 / 4; x-bar = 3/2:
  // vcov = [[v_a + 9/4 v_b, -3/2 v_b], [-3/2 v_b, v_b]].
  const double z = 1.959963984540054;
  const double vb = (4 / (2 * z)) * (4 / (2 * z));
  const double va = std::numbers::pi / 2 * sigma * sigma / 4;
  CHECK(fit.vcov(1, 1) == doctest::Approx(vb).epsilon(1e-14));
  CHECK(fit.vcov(0, 1) == doctest::Approx(-1.5 * vb).epsilon(1e-14));
  CHECK(fit.vcov(1, 0) == doctest::Approx(-1.5 * vb).epsilon(1e-14));
  CHECK(fit.vcov(0, 0) == doctest::Approx(va + 2.25 * vb).epsilon(1e-14));
  CHECK(fit.se(1) == doctest::Approx(std::sqrt(vb)).epsilon(1e-14));
  // With the half-width read at level 0.5: v_b = (1.5 / (2 * 0.6744897501960817))^2.
  CHECK(half.vcov(1, 1) == doctest::Approx(std::pow(1.5 / (2 * 0.6744897501960817), 2)).epsilon(1e-13));

  // predict at 2005 (x = 5), level 0.95, t with 2 df (t_{0.975,2} = 4.302652729749464):
  // eta = 61/6 - 35/3; var = v_a + 9/4 v_b - 2*5*3/2 v_b + 25 v_b = v_a + (9/4 - 15 + 25) v_b.
  const auto p = fit.predict(2005);
  const double eta = 61.0 / 6 - 35.0 / 3, se = std::sqrt(va + (2.25 - 15 + 25) * vb), q = 4.302652729749464;
  CHECK(p.estimate == doctest::Approx(eta).epsilon(1e-14));
  CHECK(p.confidence.lower == doctest::Approx(eta - q * se).epsilon(1e-12));
  CHECK(p.confidence.upper == doctest::Approx(eta + q * se).epsilon(1e-12));
  CHECK(p.prediction.upper == doctest::Approx(eta + q * std::sqrt(se * se + sigma * sigma)).epsilon(1e-12));
}

TEST_CASE("Theil-Sen: an odd number of slopes, the Mann-Kendall variance with ties") {
  // t = 0, 1, 2; y = 6, 5, 1: slopes -1, -5/2, -4 (N = 3), median -5/2; y - b1 x = 6, 7.5, 6
  // -> b0 = 6. Var S = 3*2*11/18 = 11/3, C = 1.96 * 1.915 = 3.75 > N: interval = all slopes.
  const auto fit = povstat::fit_theil_sen(povstat::population_series<double>{{1990, 1991, 1992}, {6, 5, 1}});
  CHECK(fit.coef(1) == -2.5);
  CHECK(fit.coef(0) == 6);
  CHECK(fit.slope_interval->lower == -4);
  CHECK(fit.slope_interval->upper == -1);
  CHECK(fit.df_residual == 1);

  // [n(n-1)(2n+5) - sum t(t-1)(2t+5)] / 18: y = 9, 7, 7, 4, 4 -> (300 - 18 - 18) / 18.
  CHECK(povstat::detail::sen::mann_kendall_variance(std::vector<double>{9, 7, 7, 4, 4}) == doctest::Approx(264.0 / 18));
  CHECK(povstat::detail::sen::mann_kendall_variance(std::vector<double>{1, 2, 3, 4, 5}) == doctest::Approx(300.0 / 18));
  CHECK(povstat::detail::sen::mann_kendall_variance(std::vector<double>{3, 3, 3}) == 0);
  // y = 15 twice and 26 three times in the `ties` series: (8*7*21 - 2*1*9 - 3*2*11)/18.
  CHECK(robust_R("ties_t1_theil_sen", "var_s") == doctest::Approx((1176.0 - 18 - 66) / 18));
  // R's round: halves to even.
  CHECK(povstat::detail::sen::round_half_even(2.5) == 2);
  CHECK(povstat::detail::sen::round_half_even(3.5) == 4);
  CHECK(povstat::detail::sen::round_half_even(0.5) == 0);
  CHECK(povstat::detail::sen::round_half_even(-0.4) == 0);
  CHECK(povstat::detail::sen::round_half_even(6.885) == 7);
}

TEST_CASE("Theil-Sen: all slopes equal, constant counts, a rising trend, an outlier") {
  SUBCASE("points on a line: exact slope, zero scale, degenerate intervals") {
    const povstat::population_series<double> s{{2000, 2001, 2003, 2004, 2007}, {100, 93, 79, 72, 51}};
    const auto fit = povstat::fit_theil_sen(s);
    CHECK(fit.coef(1) == -7);
    CHECK(fit.coef(0) == 100);
    CHECK(fit.slope_interval->lower == -7);
    CHECK(fit.slope_interval->upper == -7);
    CHECK(fit.sigma == 0);
    CHECK(fit.rss == 0);
    CHECK(fit.vcov.isZero());
    const auto p = fit.predict(2010);
    CHECK(p.estimate == 30);
    CHECK(p.confidence.lower == 30);
    CHECK(p.prediction.upper == 30);
  }
  SUBCASE("constant counts (every y tied: Var S = 0, C = 0)") {
    const auto fit = povstat::fit_theil_sen(povstat::population_series<double>{{2000, 2001, 2002, 2003}, {5, 5, 5, 5}});
    CHECK(fit.coef(1) == 0);
    CHECK(fit.coef(0) == 5);
    CHECK(fit.slope_interval->lower == 0);
    CHECK(fit.slope_interval->upper == 0);
    CHECK(fit.se(0) == 0);
  }
  SUBCASE("a rising trend") {
    const auto fit = povstat::fit_theil_sen(robust_series("ties"));
    CHECK(fit.coef(1) > 0);
    CHECK(fit.slope_interval->lower > 0);
    CHECK(fit.slope_interval->lower <= fit.coef(1));
    CHECK(fit.coef(1) <= fit.slope_interval->upper);
  }
  SUBCASE("one outlier year barely moves the slope (clean line: 1000 - 40 (t - 2000))") {
    const auto fit = povstat::fit_theil_sen(robust_series("outlier"));
    CHECK(std::abs(fit.coef(1) + 40) < 1);
    CHECK(std::abs(fit.coef(0) - 1000) < 5);
    CHECK(fit.residuals[6] > 250);  // 2006 (+300) stays an outlier
    CHECK(fit.sigma < 10);
  }
  SUBCASE("zeros are counts like any other") {
    const auto fit = povstat::fit_theil_sen(robust_series("china_zero"));
    CHECK(fit.observed.back() == 0);
    CHECK(std::isfinite(fit.coef(0)));
  }
}

TEST_CASE("Theil-Sen: the time origin shifts the intercept only") {
  const auto s = robust_series("china");
  const auto a = povstat::fit_theil_sen(s);
  const auto b = povstat::fit_theil_sen(s, {.time_origin = 2015.5});
  CHECK(a.time_origin == 2010);
  CHECK(b.coef(1) == a.coef(1));
  CHECK(b.coef(0) == doctest::Approx(a.coef(0) + a.coef(1) * 5.5).epsilon(1e-13));
  CHECK(b.se(1) == a.se(1));
  const auto pa = a.predict(2022, 0.8), pb = b.predict(2022, 0.8);
  CHECK(pa.estimate == doctest::Approx(pb.estimate).epsilon(1e-12));
  CHECK(pa.confidence.lower == doctest::Approx(pb.confidence.lower).epsilon(1e-12));
  CHECK(pa.prediction.upper == doctest::Approx(pb.prediction.upper).epsilon(1e-12));
}

TEST_CASE("Theil-Sen: predict gives finite intervals around the estimate") {
  for (const std::string name : {"china", "china_zero", "outlier", "ties"}) {
    CAPTURE(name);
    const auto fit = povstat::fit_theil_sen(robust_series(name));
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

TEST_CASE("Theil-Sen in float and long double") {
  const povstat::population_series<float> f{{2000, 2001, 2002, 2003}, {10, 8, 7, 2}};
  const auto ff = povstat::fit_theil_sen(f);
  CHECK(ff.coef(1) == doctest::Approx(-7.0f / 3).epsilon(1e-6));
  CHECK(ff.coef(0) == doctest::Approx(61.0f / 6).epsilon(1e-6));
  CHECK(ff.slope_interval->lower == -5.0f);
  CHECK(std::isfinite(ff.predict(2005.0f).prediction.upper));

  const povstat::population_series<long double> l{{2000, 2001, 2002, 2003}, {10, 8, 7, 2}};
  const auto fl = povstat::fit_theil_sen(l, {.level = 0.5L});
  CHECK(std::abs(fl.coef(1) + 7.0L / 3) <= 1e-18L);
  CHECK(std::abs(fl.coef(0) - 61.0L / 6) <= 1e-17L);
  CHECK(fl.slope_interval->lower == -3.0L);
  CHECK(fl.slope_interval->upper == -1.5L);
  CHECK(std::isfinite(fl.predict(2005.0L).prediction.upper));
}

TEST_CASE("Theil-Sen rejects bad input with the message of core/error.hpp") {
  using povstat::fit_theil_sen;
  const povstat::population_series<double> two{{2000, 2001}, {5, 4}};
  const povstat::population_series<double> one{{2000}, {5}};
  const auto s = robust_series("ties");
  constexpr double infinity = std::numeric_limits<double>::infinity();
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();

  CHECK_THROWS_AS(fit_theil_sen(two), povstat::insufficient_data);
  CHECK(message_of([&] { fit_theil_sen(two); }) ==
        "povstat::fit_theil_sen: the series has 2 years, but the model needs at least 3 "
        "(2 coefficients and 1 degree of freedom for the residual scale)");
  CHECK(message_of([&] { fit_theil_sen(one); }) ==
        "povstat::fit_theil_sen: the series has 1 year, but the model needs at least 3 "
        "(2 coefficients and 1 degree of freedom for the residual scale)");
  // Sizes are checked before values.
  CHECK_THROWS_AS(fit_theil_sen(two, {.level = 2.0}), povstat::insufficient_data);

  CHECK_THROWS_AS(fit_theil_sen(s, {.time_origin = nan}), povstat::invalid_input);
  CHECK(message_of([&] { fit_theil_sen(s, {.time_origin = nan}); }) ==
        "povstat::fit_theil_sen: options.time_origin is nan, but must be finite");
  CHECK(message_of([&] { fit_theil_sen(s, {.time_origin = -infinity}); }) ==
        "povstat::fit_theil_sen: options.time_origin is -inf, but must be finite");

  for (const double level : {0.0, 1.0, -0.5, 1.5, nan}) {
    CAPTURE(level);
    CHECK_THROWS_AS(fit_theil_sen(s, {.level = level}), povstat::invalid_input);
  }
  CHECK(message_of([&] { fit_theil_sen(s, {.level = 1.0}); }) ==
        "povstat::fit_theil_sen: options.level is 1, but must be in (0, 1)");
  CHECK(message_of([&] { fit_theil_sen(s, {.level = -0.5}); }) ==
        "povstat::fit_theil_sen: options.level is -0.5, but must be in (0, 1)");
}
