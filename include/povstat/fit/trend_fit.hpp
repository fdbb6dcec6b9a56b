#ifndef POVSTAT_FIT_TREND_FIT_HPP
#define POVSTAT_FIT_TREND_FIT_HPP

/// @file
/// `trend_fit<T>`: the one result type of every trend model, with prediction and
/// intervals on the scale of counts.

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "povstat/core/error.hpp"
#include "povstat/core/fit_status.hpp"
#include "povstat/stats/distributions.hpp"

POVSTAT_NAMESPACE_BEGIN

/// The trend models of povstat.
enum class trend_model {
  linear,     ///< poor = b0 + b1 (t - t0), least squares
  loglinear,  ///< log(poor) = b0 + b1 (t - t0), least squares on the log scale
  poisson,    ///< log E[poor] = b0 + b1 (t - t0), Poisson / quasi-Poisson GLM
  theil_sen,  ///< poor = b0 + b1 (t - t0), median of pairwise slopes
  huber,      ///< poor = b0 + b1 (t - t0), Huber M-estimator
  logistic,   ///< poor = K / (1 + exp(r (t - m))), m the year of the steepest decline
  gompertz,   ///< poor = K exp(-exp(r (t - m))), m a calendar year
  segmented,  ///< piecewise linear in t (on the count or log scale) with estimated breaks
};

/// The name of a model, e.g. "loglinear".
constexpr std::string_view to_string(trend_model model) noexcept {
  switch (model) {
    case trend_model::linear: return "linear";
    case trend_model::loglinear: return "loglinear";
    case trend_model::poisson: return "poisson";
    case trend_model::theil_sen: return "theil_sen";
    case trend_model::huber: return "huber";
    case trend_model::logistic: return "logistic";
    case trend_model::gompertz: return "gompertz";
    case trend_model::segmented: return "segmented";
  }
  return "unknown";
}

/// The scale on which a trend is linear in its coefficients (or, for the nonlinear
/// models, on which it is fitted): counts (`identity`) or log counts (`log`).
enum class trend_link { identity, log };

/// The error model behind a fit's intervals.
enum class trend_family {
  gaussian,       ///< normal errors with constant variance sigma² on the link scale
  poisson,        ///< Poisson counts: variance = mean
  quasi_poisson,  ///< variance = dispersion × mean (Pearson chi² / df)
  robust,         ///< robust fit (Huber, Theil–Sen): sigma is a robust scale, intervals approximate
};

/// A closed interval [lower, upper].
template <std::floating_point T>
struct interval {
  T lower;
  T upper;
};

/// What `trend_fit::predict` returns, all on the scale of counts.
template <std::floating_point T>
struct trend_prediction {
  T year;                  ///< the year predicted
  T estimate;              ///< the fitted mean (for log-link models exp of the link-scale mean)
  interval<T> confidence;  ///< interval for the mean at `level`
  interval<T> prediction;  ///< interval for a new observation at `level`
  T level;                 ///< the coverage asked for, e.g. 0.95
};

/// The result of every trend model. Coefficients are on the link scale with time measured
/// from `time_origin`: for linear-in-time models `coef = (b0, b1)` with b0 the level at
/// t = time_origin, so with time_origin = 0 they equal R's `lm`/`glm` coefficients on `year`.
template <std::floating_point T>
struct trend_fit {
  using vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
  using matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;

  trend_model model;
  trend_link link;
  trend_family family;
  std::vector<std::string> coef_names;  ///< e.g. {"intercept", "slope"}
  vector coef;                          ///< estimates
  vector se;                            ///< standard errors
  matrix vcov;                          ///< covariance of the estimates
  T time_origin;                        ///< t0: time is t - t0 in the model
  std::size_t n;                        ///< observations used
  std::size_t df_residual;              ///< n minus the number of estimated coefficients
  T sigma;       ///< residual scale on the link scale (sqrt(dispersion) for Poisson families)
  T dispersion;  ///< sigma² (Gaussian), 1 (Poisson), Pearson chi²/df (quasi-Poisson)
  T rss;         ///< residual sum of squares on the fitting scale (weighted if weights)
  T deviance;    ///< rss for Gaussian fits, the Poisson deviance for Poisson families
  std::optional<T> loglik;     ///< log-likelihood of the counts (see each model's note)
  std::optional<T> aic;        ///< -2 loglik + 2k
  std::optional<T> aicc;       ///< aic + 2k(k+1)/(n-k-1), when n > k + 1
  std::optional<T> bic;        ///< -2 loglik + k log n
  std::optional<T> r_squared;  ///< where defined (least-squares fits)
  std::vector<T> years;        ///< the years fitted
  std::vector<T> observed;     ///< the counts fitted
  std::vector<T> fitted;       ///< fitted counts (count scale)
  std::vector<T> residuals;    ///< observed - fitted (count scale)
  fit_status status = fit_status::converged;
  std::size_t iterations = 0;  ///< iterations of iterative fits (0 for closed forms)
  std::optional<interval<T>> slope_interval;  ///< Sen's interval (Theil–Sen only)
  bool models_rate = false;  ///< coefficients and predictions are for poor / population
                             ///< (a Poisson fit with offset log(population))

  /// The value of the trend on the link scale at a year, its gradient in the coefficients
  /// and its derivative in time.
  struct link_value {
    T eta;
    vector gradient;     ///< ∂eta/∂coef
    T time_derivative;   ///< ∂eta/∂year
  };

