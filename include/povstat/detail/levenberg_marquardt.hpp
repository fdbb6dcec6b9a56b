#ifndef POVSTAT_DETAIL_LEVENBERG_MARQUARDT_HPP
#define POVSTAT_DETAIL_LEVENBERG_MARQUARDT_HPP

/// @file
/// The Levenberg–Marquardt iteration of MINPACK-1's `lmder` (Moré 1978; MINPACK-1 user
/// guide, Argonne ANL-80-74), extended to bounds on the parameters; see
/// `levenberg_marquardt` below. Inputs are trusted: the public function checks them.

#include <Eigen/Core>
#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <utility>

#include "povstat/config.hpp"
#include "povstat/core/fit_status.hpp"
#include "povstat/detail/lm_parameter.hpp"

POVSTAT_NAMESPACE_BEGIN
namespace detail {

/// What `levenberg_marquardt` needs besides the model: the box and the stopping rules.
template <std::floating_point T>
struct lm_settings {
  Eigen::VectorX<T> lower, upper;  ///< the box; −inf / +inf where a side is open
  T ftol, xtol, gtol, initial_step_factor;
  std::size_t max_iterations;
};

/// Where `levenberg_marquardt` stopped.
template <std::floating_point T>
struct lm_solution {
  Eigen::VectorX<T> parameters, fitted;
  fit_status status;
  std::size_t iterations;  ///< Jacobians evaluated (the one at the start included)
};

/// Minimises ‖f(b)‖², f(b) = predict(b) − y, by MINPACK's `lmder` with scaling mode 1.
///
/// Each iteration factors J·P = Q·R (Householder QR with column pivoting), sets the scaling
/// D to the running maximum of the column norms of J, and tries steps from `lm_parameter`
/// with trust radius Δ until one reduces ‖f‖ by at least 10⁻⁴ of the predicted reduction
/// (ratio ρ), updating Δ and λ by Moré's rules. Convergence (status `converged`):
/// relative reductions actual and predicted <= ftol with ρ <= 2, or Δ <= xtol·‖D·b‖, or the
/// largest cosine between f and a column of J <= gtol. The same tests at machine epsilon
/// give `stalled` (only reachable with tolerances below it); `max_iterations` when that many
/// Jacobians have been evaluated. A trial point whose prediction is not finite is a failed
/// step (‖f‖ = +inf: Δ shrinks tenfold). A non-finite Jacobian stops with `stalled`.
///
/// Bounds: at each iteration a parameter on a bound whose descent direction −∂‖f‖²/∂b_j
/// points out of the box is held fixed (its column of J is set to zero, as MPFIT does with
/// "pegged" parameters; Markwardt 2009, ASP Conf. Ser. 411). The trial point is the
/// projection of b + step onto the box. When the projection changes the step, the predicted
/// reduction is that of the linear model for the projected step, and ρ compares the actual
/// reduction with it; Δ is still updated from the length of the unprojected step, so that a
/// step blocked by a bound shrinks the region (bending the step towards the gradient)
/// instead of collapsing it. Without bounds the iteration is `lmder`'s, except that the
/// cosines of the gtol test come from Jᵀf directly (`lmder` forms the same numbers from R
/// and Qᵀf) and that the iteration limit counts Jacobians, not function evaluations.
///
/// `predict(b)` returns the n predictions; `jacobian(b, fitted)` the n × p Jacobian of
/// predict at b, where `fitted` = predict(b). Starts from `start`, with `fitted` =
/// predict(start) (finite) and `first_jacobian` = jacobian(start, fitted) (finite).
template <std::floating_point T, class Predict, class Jacobian>
lm_solution<T> levenberg_marquardt(const Predict& predict, const Jacobian& jacobian,
                                   const Eigen::VectorX<T>& y, Eigen::VectorX<T> start,
                                   Eigen::VectorX<T> fitted, Eigen::MatrixX<T> first_jacobian,
                                   const lm_settings<T>& settings) {
  const T epsilon = std::numeric_limits<T>::epsilon();
  const T infinity = std::numeric_limits<T>::infinity();
  constexpr int max_trials = 200;  // rejected trial steps in one iteration before `stalled`
  const Eigen::Index p = start.size();

  lm_solution<T> at{std::move(start), std::move(fitted), fit_status::converged, 1};
  Eigen::MatrixX<T> j = std::move(first_jacobian);
  Eigen::VectorX<T> f = at.fitted - y;
  T f_norm = f.blueNorm();

  // Working storage, allocated once: the iteration itself allocates nothing but what
  // `predict` and `jacobian` return.
  const Eigen::Index n = y.size();
  Eigen::VectorX<T> diagonal(p), step(p), trial(p), unprojected(p), column_norms(p), gradient(p), qtf(p);
  Eigen::VectorX<T> trial_f(n), change(n), rotated(n);
  Eigen::MatrixX<T> r(p, p);
  Eigen::VectorXi pivots(p);
  Eigen::ColPivHouseholderQR<Eigen::MatrixX<T>> qr(n, p);
  Eigen::Array<bool, Eigen::Dynamic, 1> held(p);
  T radius = 0, x_norm = 0, lambda = 0;
  bool first_step = true;  // no step accepted yet

  for (;;) {
    // --- A new Jacobian at the current point.
    if (!j.allFinite()) {
      at.status = fit_status::stalled;
      return at;
    }
    column_norms = j.colwise().blueNorm().transpose();
    gradient.noalias() = j.transpose() * f;  // half the gradient of ‖f‖²
    for (Eigen::Index k = 0; k < p; ++k) {
      held(k) = (at.parameters(k) <= settings.lower(k) && gradient(k) > 0) ||
                (at.parameters(k) >= settings.upper(k) && gradient(k) < 0);
      if (held(k)) j.col(k).setZero();
    }
    if (first_step) {
      diagonal = (column_norms.array() == 0).select(T(1), column_norms);
      x_norm = diagonal.cwiseProduct(at.parameters).blueNorm();
      radius = settings.initial_step_factor * x_norm;
      if (radius == 0) radius = settings.initial_step_factor;
    }

    // Largest cosine between f and a column of J (free parameters only).
    T gradient_cosine = 0;
    if (f_norm != 0)
      for (Eigen::Index k = 0; k < p; ++k)
        if (!held(k) && column_norms(k) != 0)
          gradient_cosine = std::max(gradient_cosine, std::abs(gradient(k) / f_norm) / column_norms(k));
    if (gradient_cosine <= settings.gtol) return at;  // converged
    if (gradient_cosine <= epsilon) {
      at.status = fit_status::stalled;
      return at;
    }
    diagonal = diagonal.cwiseMax(column_norms);

    qr.compute(j);
    r = qr.matrixQR().topRows(p);
    pivots = qr.colsPermutation().indices();
    rotated = f;
    rotated.applyOnTheLeft(qr.householderQ().adjoint());
    qtf = rotated.head(p);

    // --- Trial steps until one is accepted. Each rejection at least halves the trust radius,
    // so a finite problem accepts a step or converges long before 200 trials (2^-200); the
    // limit and the finiteness check end what overflow or NaN would otherwise keep going.
    for (int trials = 1;; ++trials) {
      if (trials > max_trials || !std::isfinite(radius) || !std::isfinite(lambda)) {
        at.status = fit_status::stalled;
        return at;
      }
      lambda = lm_parameter(r, pivots, diagonal, qtf, radius, lambda, step);
      step = held.select(T(0), -step);
      const T step_norm = diagonal.cwiseProduct(step).blueNorm();
      if (first_step) radius = std::min(radius, step_norm);

      unprojected = at.parameters + step;
      trial = unprojected.cwiseMax(settings.lower).cwiseMin(settings.upper);
      const Eigen::VectorX<T> trial_fitted = predict(trial);
      trial_f = trial_fitted - y;
      const T trial_norm = trial_f.allFinite() ? trial_f.blueNorm() : infinity;

      // Relative reductions of ‖f‖²: actual, and predicted by the linear model.
      const T actual = T(0.1) * trial_norm < f_norm ? 1 - (trial_norm / f_norm) * (trial_norm / f_norm) : T(-1);
      T predicted, directional;
      if (trial == unprojected) {
        // Moré's form for the λ-step, free of cancellation: ‖J·s‖² + 2λ‖D·s‖².
        const T linear = (j * step).blueNorm() / f_norm;
        const T damping = std::sqrt(lambda) * step_norm / f_norm;
        predicted = linear * linear + 2 * damping * damping;
        directional = -(linear * linear + damping * damping);
      } else {
        // The projected step s: 1 − ‖f + J·s‖²/‖f‖² = −(2 fᵀJ·s + ‖J·s‖²)/‖f‖².
        change.noalias() = j * (trial - at.parameters);
        const T linear = change.blueNorm() / f_norm;
        directional = f.dot(change) / f_norm / f_norm;
        predicted = -(2 * directional + linear * linear);
      }
      const T ratio = predicted > 0 ? actual / predicted : T(0);

      // Update the trust radius and λ (Moré 1978, section 7).
      if (ratio <= T(0.25)) {
        // Moré's interpolated factor needs a descent direction, which a λ-step always is; a
        // projected step that is not one just halves the radius.
        T shrink = actual >= 0 || directional >= 0
                       ? T(0.5)
                       : T(0.5) * directional / (directional + T(0.5) * actual);
        if (T(0.1) * trial_norm >= f_norm || shrink < T(0.1)) shrink = T(0.1);
        radius = shrink * std::min(radius, step_norm / T(0.1));
        lambda /= shrink;
      } else if (lambda == 0 || ratio >= T(0.75)) {
        radius = step_norm / T(0.5);
        lambda *= T(0.5);
      }

      const bool accepted = ratio >= T(1e-4);
      if (accepted) {
        at.parameters = trial;
        at.fitted = trial_fitted;
        f = trial_f;
        f_norm = trial_norm;
        x_norm = diagonal.cwiseProduct(at.parameters).blueNorm();
        first_step = false;
      }

      const bool small_reduction = std::abs(actual) <= settings.ftol && predicted <= settings.ftol && ratio <= 2;
      if (small_reduction || radius <= settings.xtol * x_norm) return at;  // converged
      if ((std::abs(actual) <= epsilon && predicted <= epsilon && ratio <= 2) || radius <= epsilon * x_norm) {
        at.status = fit_status::stalled;
        return at;
      }
      if (accepted) break;
    }

    if (at.iterations >= settings.max_iterations) {
      at.status = fit_status::max_iterations;
      return at;
    }
    j = jacobian(at.parameters, at.fitted);
    ++at.iterations;
  }
}

}  // namespace detail
POVSTAT_NAMESPACE_END

#endif  // POVSTAT_DETAIL_LEVENBERG_MARQUARDT_HPP
