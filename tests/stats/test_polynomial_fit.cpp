// Tests of stats/polynomial_fit.hpp: exact polynomials, the raw power basis on years, every
// accepted input type, and every bad input with its exception type and message. Agreement
// with R's lm and NIST StRD accuracy (Pontius, Filip, Wampler1-5) are tested with
// least_squares', in test_least_squares.cpp. Expected values are derived by hand in comments.

#include "povstat/stats/polynomial_fit.hpp"

#include <doctest/doctest.h>

#include "special_values.hpp"

#include <Eigen/Core>
#include <array>
#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

using povstat::insufficient_data;
using povstat::invalid_input;
using povstat::least_squares_options;
using povstat::least_squares_result;
using povstat::polynomial_fit;

namespace {

using special::not_a_number;
using special::inf;

}  // namespace

TEST_CASE("polynomial_fit recovers an exact polynomial on the raw basis") {
  // y = 2 - 3x + x² at x = -2..3 (integers): coefficients exactly 2, -3, 1; residuals 0.
  const std::vector<int> x{-2, -1, 0, 1, 2, 3};
  std::vector<int> y;
  for (const int v : x) y.push_back(2 - 3 * v + v * v);
  const auto fit = polynomial_fit(x, y, 2);
  static_assert(std::is_same_v<decltype(fit), const least_squares_result<double>>);
  CHECK(fit.coef(0) == 2);
  CHECK(fit.coef(1) == -3);
  CHECK(fit.coef(2) == 1);
  CHECK(fit.sigma == 0);
  CHECK(fit.r_squared == 1);
  CHECK(fit.df_residual == 3);
}

TEST_CASE("degree 0 is the (weighted) mean") {
  // y = 1, 2, 6 with weights 1, 1, 2: weighted mean (1 + 2 + 12) / 4 = 15/4.
  const std::vector<double> x{5, 6, 7}, y{1, 2, 6};
  CHECK(polynomial_fit(x, y, 0).coef(0) == doctest::Approx(3).epsilon(1e-15));
  const auto weighted = polynomial_fit(x, y, 0, {.weights = Eigen::Vector3d{1, 1, 2}});
  CHECK(weighted.coef(0) == doctest::Approx(15.0 / 4).epsilon(1e-15));
  CHECK(weighted.coef.size() == 1);
}

TEST_CASE("degree = number of distinct x - 1 interpolates") {
  // Three distinct x (one repeated) and degree 2: the parabola through (0, 1), (1, 2), (2, 5)
  // is 1 + 0x + x²; the repeated x = 2 with y = 5 again keeps the fit exact.
  const std::vector<double> x{0, 1, 2, 2}, y{1, 2, 5, 5};
  const auto fit = polynomial_fit(x, y, 2);
  CHECK(fit.coef(0) == doctest::Approx(1).epsilon(1e-15));
  CHECK(std::abs(fit.coef(1)) < 1e-15);
  CHECK(fit.coef(2) == doctest::Approx(1).epsilon(1e-15));
  CHECK(fit.df_residual == 1);
}

TEST_CASE("polynomial_fit takes any sized range of numbers") {
  const auto expected =
      polynomial_fit(std::vector<double>{0, 1, 2, 3}, std::vector<double>{1, 3, 4, 4}, 1);
  SUBCASE("std::array and C arrays") {
    const std::array<float, 4> x{0, 1, 2, 3};
    const int y[] = {1, 3, 4, 4};
    const auto fit = polynomial_fit(x, y, 1);
    static_assert(std::is_same_v<decltype(fit), const least_squares_result<double>>);
    CHECK(fit.coef == expected.coef);
  }
  SUBCASE("std::span") {
    const std::vector<double> x{0, 1, 2, 3}, y{1, 3, 4, 4};
    CHECK(polynomial_fit(std::span<const double>(x), std::span<const double>(y), 1).coef ==
          expected.coef);
  }
  SUBCASE("Eigen vectors") {
    const Eigen::Vector4d x{0, 1, 2, 3}, y{1, 3, 4, 4};
    CHECK(polynomial_fit(x, y, 1).coef == expected.coef);
  }
  SUBCASE("float stays float, long double stays long double") {
    const std::vector<float> xf{0, 1, 2, 3}, yf{1, 3, 4, 4};
    const auto single = polynomial_fit(xf, yf, 1);
    static_assert(std::is_same_v<decltype(single), const least_squares_result<float>>);
    CHECK(single.coef(1) == doctest::Approx(1.0f).epsilon(1e-6));
    const std::vector<long double> xl{0, 1, 2, 3}, yl{1, 3, 4, 4};
    const auto wide = polynomial_fit(xl, yl, 1);
    static_assert(std::is_same_v<decltype(wide), const least_squares_result<long double>>);
    CHECK(static_cast<double>(wide.coef(1)) == doctest::Approx(1.0).epsilon(1e-15));
  }
}

