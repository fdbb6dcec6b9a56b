#ifndef POVSTAT_STATS_NONLINEAR_LEAST_SQUARES_HPP
#define POVSTAT_STATS_NONLINEAR_LEAST_SQUARES_HPP

/// @file
/// General nonlinear least squares, min over b of Σᵢ (yᵢ − m(b)ᵢ)², by Levenberg–Marquardt
/// as in MINPACK-1 (Moré 1978), with optional bounds on the parameters, an analytic or a
/// finite-difference Jacobian, and R-style inference (standard errors from σ²(JᵀJ)⁻¹).

#include <Eigen/Core>
#include <Eigen/QR>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "povstat/config.hpp"
#include "povstat/core/check.hpp"
#include "povstat/core/error.hpp"
#include "povstat/core/fit_status.hpp"
#include "povstat/detail/finite_difference_jacobian.hpp"
#include "povstat/detail/levenberg_marquardt.hpp"
#include "povstat/detail/numeric_range.hpp"
#include "povstat/stats/summation.hpp"

POVSTAT_NAMESPACE_BEGIN

/// A model for `nonlinear_least_squares`: called as `predict(b)` with the parameters b
/// (`Eigen::VectorX<T>`), it returns the n predictions (anything convertible to
/// `Eigen::VectorX<T>`). Predictors are captured by the callable, so any number of them works.
template <class F, class T>
concept nonlinear_model =
    std::floating_point<T> && std::invocable<const F&, const Eigen::VectorX<T>&> &&
    std::convertible_to<std::invoke_result_t<const F&, const Eigen::VectorX<T>&>, Eigen::VectorX<T>>;

/// The Jacobian of a `nonlinear_model`: `jacobian(b)` returns the n × p matrix of
/// ∂predictionᵢ/∂b_j (anything convertible to `Eigen::MatrixX<T>`).
template <class F, class T>
concept nonlinear_jacobian =
    std::floating_point<T> && std::invocable<const F&, const Eigen::VectorX<T>&> &&
    std::convertible_to<std::invoke_result_t<const F&, const Eigen::VectorX<T>&>, Eigen::MatrixX<T>>;

/// Options of `nonlinear_least_squares`. The tolerances are MINPACK's (`lmder`), relative,
/// so that they do not depend on the units of y or of the parameters.
template <std::floating_point T>
struct nonlinear_options {
  /// Most Jacobian evaluations (iterations) before stopping with `fit_status::max_iterations`; >= 1.
  std::size_t max_iterations = 1000;
  /// Converged when the actual and the predicted relative reductions of the residual sum
  /// of squares in a step are both <= ftol; >= 0.
  T ftol = T(10) * std::numeric_limits<T>::epsilon();
  /// Converged when the trust region is at most xtol times the scaled norm ‖D·b‖ of the
  /// parameters (the relative change of b is then at most about xtol); >= 0.
  T xtol = T(10) * std::numeric_limits<T>::epsilon();
  /// Converged when the cosine of the angle between the residuals and every column of the
  /// Jacobian (of a parameter not held at a bound) is <= gtol; >= 0.
  T gtol = std::numeric_limits<T>::epsilon();
  /// The first trust radius is initial_step_factor · ‖D·start‖ (or initial_step_factor when
  /// that is 0), D the column norms of the Jacobian at the start; > 0 (MINPACK's `factor`).
  T initial_step_factor = 100;
  /// Lower and upper bounds on the parameters: empty (none), or one per parameter, with
  /// −inf / +inf for an open side. lower_j == upper_j fixes parameter j.
  std::vector<T> lower{}, upper{};
  /// When true, any status other than `converged` throws `convergence_error`.
  bool require_convergence = false;
};