  /// The trend `model` with coefficients `b` (any values, e.g. a simulated draw) on the link
  /// scale at `year`, time measured from `origin`.
  static link_value link_value_at(trend_model model, T origin, const vector& b, T year) {
    const T x = year - origin;
    const auto k = b.size();
    vector g = vector::Zero(k);
    T eta{}, slope{};
    switch (model) {
      case trend_model::logistic: {  // K / (1 + exp(r (t - m))), m a calendar year
        const T K = b(0), r = b(1), u = year - b(2), e = std::exp(r * u), d = 1 + e;
        eta = K / d;
        g << 1 / d, -K * e * u / (d * d), K * e * r / (d * d);
        slope = -K * e * r / (d * d);
        break;
      }
      case trend_model::gompertz: {  // K exp(-exp(r (t - m))), m a calendar year
        const T K = b(0), r = b(1), u = year - b(2), e = std::exp(r * u), f = std::exp(-e);
        eta = K * f;
        g << f, -K * f * e * u, K * f * e * r;
        slope = -K * f * e * r;
        break;
      }
      case trend_model::segmented: {  // b0 + b1 x + sum_j d_j (x - psi_j)_+
        eta = b(0) + b(1) * x;
        slope = b(1);
        g(0) = 1;
        g(1) = x;
        for (Eigen::Index j = 2; j + 1 < k; j += 2) {
          const T d = b(j), psi = b(j + 1) - origin;
          const bool after = x > psi;
          eta += after ? d * (x - psi) : T(0);
          slope += after ? d : T(0);
          g(j) = after ? x - psi : T(0);
          g(j + 1) = after ? -d : T(0);
        }
        break;
      }
      default:  // b0 + b1 x
        eta = b(0) + b(1) * x;
        slope = b(1);
        g(0) = 1;
        g(1) = x;
    }
    return {eta, std::move(g), slope};
  }

  /// The linear predictor (link scale) at `year`, its gradient in the coefficients and its
  /// derivative in time.
  link_value linear_predictor(T year) const { return link_value_at(model, time_origin, coef, year); }

  /// The quantile q of the intervals at coverage `level`: Student's t with df_residual
  /// degrees of freedom, or the normal quantile for the Poisson family (as R's predict.glm).
  /// @throws invalid_input when level is not in (0, 1).
  T critical_value(T level) const {
    if (!(level > T(0) && level < T(1))) detail::raise_value("trend_fit::critical_value", "level", level, "in (0, 1)");
    const T p = (1 + level) / 2;
    return family == trend_family::poisson ? normal_quantile(p)
                                           : student_t_quantile(p, static_cast<T>(df_residual));
  }

  /// The fitted mean count at `year` (any real year; extrapolation is the caller's call).
  T mean(T year) const {
    const T eta = linear_predictor(year).eta;
    return link == trend_link::log ? std::exp(eta) : eta;
  }

  /// Estimate and intervals at `year`, at coverage `level` in (0, 1).
  ///
  /// The interval for the mean is eta ± q·se(eta) on the link scale, se(eta)² = gᵀ V g
  /// (delta method; exact for models linear in their coefficients), transformed to counts
  /// (exp for log-link models: the interval of the median under log-normal errors, of the
  /// mean for Poisson families). q is Student's t quantile with df_residual degrees of
  /// freedom, or the normal quantile for the Poisson family (as R's predict.glm).
  /// The interval for a new observation adds the error variance: on the link scale
  /// (Gaussian and robust families: eta ± q·sqrt(se² + sigma²), as R's
  /// predict.lm(interval = "prediction")), or on the count scale for Poisson families
  /// (mu ± q·sqrt(dispersion·mu + mu²·se(eta)²), truncated at 0: a delta-method
  /// approximation). Rounded counts are not produced; bounds are real.
  /// @throws invalid_input when year is not finite or level is outside (0, 1), or when the
  ///         estimate leaves the floating range (a year so far out that the trend overflows).
  trend_prediction<T> predict(T year, T level = T(0.95)) const {
    constexpr std::string_view function = "trend_fit::predict";
    if (!std::isfinite(year)) detail::raise_value(function, "year", year, "finite");
    if (!(level > T(0) && level < T(1))) detail::raise_value(function, "level", level, "in (0, 1)");
    if (status == fit_status::insufficient_data)
      detail::raise(function, "the fit has no estimates (status insufficient_data), so nothing can be predicted");
    const link_value value = linear_predictor(year);
    const T eta = value.eta;
    const T se_eta = std::sqrt(std::max(T(0), T(value.gradient.dot(vcov * value.gradient))));
    const T q = critical_value(level);
    const auto to_counts = [&](T v) { return link == trend_link::log ? std::exp(v) : v; };
    trend_prediction<T> out{year, detail::finite_result(function, "the estimate", to_counts(eta)),
                            {to_counts(eta - q * se_eta), to_counts(eta + q * se_eta)}, {}, level};
    if (family == trend_family::poisson || family == trend_family::quasi_poisson) {
      const T mu = out.estimate;
      const T half = q * std::sqrt(dispersion * mu + mu * mu * se_eta * se_eta);
      out.prediction = {std::max(T(0), mu - half), mu + half};
    } else {
      const T half = q * std::sqrt(se_eta * se_eta + sigma * sigma);
      out.prediction = {to_counts(eta - half), to_counts(eta + half)};
    }
    return out;
  }
};

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_FIT_TREND_FIT_HPP
