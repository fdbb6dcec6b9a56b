#ifndef POVSTAT_FIT_POISSON_HPP
#define POVSTAT_FIT_POISSON_HPP

/// @file
/// `fit_poisson`: a log-linear trend in expected counts, by a Poisson or quasi-Poisson GLM
/// (zero counts allowed), optionally for the rate poor / population.

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <optional>
#include <string_view>

#include "povstat/core/error.hpp"
#include "povstat/core/fit_status.hpp"
#include "povstat/core/population_series.hpp"
#include "povstat/detail/trend_common.hpp"
#include "povstat/fit/trend_fit.hpp"
#include "povstat/stats/least_squares.hpp"
#include "povstat/stats/summation.hpp"

POVSTAT_NAMESPACE_BEGIN

namespace detail {

/// The rounding scale of one term of the Poisson deviance 2[y log(y/mu) − (y − mu)]:
/// y (1 + |log(y/mu)|) + mu. Computing the term in floating point errs by at most a few ε
/// times it (the log of y/mu, rounded, errs by about ε absolute, then is multiplied by y).
template <std::floating_point T>
T poisson_deviance_scale(T y, T mu, T log_ratio) noexcept {
  return y * (1 + std::abs(log_ratio)) + mu;
}

/// The bound below which a change of the deviance means convergence:
/// tolerance (|D| + 0.1) + 8ε (scale_old + scale_new) — the relative rule of R's glm.fit, or
/// a change within the rounding error of the deviances (then the estimates are at the
/// fixed point to rounding, and another step would only change the deviance's noise).
template <std::floating_point T>
T poisson_convergence_bound(T tolerance, T scale, T new_deviance, T new_scale) noexcept {
  constexpr T eps = std::numeric_limits<T>::epsilon();
  return tolerance * (std::abs(new_deviance) + T(0.1)) + 8 * eps * (scale + new_scale);
}

/// Whether an IRLS step raised the deviance from `deviance` to `new_deviance` by more than
/// the convergence bound: new − old > 16ε |old| + poisson_convergence_bound(...). A smaller
/// rise is convergence, not divergence (the step is taken and IRLS stops there), and a rise
/// within the deviances' rounding error (the bound's 8ε term) is no rise at all. The test is
/// increasing in `new_deviance` (tolerance < 1), so a caller can bound it from a perturbed one.
template <std::floating_point T>
bool poisson_step_rises(T tolerance, T deviance, T scale, T new_deviance, T new_scale) noexcept {
  constexpr T eps = std::numeric_limits<T>::epsilon();
  return new_deviance - deviance >
         16 * eps * std::abs(deviance) + poisson_convergence_bound(tolerance, scale, new_deviance, new_scale);
}

}  // namespace detail

/// How the variance of the counts is modelled.
enum class dispersion {
  poisson,  ///< variance = mean (dispersion fixed at 1), as R's `family = poisson`
  quasi,    ///< variance = phi · mean, phi = Pearson chi² / df, as R's `quasipoisson`
};

/// Options of `fit_poisson`.
template <std::floating_point T>
struct poisson_options {
  /// t0 of the model; default: the first year. With 0, coef equals R's `coef(glm(poor ~ year))`.
  std::optional<T> time_origin = std::nullopt;
  /// Variance model. Counts of millions are far more variable than Poisson: `quasi` gives
  /// honest standard errors there; the point estimates are the same.
  dispersion variance = dispersion::poisson;
  /// Model the rate poor / population with offset log(population) (the series must have
  /// population); coefficients, `mean` and `predict` are then for the rate.
  bool rate = false;
  /// Iteration limit of IRLS (R: 25).
  std::size_t max_iterations = 100;
  /// Convergence: |D − D_prev| / (|D| + 0.1) < tolerance, D the deviance (R: 1e-8), or
  /// |D − D_prev| within the deviances' rounding error (see `fit_poisson`).
  T tolerance = T(1e-12);
  /// Throw `convergence_error` instead of reporting a status other than `converged`.
  bool require_convergence = false;
};

