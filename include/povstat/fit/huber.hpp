#ifndef POVSTAT_FIT_HUBER_HPP
#define POVSTAT_FIT_HUBER_HPP

/// @file
/// `fit_huber`: a straight-line trend in the counts by Huber's M-estimator (IRLS), as R's
/// `MASS::rlm` with its default psi, scale and standard errors.

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

#include "povstat/core/check.hpp"
#include "povstat/core/error.hpp"
#include "povstat/core/fit_status.hpp"
#include "povstat/core/population_series.hpp"
#include "povstat/detail/trend_common.hpp"
#include "povstat/fit/trend_fit.hpp"
#include "povstat/stats/least_squares.hpp"
#include "povstat/stats/summation.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Options of `fit_huber`.
template <std::floating_point T>
struct huber_options {
  /// t0 of the model; default: the first year of the series. With 0, coef equals R's
  /// `coef(MASS::rlm(poor ~ year))`.
  std::optional<T> time_origin = std::nullopt;
  /// Huber's tuning constant k > 0 (R: `k = 1.345`, 95% efficiency at the normal): residuals
  /// beyond k robust scales are down-weighted by k/|r/s|. k = +inf gives least squares.
  T k = T(1.345);
  /// Convergence: sqrt(Σ(r_old − r_new)² / max(1e-20, Σ r_old²)) <= tolerance, r the residuals
  /// of successive iterations (rlm's `acc`, whose default there is 1e-4).
  T tolerance = T(1e-10);
  /// Iteration limit, counted in weighted least-squares fits (rlm's `maxit`, 20 there).
  std::size_t max_iterations = 50;
  /// Throw `convergence_error` instead of reporting a status other than `converged`.
  bool require_convergence = false;
};

namespace detail::huber {

/// rlm's MAD scale: median|r| / 0.6745 (not centred at the median of r).
template <std::floating_point T>
T mad_scale(const Eigen::Matrix<T, Eigen::Dynamic, 1>& residuals) {
  std::vector<T> a(static_cast<std::size_t>(residuals.size()));
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = std::abs(residuals(static_cast<Eigen::Index>(i)));
  const auto middle = a.begin() + static_cast<std::ptrdiff_t>(a.size() / 2);
  std::nth_element(a.begin(), middle, a.end());
  T median = *middle;
  if (a.size() % 2 == 0) median = (*std::max_element(a.begin(), middle) + median) / 2;
  return median / T(0.6745);
}

/// Huber's weight psi(u)/u = min(1, k/|u|).
template <std::floating_point T>
T weight(T u, T k) {
  const T a = std::abs(u);
  return a <= k ? T(1) : k / a;
}

}  // namespace detail::huber

