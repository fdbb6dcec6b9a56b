#ifndef POVSTAT_DETAIL_TREND_COMMON_HPP
#define POVSTAT_DETAIL_TREND_COMMON_HPP

/// @file
/// What every trend model shares: the minimum-size check, the time origin, the
/// straight-line design, and the likelihood-based criteria.

#include <Eigen/Core>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <numbers>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "povstat/core/check.hpp"
#include "povstat/core/error.hpp"
#include "povstat/core/population_series.hpp"
#include "povstat/fit/trend_fit.hpp"

POVSTAT_NAMESPACE_BEGIN
namespace detail {

/// @throws insufficient_data unless the series has at least `minimum` years, stating why.
template <std::floating_point T>
void check_trend_size(std::string_view function, const population_series<T>& series,
                      std::size_t minimum, std::string_view why) {
  if (series.size() >= minimum) return;
  raise<insufficient_data>(function, "the series has " + count_text(series.size(), "year") +
                                         ", but the model needs at least " +
                                         std::to_string(minimum) + " (" + std::string(why) + ")");
}

/// The time origin: the option when given (it must be finite), else the first year.
template <std::floating_point T>
T time_origin(std::string_view function, const population_series<T>& series,
              std::optional<T> option) {
  if (!option) return series.years().front();
  if (!std::isfinite(*option)) raise_value(function, "options.time_origin", *option, "finite");
  return *option;
}

/// Weights for a series: empty (none), or one per year, finite and > 0.
template <std::floating_point T>
void check_trend_weights(std::string_view function, const population_series<T>& series,
                         const std::vector<T>& weights) {
  if (weights.empty()) return;
  check_same_size(function, "options.weights", weights.size(), "years", series.size());
  const auto subject = [&](std::size_t i) { return year_element("options.weights", i, series.years()); };
  check_finite<T>(function, weights, subject);
  check_positive<T>(function, weights, subject);
}

/// The n × 2 design [1, t - t0].
template <std::floating_point T>
Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> straight_line_design(
    const population_series<T>& series, T origin) {
  const auto n = static_cast<Eigen::Index>(series.size());
  Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> x(n, 2);
  for (Eigen::Index i = 0; i < n; ++i) {
    x(i, 0) = 1;
    x(i, 1) = series.years()[static_cast<std::size_t>(i)] - origin;
  }
  return x;
}

/// Gaussian log-likelihood at the maximum, with prior weights w (empty: all 1), as R's
/// logLik.lm: ½(Σ log w − n (log 2π + 1 − log n + log Σ w r²)).
template <std::floating_point T>
T gaussian_loglik(T weighted_rss, std::size_t n, const std::vector<T>& weights) {
  T sum_log_w = 0;
  for (T w : weights) sum_log_w += std::log(w);
  const T nn = static_cast<T>(n);
  return (sum_log_w - nn * (std::log(2 * std::numbers::pi_v<T>) + 1 - std::log(nn) +
                            std::log(weighted_rss))) / 2;
}

/// Fills loglik, aic, aicc (when n > k + 1) and bic from a log-likelihood with k
/// estimated parameters (Hurvich & Tsai 1989 for AICc).
template <std::floating_point T>
void set_information_criteria(trend_fit<T>& fit, T loglik, std::size_t k) {
  const T kk = static_cast<T>(k), nn = static_cast<T>(fit.n);
  fit.loglik = loglik;
  fit.aic = -2 * loglik + 2 * kk;
  if (fit.n > k + 1) fit.aicc = *fit.aic + 2 * kk * (kk + 1) / (nn - kk - 1);
  fit.bic = -2 * loglik + kk * std::log(nn);
}

/// Standard errors: square roots of the covariance's diagonal.
template <std::floating_point T>
Eigen::Matrix<T, Eigen::Dynamic, 1> standard_errors(
    const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>& vcov) {
  return vcov.diagonal().cwiseMax(T(0)).cwiseSqrt();
}

}  // namespace detail
POVSTAT_NAMESPACE_END

#endif  // POVSTAT_DETAIL_TREND_COMMON_HPP