/// Fits log E[poor_t] = b0 + b1·(t − t0) [+ log population_t] by iteratively reweighted
/// least squares (McCullagh & Nelder 1989, §2.5; as R's `glm.fit`): start at mu = y + 0.1,
/// regress the working response z = eta + (y − mu)/mu on the design with weights mu (QR),
/// halve the step while the deviance is not finite or rises by more than the convergence
/// bound below (a smaller rise is convergence, not divergence), keep mu >= machine epsilon
/// (R's poisson()$linkinv), stop when the relative change of the deviance is below
/// `tolerance` or the change is within the deviances' rounding error (the same 8ε Σ term):
/// with large counts that error exceeds 1e-12 (|D| + 0.1), and a stop decided by rounding
/// would make the iteration count depend on the last bits.
///
/// Result: `coef = (intercept, slope)` on the log scale; vcov = phi (XᵀWX)⁻¹ with phi = 1
/// (poisson) or the Pearson chi²/df (quasi); `deviance` = 2 Σ [y log(y/mu) − (y − mu)];
/// `rss` = Σ (y − mu)²; `loglik` = Σ [y log mu − mu − log y!] of the Poisson model — also for
/// `quasi`, whose point estimates are the Poisson ones (R reports NA there; povstat keeps
/// the Poisson AIC so quasi fits can still be ranked, with k = 2).
/// @throws insufficient_data with fewer than 3 years (2 coefficients and 1 degree of
///         freedom for the dispersion).
/// @throws invalid_input when `rate` is set and the series has no population, on a
///         non-finite time origin or tolerance <= 0, or max_iterations = 0.
/// @throws convergence_error when `require_convergence` and IRLS did not converge.
template <std::floating_point T>
trend_fit<T> fit_poisson(const population_series<T>& series, const poisson_options<T>& options = {}) {
  using vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
  constexpr std::string_view function = "fit_poisson";
  detail::check_trend_size(function, series, 3, "2 coefficients and 1 degree of freedom for the dispersion");
  if (options.rate && !series.has_population())
    detail::raise(function, "options.rate is true, but the series has no population to divide by");
  if (!(options.tolerance > T(0))) detail::raise_value(function, "options.tolerance", options.tolerance, "> 0");
  if (options.max_iterations == 0) detail::raise_value(function, "options.max_iterations", options.max_iterations, ">= 1");
  const T origin = detail::time_origin(function, series, options.time_origin);

  const auto n = static_cast<Eigen::Index>(series.size());
  const auto x = detail::straight_line_design(series, origin);
  vector y(n), offset = vector::Zero(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    y(i) = series.poor()[static_cast<std::size_t>(i)];
    if (options.rate) offset(i) = std::log(series.population()[static_cast<std::size_t>(i)]);
  }
  const T eps = std::numeric_limits<T>::epsilon();
  const auto mean_of = [&](const vector& eta) { return eta.array().exp().max(eps).matrix().eval(); };
  // The deviance and its rounding scale (see detail::poisson_deviance_scale).
  T scale = 0, new_scale = 0;
  const auto deviance_of = [&](const vector& mu, T& rounding_scale) {
    compensated_sum<T> d;
    rounding_scale = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const T log_ratio = y(i) > 0 ? std::log(y(i) / mu(i)) : T(0);
      d.add(2 * ((y(i) > 0 ? y(i) * log_ratio : T(0)) - (y(i) - mu(i))));
      rounding_scale += detail::poisson_deviance_scale(y(i), mu(i), log_ratio);
    }
    return d.value();
  };

  vector mu = (y.array() + T(0.1)).matrix();
  vector eta = mu.array().log().matrix();
  T deviance = deviance_of(mu, scale);
  vector coef = vector::Zero(2);
  // The weighted least squares of the working response z = eta − offset + (y − mu)/mu on the
  // design, weights mu: its coefficients at each step, the whole fit once at the estimates.
  const auto working_response = [&](const vector& eta_now, const vector& mu_now) {
    return vector((eta_now - offset).array() + (y - mu_now).array() / mu_now.array());
  };
  const auto working_options = [](const vector& mu_now) {
    return least_squares_options<T>{.weights = mu_now, .require_full_rank = true};
  };
  fit_status status = fit_status::max_iterations;
  std::size_t iteration = 0;
  while (iteration < options.max_iterations) {
    ++iteration;
    vector new_coef = detail::least_squares_coefficients(x, working_response(eta, mu), working_options(mu));
    vector new_eta = x * new_coef + offset;
    vector new_mu = mean_of(new_eta);
    T new_deviance = deviance_of(new_mu, new_scale);
    // Step halving (R halves only on a non-finite deviance; a rising one is halved too,
    // except on the first step, which starts from mu = y + 0.1 rather than from a fit). A
    // rise below the convergence bound is not a rise (see detail::poisson_step_rises): near
    // the optimum the deviance changes by its rounding error only, and halving on that noise
    // would leave the estimates determined to ~√ε and the decision to the last bits.
    const auto acceptable = [&] {
      return std::isfinite(new_deviance) &&
             (iteration == 1 ||
              !detail::poisson_step_rises(options.tolerance, deviance, scale, new_deviance, new_scale));
    };
    for (int halving = 0; halving < 60 && !acceptable(); ++halving) {
      new_coef = (new_coef + coef) / 2;
      new_eta = x * new_coef + offset;
      new_mu = mean_of(new_eta);
      new_deviance = deviance_of(new_mu, new_scale);
    }
    if (!std::isfinite(new_deviance)) {
      status = fit_status::stalled;
      break;
    }
    const bool converged =
        std::abs(new_deviance - deviance) < detail::poisson_convergence_bound(options.tolerance, scale, new_deviance, new_scale);
    coef = new_coef;
    eta = new_eta;
    mu = new_mu;
    deviance = new_deviance;
    scale = new_scale;
    if (converged) {
      status = fit_status::converged;
      break;
    }
  }
  if (status != fit_status::converged && options.require_convergence)
    detail::raise<convergence_error>(function, "IRLS ended with status " + std::string(to_string(status)) +
                                                   " after " + std::to_string(iteration) + " iterations");
  const auto final_wls = least_squares(x, working_response(eta, mu), working_options(mu));  // (XᵀWX)⁻¹ at the estimates

  trend_fit<T> fit{};
  fit.model = trend_model::poisson;
  fit.link = trend_link::log;
  fit.family = options.variance == dispersion::poisson ? trend_family::poisson : trend_family::quasi_poisson;
  fit.coef_names = {"intercept", "slope"};
  fit.coef = coef;
  fit.time_origin = origin;
  fit.n = series.size();
  fit.df_residual = series.size() - 2;
  compensated_sum<T> pearson, rss, loglik;
  for (Eigen::Index i = 0; i < n; ++i) {
    const T r = y(i) - mu(i);
    pearson.add(r * r / mu(i));
    rss.add(r * r);
    loglik.add(y(i) * std::log(mu(i)) - mu(i) - std::lgamma(y(i) + 1));
  }
  fit.dispersion = options.variance == dispersion::poisson ? T(1) : pearson.value() / static_cast<T>(fit.df_residual);
  fit.sigma = std::sqrt(fit.dispersion);
  fit.vcov = fit.dispersion * final_wls.cov_unscaled;
  fit.se = detail::standard_errors(fit.vcov);
  fit.rss = rss.value();
  fit.deviance = deviance;
  fit.years.assign(series.years().begin(), series.years().end());
  fit.observed.assign(series.poor().begin(), series.poor().end());
  for (Eigen::Index i = 0; i < n; ++i) {
    fit.fitted.push_back(mu(i));
    fit.residuals.push_back(y(i) - mu(i));
  }
  fit.status = status;
  fit.iterations = iteration;
  fit.models_rate = options.rate;
  detail::set_information_criteria(fit, loglik.value(), 2);
  return fit;
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_FIT_POISSON_HPP