/// The result of `nonlinear_least_squares`.
template <std::floating_point T>
struct nonlinear_result {
  Eigen::VectorX<T> coef;       ///< the estimates b̂
  Eigen::VectorX<T> se;         ///< their standard errors, √diag(vcov)
  Eigen::MatrixX<T> vcov;       ///< σ̂²(JᵀJ)⁻¹, J the Jacobian at b̂ (NaN when undefined: see the function)
  T rss = 0;                    ///< Σ residuals²
  T sigma = 0;                  ///< σ̂ = √(rss / df_residual) (NaN when df_residual = 0)
  std::size_t df_residual = 0;  ///< n − p
  std::size_t n = 0;            ///< number of observations
  Eigen::VectorX<T> fitted;     ///< predict(b̂)
  Eigen::VectorX<T> residuals;  ///< y − fitted
  fit_status status = fit_status::converged;  ///< converged, max_iterations or stalled
  std::size_t iterations = 0;   ///< Jacobians evaluated while iterating (the one at the start included)
  std::size_t evaluations = 0;  ///< calls of predict, finite differences included
};

namespace detail {

/// Tag: no Jacobian given, use `finite_difference_jacobian`.
struct finite_differences {};

/// A numeric range as an Eigen vector of T.
template <std::floating_point T, numeric_range R>
Eigen::VectorX<T> eigen_vector(const R& values) {
  const std::vector<T> copy = to_vector<T>(values);
  return Eigen::Map<const Eigen::VectorX<T>>(copy.data(), static_cast<Eigen::Index>(copy.size()));
}

/// An Eigen vector as the span the checks of core/check.hpp take.
template <std::floating_point T>
std::span<const T> view(const Eigen::VectorX<T>& v) {
  return {v.data(), static_cast<std::size_t>(v.size())};
}

/// Sizes first, then values, of everything `nonlinear_least_squares` receives before it
/// calls the model.
template <std::floating_point T>
void check_nonlinear_inputs(std::string_view function, const Eigen::VectorX<T>& y,
                            const Eigen::VectorX<T>& start, const nonlinear_options<T>& options) {
  const auto p = static_cast<std::size_t>(start.size());
  if (p == 0) raise(function, "start is empty, but must hold one value per parameter");
  check_min_size(function, "y", static_cast<std::size_t>(y.size()), p, "(one per parameter in start)");
  if (!options.lower.empty()) check_same_size(function, "options.lower", options.lower.size(), "start", p);
  if (!options.upper.empty()) check_same_size(function, "options.upper", options.upper.size(), "start", p);

  if (options.max_iterations < 1) raise_value(function, "options.max_iterations", options.max_iterations, ">= 1");
  const auto check_tolerance = [&](std::string_view name, T value) {
    if (!(value >= 0)) raise_value(function, name, value, ">= 0");
  };
  check_tolerance("options.ftol", options.ftol);
  check_tolerance("options.xtol", options.xtol);
  check_tolerance("options.gtol", options.gtol);
  if (!(options.initial_step_factor > 0 && std::isfinite(options.initial_step_factor)))
    raise_value(function, "options.initial_step_factor", options.initial_step_factor, "> 0 and finite");

  check_finite(function, view(y), [](std::size_t i) { return element_name("y", i); });
  check_finite(function, view(start), [](std::size_t i) { return element_name("start", i); });
  const auto not_nan = [](T v) { return !std::isnan(v); };
  check_each(function, std::span<const T>(options.lower), [](std::size_t i) { return element_name("options.lower", i); },
             not_nan, "a number (-inf for no bound)");
  check_each(function, std::span<const T>(options.upper), [](std::size_t i) { return element_name("options.upper", i); },
             not_nan, "a number (inf for no bound)");
  // The rule "<= options.upper[j] = 2" that a value broke.
  const auto rule = [](std::string_view comparison, std::string_view bound, std::size_t j, T value) {
    return std::string(comparison) + " " + element_name(bound, j) + " = " + format_number(value);
  };
  for (std::size_t j = 0; j < p; ++j) {
    const T value = start(static_cast<Eigen::Index>(j));
    if (!options.lower.empty() && !options.upper.empty() && options.lower[j] > options.upper[j])
      raise_value(function, element_name("options.lower", j), options.lower[j],
                  rule("<=", "options.upper", j, options.upper[j]));
    if (!options.lower.empty() && value < options.lower[j])
      raise_value(function, element_name("start", j), value, rule(">=", "options.lower", j, options.lower[j]));
    if (!options.upper.empty() && value > options.upper[j])
      raise_value(function, element_name("start", j), value, rule("<=", "options.upper", j, options.upper[j]));
  }
}

/// A Jacobian must be n × p; `name` says where it was evaluated, e.g. "jacobian(start)".
inline void check_jacobian_shape(std::string_view function, std::string_view name, Eigen::Index rows,
                                 Eigen::Index cols, Eigen::Index n, Eigen::Index p) {
  if (rows == n && cols == p) return;
  std::string what(name);
  what.append(" has ").append(count_text(static_cast<std::size_t>(rows), "row")).append(" and ");
  what.append(count_text(static_cast<std::size_t>(cols), "column")).append(", but must have ");
  what.append(count_text(static_cast<std::size_t>(n), "row")).append(" and ");
  what.append(count_text(static_cast<std::size_t>(p), "column"));
  what.append(" (one row per value of y, one column per parameter)");
  raise(function, what);
}

/// σ̂²·P(RᵀR)⁻¹Pᵀ from the pivoted QR J·P = Q·R of the Jacobian at the estimates (R's
/// `nls` does the same with its QR). NaN when J is not finite, is numerically rank
/// deficient (Eigen's rank: |R_jj| <= p·ε·|R_00|), or σ̂ is NaN.
template <std::floating_point T>
Eigen::MatrixX<T> nonlinear_vcov(const Eigen::MatrixX<T>& jacobian, T sigma) {
  const Eigen::Index p = jacobian.cols();
  if (!jacobian.allFinite() || std::isnan(sigma))
    return Eigen::MatrixX<T>::Constant(p, p, std::numeric_limits<T>::quiet_NaN());
  const Eigen::ColPivHouseholderQR<Eigen::MatrixX<T>> qr(jacobian);
  if (qr.rank() < p) return Eigen::MatrixX<T>::Constant(p, p, std::numeric_limits<T>::quiet_NaN());
  const Eigen::MatrixX<T> r_inverse = qr.matrixQR().topRows(p).template triangularView<Eigen::Upper>().solve(
      Eigen::MatrixX<T>::Identity(p, p));
  const Eigen::MatrixX<T> unscaled = r_inverse * r_inverse.transpose();
  return sigma * sigma * (qr.colsPermutation() * unscaled * qr.colsPermutation().transpose());
}

/// The work of both overloads of `nonlinear_least_squares`; `jacobian` is the user's
/// callable or `finite_differences`.
template <std::floating_point T, class Predict, class Jacobian>
nonlinear_result<T> fit_nonlinear(const Predict& predict, const Jacobian& jacobian, const Eigen::VectorX<T>& y,
                                  const Eigen::VectorX<T>& start, const nonlinear_options<T>& options) {
  constexpr std::string_view function = "nonlinear_least_squares";
  constexpr bool by_differences = std::same_as<Jacobian, finite_differences>;
  check_nonlinear_inputs(function, y, start, options);
  const Eigen::Index n = y.size(), p = start.size();
  const T infinity = std::numeric_limits<T>::infinity();
  const auto bound = [&](const std::vector<T>& given, T open) -> Eigen::VectorX<T> {
    if (given.empty()) return Eigen::VectorX<T>::Constant(p, open);
    return Eigen::Map<const Eigen::VectorX<T>>(given.data(), p);
  };
  const detail::lm_settings<T> settings{bound(options.lower, -infinity), bound(options.upper, infinity),
                                        options.ftol, options.xtol, options.gtol,
                                        options.initial_step_factor, options.max_iterations};

  std::size_t evaluations = 0;
  const auto evaluate = [&](const Eigen::VectorX<T>& b, std::string_view name = "predict(b)") {
    Eigen::VectorX<T> value = predict(b);
    ++evaluations;
    check_same_size(function, name, static_cast<std::size_t>(value.size()), "y", static_cast<std::size_t>(n));
    return value;
  };
  const auto jacobian_at = [&](const Eigen::VectorX<T>& b, const Eigen::VectorX<T>& fitted,
                               std::string_view name = "jacobian(b)") {
    if constexpr (by_differences) {
      return finite_difference_jacobian(evaluate, b, fitted, settings.lower, settings.upper);
    } else {
      Eigen::MatrixX<T> value = jacobian(b);
      check_jacobian_shape(function, name, value.rows(), value.cols(), n, p);
      return value;
    }
  };

  // The model at the start: right size, finite.
  Eigen::VectorX<T> fitted = evaluate(start, "predict(start)");
  check_finite(function, view(fitted), [](std::size_t i) { return element_name("predict(start)", i); });
  Eigen::MatrixX<T> first_jacobian = jacobian_at(start, fitted, "jacobian(start)");
  for (Eigen::Index j = 0; j < p; ++j)
    for (Eigen::Index i = 0; i < n; ++i)
      if (!std::isfinite(first_jacobian(i, j))) {
        std::string subject = by_differences ? "finite-difference jacobian(start)(" : "jacobian(start)(";
        subject.append(std::to_string(i)).append(", ").append(std::to_string(j)).append(")");
        raise_value(function, subject, first_jacobian(i, j), "finite");
      }

  auto solution = levenberg_marquardt(evaluate, jacobian_at, y, start, std::move(fitted), std::move(first_jacobian),
                                      settings);

  nonlinear_result<T> result;
  result.n = static_cast<std::size_t>(n);
  result.df_residual = static_cast<std::size_t>(n - p);
  result.status = solution.status;
  result.iterations = solution.iterations;
  result.residuals = y - solution.fitted;
  compensated_sum<T> rss;
  for (const T r : result.residuals) rss.add(r * r);
  result.rss = rss.value();
  if (options.require_convergence && result.status != fit_status::converged)
    raise<convergence_error>(function, "did not converge: status " + std::string(to_string(result.status)) +
                                           " after " + count_text(result.iterations, "iteration") + " (rss " +
                                           format_number(result.rss) +
                                           "); raise options.max_iterations or try another start");
  result.sigma = result.df_residual > 0 ? std::sqrt(result.rss / static_cast<T>(result.df_residual))
                                        : std::numeric_limits<T>::quiet_NaN();
  result.vcov = nonlinear_vcov(jacobian_at(solution.parameters, solution.fitted), result.sigma);
  result.se = result.vcov.diagonal().cwiseSqrt();
  result.coef = std::move(solution.parameters);
  result.fitted = std::move(solution.fitted);
  result.evaluations = evaluations;
  return result;
}

}  // namespace detail

