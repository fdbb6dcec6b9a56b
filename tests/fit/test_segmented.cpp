// fit_segmented, break_intervals and break_test: against R's segmented package
// (segmented.lm, vcov/summary.segmented, confint.segmented "delta", davies.test; reference
// values from tests/reference/segmented.R -> segmented.inc and segmented_davies.inc,
// R 4.2.2, segmented 1.6.2) on the bundled China series (log scale 2010-2019 with one and
// two breaks; counts 2010-2020 with the zero) and synthetic series (one break on each
// scale, two breaks, a rising-then-falling trend, a straight line); noise-free piecewise
// lines whose breaks must be recovered exactly (derived by hand below); edge cases; and
// every bad input with its message.
//
// Tolerances.
// - Fits: 1e-9 relative (covariances: 1e-9 of sqrt(V_ii V_jj)). R iterates Muggeo's
//   linearisation until the relative change of psi is below 1e-14, started in the basin of
//   the global minimum (the script checks this on a grid), so its break years are exact to
//   ~1e-13; povstat computes the same minimum exactly. Everything else is a smooth function
//   of the break years. The largest discrepancy observed is 3e-13 (printed by the test);
//   1e-9 leaves room for platforms whose long double is double.
// - Davies' test: 1e-6 relative. davies.test solves the normal equations of
//   [(x - psi)_+, 1, year] with year ≈ 2000 uncentred (condition number² ≈ 1e13), so its
//   t statistics carry ~9 digits (largest discrepancy observed: 1.2e-7, printed by the
//   test); povstat's QR on the centred design carries ~15.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "povstat/fit/segmented.hpp"
#include "povstat/io/series_csv.hpp"
#include "fit_test_support.hpp"
#include "reference_table.hpp"

namespace {

using povstat::trend_link;

struct fit_reference {
  const char* name;
  bool log_scale;
  int breaks;
  std::vector<double> years, poor, start;  // start: R's starting psi (not used by povstat)
  std::vector<double> coef, se, vcov;     // vcov column-major, in coef order
  std::vector<double> break_lower, break_upper;  // confint.segmented, 95%, delta
  double rss, sigma, r_squared, loglik, aic, bic, df_residual;
};

const std::vector<fit_reference> fit_references = {
#include "segmented.inc"
};

struct davies_reference {
  const char* name;
  bool log_scale;
  const char* alternative;
  std::vector<double> years, poor, evaluation_years, t_values;
  double statistic, best_break, p_value;
};

const std::vector<davies_reference> davies_references = {
#include "segmented_davies.inc"
};

constexpr double fit_tolerance = 1e-9;
constexpr double davies_tolerance = 1e-6;

double relative_error(double computed, double expected) {
  return std::abs(computed - expected) / (expected == 0 ? 1.0 : std::abs(expected));
}

using fit_test::china_series;

/// The series of a reference case; for the China cases, the bundled data (checked equal to
/// the values the script read).
povstat::population_series<double> series_of(std::string_view name, const std::vector<double>& years,
                                             const std::vector<double>& poor) {
  const povstat::population_series<double> embedded(years, poor);
  if (name.starts_with("china")) {
    const auto bundled = china_series().slice(years.front(), years.back());
    REQUIRE(std::ranges::equal(bundled.years(), embedded.years()));
    REQUIRE(std::ranges::equal(bundled.poor(), embedded.poor()));
    return bundled;
  }
  return embedded;
}

using reference::message_of;

/// y = b0 + b1 (t - t0) + sum d_j (t - psi_j)_+ at the given years.
std::vector<double> piecewise_line(const std::vector<double>& years, double b0, double b1,
                                   const std::vector<double>& d, const std::vector<double>& psi) {
  std::vector<double> y;
  for (double t : years) {
    double v = b0 + b1 * (t - years.front());
    for (std::size_t j = 0; j < d.size(); ++j) v += d[j] * std::max(0.0, t - psi[j]);
    y.push_back(v);
  }
  return y;
}

std::vector<double> year_range(double first, double last) {
  std::vector<double> years;
  for (double t = first; t <= last; t += 1) years.push_back(t);
  return years;
}

}  // namespace