TEST_CASE("polynomial_fit rejects bad input, sizes first") {
  const std::vector<double> x{0, 1, 2, 3}, y{1, 3, 4, 4};
  CHECK_THROWS_WITH_AS(polynomial_fit(x, std::vector<double>{1, 2}, 1),
                       "povstat::polynomial_fit: y has 2 values, but must have 4 (as many as x)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(
      polynomial_fit(x, y, 1, {.weights = Eigen::Vector2d{1, 1}}),
      "povstat::polynomial_fit: weights has 2 values, but must have 4 (as many as x)",
      invalid_input);
  CHECK_THROWS_WITH_AS(polynomial_fit(std::vector<double>{0, not_a_number, 2, 3}, y, 1),
                       "povstat::polynomial_fit: x[1] is nan, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(polynomial_fit(x, std::vector<double>{1, 3, 4, -inf}, 1),
                       "povstat::polynomial_fit: y[3] is -inf, but must be finite", invalid_input);
  CHECK_THROWS_WITH_AS(polynomial_fit(x, y, -1),
                       "povstat::polynomial_fit: degree is -1, but must be >= 0", invalid_input);
  CHECK_THROWS_WITH_AS(polynomial_fit(x, y, 1, {.weights = Eigen::Vector4d{1, 1, -2, 1}}),
                       "povstat::polynomial_fit: weights[2] is -2, but must be >= 0",
                       invalid_input);
  CHECK_THROWS_WITH_AS(polynomial_fit(x, y, 1, {.weights = Eigen::Vector4d::Zero()}),
                       "povstat::polynomial_fit: the sum of weights is 0, but must be > 0",
                       invalid_input);
}

TEST_CASE("polynomial_fit needs more distinct x than the degree") {
  const std::vector<double> x{0, 1, 1, 2, 2}, y{1, 3, 4, 4, 5};
  CHECK_THROWS_WITH_AS(
      polynomial_fit(x, y, 3),
      "povstat::polynomial_fit: degree is 3, but must be < 3 (the number of distinct x)",
      insufficient_data);
  CHECK_THROWS_WITH_AS(
      polynomial_fit(x, y, 2, {.weights = Eigen::VectorXd{{1, 1, 1, 0, 0}}}),
      "povstat::polynomial_fit: degree is 2, but must be < 2 (the number of distinct x of "
      "positive weight)",
      insufficient_data);
  CHECK(polynomial_fit(x, y, 2).rank == 3);
}

TEST_CASE("years as x: the raw power basis is centred before rank is decided") {
  // On x = 2000..2005 the centred, unit-norm power basis 1, x, x², x³ has |R_kk| = 1, 1,
  // 3.6e-4, 1.6e-7 (R: qr() of that matrix); uncentred it is 1, 8.5e-4, 6.2e-7, 4.1e-10, so
  // R's lm(y ~ x + I(x^2) + I(x^3)) aliases x³ at its tolerance 1e-7, while polynomial_fit
  // keeps it. y is the quadratic 100 - 3(x - 2000) + 0.1(x - 2000)², i.e.
  // 406100 - 403x + 0.1x² (R gives these), plus the rounding of y to double.
  std::vector<double> x, y;
  for (int year = 2000; year <= 2005; ++year) {
    const double t = year - 2000;
    x.push_back(year);
    y.push_back(100.0 - 3.0 * t + 0.1 * t * t);
  }
  const auto fit = polynomial_fit(x, y, 3);
  CHECK(fit.rank == 4);
  CHECK(fit.coef(0) == doctest::Approx(406100).epsilon(1e-13));
  CHECK(fit.coef(1) == doctest::Approx(-403).epsilon(1e-13));
  CHECK(fit.coef(2) == doctest::Approx(0.1).epsilon(1e-13));
  CHECK(std::abs(fit.coef(3)) * 2005.0 * 2005.0 * 2005.0 < 1e-12);

  SUBCASE("a tolerance of 1e-5 aliases x^3 alone, and require_full_rank names it") {
    const auto reduced = polynomial_fit(x, y, 3, {.rank_tolerance = 1e-5});
    CHECK(reduced.aliased == std::vector<Eigen::Index>{3});
    CHECK(std::isnan(reduced.coef(3)));
    CHECK_THROWS_WITH_AS(
        polynomial_fit(x, y, 3, {.rank_tolerance = 1e-5, .require_full_rank = true}),
        "povstat::polynomial_fit: the rank of the power basis is 3, but must be 4 "
        "(require_full_rank; aliased: x^3)",
        invalid_input);
  }
  SUBCASE("a tolerance of 1e-3 aliases x^2 and x^3") {
    CHECK(polynomial_fit(x, y, 3, {.rank_tolerance = 1e-3}).aliased ==
          std::vector<Eigen::Index>{2, 3});
  }
}
