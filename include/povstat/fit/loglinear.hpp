#ifndef POVSTAT_FIT_LOGLINEAR_HPP
#define POVSTAT_FIT_LOGLINEAR_HPP

/// @file
/// `fit_loglinear`: a constant annual rate of change, by least squares on log counts.

#include <cmath>
#include <concepts>
#include <optional>
#include <vector>

#include "povstat/core/check.hpp"
#include "povstat/core/population_series.hpp"
#include "povstat/detail/least_squares_trend.hpp"
#include "povstat/detail/trend_common.hpp"
#include "povstat/fit/trend_fit.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Options of `fit_loglinear`.
template <std::floating_point T>
struct loglinear_options {
  /// t0 of the model; default: the first year. With 0, coef equals R's `coef(lm(log(poor) ~ year))`.
  std::optional<T> time_origin = std::nullopt;
  /// Prior weights for weighted least squares on the log scale, one per year, > 0; empty: none.
  std::vector<T> weights = {};
};

/// Fits log(poor) = b0 + b1·(t − t0) + e by least squares: a constant annual rate of
/// change exp(b1) − 1. Fitted counts are exp(b0 + b1·(t − t0)) (the median under
/// log-normal errors). The log-likelihood is the Gaussian likelihood of log(poor) moved to
/// the counts by the Jacobian (−Σ log poor), so its AIC compares with count-scale models;
/// k = 3 parameters with sigma. Every count must be > 0: zero counts need a log-link model
/// with a count likelihood, `fit_poisson`.
/// @throws insufficient_data with fewer than 3 years.
/// @throws invalid_input when a count is 0 (the message points to `fit_poisson`), on bad
///         weights or time origin.
template <std::floating_point T>
trend_fit<T> fit_loglinear(const population_series<T>& series,
                           const loglinear_options<T>& options = {}) {
  constexpr std::string_view function = "fit_loglinear";
  detail::check_trend_size(function, series, 3, "2 coefficients and 1 degree of freedom for the residual scale");
  detail::check_each(
      function, series.poor(),
      [&](std::size_t i) { return detail::year_element("poor", i, series.years()); },
      [](T v) { return v > T(0); }, "> 0 (the log of 0 is undefined; fit_poisson fits zero counts)");
  detail::check_trend_weights(function, series, options.weights);
  const T origin = detail::time_origin(function, series, options.time_origin);
  Eigen::Matrix<T, Eigen::Dynamic, 1> y(static_cast<Eigen::Index>(series.size()));
  for (std::size_t i = 0; i < series.size(); ++i) y(static_cast<Eigen::Index>(i)) = std::log(series.poor()[i]);
  return detail::least_squares_trend(trend_model::loglinear, trend_link::log, series,
                                     detail::straight_line_design(series, origin), y,
                                     options.weights, origin, {"intercept", "slope"});
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_FIT_LOGLINEAR_HPP
