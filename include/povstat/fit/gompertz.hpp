#ifndef POVSTAT_FIT_GOMPERTZ_HPP
#define POVSTAT_FIT_GOMPERTZ_HPP

/// @file
/// `fit_gompertz`: a Gompertz (asymmetric S-shaped) decline toward zero.

#include <cmath>
#include <concepts>

#include "povstat/core/population_series.hpp"
#include "povstat/detail/sigmoid_trend.hpp"
#include "povstat/fit/trend_fit.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Fits poor = K·exp(−exp(r·(t − m))) + e by Levenberg–Marquardt (analytic Jacobian,
/// K >= 0): K the level before the decline, r > 0 its speed, m the calendar year where the
/// count is K/e (the steepest decline). Unlike the logistic, the decline is slow at first
/// and its tail toward 0 is faster (double exponential). Starting values need no user: for
/// K on a grid above the largest count, the line log(−log(poor/K)) = r (t − m) gives r and
/// m, and the start of least residual sum of squares is kept; `options.start` overrides it.
/// Log-likelihood Gaussian on the counts, k = 4; standard errors sigma²(JᵀJ)⁻¹ as `nls`.
/// @throws insufficient_data with fewer than 4 years.
/// @throws invalid_input on a bad option, or when every count is 0 or the counts do not change.
/// @throws convergence_error when `require_convergence` and the solver did not converge.
template <std::floating_point T>
trend_fit<T> fit_gompertz(const population_series<T>& series, const sigmoid_options<T>& options = {}) {
  return detail::fit_sigmoid(
      "fit_gompertz", trend_model::gompertz, series, options, [](T u) { return std::exp(-std::exp(u)); },
      [](T u) { return -std::exp(u - std::exp(u)); }, [](T s) { return std::log(-std::log(s)); });
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_FIT_GOMPERTZ_HPP
