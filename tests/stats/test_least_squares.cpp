// Tests of stats/least_squares.hpp: agreement with R's lm (weights, no intercept, rank
// deficiency) and NIST StRD accuracy (the LRE table of docs/accuracy.md) — both for
// least_squares and polynomial_fit —, hand-derived small fits and edge cases, the result
// types of every input type, and every bad input with its exception type and message.
//
// Expected values: R (tests/reference/least_squares.R, committed with its output), NIST's
// certified values (tests/reference/nist-strd), or derived by hand in a comment.

#include "povstat/stats/least_squares.hpp"

#include <doctest/doctest.h>

#include "special_values.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "nist_strd.hpp"
#include "povstat/stats/polynomial_fit.hpp"

using povstat::insufficient_data;
using povstat::invalid_input;
using povstat::least_squares;
using povstat::least_squares_options;
using povstat::least_squares_result;

namespace {

constexpr double na = std::numeric_limits<double>::quiet_NaN();
using special::inf;

// One lm fit written by tests/reference/least_squares.R; `na` marks R's NA.
struct lm_case {
  std::string name;
  int degree;  // -1: a design-matrix case; else a polynomial_fit case (x is column 1 of X)
  Eigen::Index rows, cols;
  std::vector<double> X, y, weights, coef, se;  // X row-major
  double sigma, r_squared, adj_r_squared;
  Eigen::Index df_residual;
};

const std::vector<lm_case> lm_cases = {
#include "least_squares.inc"
};

Eigen::MatrixXd design_of(const lm_case& c) {
  return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      c.X.data(), c.rows, c.cols);
}