/// Nonlinear least squares with an analytic Jacobian: b̂ = argmin_b Σᵢ (yᵢ − predict(b)ᵢ)²,
/// subject to options.lower <= b <= options.upper when bounds are given.
///
/// Levenberg–Marquardt as in MINPACK-1's `lmder` (Moré 1978, "The Levenberg-Marquardt
/// algorithm: implementation and theory", Lecture Notes in Mathematics 630; Moré, Garbow and
/// Hillstrom 1980, MINPACK-1 user guide, Argonne ANL-80-74): Householder QR with column
/// pivoting of the Jacobian J, the trust-region subproblem solved for λ by Moré's safeguarded
/// Newton iteration, scaling D = running maximum of the column norms of J, steps accepted on
/// the ratio of actual to predicted reduction, and MINPACK's ftol/xtol/gtol tests (see
/// `nonlinear_options`). A step to a point where predict is not finite is treated as a failed
/// step (the trust region shrinks). Bounds: a parameter on a bound whose descent direction
/// leaves the box is held for the iteration, and trial points are projected onto the box
/// (details in detail/levenberg_marquardt.hpp). Inference as R's `nls`: σ̂² = rss/(n − p),
/// vcov = σ̂²(JᵀJ)⁻¹ from the QR factor of J at b̂; vcov and se are NaN when n = p or J at b̂
/// is numerically rank deficient. At an active bound they are the unconstrained formulas
/// (as `minpack.lm::nlsLM`), to be read with care. Accuracy: on all 27 NIST StRD nonlinear
/// problems, from both starts, with the default options, every certified parameter and the
/// residual sum of squares agree to at least 6 significant digits (docs/accuracy.md).
///
/// @param predict   model: `predict(b)` returns the n predictions; b is `Eigen::VectorX<T>`.
/// @param jacobian  `jacobian(b)` returns the n × p matrix ∂predictionᵢ/∂b_j.
/// @param y         the n observations (any sized range of numbers; integers give double), finite.
/// @param start     the p starting values (a range, or a braced list), finite, within the bounds.
/// @param options   see `nonlinear_options`.
/// @returns estimates, standard errors, covariance, rss, σ̂, fitted values, residuals, status,
///          iterations and evaluations.
/// @throws insufficient_data when y has fewer values than start (n < p).
/// @throws invalid_input when start is empty; y or start is not finite; an option is out of
///         its domain; a bound is NaN, has the wrong size, lower > upper, or start is outside
///         the bounds; predict(start) has the wrong size or a non-finite value; jacobian(start)
///         is not n × p or not finite; predict or jacobian returns the wrong size later.
/// @throws convergence_error when options.require_convergence and the status is not `converged`.
template <class Predict, class Jacobian, detail::numeric_range Y,
          detail::numeric_range Start = std::initializer_list<detail::range_floating_t<Y>>>
  requires nonlinear_model<Predict, detail::range_floating_t<Y>> &&
           nonlinear_jacobian<Jacobian, detail::range_floating_t<Y>>