TEST_CASE("fit_segmented agrees with R's segmented: estimates, covariance, fit statistics, break intervals") {
  double worst = 0;
  for (const auto& ref : fit_references) {
    CAPTURE(ref.name);
    const auto s = series_of(ref.name, ref.years, ref.poor);
    const auto fit = povstat::fit_segmented(
        s, {.breaks = static_cast<std::size_t>(ref.breaks),
            .link = ref.log_scale ? trend_link::log : trend_link::identity});
    CHECK(fit.model == povstat::trend_model::segmented);
    CHECK(fit.link == (ref.log_scale ? trend_link::log : trend_link::identity));
    CHECK(fit.family == povstat::trend_family::gaussian);
    CHECK(fit.status == povstat::fit_status::converged);
    CHECK(fit.iterations > 0);
    CHECK(fit.time_origin == ref.years.front());
    CHECK(fit.n == ref.years.size());
    CHECK(fit.df_residual == static_cast<std::size_t>(ref.df_residual));
    REQUIRE(fit.coef.size() == static_cast<Eigen::Index>(ref.coef.size()));
    const auto close = [&](double computed, double expected, const char* what, double scale = 0) {
      const double error = scale > 0 ? std::abs(computed - expected) / scale : relative_error(computed, expected);
      worst = std::max(worst, error);
      INFO(what << ": povstat " << computed << ", R " << expected << ", error " << error);
      CHECK(error <= fit_tolerance);
    };
    const auto p = fit.coef.size();
    for (Eigen::Index j = 0; j < p; ++j) {
      close(fit.coef(j), ref.coef[static_cast<std::size_t>(j)], fit.coef_names[static_cast<std::size_t>(j)].c_str());
      close(fit.se(j), ref.se[static_cast<std::size_t>(j)], ("se " + fit.coef_names[static_cast<std::size_t>(j)]).c_str());
      for (Eigen::Index i = 0; i < p; ++i)
        close(fit.vcov(i, j), ref.vcov[static_cast<std::size_t>(i + j * p)], "vcov",
              std::sqrt(ref.vcov[static_cast<std::size_t>(i + i * p)] * ref.vcov[static_cast<std::size_t>(j + j * p)]));
    }
    close(fit.rss, ref.rss, "rss");
    close(fit.sigma, ref.sigma, "sigma");
    close(*fit.r_squared, ref.r_squared, "r_squared");
    close(*fit.loglik, ref.loglik, "loglik");
    close(*fit.aic, ref.aic, "aic");
    close(*fit.bic, ref.bic, "bic");
    const auto intervals = povstat::break_intervals(fit);
    REQUIRE(intervals.size() == static_cast<std::size_t>(ref.breaks));
    for (std::size_t j = 0; j < intervals.size(); ++j) {
      close(intervals[j].lower, ref.break_lower[j], "break interval lower");
      close(intervals[j].upper, ref.break_upper[j], "break interval upper");
    }
  }
  std::printf("fit_segmented vs R segmented: largest relative discrepancy %.2e over %zu fits\n", worst,
              fit_references.size());
}

TEST_CASE("fit_segmented: names, fitted values and the China series on the log scale") {
  const auto s = china_series().slice(2010, 2019);
  const auto fit = povstat::fit_segmented(s, {.link = trend_link::log});
  CHECK(fit.coef_names == std::vector<std::string>{"intercept", "slope", "slope_change_1", "break_1"});
  REQUIRE(fit.fitted.size() == s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    CHECK(fit.fitted[i] == doctest::Approx(fit.mean(s.years()[i])).epsilon(1e-12));
    CHECK(fit.residuals[i] == doctest::Approx(s.poor()[i] - fit.fitted[i]).epsilon(1e-12));
  }
  // the decline speeds up after the break (between 2017 and 2018)
  CHECK(fit.coef(2) < 0);
  CHECK(fit.coef(3) > 2017);
  CHECK(fit.coef(3) < 2018);
  const std::vector<std::string> two{"intercept", "slope", "slope_change_1", "break_1", "slope_change_2", "break_2"};
  CHECK(povstat::fit_segmented(s, {.breaks = 2, .link = trend_link::log}).coef_names == two);
  // AICc with k = 2 + 2 + 1 = 5 parameters and n = 10
  CHECK(*fit.aicc == doctest::Approx(*fit.aic + 2.0 * 5 * 6 / (10 - 5 - 1)).epsilon(1e-14));
}

