// Tests of stats/nonlinear_least_squares.hpp: agreement with R's minpack.lm::nlsLM,
// cases with a closed-form answer, bounds, the inputs it accepts, its statuses, and every
// bad input it rejects with its exception type and full message. Accuracy on the NIST StRD
// problems is in test_nist_nonlinear.cpp.
//
// Expected values: tests/reference/nonlinear_least_squares.R -> nonlinear_least_squares.inc
// (R 4.2, minpack.lm 1.2.3, converged to ftol = ptol = 1e-15), and hand derivations written
// out next to each test.

#include "povstat/stats/nonlinear_least_squares.hpp"

#include <doctest/doctest.h>

#include "special_values.hpp"

#include <Eigen/Core>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "reference_table.hpp"

using Eigen::ArrayXd;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using povstat::convergence_error;
using povstat::fit_status;
using povstat::insufficient_data;
using povstat::invalid_input;
using povstat::nonlinear_least_squares;
using povstat::nonlinear_options;
using povstat::nonlinear_result;

namespace {

const reference::table nls_R({
#include "../reference/nonlinear_least_squares.inc"
});

using special::inf;
using special::not_a_number;

// A case of the R script: its data, start, bounds.
struct nls_case {
  VectorXd t, y;
  std::vector<double> start, lower, upper;
};

nls_case read_case(const std::string& name, std::size_t parameters) {
  nls_case c;
  const auto n = static_cast<Eigen::Index>(nls_R(name, "n"));
  c.t.resize(n);
  c.y.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    c.t(i) = nls_R(name, "t" + std::to_string(i));
    c.y(i) = nls_R(name, "y" + std::to_string(i));
  }
  for (std::size_t j = 0; j < parameters; ++j) {
    c.start.push_back(nls_R(name, "start" + std::to_string(j)));
    if (nls_R.has(name, "lower" + std::to_string(j))) {
      c.lower.push_back(nls_R(name, "lower" + std::to_string(j)));
      c.upper.push_back(nls_R(name, "upper" + std::to_string(j)));
    }
  }
  return c;
}

// Six significant digits (the agreement asked of this library with R): both are converged
// least-squares solutions, so they differ only by where each stopped and by rounding.
void check_against_r(const nonlinear_result<double>& fit, const std::string& name) {
  INFO(name);
  CHECK(fit.status == fit_status::converged);
  for (Eigen::Index j = 0; j < fit.coef.size(); ++j) {
    INFO("parameter " << j);
    CHECK(reference::close(fit.coef(j), nls_R(name, "coef" + std::to_string(j)), 1e-6));
    CHECK(reference::close(fit.se(j), nls_R(name, "se" + std::to_string(j)), 1e-6));
  }
  CHECK(reference::close(fit.rss, nls_R(name, "rss"), 1e-6));
  CHECK(reference::close(fit.sigma, nls_R(name, "sigma"), 1e-6));
  CHECK(static_cast<double>(fit.df_residual) == nls_R(name, "df"));
}

// y = a·exp(−k·t) and its Jacobian.
struct decay_model {
  VectorXd t;
  VectorXd operator()(const VectorXd& b) const { return b(0) * (-b(1) * t.array()).exp(); }
  MatrixXd jacobian(const VectorXd& b) const {
    const ArrayXd e = (-b(1) * t.array()).exp();
    MatrixXd j(t.size(), 2);
    j.col(0) = e;
    j.col(1) = -b(0) * t.array() * e;
    return j;
  }
};

// y = K / (1 + exp(−r·(t − m))) and its Jacobian.
struct logistic_model {
  VectorXd t;
  VectorXd operator()(const VectorXd& b) const { return b(0) / (1 + (-b(1) * (t.array() - b(2))).exp()); }
  MatrixXd jacobian(const VectorXd& b) const {
    const ArrayXd e = (-b(1) * (t.array() - b(2))).exp(), u = 1 + e;
    MatrixXd j(t.size(), 3);
    j.col(0) = 1 / u;
    j.col(1) = b(0) * e * (t.array() - b(2)) / u.square();
    j.col(2) = -b(0) * e * b(1) / u.square();
    return j;
  }
};

