#ifndef POVSTAT_MEASURE_LORENZ_GQ_HPP
#define POVSTAT_MEASURE_LORENZ_GQ_HPP

/// @file
/// The general quadratic (GQ) Lorenz curve of Villaseñor & Arnold (1989) as Datt (1998) and
/// PovcalNet/PIP fit it to grouped data: `fit_lorenz_gq`, `make_lorenz_gq`, and the measures
/// the fitted curve implies, `lorenz_poverty` and `lorenz_distribution`.

#include <Eigen/Core>
#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "povstat/core/error.hpp"
#include "povstat/measure/grouped_data.hpp"
#include "povstat/measure/lorenz_measures.hpp"
#include "povstat/stats/least_squares.hpp"

POVSTAT_NAMESPACE_BEGIN

/// A general quadratic Lorenz curve, L(1 − L) = a(p² − L) + bL(p − 1) + c(p − L), i.e.
///
///   L(p) = −[b p + e + √(m p² + n p + e²)] / 2,
///   e = −(a + b + c + 1),  m = b² − 4a,  n = 2be − 4c,  r = √(n² − 4me²)
///
/// (Datt 1998, Table 2), with the regression that estimated it, its fit to the data and its
/// validity. Built by `fit_lorenz_gq` (from data) or `make_lorenz_gq` (from parameters).
template <std::floating_point T>
struct lorenz_gq_fit {
  T a, b, c;           ///< the regression coefficients
  T e, m, n, r;        ///< Datt's derived parameters (r NaN when n² < 4me²)
  std::array<T, 3> se; ///< standard errors of a, b, c (NaN without residual degrees of freedom)
  T regression_sse;    ///< Σ of squared residuals of the regression of L(1 − L)
  std::size_t df_residual;  ///< points below the top − 3
  T sse;               ///< Σ (L_i − L̂(p_i))² over every point, the top (1, 1) included
  T mean;              ///< μ, the data's mean
  std::vector<T> p;          ///< the data's p (empty from `make_lorenz_gq`)
  std::vector<T> residuals;  ///< L_i − L̂(p_i), one per point of p

  /// The conditions of Datt (1998, Table 2) for a proper Lorenz curve:
  bool through_origin;     ///< L(0) = 0: e < 0
  bool through_top;        ///< L(1) = 1: a + c >= 1 (else L(1) = a + c)
  bool nonnegative_slope;  ///< L'(0+) >= 0: c >= 0 (L'(0) = c / |e|)
  /// L''(p) >= 0 on (0, 1): m < 0; or 0 < m < n²/(4e²) and n >= 0; or 0 < m < −n/2 and
  /// m < n²/(4e²).
  bool convex;

  /// All four conditions: the curve is a Lorenz curve.
  bool valid() const noexcept {
    return through_origin && through_top && nonnegative_slope && convex;
  }
  /// PIP's "normal" GQ fit (wbpip check_curve_validity_lq): e <= 0, c >= 0 and convex — the
  /// conditions without L(1) = 1.
  bool pip_normal() const noexcept { return e <= T(0) && c >= T(0) && convex; }
  /// PIP's "valid" GQ fit: normal and a + c >= 0.9, PIP's relaxation of a + c >= 1.
  bool pip_valid() const noexcept { return pip_normal() && a + c >= T(0.9); }