/// Fits poor = b0 + b1·(t − t0) by Huber's M-estimator, computed as R's
/// `MASS::rlm(psi = psi.huber, k = options.k, scale.est = "MAD", method = "M")` (Venables &
/// Ripley 2002, §6.5): start from least squares; then, in each iteration, the scale
/// s = median|r| / 0.6745 of the current residuals (rlm's MAD, not centred), the weights
/// w_i = min(1, k / |r_i/s|) (kept above the smallest normal number of T, so that no year
/// drops out of the fit), and a weighted least-squares fit (QR, see `least_squares`) that
/// gives new residuals; stop when sqrt(Σ(r_old − r_new)² / max(1e-20, Σ r_old²)) <=
/// `tolerance` (rlm's criterion with `test.vec = "resid"`).
///
/// IRLS converges linearly: the error left is about tolerance / (1 − rate), and the rate can
/// approach 1; with 3 or 4 years the MAD of the residuals may shrink towards 0 as the line
/// approaches two of the points, and IRLS then creeps on without converging (rlm too): check
/// `status`.
///
/// Round-off: rlm stops (converged) when s = 0; povstat stops when s is at round-off level,
/// s <= 8·n·ε·max|poor| (the line is exact to working precision, which rlm would loop on),
/// and also counts as converged a step whose residual changes are all at that level (so that
/// a `tolerance` below the precision of T, e.g. the default with `float`, still converges).
///
/// Result: `coef = (intercept, slope)`; `sigma` = the scale s of the last iteration (rlm's
/// `s`), `dispersion` = sigma²; standard errors as `summary.rlm(method = "XtX")` (Huber 1981,
/// §7.6, with the correction factor kappa of Huber 1973): with u = r/s at the final residuals, p = 2,
/// S = Σ(r·psi(u)/u)² / (n − p), psi'(u) = 1{|u| <= k}, m = mean psi', kappa = 1 +
/// p·var(psi')/(n·m²) (var with n − 1), vcov = (sqrt(S)·kappa/m)² (XᵀX)⁻¹. When the fit is
/// exact (s at round-off), residuals at round-off count as u = 0 and the others as u = ±inf,
/// so vcov is at round-off too. `rss` = `deviance` = Σ r²; `loglik`, `aic`, `aicc`, `bic`,
/// `r_squared` empty (no likelihood); `iterations` = weighted fits done (rlm's
/// `length(conv)`); `status` converged or max_iterations. The final weight of year i is
/// min(1, k / |residuals[i] / sigma|).
///
/// Sources: P. J. Huber (1964), "Robust estimation of a location parameter", Ann. Math.
/// Statist. 35, 73–101; P. J. Huber (1973), "Robust regression: asymptotics, conjectures and
/// Monte Carlo", Ann. Statist. 1, 799–821; P. J. Huber (1981), Robust Statistics, Wiley, §7.6 and §7.8;
/// W. N. Venables and B. D. Ripley (2002), Modern Applied Statistics with S, 4th ed.,
/// Springer, §6.5 (the `rlm` function of R's MASS package).
/// @throws insufficient_data with fewer than 3 years (2 coefficients and 1 degree of
///         freedom for the residual scale).
/// @throws invalid_input on k <= 0 or NaN, tolerance <= 0 or NaN, max_iterations = 0, a
///         non-finite time origin; and when no final residual lies within k scales (every
///         year down-weighted as an outlier, m = 0: the standard errors are undefined — this
///         happens only with a very small k, typically when IRLS was stopped early).
/// @throws convergence_error when `require_convergence` and IRLS did not converge.
template <std::floating_point T>
trend_fit<T> fit_huber(const population_series<T>& series, const huber_options<T>& options = {}) {
  using vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
  constexpr std::string_view function = "fit_huber";
  detail::check_trend_size(function, series, 3, "2 coefficients and 1 degree of freedom for the residual scale");
  if (!(options.k > T(0))) detail::raise_value(function, "options.k", options.k, "> 0");
  if (!(options.tolerance > T(0))) detail::raise_value(function, "options.tolerance", options.tolerance, "> 0");
  if (options.max_iterations == 0) detail::raise_value(function, "options.max_iterations", options.max_iterations, ">= 1");
  const T origin = detail::time_origin(function, series, options.time_origin);

  const auto n = static_cast<Eigen::Index>(series.size());
  const auto x = detail::straight_line_design(series, origin);
  const vector y = Eigen::Map<const vector>(series.poor().data(), n);
  const T k = options.k;
  const T round_off = 8 * static_cast<T>(n) * std::numeric_limits<T>::epsilon() * y.cwiseAbs().maxCoeff();

  const auto start = least_squares(x, y, least_squares_options<T>{.require_full_rank = true});
  vector coef = start.coef;
  vector residuals = start.residuals;
  T scale = 0;
  bool exact = false;
  fit_status status = fit_status::max_iterations;
  std::size_t iteration = 0;
  while (iteration < options.max_iterations) {
    scale = detail::huber::mad_scale(residuals);
    if (scale <= round_off) {  // rlm: scale == 0
      exact = true;
      status = fit_status::converged;
      break;
    }
    vector w(n);
    for (Eigen::Index i = 0; i < n; ++i)
      w(i) = std::max(detail::huber::weight(residuals(i) / scale, k), std::numeric_limits<T>::min());
    ++iteration;
    const auto wls = least_squares(x, y, least_squares_options<T>{.weights = w, .require_full_rank = true});
    compensated_sum<T> old_squares, change_squares;
    T largest_change = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const T d = residuals(i) - wls.residuals(i);
      old_squares.add(residuals(i) * residuals(i));
      change_squares.add(d * d);
      largest_change = std::max(largest_change, std::abs(d));
    }
    coef = wls.coef;
    residuals = wls.residuals;
    const T change = std::sqrt(change_squares.value() / std::max(T(1e-20), old_squares.value()));
    if (change <= options.tolerance || largest_change <= round_off) {
      status = fit_status::converged;
      break;
    }
  }
  if (status != fit_status::converged && options.require_convergence)
    detail::raise<convergence_error>(function, "IRLS ended with status " + std::string(to_string(status)) +
                                                   " after " + detail::count_text(iteration, "iteration"));

  trend_fit<T> fit{};
  fit.model = trend_model::huber;
  fit.link = trend_link::identity;
  fit.family = trend_family::robust;
  fit.coef_names = {"intercept", "slope"};
  fit.coef = coef;
  fit.time_origin = origin;
  fit.n = series.size();
  fit.df_residual = series.size() - 2;
  fit.years.assign(series.years().begin(), series.years().end());
  fit.observed.assign(series.poor().begin(), series.poor().end());
  const vector fitted = x * coef;
  compensated_sum<T> rss, weighted_squares;
  std::size_t inside = 0;  // years with |u| <= k: psi' = 1
  for (Eigen::Index i = 0; i < n; ++i) {
    const T r = y(i) - fitted(i);
    fit.fitted.push_back(fitted(i));
    fit.residuals.push_back(r);
    rss.add(r * r);
    const T u = !exact ? r / scale
                       : (std::abs(r) <= round_off ? T(0) : std::numeric_limits<T>::infinity());
    const T rw = std::abs(u) <= k ? r : r * (k / std::abs(u));  // r · psi(u)/u
    weighted_squares.add(rw * rw);
    if (std::abs(u) <= k) ++inside;
  }
  if (inside == 0)
    detail::raise(function, "no residual lies within k = " + detail::format_number(k) +
                                " scales of the fit (every year is down-weighted as an outlier, after " +
                                detail::count_text(iteration, "iteration") +
                                "), so the standard errors are undefined; use a larger options.k or more iterations");
  const T nn = static_cast<T>(n), p = 2;
  const T m = static_cast<T>(inside) / nn;
  const T var_psi_prime = static_cast<T>(inside) * (1 - m) / (nn - 1);  // Σ(psi' − m)² / (n − 1)
  const T kappa = 1 + p * var_psi_prime / (nn * m * m);
  const T s_squared = weighted_squares.value() / (nn - p);
  const T stddev = std::sqrt(s_squared) * kappa / m;
  fit.sigma = scale;
  fit.dispersion = scale * scale;
  fit.vcov = stddev * stddev * start.cov_unscaled;
  fit.se = detail::standard_errors(fit.vcov);
  fit.rss = rss.value();
  fit.deviance = fit.rss;
  fit.status = status;
  fit.iterations = iteration;
  return fit;
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_FIT_HUBER_HPP
