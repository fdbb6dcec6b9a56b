#ifndef POVSTAT_MEASURE_LORENZ_MEASURES_HPP
#define POVSTAT_MEASURE_LORENZ_MEASURES_HPP

/// @file
/// What a fitted Lorenz curve L (with mean μ) says about a distribution: the result types of
/// `lorenz_poverty` (headcount, poverty gap, severity, Watts, for a poverty line z) and
/// `lorenz_distribution` (Gini, median, mean log deviation, polarization), and the parts of
/// their computation that do not depend on the curve's form. The forms themselves — GQ and
/// beta, with their closed forms — are in measure/lorenz_gq.hpp and measure/lorenz_beta.hpp.
///
/// Everything rests on one identity: the welfare of the person at population rank p is
/// y(p) = μ L'(p) (Kakwani 1980; Datt 1998). So the headcount H solves
/// μ L'(H) = z, and each measure is an integral over p.

#include <boost/math/policies/error_handling.hpp>
#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/tools/toms748_solve.hpp>
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "povstat/core/error.hpp"
#include "povstat/stats/distributions.hpp"
#include "povstat/stats/summation.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Poverty measures implied by a fitted Lorenz curve and a mean μ, for a poverty line z.
/// With y(p) = μ L'(p) the welfare at population rank p:
template <std::floating_point T>
struct lorenz_poverty_result {
  T poverty_line;  ///< z
  /// H, the share of the population below z: the p with μ L'(p) = z; 0 when z <= μ L'(0+)
  /// (everyone is above the line), 1 when z >= μ L'(1−).
  T headcount;
  T poverty_gap;  ///< PG = ∫₀ᴴ (1 − y(p)/z) dp = H − (μ/z) L(H)
  T severity;     ///< P2 = ∫₀ᴴ (1 − y(p)/z)² dp (FGT α = 2); +inf when the curve implies incomes → −∞ too fast
  /// Watts = ∫ log(z / y(p)) dp over the poor of positive welfare, {p < H : L'(p) > 0}; a
  /// curve whose slope is negative near p = 0 (beta with γ < 1) implies a few non-positive
  /// incomes, which count as 0, as PIP counts them for microdata.
  T watts;
  /// Σ (L_i − L̂(p_i))² over the points with p_i < H and the first point at or above H: the
  /// fit's error "below the headcount", PIP's criterion to choose a curve for poverty measures.
  T ssez;
  /// μ L'(0+) < z < μ L'(1−): the line falls inside the range of welfare the curve implies, so
  /// H is a root in (0, 1) rather than 0 or 1 (PIP's "normal" beta fit needs it).
  bool line_within_range;
};

/// Distribution measures implied by a fitted Lorenz curve and a mean μ.
template <std::floating_point T>
struct lorenz_distribution_result {
  T gini;     ///< G = 1 − 2 ∫₀¹ L(p) dp
  T median;   ///< μ L'(1/2)
  /// Mean log deviation, log μ − E[log y] = −∫ log L'(p) dp over {p : L'(p) > 0} (non-positive
  /// incomes, where a curve implies any, count as 0, as for Watts).
  T mld;
  /// Wolfson's polarization index, 2 (1 − G − 2 L(1/2)) / L'(1/2), as PIP computes it
  /// (wbpip gd_compute_polarization_lq/_lb with p0 = 1/2; Wolfson 1994).
  T polarization;
};