TEST_CASE("fit_segmented recovers the break of a noise-free piecewise line exactly") {
  // y = 10 + 2 (t - 2000) - 3 (t - 2003.5)_+, t = 2000..2009: the line rises by 2 a year to
  // 2003.5 and falls by 1 a year after. Any other break leaves a residual, so the least-
  // squares estimate is (10, 2, -3, 2003.5) with RSS 0 and zero standard errors.
  const auto years = year_range(2000, 2009);
  const auto y = piecewise_line(years, 10, 2, {-3}, {2003.5});
  CHECK(y[3] == 16);  // 2003: before the break
  CHECK(y[4] == 16.5);  // 2004: 10 + 8 - 3 · 0.5
  const povstat::population_series<double> s(years, y);
  const auto fit = povstat::fit_segmented(s);
  CHECK(fit.coef(0) == doctest::Approx(10).epsilon(1e-12));
  CHECK(fit.coef(1) == doctest::Approx(2).epsilon(1e-12));
  CHECK(fit.coef(2) == doctest::Approx(-3).epsilon(1e-12));
  CHECK(fit.coef(3) == doctest::Approx(2003.5).epsilon(1e-14));
  CHECK(fit.rss < 1e-20);
  CHECK(fit.se(3) < 1e-9);
  CHECK(*fit.r_squared == doctest::Approx(1));
  // the same on the log scale: counts exp(y / 4)
  std::vector<double> counts;
  for (double v : y) counts.push_back(std::exp(v / 4));
  const auto log_fit = povstat::fit_segmented(povstat::population_series<double>(years, counts), {.link = trend_link::log});
  CHECK(log_fit.coef(0) == doctest::Approx(2.5).epsilon(1e-12));
  CHECK(log_fit.coef(1) == doctest::Approx(0.5).epsilon(1e-12));
  CHECK(log_fit.coef(2) == doctest::Approx(-0.75).epsilon(1e-12));
  CHECK(log_fit.coef(3) == doctest::Approx(2003.5).epsilon(1e-13));
  // with t0 = 0 the intercept is the level at year 0: 10 - 2·2000; breaks and slopes unchanged
  const auto t0 = povstat::fit_segmented(s, {.time_origin = 0.0});
  CHECK(t0.coef(0) == doctest::Approx(10 - 2 * 2000.0).epsilon(1e-10));
  CHECK(t0.coef(1) == doctest::Approx(2).epsilon(1e-10));
  CHECK(t0.coef(3) == doctest::Approx(2003.5).epsilon(1e-14));
  CHECK(t0.time_origin == 0);
}

TEST_CASE("fit_segmented recovers two breaks of a noise-free line, in either order of size") {
  // falls by 1 a year, by 4 a year from 2004.25, by 0.5 a year from 2011.6
  const auto years = year_range(1998, 2015);
  const auto y = piecewise_line(years, 100, -1, {-3, 3.5}, {2004.25, 2011.6});
  const auto fit = povstat::fit_segmented(povstat::population_series<double>(years, y), {.breaks = 2});
  CHECK(fit.coef(0) == doctest::Approx(100).epsilon(1e-12));
  CHECK(fit.coef(1) == doctest::Approx(-1).epsilon(1e-12));
  CHECK(fit.coef(2) == doctest::Approx(-3).epsilon(1e-12));
  CHECK(fit.coef(3) == doctest::Approx(2004.25).epsilon(1e-14));
  CHECK(fit.coef(4) == doctest::Approx(3.5).epsilon(1e-12));
  CHECK(fit.coef(5) == doctest::Approx(2011.6).epsilon(1e-14));
  CHECK(fit.df_residual == years.size() - 6);
  CHECK(fit.rss < 1e-18);
}

TEST_CASE("fit_segmented: a break at the smallest admissible segment") {
  // y = 20 + (t - 2000) - 3 (t - 2001)_+ on 2000..2007: the break is at the second year, so
  // the first segment has the minimum two years (2000 and 2001, the latter at the break).
  const auto years = year_range(2000, 2007);
  const auto y = piecewise_line(years, 20, 1, {-3}, {2001});
  const povstat::population_series<double> s(years, y);
  const auto fit = povstat::fit_segmented(s);
  CHECK(fit.coef(3) == doctest::Approx(2001).epsilon(1e-14));
  CHECK(fit.coef(2) == doctest::Approx(-3).epsilon(1e-12));
  CHECK(fit.rss < 1e-20);
  // requiring three years per segment moves the break to 2002 at the earliest, at a cost
  const auto three = povstat::fit_segmented(s, {.min_segment_points = 3});
  CHECK(three.coef(3) >= 2002);
  CHECK(three.rss > 0.1);
  // the same at the other end: a break at the next-to-last year
  const auto late = piecewise_line(years, 20, 1, {-3}, {2006});
  const auto late_fit = povstat::fit_segmented(povstat::population_series<double>(years, late));
  CHECK(late_fit.coef(3) == doctest::Approx(2006).epsilon(1e-14));
  // the bundled China counts (2010-2020): the best break falls between 2011 and 2012, with
  // the two years before it fitted exactly (R agrees, see the reference test)
  const auto counts = povstat::fit_segmented(china_series());
  CHECK(counts.coef(3) > 2011);
  CHECK(counts.coef(3) < 2012);
  CHECK(counts.residuals[0] == doctest::Approx(0).epsilon(1e-6).scale(1e8));
  CHECK(counts.residuals[1] == doctest::Approx(0).epsilon(1e-6).scale(1e8));
}

