#ifndef POVSTAT_FIT_LOGISTIC_HPP
#define POVSTAT_FIT_LOGISTIC_HPP

/// @file
/// `fit_logistic`: a logistic (S-shaped) decline toward zero.

#include <cmath>
#include <concepts>

#include "povstat/core/population_series.hpp"
#include "povstat/detail/sigmoid_trend.hpp"
#include "povstat/fit/trend_fit.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Fits poor = K / (1 + exp(r·(t − m))) + e by Levenberg–Marquardt (analytic Jacobian,
/// K >= 0): K the level before the decline, r > 0 its speed (r < 0: a rise), m the
/// calendar year of the steepest decline, where the count is K/2. Starting values need no
/// user: for K on a grid above the largest count, the line log(K/poor − 1) = r (t − m)
/// gives r and m (counts of 0 enter as K·10⁻⁶), and the start of least residual sum of
/// squares is kept; `options.start` overrides it. The log-likelihood is Gaussian on the
/// counts with k = 4 (K, r, m, sigma); as R's `nls`/`minpack.lm::nlsLM`, standard errors are
/// sigma²(JᵀJ)⁻¹ at the estimates.
/// @throws insufficient_data with fewer than 4 years.
/// @throws invalid_input on a bad option, or when every count is 0 or the counts do not change.
/// @throws convergence_error when `require_convergence` and the solver did not converge.
template <std::floating_point T>
trend_fit<T> fit_logistic(const population_series<T>& series, const sigmoid_options<T>& options = {}) {
  return detail::fit_sigmoid(
      "fit_logistic", trend_model::logistic, series, options,
      [](T u) { return T(1) / (1 + std::exp(u)); },
      [](T u) {
        const T e = std::exp(-std::abs(u));  // the logistic density, written to avoid overflow
        return -e / ((1 + e) * (1 + e));
      },
      [](T s) { return std::log(1 / s - 1); });
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_FIT_LOGISTIC_HPP
