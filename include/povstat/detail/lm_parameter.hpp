#ifndef POVSTAT_DETAIL_LM_PARAMETER_HPP
#define POVSTAT_DETAIL_LM_PARAMETER_HPP

/// @file
/// The Levenberg–Marquardt subproblem of MINPACK-1: given the pivoted QR factor of the
/// Jacobian, find the damping parameter λ whose step fits the trust region (`lmpar`), and
/// solve the damped least-squares system for one λ (`qrsolv`). Written from Moré (1978),
/// "The Levenberg-Marquardt algorithm: implementation and theory", Lecture Notes in
/// Mathematics 630, and the MINPACK-1 user guide (Moré, Garbow, Hillstrom, Argonne
/// ANL-80-74, 1980), whose notation the comments follow: J·P = Q·R, D the diagonal scaling.

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <concepts>
#include <limits>

#include "povstat/config.hpp"

POVSTAT_NAMESPACE_BEGIN
namespace detail {

/// Solves min ‖[R; √λ·D·P]·z − [Qᵀf; 0]‖ for z (MINPACK `qrsolv`), then returns x = P·z.
///
/// `r` holds R (p × p, upper triangle, from J·P = Q·R); `pivots[j]` is the column of J in
/// column j of J·P; `damped_diagonal` is √λ·D (entries may be 0); `qtf` is the first p
/// entries of Qᵀf. Givens rotations reduce [R; √λ·D·P] to an upper triangular S with
/// SᵀS = Rᵀ R + λ·Pᵀ D² P. On return the strict lower triangle of `r` holds the strict upper
/// triangle of S, transposed, `s_diagonal` the diagonal of S, and the upper triangle and
/// diagonal of `r` still hold R. When S is singular, the components from the first zero
/// on the diagonal of S are set to 0 (a least-squares solution).
template <std::floating_point T>
void damped_qr_solve(Eigen::MatrixX<T>& r, const Eigen::VectorXi& pivots,
                     const Eigen::VectorX<T>& damped_diagonal, const Eigen::VectorX<T>& qtf,
                     Eigen::VectorX<T>& x, Eigen::VectorX<T>& s_diagonal) {
  const Eigen::Index p = r.cols();
  // Copy Rᵀ into the lower triangle; keep the diagonal of R aside.
  const Eigen::VectorX<T> r_diagonal = r.diagonal();
  for (Eigen::Index j = 0; j < p; ++j) r.col(j).tail(p - j) = r.row(j).tail(p - j).transpose();
  Eigen::VectorX<T> w = qtf;

  // Eliminate the rows of √λ·D·P one at a time.
  for (Eigen::Index j = 0; j < p; ++j) {
    const T d = damped_diagonal(pivots(j));
    if (d != 0) {
      s_diagonal.tail(p - j).setZero();
      s_diagonal(j) = d;
      T qtf_row = 0;  // the right-hand side of the row being eliminated
      for (Eigen::Index k = j; k < p; ++k) {
        if (s_diagonal(k) == 0) continue;
        T cosine, sine;
        if (std::abs(r(k, k)) < std::abs(s_diagonal(k))) {
          const T cotangent = r(k, k) / s_diagonal(k);
          sine = T(0.5) / std::sqrt(T(0.25) + T(0.25) * cotangent * cotangent);
          cosine = sine * cotangent;
        } else {
          const T tangent = s_diagonal(k) / r(k, k);
          cosine = T(0.5) / std::sqrt(T(0.25) + T(0.25) * tangent * tangent);
          sine = cosine * tangent;
        }
        r(k, k) = cosine * r(k, k) + sine * s_diagonal(k);
        const T rotated = cosine * w(k) + sine * qtf_row;
        qtf_row = -sine * w(k) + cosine * qtf_row;
        w(k) = rotated;
        for (Eigen::Index i = k + 1; i < p; ++i) {
          const T rik = cosine * r(i, k) + sine * s_diagonal(i);
          s_diagonal(i) = -sine * r(i, k) + cosine * s_diagonal(i);
          r(i, k) = rik;
        }
      }
    }
    s_diagonal(j) = r(j, j);
    r(j, j) = r_diagonal(j);
  }

  // Back substitution with S (stored transposed below the diagonal).
  Eigen::Index rank = p;
  for (Eigen::Index j = 0; j < p; ++j)
    if (s_diagonal(j) == 0) {
      rank = j;
      break;
    }
  w.tail(p - rank).setZero();
  for (Eigen::Index k = rank - 1; k >= 0; --k) {
    const T sum = r.col(k).segment(k + 1, rank - k - 1).dot(w.segment(k + 1, rank - k - 1));
    w(k) = (w(k) - sum) / s_diagonal(k);
  }
  for (Eigen::Index j = 0; j < p; ++j) x(pivots(j)) = w(j);
}

/// The Levenberg–Marquardt parameter λ >= 0 (MINPACK `lmpar`, Moré 1978, section 5).
///
/// Finds λ such that the solution x of min ‖[J; √λ·D]·x − [f; 0]‖ either is the
/// Gauss–Newton step with ‖D·x‖ <= 1.1·Δ (then λ = 0), or satisfies |‖D·x‖ − Δ| <= 0.1·Δ,
/// by Moré's safeguarded Newton iteration on φ(λ) = ‖D·x(λ)‖ − Δ (at most 10 steps),
/// starting from `lambda` (the previous value) clamped to the bounds [l, u] of section 5.
/// Inputs as for `damped_qr_solve`, with `diagonal` = D (entries > 0) and `radius` = Δ > 0.
/// Returns λ and stores x in `x` (the step is −x). The strict lower triangle of `r` is
/// overwritten as by `damped_qr_solve`; R itself is kept.
template <std::floating_point T>
T lm_parameter(Eigen::MatrixX<T>& r, const Eigen::VectorXi& pivots, const Eigen::VectorX<T>& diagonal,
               const Eigen::VectorX<T>& qtf, T radius, T lambda, Eigen::VectorX<T>& x) {
  const Eigen::Index p = r.cols();
  const T dwarf = std::numeric_limits<T>::min();
  Eigen::VectorX<T> w(p), s_diagonal(p);

  // The Gauss–Newton direction; if R is singular, a least-squares solution of its
  // leading nonsingular block.
  Eigen::Index rank = p;
  for (Eigen::Index j = 0; j < p; ++j)
    if (r(j, j) == 0) {
      rank = j;
      break;
    }
  w.setZero();
  w.head(rank) = r.topLeftCorner(rank, rank).template triangularView<Eigen::Upper>().solve(qtf.head(rank));
  for (Eigen::Index j = 0; j < p; ++j) x(pivots(j)) = w(j);

  // Accept the Gauss–Newton step if it lies (nearly) inside the trust region.
  Eigen::VectorX<T> dx = diagonal.cwiseProduct(x);
  T dx_norm = dx.blueNorm();
  T phi = dx_norm - radius;
  if (phi <= T(0.1) * radius) return T(0);

  // Lower bound l of λ from the Newton step at λ = 0 (only when J has full rank).
  T lower = 0;
  if (rank == p) {
    for (Eigen::Index j = 0; j < p; ++j) w(j) = diagonal(pivots(j)) * (dx(pivots(j)) / dx_norm);
    r.template triangularView<Eigen::Upper>().transpose().solveInPlace(w);
    const T norm = w.blueNorm();
    lower = ((phi / radius) / norm) / norm;
  }

  // Upper bound u = ‖(J·D⁻¹)ᵀ f‖ / Δ.
  for (Eigen::Index j = 0; j < p; ++j)
    w(j) = r.col(j).head(j + 1).dot(qtf.head(j + 1)) / diagonal(pivots(j));
  const T gradient_norm = w.blueNorm();
  T upper = gradient_norm / radius;
  if (upper == 0) upper = dwarf / std::min(radius, T(0.1));

  lambda = std::min(std::max(lambda, lower), upper);
  if (lambda == 0) lambda = gradient_norm / dx_norm;

  for (int iteration = 1;; ++iteration) {
    if (lambda == 0) lambda = std::max(dwarf, T(0.001) * upper);
    damped_qr_solve(r, pivots, Eigen::VectorX<T>(std::sqrt(lambda) * diagonal), qtf, x, s_diagonal);
    dx = diagonal.cwiseProduct(x);
    dx_norm = dx.blueNorm();
    const T previous_phi = phi;
    phi = dx_norm - radius;
    // Stop when ‖D·x‖ is within 10% of Δ, when φ is negative and rising from λ's lower
    // bound 0 (the step cannot get longer), or after 10 iterations.
    if (std::abs(phi) <= T(0.1) * radius || (lower == 0 && phi <= previous_phi && previous_phi < 0) ||
        iteration == 10)
      return lambda;

    // Newton correction of λ, with S from damped_qr_solve.
    for (Eigen::Index j = 0; j < p; ++j) w(j) = diagonal(pivots(j)) * (dx(pivots(j)) / dx_norm);
    for (Eigen::Index j = 0; j < p; ++j) {
      w(j) /= s_diagonal(j);
      w.tail(p - j - 1) -= w(j) * r.col(j).tail(p - j - 1);
    }
    const T norm = w.blueNorm();
    const T correction = ((phi / radius) / norm) / norm;
    if (phi > 0) lower = std::max(lower, lambda);
    if (phi < 0) upper = std::min(upper, lambda);
    lambda = std::max(lower, lambda + correction);
  }
}

}  // namespace detail
POVSTAT_NAMESPACE_END

#endif  // POVSTAT_DETAIL_LM_PARAMETER_HPP