TEST_CASE("fit_segmented: a rising trend that turns") {
  // rises by 1.5 a year to 2006.5, then falls by 0.5 a year
  const auto years = year_range(2001, 2012);
  auto y = piecewise_line(years, 20, 1.5, {-2}, {2006.5});
  const std::vector<double> noise{0.1, -0.2, 0.15, 0.0, -0.1, 0.2, -0.15, 0.05, 0.1, -0.05, 0.0, -0.1};
  for (std::size_t i = 0; i < y.size(); ++i) y[i] += noise[i];
  const auto fit = povstat::fit_segmented(povstat::population_series<double>(years, y));
  CHECK(fit.coef(1) > 0);
  CHECK(fit.coef(1) + fit.coef(2) < 0);
  CHECK(fit.coef(3) == doctest::Approx(2006.5).epsilon(0.3 / 2006.5));
  const auto ci = povstat::break_intervals(fit, 0.99);
  CHECK(ci[0].lower < fit.coef(3));
  CHECK(ci[0].upper > fit.coef(3));
  CHECK(ci[0].lower < 2006.5);
  CHECK(ci[0].upper > 2006.5);
}

TEST_CASE("fit_segmented: predict beyond the last break and the delta-method intervals") {
  const auto s = china_series().slice(2010, 2019);
  for (const std::size_t breaks : {std::size_t{1}, std::size_t{2}}) {
    CAPTURE(breaks);
    const auto fit = povstat::fit_segmented(s, {.breaks = breaks, .link = trend_link::log});
    const double last_break = fit.coef(fit.coef.size() - 1);
    for (const double year : {2012.0, last_break + 0.25, 2019.0, 2021.5}) {
      CAPTURE(year);
      const auto p = fit.predict(year, 0.9);
      // the fitted curve: b0 + b1 x + sum d_j (x - psi_j)_+ on the log scale
      double eta = fit.coef(0) + fit.coef(1) * (year - 2010);
      for (Eigen::Index j = 2; j < fit.coef.size(); j += 2) eta += fit.coef(j) * std::max(0.0, year - fit.coef(j + 1));
      CHECK(p.estimate == doctest::Approx(std::exp(eta)).epsilon(1e-12));
      CHECK(p.confidence.lower < p.estimate);
      CHECK(p.confidence.upper > p.estimate);
      CHECK(p.prediction.lower < p.confidence.lower);
      CHECK(p.prediction.upper > p.confidence.upper);
    }
    // beyond the last break the interval widens with the distance
    const auto near = fit.predict(2019.0), far = fit.predict(2021.0);
    CHECK(std::log(far.confidence.upper / far.confidence.lower) > std::log(near.confidence.upper / near.confidence.lower));
  }
  // on the count scale too; the fit of the 2010-2020 counts goes through 0 in 2020 roughly
  const auto counts = povstat::fit_segmented(china_series());
  const auto p = counts.predict(2020.0);
  CHECK(p.confidence.lower < p.estimate);
  CHECK(p.confidence.upper > p.estimate);
}

TEST_CASE("fit_segmented works in float") {
  const auto years = year_range(2000, 2009);
  const auto y = piecewise_line(years, 10, 2, {-3}, {2003.5});
  const povstat::population_series<float> s(years, y);
  const auto fit = povstat::fit_segmented(s);
  CHECK(fit.coef(3) == doctest::Approx(2003.5).epsilon(1e-6));
  CHECK(povstat::break_test(s).p_value < 0.01f);
}