nonlinear_result<detail::range_floating_t<Y>> nonlinear_least_squares(
    const Predict& predict, const Jacobian& jacobian, const Y& y, const Start& start,
    std::type_identity_t<nonlinear_options<detail::range_floating_t<Y>>> options = {}) {
  using T = detail::range_floating_t<Y>;
  return detail::fit_nonlinear(predict, jacobian, detail::eigen_vector<T>(y), detail::eigen_vector<T>(start),
                               options);
}

/// Nonlinear least squares with a finite-difference Jacobian: as the overload with
/// `jacobian`, except that J is computed by second-order differences with the step
/// h_j = ε^(1/3)·|b_j| (ε^(1/3) when b_j = 0): central, or one-sided three-point
/// (−3f(b) + 4f(b + h) − f(b + 2h))/(2h) into the box at a bound or where predict is not
/// finite on one side, so that predict is never called outside the bounds
/// (detail/finite_difference_jacobian.hpp). Each Jacobian costs 2p calls of predict; J keeps
/// about 2/3 of the digits of predict. On the NIST StRD problems this gives 6 or more
/// correct digits except where docs/accuracy.md says otherwise.
///
/// @param predict  model: `predict(b)` returns the n predictions; b is `Eigen::VectorX<T>`.
/// @param y        the n observations (any sized range of numbers), finite.
/// @param start    the p starting values (a range, or a braced list), finite, within the bounds.
/// @param options  see `nonlinear_options`.
/// @returns as the overload with `jacobian`.
/// @throws as the overload with `jacobian`; the finite-difference Jacobian at the start must
///         be finite (predict finite on at least one side of each parameter).
template <class Predict, detail::numeric_range Y,
          detail::numeric_range Start = std::initializer_list<detail::range_floating_t<Y>>>
  requires nonlinear_model<Predict, detail::range_floating_t<Y>>
nonlinear_result<detail::range_floating_t<Y>> nonlinear_least_squares(
    const Predict& predict, const Y& y, const Start& start,
    std::type_identity_t<nonlinear_options<detail::range_floating_t<Y>>> options = {}) {
  using T = detail::range_floating_t<Y>;
  return detail::fit_nonlinear(predict, detail::finite_differences{}, detail::eigen_vector<T>(y),
                               detail::eigen_vector<T>(start), options);
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_STATS_NONLINEAR_LEAST_SQUARES_HPP