namespace detail {

/// The poverty line: finite and > 0.
template <std::floating_point T>
void check_lorenz_poverty_line(std::string_view function, T z) {
  if (!std::isfinite(z)) raise_value(function, "z", z, "finite");
  if (!(z > T(0))) raise_value(function, "z", z, "> 0");
}

/// Iterations allowed to the root finders (TOMS 748 needs ~10 for full precision).
inline constexpr std::uintmax_t lorenz_root_iterations = 200;

/// The root of `f` in [lo, hi], f(lo) <= 0 < f(hi), to full precision (TOMS 748); NaN when
/// f does not change sign there, or the solver gives up (a curve that is not a Lorenz curve,
/// NaN inside the bracket): measures are then NaN rather than an exception.
template <std::floating_point T, class F>
T lorenz_root(const F& f, T lo, T hi) {
  constexpr T nan = std::numeric_limits<T>::quiet_NaN();
  const T f_lo = f(lo), f_hi = f(hi);
  if (!(f_lo <= T(0) && f_hi > T(0))) return nan;
  if (f_lo == T(0)) return lo;
  std::uintmax_t iterations = lorenz_root_iterations;
  try {
    const auto [a, b] = boost::math::tools::toms748_solve(
        f, lo, hi, f_lo, f_hi, boost::math::tools::eps_tolerance<T>(), iterations, math_policy());
    return a + (b - a) / 2;
  } catch (const boost::math::evaluation_error&) {
    return nan;
  } catch (const std::domain_error&) {
    return nan;
  }
}

/// p0 such that L' > 0 on (p0, upper] and L' <= 0 just below p0 (L' is increasing on a
/// convex curve): 0 when L'(0+) >= 0, `upper` when L'(upper) <= 0. `Curve` has slope(p),
/// exact at p = 0 and p = 1 (the limits).
template <class Curve, std::floating_point T>
T first_positive_slope(const Curve& curve, T upper) {
  if (curve.slope(T(0)) >= T(0)) return T(0);
  if (!(curve.slope(upper) > T(0))) return upper;
  T hi = upper < T(1) ? upper : T(0.5);
  for (int k = 0; k < std::numeric_limits<T>::digits && !(curve.slope(hi) > T(0)); ++k)
    hi = T(1) - (T(1) - hi) / 2;
  T lo = hi / 2;
  while (lo > T(0) && curve.slope(lo) > T(0)) lo /= 2;
  return lorenz_root([&curve](T p) { return curve.slope(p); }, lo, hi);
}

/// The relative tolerance asked of the quadrature: ε^(2/3) (≈ 4e-11 in double); tanh-sinh
/// converges double-exponentially, so the error is then well below it.
template <std::floating_point T>
T lorenz_quadrature_tolerance() {
  return std::pow(std::numeric_limits<T>::epsilon(), T(2) / T(3));
}

/// ∫_lo^hi log L'(p) dp by tanh-sinh quadrature (Takahasi & Mori 1974; Boost.Math), which
/// copes with the integrable singularities at the ends: L' → 0 at the root p0, L' → ∞ at
/// p = 1 for a beta curve with δ < 1. `slope(p, q)` is L'(p) with q = 1 − p given exactly
/// (at nodes close to 1, 1 − p is not representable but the quadrature knows it). Nodes where
/// rounding makes L' <= 0 beside the root count as log of the smallest normal number, and an
/// infinite L' as log of the largest (their weight is negligible). NaN when L' is NaN anywhere
/// (a curve not real on [lo, hi]) or the quadrature gives up.
template <std::floating_point T, class Slope>
T integral_of_log_slope(const Slope& slope, T lo, T hi) {
  if (!(hi > lo)) return T(0);
  bool undefined = false;
  const auto integrand = [&](T x, T xc) -> T {
    // xc < 0: x − lo = −xc; xc > 0: hi − x = xc (Boost's two-argument form).
    const T q = (xc > T(0) && hi == T(1)) ? xc : T(1) - x;
    const T s = slope(x, q);
    if (std::isnan(s)) {
      undefined = true;
      return T(0);
    }
    return std::log(std::clamp(s, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
  };
  boost::math::quadrature::tanh_sinh<T, math_policy> integrator;  // integrate() is not const
  try {
    const T value = integrator.integrate(integrand, lo, hi, lorenz_quadrature_tolerance<T>());
    return undefined ? std::numeric_limits<T>::quiet_NaN() : value;
  } catch (const boost::math::evaluation_error&) {
    return std::numeric_limits<T>::quiet_NaN();
  }
}

/// Watts = (H − p0) log(z/μ) − ∫_{p0}^{H} log L'(p) dp, p0 the first positive slope.
template <class Curve, std::floating_point T>
T lorenz_watts(const Curve& curve, T headcount, T ratio) {
  if (!(headcount > T(0))) return T(0);
  const T p0 = first_positive_slope(curve, headcount);
  if (std::isnan(p0)) return std::numeric_limits<T>::quiet_NaN();
  const auto slope = [&curve](T p, T q) { return curve.slope(p, q); };
  return (headcount - p0) * std::log(ratio) - integral_of_log_slope<T>(slope, p0, headcount);
}

/// MLD = −∫_{p0}^{1} log L'(p) dp.
template <std::floating_point T, class Curve>
T lorenz_mld(const Curve& curve) {
  const T p0 = first_positive_slope(curve, T(1));
  if (std::isnan(p0)) return std::numeric_limits<T>::quiet_NaN();
  const auto slope = [&curve](T p, T q) { return curve.slope(p, q); };
  return -integral_of_log_slope<T>(slope, p0, T(1));
}

/// The headcount by root finding: H with L'(H) = ratio = z/μ; 0 or 1 outside the slopes'
/// range. Returns H and whether it is a root inside (0, 1).
template <class Curve, std::floating_point T>
std::pair<T, bool> lorenz_headcount_by_root(const Curve& curve, T ratio) {
  if (ratio <= curve.slope(T(0))) return {T(0), false};
  if (ratio >= curve.slope(T(1))) return {T(1), false};
  T lo = T(0.5), hi = T(0.5);
  while (lo > T(0) && curve.slope(lo) >= ratio) lo /= 2;
  for (int k = 0; k < std::numeric_limits<T>::digits && curve.slope(hi) <= ratio; ++k)
    hi = T(1) - (T(1) - hi) / 2;
  const T root = lorenz_root([&curve, ratio](T p) { return curve.slope(p) - ratio; }, lo, hi);
  return {root, !std::isnan(root)};
}

/// Σ r_i² over the points with p_i < H and the first point at or above H (wbpip
/// gd_compute_fit_lq: the first `sum(population < headcount) + 1` squared residuals).
template <std::floating_point T>
T errors_up_to_headcount(std::span<const T> p, std::span<const T> residuals, T headcount) {
  if (std::isnan(headcount)) return std::numeric_limits<T>::quiet_NaN();
  std::size_t below = 0;
  while (below < p.size() && p[below] < headcount) ++below;
  const std::size_t last = std::min(below, p.size() - 1);
  compensated_sum<T> sum;
  for (std::size_t i = 0; i <= last; ++i) sum.add(residuals[i] * residuals[i]);
  return sum.value();
}

/// The measures every curve computes the same way from L(1/2), L'(1/2), G and the mean.
template <class Curve, std::floating_point T>
lorenz_distribution_result<T> lorenz_distribution_common(const Curve& curve, T gini) {
  const T half = T(1) / 2;
  const T slope_half = curve.slope(half);
  return {.gini = gini,
          .median = curve.mean * slope_half,
          .mld = lorenz_mld<T>(curve),
          .polarization = 2 * (1 - gini - 2 * curve.lorenz(half)) / slope_half};
}

/// Residuals L_i − L̂(p_i) at every point and their sum of squares.
template <class Fit, std::floating_point T>
void set_lorenz_residuals(Fit& fit, std::span<const T> p, std::span<const T> lorenz) {
  fit.p.assign(p.begin(), p.end());
  fit.residuals.resize(p.size());
  compensated_sum<T> sse;
  for (std::size_t i = 0; i < p.size(); ++i) {
    fit.residuals[i] = lorenz[i] - fit.lorenz(p[i]);
    sse.add(fit.residuals[i] * fit.residuals[i]);
  }
  fit.sse = sse.value();
}

/// Re-raises a rank-deficient Lorenz regression under the fitting function's name.
inline void check_lorenz_rank(std::string_view function, std::string_view regression,
                              Eigen::Index rank, const std::vector<Eigen::Index>& aliased,
                              const std::array<std::string_view, 3>& columns) {
  if (rank == 3) return;
  std::string rule = "3 (the points below the top do not determine the curve; aliased: ";
  for (const Eigen::Index j : aliased)
    rule.append(j == aliased.front() ? "" : ", ").append(columns[static_cast<std::size_t>(j)]);
  raise_value(function, "the rank of the regression of " + std::string(regression), rank,
              rule + ")");
}

}  // namespace detail

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_MEASURE_LORENZ_MEASURES_HPP