TEST_CASE("break_test (Davies) agrees with R's davies.test") {
  double worst = 0;
  for (const auto& ref : davies_references) {
    CAPTURE(ref.name);
    CAPTURE(ref.alternative);
    const auto s = series_of(ref.name, ref.years, ref.poor);
    const std::string_view alternative = ref.alternative;
    const auto test = povstat::break_test(
        s, {.link = ref.log_scale ? trend_link::log : trend_link::identity,
            .alternative = alternative == "less"      ? povstat::break_alternative::less
                           : alternative == "greater" ? povstat::break_alternative::greater
                                                      : povstat::break_alternative::two_sided});
    const auto close = [&](double computed, double expected, const char* what) {
      const double error = relative_error(computed, expected);
      worst = std::max(worst, error);
      INFO(what << ": povstat " << computed << ", R " << expected);
      CHECK(error <= davies_tolerance);
    };
    CHECK(test.df_residual == ref.years.size() - 3);
    REQUIRE(test.evaluation_years.size() == ref.evaluation_years.size());
    for (std::size_t k = 0; k < test.evaluation_years.size(); ++k) {
      CHECK(test.evaluation_years[k] == ref.evaluation_years[k]);  // the same arithmetic as R's seq()
      close(test.t_values[k], ref.t_values[k], "t");
    }
    close(test.statistic, ref.statistic, "statistic");
    CHECK(test.best_break == ref.best_break);
    close(test.p_value, ref.p_value, "p-value");
    CHECK(test.method == "Davies' test for a change in the slope");
  }
  std::printf("break_test vs R davies.test: largest relative discrepancy %.2e over %zu tests\n", worst,
              davies_references.size());
}

TEST_CASE("break_test: a clear break is detected, a straight line is not") {
  const auto line = std::ranges::find_if(davies_references, [](const auto& r) {
    return std::string_view(r.name) == "synthetic_no_break" && std::string_view(r.alternative) == "two.sided";
  });
  REQUIRE(line != davies_references.end());
  CHECK(povstat::break_test(povstat::population_series<double>(line->years, line->poor)).p_value > 0.5);
  const auto s = china_series().slice(2010, 2019);
  const auto test = povstat::break_test(s, {.link = trend_link::log});
  CHECK(test.p_value < 1e-4);
  CHECK(test.statistic > 10);
  // the falls speed up: the slope change is negative, so "less" is significant, "greater" not
  CHECK(povstat::break_test(s, {.link = trend_link::log, .alternative = povstat::break_alternative::less}).p_value < 1e-4);
  CHECK(povstat::break_test(s, {.link = trend_link::log, .alternative = povstat::break_alternative::greater}).p_value == 1);
  // more trial breaks: the variation term grows, the bound stays valid (<= 1, > naive)
  const auto fine = povstat::break_test(s, {.link = trend_link::log, .evaluation_points = 50});
  CHECK(fine.evaluation_years.size() == 50);
  CHECK(fine.p_value > 0);
  CHECK(fine.p_value <= 1);
  // four years, the fewest: df = 1
  const povstat::population_series<double> four{{2000, 2001, 2002, 2003}, {10, 9, 7, 4}};
  const auto small = povstat::break_test(four, {.evaluation_points = 2});
  CHECK(small.df_residual == 1);
  CHECK(small.p_value <= 1);
}