Eigen::VectorXd vector_of(const std::vector<double>& v) {
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

// |computed - expected| <= tolerance * |expected|, and NaN exactly where R has NA.
bool agrees(double computed, double expected, double tolerance) {
  if (std::isnan(expected)) return std::isnan(computed);
  return std::abs(computed - expected) <= tolerance * std::abs(expected);
}

// The NIST StRD model of each linear data set: polynomial (Pontius, Filip, Wampler), with
// intercept (Norris, Longley) or without (NoInt1, NoInt2).
bool is_polynomial(const std::string& name) {
  return name == "Pontius" || name == "Filip" || name.rfind("Wampler", 0) == 0;
}

Eigen::MatrixXd nist_design(const nist::problem& p) {
  const Eigen::Index n = p.y.size();
  if (is_polynomial(p.name)) {  // powers formed in double, as a user of least_squares would
    const auto degree = static_cast<Eigen::Index>(p.estimate.size()) - 1;
    Eigen::MatrixXd X(n, degree + 1);
    X.col(0).setOnes();
    for (Eigen::Index k = 1; k <= degree; ++k) X.col(k) = X.col(k - 1).cwiseProduct(p.x.col(0));
    return X;
  }
  if (p.name.rfind("NoInt", 0) == 0) return p.x;
  Eigen::MatrixXd X(n, p.x.cols() + 1);
  X.col(0).setOnes();
  X.rightCols(p.x.cols()) = p.x;
  return X;
}

// Filip's smallest |R_kk| on the centred, scaled power basis is 6.1e-8, below the default
// tolerance 1e-7 (R's lm, too, drops x^10 at its default): keep all 11 terms, as R users do
// with lm(..., tol = 1e-10).
least_squares_options<double> nist_options(const std::string& name) {
  return name == "Filip" ? least_squares_options<double>{.rank_tolerance = 1e-10}
                         : least_squares_options<double>{};
}

// The LRE targets of the issue, per data set.
double nist_target(const std::string& name) {
  if (name == "Filip" || name == "Wampler5") return 7;
  if (name.rfind("Wampler", 0) == 0) return 9;
  if (name == "Longley") return 11;
  return 12;
}

struct lre_row {
  double coef = 15, se = 15, sd = 0, r_squared = 0;
};

// The smallest LRE over the certified coefficients and over their standard deviations,
// and the LRE of the residual SD and R² (15 digits certified; see nist::lre).
template <class T>
lre_row lre_of(const least_squares_result<T>& fit, const nist::problem& p) {
  lre_row row;
  for (std::size_t j = 0; j < p.estimate.size(); ++j) {
    const auto k = static_cast<Eigen::Index>(j);
    row.coef = std::min(row.coef, nist::lre(static_cast<double>(fit.coef(k)), p.estimate[j], 15));
    row.se = std::min(row.se, nist::lre(static_cast<double>(fit.se(k)), p.std_dev[j], 15));
  }
  row.sd = nist::lre(static_cast<double>(fit.sigma), p.residual_sd, 15);
  row.r_squared = nist::lre(static_cast<double>(fit.r_squared), p.r_squared, 15);
  return row;
}

void check_target(const lre_row& row, double target) {
  CHECK(row.coef >= target);
  CHECK(row.se >= target);
  CHECK(row.sd >= target);
  CHECK(row.r_squared >= target);
}

std::string format_row(const std::string& name, const std::string& method, const lre_row& row,
                       double target) {
  char line[160];
  std::snprintf(line, sizeof line, "| %-8s | %-32s | %4.1f | %4.1f | %4.1f | %4.1f | %6.0f |\n",
                name.c_str(), method.c_str(), row.coef, row.se, row.sd, row.r_squared, target);
  return line;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Agreement with R

TEST_CASE("least_squares agrees with R's lm to 1e-10 relative") {
  // R's lm solves these designs (condition numbers below 1e4) by a Householder QR in double,
  // accurate to about 1e-12 here; least_squares to about 1e-15: 1e-10 leaves a wide margin.
  constexpr double tolerance = 1e-10;
  for (const auto& c : lm_cases) {
    if (c.degree >= 0) continue;  // polynomial_fit's cases, below
    CAPTURE(c.name);
    least_squares_options<double> options;
    if (!c.weights.empty()) options.weights = vector_of(c.weights);
    const auto fit = least_squares(design_of(c), vector_of(c.y), options);
    std::vector<Eigen::Index> aliased;
    for (Eigen::Index j = 0; j < c.cols; ++j) {
      CAPTURE(j);
      CHECK(agrees(fit.coef(j), c.coef[static_cast<std::size_t>(j)], tolerance));
      CHECK(agrees(fit.se(j), c.se[static_cast<std::size_t>(j)], tolerance));
      if (std::isnan(c.coef[static_cast<std::size_t>(j)])) aliased.push_back(j);
    }
    CHECK(fit.aliased == aliased);
    CHECK(fit.rank == c.cols - static_cast<Eigen::Index>(aliased.size()));
    CHECK(agrees(fit.sigma, c.sigma, tolerance));
    CHECK(agrees(fit.r_squared, c.r_squared, tolerance));
    CHECK(agrees(fit.adj_r_squared, c.adj_r_squared, tolerance));
    CHECK(fit.df_residual == c.df_residual);
  }
}

TEST_CASE("polynomial_fit agrees with R's lm(y ~ x + I(x^2) + ...) to 1e-10 relative") {
  // Degrees 2 and 3 on x = 0..10: condition numbers of the centred, scaled power basis below
  // 1e3, so R's double QR is accurate to about 1e-13; 1e-10 leaves a wide margin.
  constexpr double tolerance = 1e-10;
  int cases = 0;
  for (const auto& c : lm_cases) {
    if (c.degree < 0) continue;
    CAPTURE(c.name);
    ++cases;
    least_squares_options<double> options;
    if (!c.weights.empty()) options.weights = vector_of(c.weights);
    const Eigen::VectorXd x = design_of(c).col(1);
    const auto fit = povstat::polynomial_fit(x, vector_of(c.y), c.degree, options);
    REQUIRE(fit.coef.size() == c.cols);
    for (Eigen::Index k = 0; k < c.cols; ++k) {
      CAPTURE(k);
      CHECK(agrees(fit.coef(k), c.coef[static_cast<std::size_t>(k)], tolerance));
      CHECK(agrees(fit.se(k), c.se[static_cast<std::size_t>(k)], tolerance));
    }
    CHECK(agrees(fit.sigma, c.sigma, tolerance));
    CHECK(agrees(fit.r_squared, c.r_squared, tolerance));
    CHECK(agrees(fit.adj_r_squared, c.adj_r_squared, tolerance));
    CHECK(fit.df_residual == c.df_residual);
    CHECK(fit.intercept);
  }
  CHECK(cases == 2);
}

TEST_CASE(
    "least_squares reports vcov = sigma^2 cov_unscaled, se on its diagonal, NaN where aliased") {
  const auto& c = *std::ranges::find(lm_cases, std::string("rank_deficient"), &lm_case::name);
  const auto fit = least_squares(design_of(c), vector_of(c.y));
  REQUIRE(fit.aliased == std::vector<Eigen::Index>{3});
  for (Eigen::Index i = 0; i < 4; ++i)
    for (Eigen::Index j = 0; j < 4; ++j) {
      CAPTURE(i);
      CAPTURE(j);
      if (i == 3 || j == 3) {
        CHECK(std::isnan(fit.vcov(i, j)));
        CHECK(std::isnan(fit.cov_unscaled(i, j)));
      } else {
        CHECK(fit.vcov(i, j) ==
              doctest::Approx(fit.sigma * fit.sigma * fit.cov_unscaled(i, j)).epsilon(1e-14));
        CHECK(fit.vcov(i, j) == doctest::Approx(fit.vcov(j, i)).epsilon(1e-14));
      }
    }
  for (Eigen::Index j = 0; j < 3; ++j)
    CHECK(fit.se(j) == doctest::Approx(std::sqrt(fit.vcov(j, j))).epsilon(1e-14));
}

// ---------------------------------------------------------------------------------------
// NIST StRD

TEST_CASE("NIST StRD linear regression: log relative errors (the table of docs/accuracy.md)") {
  std::string table =
      "\n| data set | method                           | coef |  se  |  sd  |  R2  | target |\n"
      "|----------|----------------------------------|------|------|------|------|--------|\n";
  for (const auto& name : nist::linear_names) {
    CAPTURE(name);
    const auto p = nist::read("linear", name);
    const double target = nist_target(name);
    const auto fit = least_squares(nist_design(p), p.y, nist_options(name));
    REQUIRE(fit.rank == static_cast<Eigen::Index>(p.estimate.size()));
    CHECK(static_cast<double>(fit.df_residual) == p.df);
    const auto row = lre_of(fit, p);
    table +=
        format_row(name, is_polynomial(name) ? "least_squares (powers in double)" : "least_squares",
                   row, target);
    check_target(row, target);
    if (is_polynomial(name)) {
      const Eigen::VectorXd x = p.x.col(0);
      const auto poly = povstat::polynomial_fit(x, p.y, static_cast<int>(p.estimate.size()) - 1,
                                                nist_options(name));
      REQUIRE(poly.rank == static_cast<Eigen::Index>(p.estimate.size()));
      const auto poly_row = lre_of(poly, p);
      table += format_row(name, "polynomial_fit", poly_row, target);
      check_target(poly_row, target);
    }
  }
  MESSAGE(table);
}

TEST_CASE("NIST StRD Filip at the default tolerance: x^10 is aliased, as in R's lm") {
  const auto p = nist::read("linear", "Filip");
  const Eigen::VectorXd x = p.x.col(0);
  const auto fit = povstat::polynomial_fit(x, p.y, 10);
  CHECK(fit.rank == 10);
  CHECK(fit.aliased == std::vector<Eigen::Index>{10});
  CHECK(std::isnan(fit.coef(10)));
  CHECK(std::isnan(fit.se(10)));
  // R 4.2.2, lm(y ~ x + I(x^2) + ... + I(x^10)) on Filip, as R prints them (6 digits):
  // (Intercept) -1.74280e+02, I(x^9) -6.13867e-05, I(x^10) NA.
  CHECK(fit.coef(0) == doctest::Approx(-1.74280e+02).epsilon(1e-5));
  CHECK(fit.coef(9) == doctest::Approx(-6.13867e-05).epsilon(1e-5));
  CHECK(fit.df_residual == 72);
}

TEST_CASE("NIST StRD accuracy holds for long double data") {
  // The data are read as double and converted exactly; factorisation and refinement run in
  // long double itself, with compensated residuals carrying the extra precision.
  using T = long double;
  for (const auto& name : nist::linear_names) {
    CAPTURE(name);
    const auto p = nist::read("linear", name);
    least_squares_options<T> options;
    options.rank_tolerance = static_cast<T>(nist_options(name).rank_tolerance);
    const auto fit = least_squares(nist_design(p).cast<T>(), p.y.cast<T>(), options);
    static_assert(std::is_same_v<decltype(fit), const least_squares_result<long double>>);
    REQUIRE(fit.rank == static_cast<Eigen::Index>(p.estimate.size()));
    check_target(lre_of(fit, p), nist_target(name));
  }
}

TEST_CASE("float data are fitted to float precision: as the double fit of the same float values") {
  // Norris, Longley and NoInt1 rounded to float. The float fit (computed in double
  // internally) must be the double fit of the same rounded data, rounded to float: agreement
  // to float's precision, 2^-24 ≈ 6e-8 per value, checked at 1e-6.
  for (const std::string name : {"Norris", "Longley", "NoInt1"}) {
    CAPTURE(name);
    const auto p = nist::read("linear", name);
    const Eigen::MatrixXf X = nist_design(p).cast<float>();
    const Eigen::VectorXf y = p.y.cast<float>();
    const auto single = least_squares(X, y);
    static_assert(std::is_same_v<decltype(single), const least_squares_result<float>>);
    const auto reference = least_squares(X.cast<double>(), y.cast<double>());
    for (Eigen::Index j = 0; j < X.cols(); ++j) {
      CHECK(single.coef(j) == doctest::Approx(reference.coef(j)).epsilon(1e-6));
      CHECK(single.se(j) == doctest::Approx(reference.se(j)).epsilon(1e-6));
    }
    CHECK(single.sigma == doctest::Approx(reference.sigma).epsilon(1e-6));
  }
}

// ---------------------------------------------------------------------------------------
// Small fits derived by hand

TEST_CASE("a line through three points, every field derived by hand") {
  // x = 0, 1, 2; y = 1, 3, 4. x̄ = 1, ȳ = 8/3, Sxx = 2, Sxy = (-1)(-5/3) + (1)(4/3) = 3:
  // slope 3/2, intercept 8/3 - 3/2 = 7/6. Fitted 7/6, 8/3, 25/6; residuals -1/6, 1/3, -1/6;
  // rss = 1/36 + 4/36 + 1/36 = 1/6, df 1, sigma = √(1/6). tss = (25 + 1 + 16)/9 = 14/3:
  // R² = 1 - (1/6)/(14/3) = 27/28, adjusted 1 - (1/28)(2/1) = 13/14.
  // se(slope) = sigma/√Sxx = √(1/12); se(intercept) = sigma √(1/n + x̄²/Sxx) = √5/6.
  // cov(intercept, slope) = -sigma² x̄/Sxx = -1/12.
  const Eigen::MatrixXd X{{1, 0}, {1, 1}, {1, 2}};
  const Eigen::VectorXd y{{1, 3, 4}};
  const auto fit = least_squares(X, y);
  static_assert(std::is_same_v<decltype(fit), const least_squares_result<double>>);
  CHECK(fit.coef(0) == doctest::Approx(7.0 / 6).epsilon(1e-15));
  CHECK(fit.coef(1) == doctest::Approx(1.5).epsilon(1e-15));
  CHECK(fit.se(0) == doctest::Approx(std::sqrt(5.0) / 6).epsilon(1e-15));
  CHECK(fit.se(1) == doctest::Approx(std::sqrt(1.0 / 12)).epsilon(1e-15));
  CHECK(fit.vcov(0, 1) == doctest::Approx(-1.0 / 12).epsilon(1e-15));
  CHECK(fit.cov_unscaled(1, 1) == doctest::Approx(0.5).epsilon(1e-15));
  CHECK(fit.sigma == doctest::Approx(std::sqrt(1.0 / 6)).epsilon(1e-15));
  CHECK(fit.rss == doctest::Approx(1.0 / 6).epsilon(1e-15));
  CHECK(fit.r_squared == doctest::Approx(27.0 / 28).epsilon(1e-15));
  CHECK(fit.adj_r_squared == doctest::Approx(13.0 / 14).epsilon(1e-15));
  CHECK(fit.df_residual == 1);
  CHECK(fit.rank == 2);
  CHECK(fit.n == 3);
  CHECK(fit.intercept);
  CHECK(fit.aliased.empty());
  const double fitted[] = {7.0 / 6, 8.0 / 3, 25.0 / 6}, residuals[] = {-1.0 / 6, 1.0 / 3, -1.0 / 6};
  for (Eigen::Index i = 0; i < 3; ++i) {
    CHECK(fit.fitted(i) == doctest::Approx(fitted[i]).epsilon(1e-15));
    CHECK(fit.residuals(i) == doctest::Approx(residuals[i]).epsilon(1e-15));
  }
}

TEST_CASE("two points: an exact fit with no residual degrees of freedom") {
  // Through (1, 2) and (3, 8): slope 3, intercept -1. df = 0, so sigma, se, vcov and the
  // adjusted R² are NaN (R: NaN); R² = 1 - 0/18 = 1.
  const auto fit = least_squares(Eigen::MatrixXd{{1, 1}, {1, 3}}, Eigen::VectorXd{{2, 8}});
  CHECK(fit.coef(0) == doctest::Approx(-1).epsilon(1e-15));
  CHECK(fit.coef(1) == doctest::Approx(3).epsilon(1e-15));
  CHECK(fit.df_residual == 0);
  CHECK(std::isnan(fit.sigma));
  CHECK(std::isnan(fit.se(0)));
  CHECK(std::isnan(fit.vcov(1, 1)));
  CHECK(std::isnan(fit.adj_r_squared));
  CHECK(fit.r_squared == 1);
  CHECK(fit.rss == 0);
}

TEST_CASE("an intercept-only model is the mean, with R² = 0") {
  // y = 2, 4, 9: mean 5, deviations -3, -1, 4, rss = 26, sigma = √13, se = √(13/3).
  const auto fit = least_squares(Eigen::MatrixXd::Ones(3, 1), Eigen::VectorXd{{2, 4, 9}});
  CHECK(fit.coef(0) == doctest::Approx(5).epsilon(1e-15));
  CHECK(fit.se(0) == doctest::Approx(std::sqrt(13.0 / 3)).epsilon(1e-15));
  CHECK(fit.sigma == doctest::Approx(std::sqrt(13.0)).epsilon(1e-15));
  CHECK(fit.r_squared == doctest::Approx(0).epsilon(1e-15));
  CHECK(fit.adj_r_squared == doctest::Approx(0).epsilon(1e-15));
  CHECK(fit.intercept);
}

TEST_CASE("without a constant column R² is uncentred") {
  // x = 1, 2, 3; y = 2, 5, 5; no intercept. β = Σxy/Σx² = 27/14; rss = Σy² - β Σxy =
  // 54 - 729/14 = 27/14; uncentred tss = Σy² = 54: R² = 1 - 1/28 = 27/28, adjusted
  // 1 - (1/28)(3/2).
  const auto fit = least_squares(Eigen::MatrixXd{{1}, {2}, {3}}, Eigen::VectorXd{{2, 5, 5}});
  CHECK_FALSE(fit.intercept);
  CHECK(fit.coef(0) == doctest::Approx(27.0 / 14).epsilon(1e-15));
  CHECK(fit.rss == doctest::Approx(27.0 / 14).epsilon(1e-15));
  CHECK(fit.r_squared == doctest::Approx(27.0 / 28).epsilon(1e-15));
  CHECK(fit.adj_r_squared == doctest::Approx(1 - (1.0 / 28) * 3 / 2).epsilon(1e-15));
}

TEST_CASE("a response of zeros has tss = 0: R² is NaN") {
  const auto fit = least_squares(Eigen::MatrixXd{{1, 0}, {1, 1}, {1, 2}}, Eigen::VectorXd::Zero(3));
  CHECK(fit.coef(0) == 0);
  CHECK(fit.coef(1) == 0);
  CHECK(fit.sigma == 0);
  CHECK(std::isnan(fit.r_squared));
  CHECK(std::isnan(fit.adj_r_squared));
}

TEST_CASE("exact data give zero residuals and sigma 0") {
  // y = 3 - 2x + x² exactly, integers: the refined solution reproduces it exactly.
  const Eigen::MatrixXd X{{1, 0, 0}, {1, 1, 1}, {1, 2, 4}, {1, 3, 9}, {1, 4, 16}};
  const Eigen::VectorXd y{{3, 2, 3, 6, 11}};
  const auto fit = least_squares(X, y);
  CHECK(fit.coef(0) == 3);
  CHECK(fit.coef(1) == -2);
  CHECK(fit.coef(2) == 1);
  CHECK(fit.sigma == 0);
  CHECK(fit.r_squared == 1);
  CHECK(fit.residuals.isZero(0));
}

// ---------------------------------------------------------------------------------------
// Weights

TEST_CASE("a weight of 2 gives the coefficients of the row repeated, a weight of 0 drops the row") {
  const Eigen::MatrixXd X{{1, 0.5}, {1, 1.5}, {1, 2.0}, {1, 3.5}, {1, 4.0}};
  const Eigen::VectorXd y{{1.1, 2.9, 3.2, 6.8, 7.1}};

  SUBCASE("weight 2 = the row twice (same coefficients and rss; df counts rows, not weights)") {
    const auto weighted = least_squares(X, y, {.weights = Eigen::VectorXd{{1, 2, 1, 1, 1}}});
    Eigen::MatrixXd X2(6, 2);
    X2 << X, X.row(1);
    Eigen::VectorXd y2(6);
    y2 << y, y(1);
    const auto repeated = least_squares(X2, y2);
    for (Eigen::Index j = 0; j < 2; ++j)
      CHECK(weighted.coef(j) == doctest::Approx(repeated.coef(j)).epsilon(1e-14));
    CHECK(weighted.rss == doctest::Approx(repeated.rss).epsilon(1e-14));
    CHECK(weighted.r_squared == doctest::Approx(repeated.r_squared).epsilon(1e-14));
    CHECK(weighted.df_residual == 3);
    CHECK(repeated.df_residual == 4);
  }
  SUBCASE("weight 0 = the row left out, yet fitted and given a residual (as R's lm)") {
    const auto weighted = least_squares(X, y, {.weights = Eigen::VectorXd{{1, 1, 0, 1, 1}}});
    const std::vector<Eigen::Index> others{0, 1, 3, 4};
    const auto dropped = least_squares(X(others, Eigen::all), y(others));
    CHECK(weighted.n == 4);
    CHECK(weighted.df_residual == 2);
    for (Eigen::Index j = 0; j < 2; ++j) {
      CHECK(weighted.coef(j) == doctest::Approx(dropped.coef(j)).epsilon(1e-14));
      CHECK(weighted.se(j) == doctest::Approx(dropped.se(j)).epsilon(1e-14));
    }
    CHECK(weighted.sigma == doctest::Approx(dropped.sigma).epsilon(1e-14));
    CHECK(weighted.r_squared == doctest::Approx(dropped.r_squared).epsilon(1e-14));
    CHECK(weighted.fitted.size() == 5);
    const double prediction = dropped.coef(0) + 2.0 * dropped.coef(1);
    CHECK(weighted.fitted(2) == doctest::Approx(prediction).epsilon(1e-14));
    CHECK(weighted.residuals(2) == doctest::Approx(3.2 - prediction).epsilon(1e-14));
  }
  SUBCASE("residuals are y - fitted, not multiplied by √w; rss is Σ w r²") {
    const Eigen::VectorXd w{{1, 4, 1, 9, 1}};
    const auto fit = least_squares(X, y, {.weights = w});
    for (Eigen::Index i = 0; i < 5; ++i)
      CHECK(fit.residuals(i) == doctest::Approx(y(i) - fit.fitted(i)).epsilon(1e-14));
    CHECK(fit.rss ==
          doctest::Approx((w.array() * fit.residuals.array().square()).sum()).epsilon(1e-14));
  }
}

// ---------------------------------------------------------------------------------------
// Rank deficiency, centring, pivoting

TEST_CASE(
    "aliased columns: NaN coefficient and se, reported, or an error when full rank is required") {
  // Column 2 = column 1 + column 0 exactly; column 3 is all zeros.
  const Eigen::MatrixXd X{{1, 1, 2, 0}, {1, 2, 3, 0}, {1, 4, 5, 0}, {1, 5, 6, 0}, {1, 7, 8, 0}};
  const Eigen::VectorXd y{{2.0, 2.9, 5.2, 5.8, 8.1}};
  const auto fit = least_squares(X, y);
  CHECK(fit.rank == 2);
  CHECK(fit.aliased == std::vector<Eigen::Index>{2, 3});
  CHECK(std::isnan(fit.coef(2)));
  CHECK(std::isnan(fit.coef(3)));
  CHECK(std::isnan(fit.se(2)));
  CHECK(fit.df_residual == 3);
  const auto reduced = least_squares(X.leftCols(2), y);
  CHECK(fit.coef(0) == doctest::Approx(reduced.coef(0)).epsilon(1e-14));
  CHECK(fit.coef(1) == doctest::Approx(reduced.coef(1)).epsilon(1e-14));
  CHECK(fit.sigma == doctest::Approx(reduced.sigma).epsilon(1e-14));

  CHECK_THROWS_WITH_AS(
      least_squares(X, y, {.require_full_rank = true}),
      "povstat::least_squares: the rank of X is 2, but must be 4 (require_full_rank; aliased: "
      "column 2, column 3)",
      invalid_input);
}

TEST_CASE("a design of zeros has rank 0: every coefficient NaN, residuals = y") {
  const auto fit = least_squares(Eigen::MatrixXd::Zero(3, 2), Eigen::VectorXd{{1, 2, 3}});
  CHECK(fit.rank == 0);
  CHECK(fit.aliased == std::vector<Eigen::Index>{0, 1});
  CHECK(std::isnan(fit.coef(0)));
  CHECK(fit.residuals == Eigen::VectorXd{{1, 2, 3}});
  CHECK(fit.rss == 14);
  CHECK(fit.df_residual == 3);
}

TEST_CASE("the rank tolerance decides aliasing on the centred, unit-norm columns") {
  // x2 = x1 + d·(0, 0, 0, 1). Centred, x1 = (-1.5, -0.5, 0.5, 1.5); what x1 leaves of the
  // centred x2 is d·(0.2, -0.1, -0.4, 0.3), of norm d·√0.3, against x2's centred norm √5:
  // |R_22| = d·√0.06 ≈ 0.245·d. With d = 1e-9 that is 2.4e-10: aliased at the default 1e-7,
  // kept at 1e-12.
  const double d = 1e-9;
  const Eigen::MatrixXd X{{1, 1, 1}, {1, 2, 2}, {1, 3, 3}, {1, 4, 4 + d}};
  const Eigen::VectorXd y{{1, 2, 2, 4}};
  CHECK(least_squares(X, y).aliased == std::vector<Eigen::Index>{2});
  CHECK(least_squares(X, y, {.rank_tolerance = 1e-12}).rank == 3);
}

TEST_CASE("a regressor far from 0 relative to its spread is not aliased: the design is centred") {
  // t = 1e9 + (0..5): uncentred, t is within 3e-9 of the constant column (R's lm aliases it);
  // centred, it is an ordinary regressor. y = 2 + 0.5 (t - 1e9) exactly, so slope 0.5 and
  // intercept 2 - 0.5e9 are recovered exactly.
  Eigen::MatrixXd X(6, 2);
  Eigen::VectorXd y(6);
  for (Eigen::Index i = 0; i < 6; ++i) {
    X(i, 0) = 1;
    X(i, 1) = 1e9 + static_cast<double>(i);
    y(i) = 2 + 0.5 * static_cast<double>(i);
  }
  const auto fit = least_squares(X, y);
  CHECK(fit.rank == 2);
  CHECK(fit.coef(1) == 0.5);
  CHECK(fit.coef(0) == 2 - 0.5e9);
}

TEST_CASE("the constant column may be anywhere: columns permuted give the coefficients permuted") {
  const Eigen::MatrixXd X{
      {0.5, 1, 3.0}, {1.5, 1, 1.0}, {2.0, 1, 4.0}, {3.5, 1, 1.5}, {4.0, 1, 5.0}};
  const Eigen::VectorXd y{{1.1, 2.9, 3.2, 6.8, 7.1}};
  const auto fit = least_squares(X, y);
  const std::vector<Eigen::Index> order{1, 0, 2};
  const auto reordered = least_squares(X(Eigen::all, order), y);
  CHECK(fit.intercept);
  for (Eigen::Index j = 0; j < 3; ++j) {
    CHECK(fit.coef(order[static_cast<std::size_t>(j)]) ==
          doctest::Approx(reordered.coef(j)).epsilon(1e-14));
    CHECK(fit.se(order[static_cast<std::size_t>(j)]) ==
          doctest::Approx(reordered.se(j)).epsilon(1e-14));
  }
  CHECK(fit.r_squared == doctest::Approx(reordered.r_squared).epsilon(1e-14));
}

// ---------------------------------------------------------------------------------------
// Input types

TEST_CASE("least_squares takes Eigen expressions and integer matrices") {
  const Eigen::MatrixXd X{{1, 0, 9}, {1, 1, 9}, {1, 2, 9}};
  const Eigen::VectorXd y{{1, 3, 4}};
  const auto expected = least_squares(X.leftCols(2).eval(), y);

  SUBCASE("blocks and products") {
    const auto fit = least_squares(X.leftCols(2), 2 * y - y);
    CHECK(fit.coef == expected.coef);
  }
  SUBCASE("a row-major matrix") {
    const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> R = X.leftCols(2);
    CHECK(least_squares(R, y).coef == expected.coef);
  }
  SUBCASE("integers give double") {
    const Eigen::MatrixXi Xi{{1, 0}, {1, 1}, {1, 2}};
    const Eigen::VectorXi yi{{1, 3, 4}};
    const auto fit = least_squares(Xi, yi);
    static_assert(std::is_same_v<decltype(fit), const least_squares_result<double>>);
    CHECK(fit.coef == expected.coef);
  }
  SUBCASE("float with double gives double; long double stays long double") {
    const auto mixed = least_squares(X.leftCols(2).cast<float>(), y);
    static_assert(std::is_same_v<decltype(mixed), const least_squares_result<double>>);
    CHECK(mixed.coef == expected.coef);
    const auto wide = least_squares(X.leftCols(2).cast<long double>(), y.cast<long double>());
    static_assert(std::is_same_v<decltype(wide), const least_squares_result<long double>>);
    CHECK(static_cast<double>(wide.coef(1)) == doctest::Approx(1.5).epsilon(1e-15));
  }
}

// ---------------------------------------------------------------------------------------
// Bad input: type and full message, checks before any arithmetic

TEST_CASE("least_squares rejects bad sizes") {
  const Eigen::MatrixXd X{{1, 0}, {1, 1}, {1, 2}};
  const Eigen::VectorXd y{{1, 3, 4}};
  CHECK_THROWS_WITH_AS(
      least_squares(X, Eigen::VectorXd{{1, 2}}),
      "povstat::least_squares: y has 2 values, but must have 3 (as many as the rows of X)",
      invalid_input);
  CHECK_THROWS_WITH_AS(
      least_squares(X, y, {.weights = Eigen::VectorXd{{1, 1}}}),
      "povstat::least_squares: weights has 2 values, but must have 3 (as many as the rows of X)",
      invalid_input);
  CHECK_THROWS_WITH_AS(least_squares(Eigen::MatrixXd(3, 0), y),
                       "povstat::least_squares: the number of columns of X is 0, but must be >= 1",
                       invalid_input);
  CHECK_THROWS_WITH_AS(
      least_squares(Eigen::MatrixXd::Ones(2, 3), Eigen::VectorXd{{1, 2}}),
      "povstat::least_squares: y has 2 values, but needs at least 3 (one per column of X)",
      insufficient_data);
  CHECK_THROWS_WITH_AS(
      least_squares(X, y, {.weights = Eigen::VectorXd{{1, 0, 0}}}),
      "povstat::least_squares: y (counting rows of positive weight) has 1 value, but needs at "
      "least 2 (one per column of X)",
      insufficient_data);
  // Sizes are checked before values.
  CHECK_THROWS_WITH_AS(
      least_squares(Eigen::MatrixXd::Constant(3, 2, na), Eigen::VectorXd{{1}}),
      "povstat::least_squares: y has 1 value, but must have 3 (as many as the rows of X)",
      invalid_input);
}

TEST_CASE("least_squares rejects non-finite data, naming row and column") {
  Eigen::MatrixXd X{{1, 0}, {1, 1}, {1, 2}};
  Eigen::VectorXd y{{1, 3, 4}};
  X(2, 1) = na;
  CHECK_THROWS_WITH_AS(least_squares(X, y),
                       "povstat::least_squares: X[2, 1] is nan, but must be finite", invalid_input);
  X(2, 1) = 2;
  X(1, 0) = -inf;
  CHECK_THROWS_WITH_AS(least_squares(X, y),
                       "povstat::least_squares: X[1, 0] is -inf, but must be finite",
                       invalid_input);
  X(1, 0) = 1;
  y(1) = inf;
  CHECK_THROWS_WITH_AS(least_squares(X, y),
                       "povstat::least_squares: y[1] is inf, but must be finite", invalid_input);
}

TEST_CASE("least_squares rejects bad weights and tolerances") {
  const Eigen::MatrixXd X{{1, 0}, {1, 1}, {1, 2}};
  const Eigen::VectorXd y{{1, 3, 4}};
  const auto with_weights = [&](const Eigen::VectorXd& w) { least_squares(X, y, {.weights = w}); };
  CHECK_THROWS_WITH_AS(with_weights(Eigen::VectorXd{{1, -0.5, 1}}),
                       "povstat::least_squares: weights[1] is -0.5, but must be >= 0",
                       invalid_input);
  CHECK_THROWS_WITH_AS(with_weights(Eigen::VectorXd{{1, 1, na}}),
                       "povstat::least_squares: weights[2] is nan, but must be finite",
                       invalid_input);
  CHECK_THROWS_WITH_AS(with_weights(Eigen::VectorXd{{inf, 1, 1}}),
                       "povstat::least_squares: weights[0] is inf, but must be finite",
                       invalid_input);
  CHECK_THROWS_WITH_AS(with_weights(Eigen::VectorXd::Zero(3)),
                       "povstat::least_squares: the sum of weights is 0, but must be > 0",
                       invalid_input);
  CHECK_THROWS_WITH_AS(least_squares(X, y, {.rank_tolerance = -1e-3}),
                       "povstat::least_squares: rank_tolerance is -0.001, but must be in [0, 1)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(least_squares(X, y, {.rank_tolerance = 1}),
                       "povstat::least_squares: rank_tolerance is 1, but must be in [0, 1)",
                       invalid_input);
}

TEST_CASE("the default rank tolerance is R's 1e-7, and √ε for float") {
  CHECK(least_squares_options<double>{}.rank_tolerance == 1e-7);
  CHECK(least_squares_options<long double>{}.rank_tolerance == 1e-7L);
  CHECK(least_squares_options<float>{}.rank_tolerance ==
        std::sqrt(std::numeric_limits<float>::epsilon()));
}

TEST_CASE("least_squares_coefficients: least_squares' coefficients bit for bit, and its errors") {
  // The IRLS steps of fit_poisson use the coefficient-only fit; it must be the
  // same computation as least_squares, not an approximation of it.
  std::mt19937_64 generator(5);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int trial = 0; trial < 200; ++trial) {
    const Eigen::Index n = 3 + static_cast<Eigen::Index>(generator() % 20), p = 1 + static_cast<Eigen::Index>(generator() % 3);
    Eigen::MatrixXd X(n, p);
    Eigen::VectorXd y(n), w(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      X(i, 0) = 1;
      for (Eigen::Index j = 1; j < p; ++j) X(i, j) = 2000 + static_cast<double>(i) + unit(generator);
      if (p == 3 && trial % 4 == 0) X(i, 2) = 2 * X(i, 1);  // an aliased column
      y(i) = 1e3 * unit(generator);
      w(i) = trial % 5 == 0 && i == 0 ? 0.0 : 0.1 + unit(generator);
    }
    const least_squares_options<double> options{.weights = trial % 2 == 0 ? w : Eigen::VectorXd()};
    CAPTURE(trial);
    const Eigen::VectorXd full = least_squares(X, y, options).coef;
    const Eigen::VectorXd only = povstat::detail::least_squares_coefficients(X, y, options);
    REQUIRE(only.size() == full.size());
    for (Eigen::Index j = 0; j < p; ++j)
      CHECK((only(j) == full(j) || (std::isnan(only(j)) && std::isnan(full(j)))));
  }
  Eigen::MatrixXd X(3, 2);
  X << 1, 0, 1, 1, 1, 2;
  Eigen::VectorXd y(3);
  y << 1, special::not_a_number, 3;
  const auto message_of = [](const auto& call) {
    try {
      call();
    } catch (const invalid_input& error) {
      return std::string(error.what());
    }
    return std::string("no exception");
  };
  const least_squares_options<double> plain{}, full_rank{.require_full_rank = true};
  const std::string nan_message = message_of([&] { least_squares(X, y, plain); });
  CHECK(nan_message == "povstat::least_squares: y[1] is nan, but must be finite");
  CHECK(message_of([&] { povstat::detail::least_squares_coefficients(X, y, plain); }) == nan_message);
  y(1) = 2;
  Eigen::MatrixXd collinear(3, 2);
  collinear << 1, 1, 1, 1, 1, 1;
  const std::string rank_message = message_of([&] { least_squares(collinear, y, full_rank); });
  CHECK(rank_message.find("require_full_rank") != std::string::npos);
  CHECK(message_of([&] { povstat::detail::least_squares_coefficients(collinear, y, full_rank); }) == rank_message);
}
