#ifndef POVSTAT_FIT_LINEAR_HPP
#define POVSTAT_FIT_LINEAR_HPP

/// @file
/// `fit_linear`: a straight-line trend in the counts, by ordinary or weighted least squares.

#include <concepts>
#include <optional>
#include <vector>

#include "povstat/core/population_series.hpp"
#include "povstat/detail/least_squares_trend.hpp"
#include "povstat/detail/trend_common.hpp"
#include "povstat/fit/trend_fit.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Options of `fit_linear`.
template <std::floating_point T>
struct linear_options {
  /// t0 of the model; default: the first year of the series. With 0, coef equals R's
  /// `coef(lm(poor ~ year))`.
  std::optional<T> time_origin = std::nullopt;
  /// Prior weights for weighted least squares, one per year, finite and > 0 (R's
  /// `lm(weights = )`); empty for ordinary least squares.
  std::vector<T> weights = {};
};

/// Fits poor = b0 + b1·(t − t0) + e by least squares (QR, see `least_squares`).
///
/// Result: `coef = (intercept, slope)`, their covariance sigma²(XᵀWX)⁻¹, sigma² = Σw r² /
/// (n − 2), R², and the Gaussian log-likelihood of the counts (k = 3 parameters with sigma)
/// for AIC/AICc/BIC, as R's `logLik(lm)`. The count reaches zero where the line does
/// (see target/crossing.hpp).
/// @throws insufficient_data with fewer than 3 years (2 coefficients and 1 degree of
///         freedom for the residual scale).
/// @throws invalid_input on bad weights or time origin.
template <std::floating_point T>
trend_fit<T> fit_linear(const population_series<T>& series, const linear_options<T>& options = {}) {
  constexpr std::string_view function = "fit_linear";
  detail::check_trend_size(function, series, 3, "2 coefficients and 1 degree of freedom for the residual scale");
  detail::check_trend_weights(function, series, options.weights);
  const T origin = detail::time_origin(function, series, options.time_origin);
  const Eigen::Matrix<T, Eigen::Dynamic, 1> y = Eigen::Map<const Eigen::Matrix<T, Eigen::Dynamic, 1>>(
      series.poor().data(), static_cast<Eigen::Index>(series.size()));
  return detail::least_squares_trend(trend_model::linear, trend_link::identity, series,
                                     detail::straight_line_design(series, origin), y,
                                     options.weights, origin, {"intercept", "slope"});
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_FIT_LINEAR_HPP