  /// L(x) at population share x in [0, 1] (NaN outside). Where m x² + n x + e² < 0 (an
  /// invalid curve), it is taken as 0, as PIP does (wbpip value_at_lq, derive_lq).
  T lorenz(T x) const noexcept {
    if (!(x >= T(0) && x <= T(1))) return std::numeric_limits<T>::quiet_NaN();
    return -(b * x + e + std::sqrt(quadratic(x))) / 2;
  }
  /// L'(x) = −b/2 − (2mx + n) / (4 √(mx² + nx + e²)), x in [0, 1] (NaN outside); the welfare
  /// at rank x is μ L'(x).
  T slope(T x) const noexcept {
    if (!(x >= T(0) && x <= T(1))) return std::numeric_limits<T>::quiet_NaN();
    return -b / 2 - (2 * m * x + n) / (4 * std::sqrt(quadratic(x)));
  }
  /// L'(x) given q = 1 − x (the form the quadrature calls; q is not needed here).
  T slope(T x, T /*q*/) const noexcept { return slope(x); }
  /// L''(x) = r² / (8 (mx² + nx + e²)^(3/2)), x in [0, 1] (NaN outside).
  T curvature(T x) const noexcept {
    if (!(x >= T(0) && x <= T(1))) return std::numeric_limits<T>::quiet_NaN();
    const T q = quadratic(x);
    return r * r / (8 * q * std::sqrt(q));
  }

 private:
  T quadratic(T x) const noexcept {
    const T q = (m * x + n) * x + e * e;
    return q < T(0) ? T(0) : q;
  }
};

namespace detail {

/// Fills e, m, n, r and the validity flags from a, b, c.
template <std::floating_point T>
void complete_lorenz_gq(lorenz_gq_fit<T>& fit) {
  fit.e = -(fit.a + fit.b + fit.c + 1);
  fit.m = fit.b * fit.b - 4 * fit.a;
  fit.n = 2 * fit.b * fit.e - 4 * fit.c;
  fit.r = std::sqrt(fit.n * fit.n - 4 * fit.m * fit.e * fit.e);
  fit.through_origin = fit.e < T(0);
  fit.through_top = fit.a + fit.c >= T(1);
  fit.nonnegative_slope = fit.c >= T(0);
  const T bound = fit.n * fit.n / (4 * fit.e * fit.e);
  fit.convex = fit.m < T(0) || (fit.m > T(0) && fit.m < bound && fit.n >= T(0)) ||
               (fit.m > T(0) && fit.m < -fit.n / 2 && fit.m < bound);
}

}  // namespace detail

/// Fits the GQ Lorenz curve to grouped data as Datt (1998, Table 2) and PIP (wbpip
/// `create_functional_form_lq`, `regres`) do: the regression, without intercept, of
/// L(1 − L) on (p² − L, L(p − 1), p − L) over every point but the top (1, 1), which the curve
/// passes through by construction (when a + c >= 1). Least squares by QR (`least_squares`);
/// standard errors s √[(XᵀX)⁻¹]_jj with s² = regression_sse / (points − 3), as wbpip's `regres`.
/// Then e, m, n, r, the validity flags, and the residuals L_i − L̂(p_i) of the curve at every
/// point (the top included), whose sum of squares `sse` PIP compares between curves.
///
/// @param data  grouped data (its invariants guarantee at least three points below the top).
/// @return a `lorenz_gq_fit<T>`.
/// @throws invalid_input when the three regressors are linearly dependent at the data's
///         points (e.g. L = p² exactly makes p² − L zero): the message names the aliased ones.
template <std::floating_point T>
lorenz_gq_fit<T> fit_lorenz_gq(const grouped_data<T>& data) {
  const std::span<const T> p = data.p(), lorenz = data.lorenz();
  const auto rows = static_cast<Eigen::Index>(p.size() - 1);
  Eigen::MatrixX<T> x(rows, 3);
  Eigen::VectorX<T> y(rows);
  for (Eigen::Index i = 0; i < rows; ++i) {
    const T pi = p[static_cast<std::size_t>(i)], li = lorenz[static_cast<std::size_t>(i)];
    x(i, 0) = pi * pi - li;
    x(i, 1) = li * (pi - 1);
    x(i, 2) = pi - li;
    y(i) = li * (1 - li);
  }
  const auto ls = least_squares(x, y);
  detail::check_lorenz_rank("fit_lorenz_gq", "L(1 - L) on (p^2 - L, L(p - 1), p - L)", ls.rank,
                            ls.aliased, {"p^2 - L", "L(p - 1)", "p - L"});

  lorenz_gq_fit<T> fit{};
  fit.a = ls.coef(0);
  fit.b = ls.coef(1);
  fit.c = ls.coef(2);
  fit.se = {ls.se(0), ls.se(1), ls.se(2)};
  fit.regression_sse = ls.rss;
  fit.df_residual = static_cast<std::size_t>(ls.df_residual);
  fit.mean = data.mean();
  detail::complete_lorenz_gq(fit);
  detail::set_lorenz_residuals(fit, p, lorenz);
  return fit;
}

