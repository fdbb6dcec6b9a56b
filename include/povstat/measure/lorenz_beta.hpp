#ifndef POVSTAT_MEASURE_LORENZ_BETA_HPP
#define POVSTAT_MEASURE_LORENZ_BETA_HPP

/// @file
/// The beta Lorenz curve of Kakwani (1980) as Datt (1998) and PovcalNet/PIP fit it to grouped
/// data: `fit_lorenz_beta`, `make_lorenz_beta`, and the measures the fitted curve implies,
/// `lorenz_poverty` and `lorenz_distribution`.

#include <boost/math/special_functions/beta.hpp>
#include <Eigen/Core>
#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <span>
#include <type_traits>
#include <vector>

#include "povstat/core/error.hpp"
#include "povstat/measure/grouped_data.hpp"
#include "povstat/measure/lorenz_measures.hpp"
#include "povstat/stats/distributions.hpp"
#include "povstat/stats/least_squares.hpp"

POVSTAT_NAMESPACE_BEGIN

/// A beta Lorenz curve, L(p) = p − θ p^γ (1 − p)^δ (Kakwani 1980; Datt 1998, Table 2), with
/// the regression that estimated it, its fit to the data and its validity. Built by
/// `fit_lorenz_beta` (from data) or `make_lorenz_beta` (from parameters).
template <std::floating_point T>
struct lorenz_beta_fit {
  T theta, gamma, delta;  ///< θ = exp(intercept), γ, δ
  std::array<T, 3> se;    ///< standard errors of log θ (the intercept), γ and δ
  T regression_sse;       ///< Σ of squared residuals of the regression of log(p − L)
  std::size_t df_residual;  ///< points below the top − 3
  T sse;                  ///< Σ (L_i − L̂(p_i))² over every point (the top's residual is 0)
  T mean;                 ///< μ, the data's mean
  std::vector<T> p;          ///< the data's p (empty from `make_lorenz_beta`)
  std::vector<T> residuals;  ///< L_i − L̂(p_i), one per point of p

  /// PIP's checks (wbpip check_curve_validity_lb), on a grid, since L'(0+) = −∞ whenever
  /// γ < 1 and the exact condition would reject nearly every fitted curve:
  bool nondecreasing;  ///< L'(p) >= 0 at p = 0.001 and 0.051
  bool convex;         ///< L''(p) >= 0 at p = 0.001, 0.051, …, 0.951

  /// Both checks: PIP's "valid" beta fit.
  bool valid() const noexcept { return nondecreasing && convex; }

  /// L(x) at population share x in [0, 1] (NaN outside).
  T lorenz(T x) const noexcept {
    if (!(x >= T(0) && x <= T(1))) return std::numeric_limits<T>::quiet_NaN();
    return x - theta * std::pow(x, gamma) * std::pow(1 - x, delta);
  }
  /// L'(x) = 1 − θ x^γ (1 − x)^δ [γ/x − δ/(1 − x)], x in [0, 1] (NaN outside), with its
  /// limits at the ends (L'(0) = −∞ for γ < 1, 1 − θ for γ = 1, 1 for γ > 1; L'(1) = +∞ for
  /// δ < 1, 1 + θ for δ = 1, 1 for δ > 1; θ > 0). The welfare at rank x is μ L'(x).
  T slope(T x) const noexcept { return slope(x, 1 - x); }
  /// L'(x) with q = 1 − x given (exact near x = 1, where 1 − x is not representable).
  T slope(T x, T q) const noexcept {
    if (!(x >= T(0) && x <= T(1))) return std::numeric_limits<T>::quiet_NaN();
    constexpr T inf = std::numeric_limits<T>::infinity();
    if (theta == T(0)) return T(1);
    if (x == T(0)) {
      if (gamma > T(1)) return T(1);
      if (gamma == T(1)) return 1 - theta;
      return theta > T(0) ? -inf : inf;
    }
    if (q == T(0)) {
      if (delta > T(1)) return T(1);
      if (delta == T(1)) return 1 + theta;
      return theta > T(0) ? inf : -inf;
    }
    return 1 - theta * std::pow(x, gamma) * std::pow(q, delta) * (gamma / x - delta / q);
  }
  /// L''(x) = θ x^γ (1 − x)^δ [γ(1 − γ)/x² + 2γδ/(x(1 − x)) + δ(1 − δ)/(1 − x)²], x in (0, 1).
  T curvature(T x) const noexcept {
    if (!(x > T(0) && x < T(1))) return std::numeric_limits<T>::quiet_NaN();
    const T q = 1 - x;
    return theta * std::pow(x, gamma) * std::pow(q, delta) *
           (gamma * (1 - gamma) / (x * x) + 2 * gamma * delta / (x * q) +
            delta * (1 - delta) / (q * q));
  }
};