template <class Error, class F>
void check_throws(const F& call, const std::string& message) {
  CHECK_THROWS_WITH_AS(call(), message.c_str(), Error);
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Against R

TEST_CASE("nonlinear_least_squares matches minpack.lm::nlsLM on exponential decay") {
  const nls_case c = read_case("decay", 2);
  const decay_model model{c.t};
  check_against_r(nonlinear_least_squares(model, [&](const VectorXd& b) { return model.jacobian(b); }, c.y, c.start),
                  "decay");
  check_against_r(nonlinear_least_squares(model, c.y, c.start), "decay");
}

TEST_CASE("nonlinear_least_squares matches minpack.lm::nlsLM on a logistic curve") {
  const nls_case c = read_case("logistic", 3);
  const logistic_model model{c.t};
  check_against_r(nonlinear_least_squares(model, [&](const VectorXd& b) { return model.jacobian(b); }, c.y, c.start),
                  "logistic");
  check_against_r(nonlinear_least_squares(model, c.y, c.start), "logistic");
}

TEST_CASE("nonlinear_least_squares matches nlsLM when an upper bound is active") {
  const nls_case c = read_case("decay_bounded", 2);
  const decay_model model{c.t};
  const nonlinear_options<double> options{.lower = c.lower, .upper = c.upper};
  for (const auto& fit : {nonlinear_least_squares(model, [&](const VectorXd& b) { return model.jacobian(b); }, c.y,
                                                  c.start, options),
                          nonlinear_least_squares(model, c.y, c.start, options)}) {
    check_against_r(fit, "decay_bounded");
    // On the bound exactly; a is then the least-squares a for k = 0.1 (hand derivation:
    // d/da Σ(y − a·e^{−kt})² = 0 gives a = Σ y·e^{−kt} / Σ e^{−2kt}).
    CHECK(fit.coef(1) == 0.1);
    const ArrayXd e = (-0.1 * c.t.array()).exp();
    CHECK(fit.coef(0) == doctest::Approx((c.y.array() * e).sum() / e.square().sum()).epsilon(1e-12));
  }
}

// ---------------------------------------------------------------------------------------
// Closed-form answers

TEST_CASE("a constant model gives the mean, and R's standard error of the mean") {
  // min Σ(y − b)² at b = ȳ; J = 1, so vcov = σ̂²/n with σ̂² = Σ(y − ȳ)²/(n − 1).
  // y = 2, 4, 4, 4, 5, 5, 7, 9: ȳ = 5, Σ(y − ȳ)² = 32, σ̂² = 32/7.
  const std::vector<double> y{2, 4, 4, 4, 5, 5, 7, 9};
  const auto constant = [](const VectorXd& b) { return VectorXd::Constant(8, b(0)); };
  const auto ones = [](const VectorXd&) { return MatrixXd::Ones(8, 1); };
  for (const auto& fit : {nonlinear_least_squares(constant, ones, y, {1.0}), nonlinear_least_squares(constant, y, {1.0})}) {
    CHECK(fit.status == fit_status::converged);
    CHECK(fit.coef(0) == doctest::Approx(5).epsilon(1e-14));
    CHECK(fit.rss == doctest::Approx(32).epsilon(1e-14));
    CHECK(fit.df_residual == 7);
    CHECK(fit.n == 8);
    CHECK(fit.sigma == doctest::Approx(std::sqrt(32.0 / 7)).epsilon(1e-14));
    CHECK(fit.se(0) == doctest::Approx(std::sqrt(32.0 / 7 / 8)).epsilon(1e-12));
  }
}

TEST_CASE("a straight line through the nonlinear interface gives the least-squares line") {
  // x = 1..5, y = 1, 3, 2, 5, 4: x̄ = ȳ = 3, Sxx = 10, Sxy = 4 + 0 + 0 + 2 + 2 = 8, Syy = 10,
  // so slope = 0.8, intercept = 3 − 0.8·3 = 0.6, rss = Syy − Sxy²/Sxx = 3.6, σ̂² = 3.6/3 = 1.2;
  // se(slope) = √(σ̂²/Sxx), se(intercept) = √(σ̂²(1/n + x̄²/Sxx)), cov = −σ̂²·x̄/Sxx.
  const ArrayXd x = ArrayXd::LinSpaced(5, 1, 5);
  const std::vector<double> y{1, 3, 2, 5, 4};
  const auto line = [&](const VectorXd& b) -> VectorXd { return b(0) + b(1) * x; };
  const auto fit = nonlinear_least_squares(line, y, {0.0, 0.0});
  CHECK(fit.coef(0) == doctest::Approx(0.6).epsilon(1e-12));
  CHECK(fit.coef(1) == doctest::Approx(0.8).epsilon(1e-12));
  CHECK(fit.rss == doctest::Approx(3.6).epsilon(1e-12));
  CHECK(fit.se(0) == doctest::Approx(std::sqrt(1.2 * (0.2 + 0.9))).epsilon(1e-9));
  CHECK(fit.se(1) == doctest::Approx(std::sqrt(0.12)).epsilon(1e-9));
  CHECK(fit.vcov(0, 1) == doctest::Approx(-1.2 * 3 / 10).epsilon(1e-9));
  CHECK(fit.vcov(1, 0) == fit.vcov(0, 1));
}

TEST_CASE("exact data are fitted exactly, with two predictors") {
  // y = 3·x1^0.4·x2^0.5 exactly: the solution is b = (3, 0.4, 0.5) with rss ~ 0.
  const ArrayXd x1 = (ArrayXd(6) << 1, 2, 3, 4, 5, 6).finished(), x2 = (ArrayXd(6) << 2, 1, 4, 3, 6, 5).finished();
  const VectorXd y = 3 * x1.pow(0.4) * x2.pow(0.5);
  const auto model = [&](const VectorXd& b) -> VectorXd { return b(0) * x1.pow(b(1)) * x2.pow(b(2)); };
  const auto fit = nonlinear_least_squares(model, y, {1.0, 1.0, 1.0});
  CHECK(fit.status == fit_status::converged);
  CHECK(fit.coef(0) == doctest::Approx(3).epsilon(1e-12));
  CHECK(fit.coef(1) == doctest::Approx(0.4).epsilon(1e-12));
  CHECK(fit.coef(2) == doctest::Approx(0.5).epsilon(1e-12));
  CHECK(fit.rss < 1e-26);
}

TEST_CASE("as many points as parameters: an exact fit whose sigma and standard errors are undefined") {
  // Two points, two parameters: y = a·exp(−k·t) through (0, 4) and (1, 2) has a = 4, k = ln 2.
  const decay_model model{(VectorXd(2) << 0, 1).finished()};
  const auto fit = nonlinear_least_squares(model, std::vector<double>{4, 2}, {1.0, 1.0});
  CHECK(fit.status == fit_status::converged);
  CHECK(fit.coef(0) == doctest::Approx(4).epsilon(1e-12));
  CHECK(fit.coef(1) == doctest::Approx(std::log(2.0)).epsilon(1e-12));
  CHECK(fit.df_residual == 0);
  CHECK(std::isnan(fit.sigma));
  CHECK(fit.se.array().isNaN().all());
  CHECK(fit.vcov.array().isNaN().all());
}

TEST_CASE("a Jacobian singular at the solution gives NaN standard errors") {
  // y = (b0 + b1)·x: only the sum is identified, J has two equal columns.
  const ArrayXd x = ArrayXd::LinSpaced(4, 1, 4);
  const auto model = [&](const VectorXd& b) -> VectorXd { return (b(0) + b(1)) * x; };
  const auto fit = nonlinear_least_squares(model, std::vector<double>{1.1, 1.9, 3.2, 3.9}, {0.5, 0.5});
  CHECK(fit.coef.sum() == doctest::Approx((1.1 + 3.8 + 9.6 + 15.6) / 30).epsilon(1e-10));  // Σxy/Σx²
  CHECK(fit.se.array().isNaN().all());
}

// ---------------------------------------------------------------------------------------
// Bounds

TEST_CASE("bounds on a constant model: the solution is the mean clamped to the box") {
  const std::vector<double> y{2, 4, 4, 4, 5, 5, 7, 9};  // mean 5
  const auto constant = [](const VectorXd& b) { return VectorXd::Constant(8, b(0)); };
  CHECK(nonlinear_least_squares(constant, y, {7.0}, {.lower = {6}}).coef(0) == 6);
  CHECK(nonlinear_least_squares(constant, y, {1.0}, {.upper = {3}}).coef(0) == 3);
  CHECK(nonlinear_least_squares(constant, y, {3.5}, {.lower = {3}, .upper = {4}}).coef(0) == 4);
  CHECK(nonlinear_least_squares(constant, y, {3.0}, {.lower = {-inf}, .upper = {inf}}).coef(0) == doctest::Approx(5));
  SUBCASE("a start on a bound moves into the box when the descent points inward") {
    const auto fit = nonlinear_least_squares(constant, y, {0.0}, {.lower = {0}, .upper = {10}});
    CHECK(fit.coef(0) == doctest::Approx(5).epsilon(1e-14));
  }
}

TEST_CASE("lower == upper fixes a parameter") {
  // Fixing k = 0.1 leaves a = Σ y·e^{−kt} / Σ e^{−2kt} (as in the bounded nlsLM case).
  const nls_case c = read_case("decay", 2);
  const decay_model model{c.t};
  const auto fit = nonlinear_least_squares(model, c.y, {40.0, 0.1}, {.lower = {-inf, 0.1}, .upper = {inf, 0.1}});
  const ArrayXd e = (-0.1 * c.t.array()).exp();
  CHECK(fit.coef(1) == 0.1);
  CHECK(fit.coef(0) == doctest::Approx((c.y.array() * e).sum() / e.square().sum()).epsilon(1e-12));
}

TEST_CASE("the model is never evaluated outside the box, finite differences included") {
  // y = log(b0) + b1·x with b0 >= 1. Unconstrained, log(b0) would be the intercept −0.5;
  // with the bound, b0 = 1 and b1 is the slope through the origin, Σxy/Σx².
  const ArrayXd x = ArrayXd::LinSpaced(5, 1, 5);
  const VectorXd y = -0.5 + 0.3 * x;
  bool outside = false;
  const auto model = [&](const VectorXd& b) -> VectorXd {
    if (b(0) < 1) outside = true;
    return std::log(b(0)) + b(1) * x;
  };
  const auto jacobian = [&](const VectorXd& b) -> MatrixXd {
    MatrixXd j(5, 2);
    j.col(0).setConstant(1 / b(0));
    j.col(1) = x;
    return j;
  };
  const double slope = (x * y.array()).sum() / x.square().sum();
  for (const auto& fit : {nonlinear_least_squares(model, jacobian, y, {5.0, 0.0}, {.lower = {1, -inf}}),
                          nonlinear_least_squares(model, y, {5.0, 0.0}, {.lower = {1, -inf}})}) {
    CHECK(fit.status == fit_status::converged);
    CHECK(fit.coef(0) == 1);
    CHECK(fit.coef(1) == doctest::Approx(slope).epsilon(1e-12));
  }
  CHECK_FALSE(outside);
}

// ---------------------------------------------------------------------------------------
// Inputs accepted

TEST_CASE("y and start may be vectors, arrays, Eigen vectors or braced lists; integers give double") {
  const std::vector<int> y{2, 4, 4, 4, 5, 5, 7, 9};
  const auto constant = [](const VectorXd& b) { return VectorXd::Constant(8, b(0)); };
  const auto from_braces = nonlinear_least_squares(constant, y, {1});
  static_assert(std::is_same_v<decltype(from_braces), const nonlinear_result<double>>);
  CHECK(from_braces.coef(0) == doctest::Approx(5));
  CHECK(nonlinear_least_squares(constant, y, std::array<double, 1>{1}).coef(0) == doctest::Approx(5));
  CHECK(nonlinear_least_squares(constant, Eigen::VectorXi::Map(y.data(), 8), VectorXd::Constant(1, 1.0)).coef(0) ==
        doctest::Approx(5));
  const std::array<double, 8> y_array{2, 4, 4, 4, 5, 5, 7, 9};
  CHECK(nonlinear_least_squares(constant, y_array, std::vector<int>{1}).coef(0) == doctest::Approx(5));
}

TEST_CASE("a model may return an Eigen expression, and be a function object") {
  const nls_case c = read_case("decay", 2);
  const auto expression = [&](const VectorXd& b) { return (b(0) * (-b(1) * c.t.array()).exp()).matrix(); };
  static_assert(povstat::nonlinear_model<decltype(expression), double>);
  static_assert(!povstat::nonlinear_model<int, double>);
  static_assert(!povstat::nonlinear_jacobian<decltype([](int) { return 0; }), double>);
  check_against_r(nonlinear_least_squares(expression, c.y, c.start), "decay");
  check_against_r(nonlinear_least_squares(decay_model{c.t}, c.y, c.start), "decay");
}

TEST_CASE_TEMPLATE("nonlinear_least_squares works in float and long double", T, float, long double) {
  // The decay case in T; float keeps about 7 digits, so agreement with R is to 1e-4 there.
  const nls_case c = read_case("decay", 2);
  const Eigen::VectorX<T> t = c.t.cast<T>();
  const std::vector<T> y(c.y.begin(), c.y.end());
  const auto model = [&](const Eigen::VectorX<T>& b) -> Eigen::VectorX<T> { return b(0) * (-b(1) * t.array()).exp(); };
  const auto fit = nonlinear_least_squares(model, y, {T(40), T(0.1)});
  static_assert(std::is_same_v<decltype(fit), const nonlinear_result<T>>);
  const double tolerance = std::is_same_v<T, float> ? 1e-4 : 1e-6;
  CHECK(fit.status == fit_status::converged);
  CHECK(reference::close(static_cast<double>(fit.coef(0)), nls_R("decay", "coef0"), tolerance));
  CHECK(reference::close(static_cast<double>(fit.coef(1)), nls_R("decay", "coef1"), tolerance));
  CHECK(reference::close(static_cast<double>(fit.se(1)), nls_R("decay", "se1"), tolerance));
}

// ---------------------------------------------------------------------------------------
// Result, statuses and counts

TEST_CASE("the result is consistent: residuals, fitted values, rss, sigma, se") {
  const nls_case c = read_case("logistic", 3);
  const logistic_model model{c.t};
  const auto fit = nonlinear_least_squares(model, c.y, c.start);
  CHECK(fit.fitted == model(fit.coef));
  CHECK(fit.residuals == c.y - fit.fitted);
  CHECK(fit.rss == doctest::Approx(fit.residuals.squaredNorm()).epsilon(1e-15));
  CHECK(fit.sigma == std::sqrt(fit.rss / 9));
  CHECK(fit.se == fit.vcov.diagonal().cwiseSqrt());
  CHECK(fit.vcov.isApprox(fit.vcov.transpose(), 1e-15));
  CHECK(fit.iterations >= 2);
  // Finite differences: 2p evaluations per Jacobian (iterations, then the one for vcov),
  // plus the start and one per trial step (at least one per iteration after the first).
  CHECK(fit.evaluations >= 1 + (fit.iterations + 1) * 6 + fit.iterations - 1);
}

TEST_CASE("evaluations count the calls of predict") {
  const nls_case c = read_case("decay", 2);
  std::size_t calls = 0;
  const decay_model model{c.t};
  const auto counted = [&](const VectorXd& b) {
    ++calls;
    return model(b);
  };
  const auto analytic = nonlinear_least_squares(counted, [&](const VectorXd& b) { return model.jacobian(b); }, c.y, c.start);
  CHECK(analytic.evaluations == calls);
  calls = 0;
  const auto differences = nonlinear_least_squares(counted, c.y, c.start);
  CHECK(differences.evaluations == calls);
}

TEST_CASE("max_iterations stops the fit, and require_convergence turns that into an error") {
  const nls_case c = read_case("logistic", 3);
  const logistic_model model{c.t};
  const auto stopped = nonlinear_least_squares(model, c.y, c.start, {.max_iterations = 1});
  CHECK(stopped.status == fit_status::max_iterations);
  CHECK(stopped.iterations == 1);
  CHECK(stopped.se.allFinite());  // the statistics are still those at the point reached
  check_throws<convergence_error>(
      [&] { return nonlinear_least_squares(model, c.y, c.start, {.max_iterations = 1, .require_convergence = true}); },
      "povstat::nonlinear_least_squares: did not converge: status max_iterations after 1 iteration (rss " +
          povstat::detail::format_number(stopped.rss) + "); raise options.max_iterations or try another start");
  CHECK_NOTHROW(nonlinear_least_squares(model, c.y, c.start, {.require_convergence = true}));
}

TEST_CASE("tolerances below round-off end with status stalled") {
  // With ftol = xtol = gtol = 0 no convergence test can pass before the trust region falls
  // below machine epsilon (MINPACK's info 6-8): the answer is still the solution.
  const nls_case c = read_case("decay", 2);
  const auto fit = nonlinear_least_squares(decay_model{c.t}, c.y, c.start, {.ftol = 0, .xtol = 0, .gtol = 0});
  CHECK(fit.status == fit_status::stalled);
  CHECK(reference::close(fit.coef(1), nls_R("decay", "coef1"), 1e-9));
}

TEST_CASE("a step to where the model is not finite is a failed step, not an error") {
  // predict = √b (three times), y = 1: the solution is b = 1. From b = 100 the Gauss–Newton
  // step is −(10 − 1)/(1/20) = −180, to b = −80, where √b is NaN; the trust region shrinks.
  std::size_t non_finite = 0;
  const auto root = [&](const VectorXd& b) {
    if (!(b(0) >= 0)) ++non_finite;
    return VectorXd::Constant(3, std::sqrt(b(0)));
  };
  const auto jacobian = [](const VectorXd& b) { return MatrixXd::Constant(3, 1, 0.5 / std::sqrt(b(0))); };
  const auto fit = nonlinear_least_squares(root, jacobian, std::vector<double>{1, 1, 1}, {100.0});
  CHECK(non_finite >= 1);
  CHECK(fit.status == fit_status::converged);
  CHECK(fit.coef(0) == doctest::Approx(1).epsilon(1e-12));
}

TEST_CASE("a Jacobian that turns non-finite during the iteration stops with status stalled") {
  const nls_case c = read_case("decay", 2);
  const decay_model model{c.t};
  std::size_t calls = 0;
  const auto jacobian = [&](const VectorXd& b) -> MatrixXd {
    return ++calls == 1 ? model.jacobian(b) : MatrixXd::Constant(c.t.size(), 2, not_a_number);
  };
  const auto fit = nonlinear_least_squares(model, jacobian, c.y, c.start);
  CHECK(fit.status == fit_status::stalled);
  CHECK(fit.iterations == 2);
  const VectorXd start = Eigen::Map<const VectorXd>(c.start.data(), 2);
  CHECK(fit.rss < (c.y - model(start)).squaredNorm());  // the step before was taken
  CHECK(fit.se.array().isNaN().all());
}

// ---------------------------------------------------------------------------------------
// Bad input: checks run first (sizes, then values), before the model is called.

TEST_CASE("nonlinear_least_squares rejects bad input with the exception type and message") {
  const std::vector<double> y{1, 2, 3, 4};
  const VectorXd t = VectorXd::LinSpaced(4, 0, 3);
  std::size_t calls = 0;
  const auto model = [&](const VectorXd& b) -> VectorXd {
    ++calls;
    return b(0) * (-b(1) * t.array()).exp();
  };
  const auto call = [&](auto... arguments) { return [=] { return nonlinear_least_squares(arguments...); }; };
  const std::string prefix = "povstat::nonlinear_least_squares: ";

  check_throws<invalid_input>(call(model, y, std::vector<double>{}), prefix + "start is empty, but must hold one value per parameter");
  check_throws<insufficient_data>(call(model, std::vector<double>{}, std::vector<double>{1, 1}),
                                  prefix + "y has 0 values, but needs at least 2 (one per parameter in start)");
  check_throws<insufficient_data>(call(model, std::vector<double>{1}, std::vector<double>{1, 1}),
                                  prefix + "y has 1 value, but needs at least 2 (one per parameter in start)");
  const std::vector<double> start{1, 0.1};
  const auto with = [&](nonlinear_options<double> options) { return call(model, y, start, options); };
  check_throws<invalid_input>(with({.lower = {0}}), prefix + "options.lower has 1 value, but must have 2 (as many as start)");
  check_throws<invalid_input>(with({.upper = {9, 9, 9}}),
                              prefix + "options.upper has 3 values, but must have 2 (as many as start)");
  check_throws<invalid_input>(with({.max_iterations = 0}), prefix + "options.max_iterations is 0, but must be >= 1");
  check_throws<invalid_input>(with({.ftol = -1}), prefix + "options.ftol is -1, but must be >= 0");
  check_throws<invalid_input>(with({.xtol = not_a_number}), prefix + "options.xtol is nan, but must be >= 0");
  check_throws<invalid_input>(with({.gtol = -0.5}), prefix + "options.gtol is -0.5, but must be >= 0");
  check_throws<invalid_input>(with({.initial_step_factor = 0}),
                              prefix + "options.initial_step_factor is 0, but must be > 0 and finite");
  check_throws<invalid_input>(with({.initial_step_factor = inf}),
                              prefix + "options.initial_step_factor is inf, but must be > 0 and finite");
  check_throws<invalid_input>(call(model, std::vector<double>{1, not_a_number, 3, 4}, start),
                              prefix + "y[1] is nan, but must be finite");
  check_throws<invalid_input>(call(model, std::vector<double>{1, 2, 3, -inf}, start), prefix + "y[3] is -inf, but must be finite");
  check_throws<invalid_input>(call(model, y, std::vector<double>{1, inf}), prefix + "start[1] is inf, but must be finite");
  check_throws<invalid_input>(call(model, y, std::vector<double>{not_a_number, 1}), prefix + "start[0] is nan, but must be finite");
  check_throws<invalid_input>(with({.lower = {not_a_number, 0}}),
                              prefix + "options.lower[0] is nan, but must be a number (-inf for no bound)");
  check_throws<invalid_input>(with({.upper = {9, not_a_number}}),
                              prefix + "options.upper[1] is nan, but must be a number (inf for no bound)");
  check_throws<invalid_input>(with({.lower = {0, 3}, .upper = {9, 2}}),
                              prefix + "options.lower[1] is 3, but must be <= options.upper[1] = 2");
  check_throws<invalid_input>(with({.lower = {2, 0}}), prefix + "start[0] is 1, but must be >= options.lower[0] = 2");
  check_throws<invalid_input>(with({.upper = {9, 0.05}}), prefix + "start[1] is 0.1, but must be <= options.upper[1] = 0.05");
  CHECK(calls == 0);
}

TEST_CASE("nonlinear_least_squares rejects a model or Jacobian of the wrong size, or not finite at the start") {
  const std::vector<double> y{1, 2, 3, 4};
  const std::vector<double> start{1, 0.1};
  const std::string prefix = "povstat::nonlinear_least_squares: ";
  const auto good = [](const VectorXd& b) -> VectorXd { return VectorXd::Constant(4, b(0)); };
  const auto good_jacobian = [](const VectorXd&) -> MatrixXd { return MatrixXd::Ones(4, 2); };

  check_throws<invalid_input>([&] { return nonlinear_least_squares([](const VectorXd&) { return VectorXd::Zero(3); }, y, start); },
                              prefix + "predict(start) has 3 values, but must have 4 (as many as y)");
  check_throws<invalid_input>(
      [&] {
        return nonlinear_least_squares([](const VectorXd&) { return VectorXd::Constant(4, not_a_number); }, y, start);
      },
      prefix + "predict(start)[0] is nan, but must be finite");
  check_throws<invalid_input>(
      [&] {
        return nonlinear_least_squares([](const VectorXd& b) { return (VectorXd(4) << b(0), 2, not_a_number, 4).finished(); },
                                       y, start);
      },
      prefix + "predict(start)[2] is nan, but must be finite");
  check_throws<invalid_input>([&] { return nonlinear_least_squares(good, [](const VectorXd&) { return MatrixXd::Ones(4, 1); }, y, start); },
                              prefix + "jacobian(start) has 4 rows and 1 column, but must have 4 rows and 2 columns "
                                       "(one row per value of y, one column per parameter)");
  check_throws<invalid_input>([&] { return nonlinear_least_squares(good, [](const VectorXd&) { return MatrixXd::Ones(3, 2); }, y, start); },
                              prefix + "jacobian(start) has 3 rows and 2 columns, but must have 4 rows and 2 columns "
                                       "(one row per value of y, one column per parameter)");
  check_throws<invalid_input>(
      [&] {
        return nonlinear_least_squares(good, [](const VectorXd&) {
          MatrixXd j = MatrixXd::Ones(4, 2);
          j(2, 1) = std::numeric_limits<double>::infinity();
          return j;
        }, y, start);
      },
      prefix + "jacobian(start)(2, 1) is inf, but must be finite");
  // A model finite only at exactly b0 = 1: no finite difference exists for b0.
  check_throws<invalid_input>(
      [&] {
        return nonlinear_least_squares([](const VectorXd& b) { return VectorXd::Constant(4, b(0) == 1 ? 0 : not_a_number); },
                                       y, start);
      },
      prefix + "finite-difference jacobian(start)(0, 0) is nan, but must be finite");
  SUBCASE("wrong sizes later in the iteration") {
    std::size_t calls = 0;
    const auto shrinking = [&](const VectorXd& b) -> VectorXd { return VectorXd::Constant(++calls == 1 ? 4 : 2, b(0)); };
    check_throws<invalid_input>([&] { return nonlinear_least_squares(shrinking, good_jacobian, y, start); },
                                prefix + "predict(b) has 2 values, but must have 4 (as many as y)");
    std::size_t jacobian_calls = 0;
    const auto narrowing = [&](const VectorXd&) -> MatrixXd { return MatrixXd::Ones(4, ++jacobian_calls == 1 ? 2 : 1); };
    check_throws<invalid_input>([&] { return nonlinear_least_squares(good, narrowing, y, start); },
                                prefix + "jacobian(b) has 4 rows and 1 column, but must have 4 rows and 2 columns "
                                         "(one row per value of y, one column per parameter)");
  }
}