/// A GQ Lorenz curve from its parameters a, b, c and a mean μ (e.g. published ones), with
/// e, m, n, r and the validity flags; no data: se, regression_sse and sse are NaN, p and
/// residuals empty (so `lorenz_poverty` reports ssez as NaN).
/// @throws invalid_input when a parameter is not finite, or mean is not finite or <= 0.
template <std::floating_point T>
lorenz_gq_fit<T> make_lorenz_gq(T a, T b, T c, std::type_identity_t<T> mean) {
  constexpr std::string_view function = "make_lorenz_gq";
  if (!std::isfinite(a)) detail::raise_value(function, "a", a, "finite");
  if (!std::isfinite(b)) detail::raise_value(function, "b", b, "finite");
  if (!std::isfinite(c)) detail::raise_value(function, "c", c, "finite");
  if (!std::isfinite(mean)) detail::raise_value(function, "mean", mean, "finite");
  if (!(mean > T(0))) detail::raise_value(function, "mean", mean, "> 0");
  constexpr T nan = std::numeric_limits<T>::quiet_NaN();
  lorenz_gq_fit<T> fit{};
  fit.a = a;
  fit.b = b;
  fit.c = c;
  fit.se = {nan, nan, nan};
  fit.regression_sse = nan;
  fit.sse = nan;
  fit.mean = mean;
  detail::complete_lorenz_gq(fit);
  return fit;
}