TEST_CASE("fit_segmented, break_intervals and break_test reject bad input") {
  const auto years5 = year_range(2000, 2004);
  const povstat::population_series<double> four{{2000, 2001, 2002, 2003}, {10, 9, 7, 4}};
  const povstat::population_series<double> six(year_range(2000, 2005), std::vector<double>{10, 9, 7, 4, 3, 1});
  CHECK_THROWS_AS(povstat::fit_segmented(four), povstat::insufficient_data);
  CHECK(message_of([&] { povstat::fit_segmented(four); }) ==
        "povstat::fit_segmented: the series has 4 years, but the model needs at least 5 (with 1 break: 4 "
        "coefficients, 1 degree of freedom for the residual scale and 2 years per segment; 1 break needs 5 "
        "years, 2 breaks need 7)");
  CHECK_THROWS_AS(povstat::fit_segmented(six, {.breaks = 2}), povstat::insufficient_data);
  CHECK(message_of([&] { povstat::fit_segmented(six, {.breaks = 2}); }) ==
        "povstat::fit_segmented: the series has 6 years, but the model needs at least 7 (with 2 breaks: 6 "
        "coefficients, 1 degree of freedom for the residual scale and 2 years per segment; 1 break needs 5 "
        "years, 2 breaks need 7)");
  CHECK(message_of([&] { povstat::fit_segmented(six, {.min_segment_points = 4}); }) ==
        "povstat::fit_segmented: the series has 6 years, but the model needs at least 7 (with 1 break: 4 "
        "coefficients, 1 degree of freedom for the residual scale and 4 years per segment; 1 break needs 7 "
        "years, 2 breaks need 10)");
  CHECK_NOTHROW(povstat::fit_segmented(povstat::population_series<double>(years5, std::vector<double>{10, 9, 7, 4, 3})));

  for (const std::size_t breaks : {std::size_t{0}, std::size_t{3}}) {
    CHECK_THROWS_AS(povstat::fit_segmented(six, {.breaks = breaks}), povstat::invalid_input);
    CHECK(message_of([&] { povstat::fit_segmented(six, {.breaks = breaks}); }) ==
          "povstat::fit_segmented: options.breaks is " + std::to_string(breaks) + ", but must be 1 or 2");
  }
  CHECK_THROWS_AS(povstat::fit_segmented(six, {.min_segment_points = 1}), povstat::invalid_input);
  CHECK(message_of([&] { povstat::fit_segmented(six, {.min_segment_points = 1}); }) ==
        "povstat::fit_segmented: options.min_segment_points is 1, but must be >= 2 (a line needs two years)");

  const auto with_zero = china_series();  // 2020: 0 poor
  CHECK_THROWS_AS(povstat::fit_segmented(with_zero, {.link = trend_link::log}), povstat::invalid_input);
  CHECK(message_of([&] { povstat::fit_segmented(with_zero, {.link = trend_link::log}); }) ==
        "povstat::fit_segmented: poor[10] (year 2020) is 0, but must be > 0 on the log scale (the log of 0 is "
        "undefined; fit_poisson fits zero counts)");
  CHECK_NOTHROW(povstat::fit_segmented(with_zero.slice(2010, 2019), {.link = trend_link::log}));
  CHECK_NOTHROW(povstat::fit_segmented(with_zero));  // counts: the zero is a count like any other

  for (const double origin : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    CHECK_THROWS_AS(povstat::fit_segmented(six, {.time_origin = origin}), povstat::invalid_input);
    CHECK(message_of([&] { povstat::fit_segmented(six, {.time_origin = origin}); }) ==
          "povstat::fit_segmented: options.time_origin is " + std::string(std::isnan(origin) ? "nan" : "inf") +
              ", but must be finite");
  }

  const auto fit = povstat::fit_segmented(six);
  for (const double level : {0.0, 1.0, std::numeric_limits<double>::quiet_NaN()}) {
    CHECK_THROWS_AS(povstat::break_intervals(fit, level), povstat::invalid_input);
  }
  CHECK(message_of([&] { povstat::break_intervals(fit, 1.5); }) ==
        "povstat::break_intervals: level is 1.5, but must be in (0, 1)");
  povstat::trend_fit<double> linear = fit;
  linear.model = povstat::trend_model::linear;
  CHECK_THROWS_AS(povstat::break_intervals(linear), povstat::invalid_input);
  CHECK(message_of([&] { povstat::break_intervals(linear); }) ==
        "povstat::break_intervals: fit.model is 'linear', but must be 'segmented'");

  const povstat::population_series<double> three{{2000, 2001, 2002}, {10, 9, 7}};
  CHECK_THROWS_AS(povstat::break_test(three), povstat::insufficient_data);
  CHECK(message_of([&] { povstat::break_test(three); }) ==
        "povstat::break_test: the series has 3 years, but the model needs at least 4 (3 coefficients with a "
        "trial break and 1 degree of freedom for the residual scale)");
  CHECK_THROWS_AS(povstat::break_test(six, {.evaluation_points = 1}), povstat::invalid_input);
  CHECK(message_of([&] { povstat::break_test(six, {.evaluation_points = 1}); }) ==
        "povstat::break_test: options.evaluation_points is 1, but must be >= 2");
  CHECK_THROWS_AS(povstat::break_test(with_zero, {.link = trend_link::log}), povstat::invalid_input);
  CHECK(message_of([&] { povstat::break_test(with_zero, {.link = trend_link::log}); }) ==
        "povstat::break_test: poor[10] (year 2020) is 0, but must be > 0 on the log scale (the log of 0 is "
        "undefined; fit_poisson fits zero counts)");
}