namespace detail {

/// PIP's grid checks (wbpip check_curve_validity_lb: seq(0.001, 0.1, by = 0.05) for L',
/// seq(0.001, 0.999, by = 0.05) for L'').
template <std::floating_point T>
void complete_lorenz_beta(lorenz_beta_fit<T>& fit) {
  const auto grid = [](int k) { return T(0.001) + T(0.05) * T(k); };
  fit.nondecreasing = true;
  for (int k = 0; k < 2; ++k) fit.nondecreasing = fit.nondecreasing && !(fit.slope(grid(k)) < T(0));
  fit.convex = true;
  for (int k = 0; k < 20; ++k) fit.convex = fit.convex && !(fit.curvature(grid(k)) < T(0));
}

/// ∫₀ˣ t^(a−1) (1 − t)^(b−1) dt, the incomplete beta function B(x; a, b) not normalised, for
/// 0 <= x <= 1: Boost.Math for a, b > 0; +inf where it diverges (a <= 0, or x = 1 and
/// b <= 0); for b <= 0 and x < 1 (finite there), tanh-sinh quadrature.
template <std::floating_point T>
T unnormalised_incomplete_beta(T a, T b, T x) {
  constexpr T inf = std::numeric_limits<T>::infinity();
  if (x == T(0)) return T(0);
  if (!(a > T(0))) return inf;
  if (b > T(0)) return boost::math::beta(a, b, x, math_policy());
  if (x == T(1)) return inf;
  boost::math::quadrature::tanh_sinh<T, math_policy> integrator;  // integrate() is not const
  return integrator.integrate(
      [a, b](T t) { return std::pow(t, a - 1) * std::pow(1 - t, b - 1); },
      T(0), x, lorenz_quadrature_tolerance<T>());
}

}  // namespace detail

/// Fits the beta Lorenz curve to grouped data as Datt (1998, Table 2) and PIP (wbpip
/// `create_functional_form_lb`, `regres`) do: the regression, with intercept, of log(p − L)
/// on (log p, log(1 − p)) over every point but the top (1, 1); θ = exp(intercept). Least
/// squares by QR (`least_squares`); standard errors s √[(XᵀX)⁻¹]_jj, s² = regression_sse /
/// (points − 3), for log θ, γ and δ. Then PIP's validity checks and the residuals
/// L_i − L̂(p_i) at every point, whose sum of squares `sse` PIP compares between curves.
///
/// @param data  grouped data (its invariants give p − L > 0 below the top, so the logs exist).
/// @return a `lorenz_beta_fit<T>`.
/// @throws invalid_input when log p and log(1 − p) are linearly dependent with the constant
///         at the data's points (impossible with three distinct p below the top; kept as a
///         guard).
template <std::floating_point T>
lorenz_beta_fit<T> fit_lorenz_beta(const grouped_data<T>& data) {
  const std::span<const T> p = data.p(), lorenz = data.lorenz();
  const auto rows = static_cast<Eigen::Index>(p.size() - 1);
  Eigen::MatrixX<T> x(rows, 3);
  Eigen::VectorX<T> y(rows);
  for (Eigen::Index i = 0; i < rows; ++i) {
    const T pi = p[static_cast<std::size_t>(i)], li = lorenz[static_cast<std::size_t>(i)];
    x(i, 0) = T(1);
    x(i, 1) = std::log(pi);
    x(i, 2) = std::log1p(-pi);
    y(i) = std::log(pi - li);
  }
  const auto ls = least_squares(x, y);
  detail::check_lorenz_rank("fit_lorenz_beta", "log(p - L) on (1, log p, log(1 - p))", ls.rank,
                            ls.aliased, {"1", "log p", "log(1 - p)"});

  lorenz_beta_fit<T> fit{};
  fit.theta = std::exp(ls.coef(0));
  fit.gamma = ls.coef(1);
  fit.delta = ls.coef(2);
  fit.se = {ls.se(0), ls.se(1), ls.se(2)};
  fit.regression_sse = ls.rss;
  fit.df_residual = static_cast<std::size_t>(ls.df_residual);
  fit.mean = data.mean();
  detail::complete_lorenz_beta(fit);
  detail::set_lorenz_residuals(fit, p, lorenz);
  return fit;
}