/// Poverty measures from a GQ Lorenz curve and its mean μ for the poverty line z (Datt 1998,
/// Table 2), with u = μ/z:
///
///   H  = −[n + r (b + 2/u) / √((b + 2/u)² − m)] / (2m),
///   PG = H − u L(H),
///   P2 = 2 PG − H − u² [a H + b L(H) − (r/16) log((1 − H/s1) / (1 − H/s2))],
///        s1 = (r − n)/(2m), s2 = −(r + n)/(2m); for m = 0 (where s1, s2 are undefined),
///   P2 = H − 2u L(H) + u² [b²H/4 + (b/2)(√(nH + e²) − |e|) + (n/16) log((nH + e²)/e²)],
///        the integral of (1 − u L')² done directly;
///
/// H is 0 when z <= μ L'(0) and 1 when z >= μ L'(1); should the closed form fail (m = 0, or a
/// curve that is not convex) H is found as the root of μ L'(H) = z instead. Watts
/// (no closed form) by tanh-sinh quadrature of log(z / (μ L'(p))) over the poor of positive
/// welfare; ssez as in `lorenz_poverty_result`. Exact values of the fitted curve: PIP's
/// closed forms agree to rounding, its Watts is a trapezoid sum (see docs/measures.md).
///
/// @param fit           a fitted (or made) GQ curve; measures of a curve that is not
///                      `valid()` are computed by the same formulas, and may be meaningless.
/// @param z             the poverty line, finite and > 0, in the unit of the mean.
/// @throws invalid_input when z is not finite or <= 0.
template <std::floating_point T>
lorenz_poverty_result<T> lorenz_poverty(const lorenz_gq_fit<T>& fit,
                                        std::type_identity_t<T> z) {
  detail::check_lorenz_poverty_line("lorenz_poverty", z);
  const T ratio = z / fit.mean, u = fit.mean / z;
  T headcount;
  bool inside = false;
  if (ratio <= fit.slope(T(0))) {
    headcount = T(0);
  } else if (ratio >= fit.slope(T(1))) {
    headcount = T(1);
  } else {
    const T bu = fit.b + 2 * ratio;
    headcount = -(fit.n + fit.r * bu / std::sqrt(bu * bu - fit.m)) / (2 * fit.m);
    inside = headcount > T(0) && headcount < T(1);
    if (!inside) std::tie(headcount, inside) = detail::lorenz_headcount_by_root(fit, ratio);
  }
  const T l_h = fit.lorenz(headcount);
  const T gap = headcount - u * l_h;
  T severity = T(0);
  if (headcount > T(0) && fit.m != T(0)) {
    const T s1 = (fit.r - fit.n) / (2 * fit.m), s2 = -(fit.r + fit.n) / (2 * fit.m);
    severity = 2 * gap - headcount -
               u * u *
                   (fit.a * headcount + fit.b * l_h -
                    fit.r / 16 * std::log((1 - headcount / s1) / (1 - headcount / s2)));
  } else if (headcount > T(0)) {
    // m = 0 (s1, s2 undefined): L'² = b²/4 + bn / (4√Q) + n² / (16Q) with Q = np + e² linear.
    const T q_h = fit.n * headcount + fit.e * fit.e;
    const T slope_squared = fit.b * fit.b * headcount / 4 +
                            fit.b / 2 * (std::sqrt(q_h) - std::abs(fit.e)) +
                            fit.n / 16 * std::log(q_h / (fit.e * fit.e));
    severity = headcount - 2 * u * l_h + u * u * slope_squared;
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

/// Distribution measures from a GQ Lorenz curve (Datt 1998; wbpip gd_compute_gini_lq,
/// gd_compute_dist_stats_lq). The Gini in closed form, G = 1 + b/2 + e + ∫₀¹ √(mp² + np + e²) dp:
///
///   m < 0:  G = 1 + b/2 + e + [(2m + n) e₁ − n|e|] / (4m)
///               + r² / (8m √−m) · [asin((2m + n)/r) − asin(n/r)],
///   m > 0:  G = 1 + b/2 + e + [(2m + n) e₁ − n|e|] / (4m)
///               − r² / (8 m^(3/2)) · log[(2m + n + 2√m e₁) / (n + 2√m |e|)],
///   m = 0:  G = 1 + b/2 + e + 2 (e₁³ − |e|³) / (3n)   (|e| when n = 0 too),
///
/// e₁ = |a + c − 1| = √(m + n + e²); median μ L'(1/2); MLD by tanh-sinh quadrature;
/// polarization 2 (1 − G − 2 L(1/2)) / L'(1/2).
template <std::floating_point T>
lorenz_distribution_result<T> lorenz_distribution(const lorenz_gq_fit<T>& fit) {
  const T e1 = std::abs(fit.a + fit.c - 1), abs_e = std::abs(fit.e);
  const T m = fit.m, n = fit.n, r2 = fit.r * fit.r;
  T root_integral;  // ∫₀¹ √(mp² + np + e²) dp
  if (m == T(0)) {
    root_integral = n == T(0) ? abs_e : 2 * (e1 * e1 * e1 - abs_e * abs_e * abs_e) / (3 * n);
  } else {
    const T algebraic = ((2 * m + n) * e1 - n * abs_e) / (4 * m);
    if (m > T(0)) {
      const T root_m = std::sqrt(m);
      root_integral = algebraic - r2 / (8 * m * root_m) *
                                      std::log(std::abs((2 * m + n + 2 * root_m * e1) /
                                                        (n + 2 * root_m * abs_e)));
    } else {
      const auto clamp = [](T v) { return v < T(-1) ? T(-1) : (v > T(1) ? T(1) : v); };
      root_integral = algebraic + r2 / (8 * m * std::sqrt(-m)) *
                                      (std::asin(clamp((2 * m + n) / fit.r)) -
                                       std::asin(clamp(n / fit.r)));
    }
  }
  return detail::lorenz_distribution_common(fit, 1 + fit.b / 2 + fit.e + root_integral);
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_MEASURE_LORENZ_GQ_HPP
