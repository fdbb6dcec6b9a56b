#ifndef POVSTAT_DETAIL_SIGMOID_TREND_HPP
#define POVSTAT_DETAIL_SIGMOID_TREND_HPP

/// @file
/// The common core of fit_logistic and fit_gompertz: three-parameter S-curves
/// poor = K·g(r (t − m)) fitted by Levenberg–Marquardt from automatic starting values.

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "povstat/core/error.hpp"
#include "povstat/core/fit_status.hpp"
#include "povstat/core/population_series.hpp"
#include "povstat/detail/trend_common.hpp"
#include "povstat/fit/trend_fit.hpp"
#include "povstat/stats/least_squares.hpp"
#include "povstat/stats/nonlinear_least_squares.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Options of `fit_logistic` and `fit_gompertz`.
template <std::floating_point T>
struct sigmoid_options {
  /// Reported as `time_origin`; the curve's own location is the calendar year m.
  std::optional<T> time_origin = std::nullopt;
  /// Starting values (K, r, m); empty: automatic (see the fit functions).
  std::vector<T> start = {};
  /// Iteration limit of the Levenberg–Marquardt solver.
  std::size_t max_iterations = 1000;
  /// Throw `convergence_error` unless the solver converged.
  bool require_convergence = false;
};

namespace detail {


/// Fits poor = K·shape(r (t − m)) by LM with the analytic Jacobian
/// ∂/∂K = shape(u), ∂/∂r = K·shape'(u)·(t − m), ∂/∂m = −K·shape'(u)·r,
/// K bounded below by 0. Automatic start: for each K on a grid from 1.01 to 4 times the
/// largest count, the straight-line fit of shape⁻¹(poor / K) on t gives r and m; the start
/// is the (K, r, m) of smallest residual sum of squares on the count scale.
template <std::floating_point T, class Value, class Derivative, class Inverse>
trend_fit<T> fit_sigmoid(std::string_view function, trend_model model, const population_series<T>& series,
                         const sigmoid_options<T>& options, const Value& shape, const Derivative& shape_slope,
                         const Inverse& linearise) {
  using vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
  using matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
  check_trend_size(function, series, 4, "3 coefficients and 1 degree of freedom for the residual scale");
  const T origin = time_origin(function, series, options.time_origin);
  if (!options.start.empty()) {
    check_same_size(function, "options.start", options.start.size(), "the coefficients (K, r, m)", 3);
    check_finite<T>(function, options.start, [](std::size_t i) { return element_name("options.start", i); });
  }
  if (options.max_iterations == 0)
    raise_value(function, "options.max_iterations", options.max_iterations, ">= 1");

  const auto n = static_cast<Eigen::Index>(series.size());
  const std::vector<T> t(series.years().begin(), series.years().end());
  const std::vector<T> y(series.poor().begin(), series.poor().end());
  const auto predict = [&](const vector& b) {
    vector f(n);
    for (Eigen::Index i = 0; i < n; ++i) f(i) = b(0) * shape(b(1) * (t[static_cast<std::size_t>(i)] - b(2)));
    return f;
  };
  const auto jacobian = [&](const vector& b) {
    matrix j(n, 3);
    for (Eigen::Index i = 0; i < n; ++i) {
      const T u = t[static_cast<std::size_t>(i)] - b(2), d = shape_slope(b(1) * u);
      j(i, 0) = shape(b(1) * u);
      j(i, 1) = b(0) * d * u;
      j(i, 2) = -b(0) * d * b(1);
    }
    return j;
  };
  const auto rss_of = [&](const vector& b) {
    const vector r = Eigen::Map<const vector>(y.data(), n) - predict(b);
    return r.allFinite() ? r.squaredNorm() : std::numeric_limits<T>::infinity();
  };

  vector start(3);
  if (!options.start.empty()) {
    start = Eigen::Map<const vector>(options.start.data(), 3);
  } else {
    const T top = *std::max_element(y.begin(), y.end());
    if (!(top > T(0)))
      raise(function, "every count is 0, so the curve's level K cannot be estimated (fit_poisson or fit_linear fit such a series)");
    T best = std::numeric_limits<T>::infinity();
    matrix x(n, 2);
    vector z(n);
    for (const T factor : {T(1.01), T(1.05), T(1.1), T(1.25), T(1.5), T(2), T(3), T(4)}) {
      const T K = top * factor;
      for (Eigen::Index i = 0; i < n; ++i) {
        x(i, 0) = 1;
        x(i, 1) = t[static_cast<std::size_t>(i)] - origin;
        z(i) = linearise(std::max(y[static_cast<std::size_t>(i)], K * T(1e-6)) / K);
      }
      const auto line = least_squares(x, z);
      const T r = line.coef(1);
      if (!(std::abs(r) > T(0)) || !std::isfinite(r)) continue;
      const vector b{{K, r, origin - line.coef(0) / r}};
      if (const T value = rss_of(b); value < best) {
        best = value;
        start = b;
      }
    }
    if (!std::isfinite(best))
      raise(function, "no automatic starting value gives a finite fit (the counts do not change over time); "
                      "pass options.start = {K, r, m}");
  }
  const auto lm = nonlinear_least_squares(
      predict, jacobian, y, std::vector<T>{start(0), start(1), start(2)},
      nonlinear_options<T>{.max_iterations = options.max_iterations,
                           .lower = {T(0), -std::numeric_limits<T>::infinity(), -std::numeric_limits<T>::infinity()},
                           .upper = {std::numeric_limits<T>::infinity(), std::numeric_limits<T>::infinity(),
                                     std::numeric_limits<T>::infinity()},
                           .require_convergence = options.require_convergence});

  trend_fit<T> fit{};
  fit.model = model;
  fit.link = trend_link::identity;
  fit.family = trend_family::gaussian;
  fit.coef_names = {"K", "r", "m"};
  fit.coef = lm.coef;
  fit.se = lm.se;
  fit.vcov = lm.vcov;
  fit.time_origin = origin;
  fit.n = series.size();
  fit.df_residual = lm.df_residual;
  fit.sigma = lm.sigma;
  fit.dispersion = lm.sigma * lm.sigma;
  fit.rss = lm.rss;
  fit.deviance = lm.rss;
  fit.years = t;
  fit.observed = y;
  for (Eigen::Index i = 0; i < n; ++i) {
    fit.fitted.push_back(lm.fitted(i));
    fit.residuals.push_back(lm.residuals(i));
  }
  fit.status = lm.status;
  fit.iterations = lm.iterations;
  set_information_criteria(fit, gaussian_loglik(lm.rss, fit.n, std::vector<T>{}), 4);  // K, r, m, sigma
  return fit;
}

}  // namespace detail
POVSTAT_NAMESPACE_END

#endif  // POVSTAT_DETAIL_SIGMOID_TREND_HPP