/// A beta Lorenz curve from its parameters θ, γ, δ and a mean μ, with PIP's validity
/// checks; no data: se, regression_sse and sse are NaN, p and residuals empty.
/// @throws invalid_input when a parameter is not finite, or mean is not finite or <= 0.
template <std::floating_point T>
lorenz_beta_fit<T> make_lorenz_beta(T theta, T gamma, T delta, std::type_identity_t<T> mean) {
  constexpr std::string_view function = "make_lorenz_beta";
  if (!std::isfinite(theta)) detail::raise_value(function, "theta", theta, "finite");
  if (!std::isfinite(gamma)) detail::raise_value(function, "gamma", gamma, "finite");
  if (!std::isfinite(delta)) detail::raise_value(function, "delta", delta, "finite");
  if (!std::isfinite(mean)) detail::raise_value(function, "mean", mean, "finite");
  if (!(mean > T(0))) detail::raise_value(function, "mean", mean, "> 0");
  constexpr T nan = std::numeric_limits<T>::quiet_NaN();
  lorenz_beta_fit<T> fit{};
  fit.theta = theta;
  fit.gamma = gamma;
  fit.delta = delta;
  fit.se = {nan, nan, nan};
  fit.regression_sse = nan;
  fit.sse = nan;
  fit.mean = mean;
  detail::complete_lorenz_beta(fit);
  return fit;
}

/// Poverty measures from a beta Lorenz curve and its mean μ for the poverty line z (Datt
/// 1998, Table 2), with u = μ/z:
///
///   H solves θ H^γ (1 − H)^δ [γ/H − δ/(1 − H)] = 1 − z/μ, i.e. μ L'(H) = z (TOMS 748 to
///     full precision; 0 when z <= μ L'(0+), 1 when z >= μ L'(1−)),
///   PG = H − u L(H),
///   P2 = (1 − u) [2 PG − (1 − u) H]
///        + θ² u² [γ² B(H; 2γ − 1, 2δ + 1) − 2γδ B(H; 2γ, 2δ) + δ² B(H; 2γ + 1, 2δ − 1)],
///
/// B(x; a, b) = ∫₀ˣ t^(a−1) (1 − t)^(b−1) dt the incomplete beta function; P2 is +inf when
/// γ <= 1/2 (the curve implies incomes that fall to −∞ too fast at the bottom for the squared
/// gap to be integrable). Watts by tanh-sinh quadrature over the poor of positive welfare
/// (for γ < 1 the curve implies non-positive welfare below the root of L'); ssez as in
/// `lorenz_poverty_result`. PIP solves for H to 1e-4 and sums Watts on a grid; these are the
/// exact values of the same definitions (see docs/measures.md).
///
/// @param fit           a fitted (or made) beta curve; measures of a curve that is not
///                      `valid()` are computed by the same formulas, and may be meaningless.
/// @param z             the poverty line, finite and > 0, in the unit of the mean.
/// @throws invalid_input when z is not finite or <= 0.
template <std::floating_point T>
lorenz_poverty_result<T> lorenz_poverty(const lorenz_beta_fit<T>& fit,
                                        std::type_identity_t<T> z) {
  detail::check_lorenz_poverty_line("lorenz_poverty", z);
  const T ratio = z / fit.mean, u = fit.mean / z;
  const auto [headcount, inside] = detail::lorenz_headcount_by_root(fit, ratio);
  const T gap = headcount - u * fit.lorenz(headcount);
  T severity = T(0);
  if (headcount > T(0)) {
    const T g = fit.gamma, d = fit.delta, v = 1 - u;
    severity = v * (2 * gap - v * headcount) +
               fit.theta * fit.theta * u * u *
                   (g * g * detail::unnormalised_incomplete_beta(2 * g - 1, 2 * d + 1, headcount) -
                    2 * g * d * detail::unnormalised_incomplete_beta(2 * g, 2 * d, headcount) +
                    d * d * detail::unnormalised_incomplete_beta(2 * g + 1, 2 * d - 1, headcount));
  }
  return {.poverty_line = z,
          .headcount = headcount,
          .poverty_gap = gap,
          .severity = severity,
          .watts = detail::lorenz_watts(fit, headcount, ratio),
          .ssez = fit.p.empty() ? std::numeric_limits<T>::quiet_NaN()
                                : detail::errors_up_to_headcount<T>(fit.p, fit.residuals, headcount),
          .line_within_range = inside};
}

/// Distribution measures from a beta Lorenz curve: G = 2θ B(1 + γ, 1 + δ) (the complete beta
/// function; Datt 1998, Table 2; PIP approximates it by Simpson's rule on 1000 intervals),
/// median μ L'(1/2), MLD by tanh-sinh quadrature, polarization 2 (1 − G − 2 L(1/2)) / L'(1/2).
/// The Gini is NaN unless γ > −1 and δ > −1 (where the integral exists).
template <std::floating_point T>
lorenz_distribution_result<T> lorenz_distribution(const lorenz_beta_fit<T>& fit) {
  const T gini = fit.gamma > T(-1) && fit.delta > T(-1)
                     ? 2 * fit.theta * boost::math::beta(1 + fit.gamma, 1 + fit.delta,
                                                         detail::math_policy())
                     : std::numeric_limits<T>::quiet_NaN();
  return detail::lorenz_distribution_common(fit, gini);
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_MEASURE_LORENZ_BETA_HPP
