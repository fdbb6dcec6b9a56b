#ifndef POVSTAT_STATS_POLYNOMIAL_FIT_HPP
#define POVSTAT_STATS_POLYNOMIAL_FIT_HPP

/// @file
/// Least-squares polynomials y = β₀ + β₁x + … + β_d x^d, coefficients on the raw power basis.

#include <Eigen/Core>
#include <algorithm>
#include <cstddef>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "povstat/core/check.hpp"
#include "povstat/core/error.hpp"
#include "povstat/detail/numeric_range.hpp"
#include "povstat/stats/least_squares.hpp"

POVSTAT_NAMESPACE_BEGIN

namespace detail {
/// The result type of a polynomial fit to ranges Xs and Ys.
template <class Xs, class Ys>
using polynomial_floating_t =
    fit_floating_t<std::ranges::range_value_t<Xs>, std::ranges::range_value_t<Ys>>;
}  // namespace detail

/// The polynomial of degree `degree` that fits y on x by (weighted) least squares,
/// β̂ = argmin_β Σᵢ wᵢ (yᵢ − Σ_k β_k xᵢᵏ)², reported on the raw power basis x⁰, x¹, …,
/// x^degree (coef(k) multiplies x^k — what NIST certifies and R's
/// `lm(y ~ x + I(x^2) + …)` reports), with everything `least_squares` reports.
///
/// The powers are formed from x in the wider working type of `least_squares` (long double
/// for double data), so that they carry no rounding to the data type, and fitted by
/// `least_squares`'s method, whose refinement makes even raw-basis coefficients as accurate
/// as the data allow (NIST Filip: 11 digits). Rank is decided on the centred basis, but the
/// raw basis stays ill-conditioned when x is far from 0 relative to its spread (years): on
/// x = 2000…2005 the cubic's x³ keeps only |R_33| = 1.6e-7 of its centred norm, just above
/// the default rank_tolerance. Fit in x − x̄ when the coefficients need not be raw.
///
/// @param x, y     any sized ranges of numbers of equal length (std::vector, std::array,
///                 std::span, Eigen vectors; integers give double), finite.
/// @param degree   >= 0, and below the number of distinct x (of positive weight).
/// @param options  weights (an Eigen vector, one per point), rank tolerance,
///                 require_full_rank, as for `least_squares`.
/// @return a `least_squares_result<T>` with degree + 1 columns; `intercept` is true.
/// @throws invalid_input when y or the weights are not as many as x, a value of x or y is NaN
///         or infinite, degree < 0, a weight is negative or not finite, all weights are 0,
///         rank_tolerance is outside [0, 1), or — with require_full_rank — a power is aliased
///         (the message names it, e.g. x^10).
/// @throws insufficient_data when degree >= the number of distinct x of positive weight.
///
/// Sources: as `least_squares`; NIST StRD (Pontius, Filip, Wampler1–5) for the accuracy
/// figures in docs/accuracy.md.
template <detail::numeric_range Xs, detail::numeric_range Ys>
least_squares_result<detail::polynomial_floating_t<Xs, Ys>> polynomial_fit(
    const Xs& x, const Ys& y, int degree,
    const least_squares_options<detail::polynomial_floating_t<Xs, Ys>>& options = {}) {
  using T = detail::polynomial_floating_t<Xs, Ys>;
  using W = detail::wider_t<T>;
  constexpr std::string_view function = "polynomial_fit";
  const std::vector<T> xs = detail::to_vector<T>(x), ys = detail::to_vector<T>(y);
  detail::check_same_size(function, "y", ys.size(), "x", xs.size());
  detail::check_weight_count(function, static_cast<std::size_t>(options.weights.size()), xs.size(),
                             "x");
  detail::check_finite(function, std::span<const T>(xs),
                       [](std::size_t i) { return detail::element_name("x", i); });
  detail::check_finite(function, std::span<const T>(ys),
                       [](std::size_t i) { return detail::element_name("y", i); });
  if (degree < 0) detail::raise_value(function, "degree", degree, ">= 0");
  detail::check_least_squares_options(function, options);
  std::vector<T> distinct;
  for (std::size_t i = 0; i < xs.size(); ++i)
    if (options.weights.size() == 0 || options.weights(static_cast<Eigen::Index>(i)) > T(0))
      distinct.push_back(xs[i]);
  std::sort(distinct.begin(), distinct.end());
  const auto count =
      static_cast<std::size_t>(std::unique(distinct.begin(), distinct.end()) - distinct.begin());
  if (static_cast<std::size_t>(degree) >= count)
    detail::raise_value<insufficient_data>(
        function, "degree", degree,
        "< " + std::to_string(count) + " (the number of distinct x" +
            (options.weights.size() == 0 ? "" : " of positive weight") + ")");

  const auto n = static_cast<Eigen::Index>(xs.size());
  const Eigen::VectorX<W> xw = Eigen::Map<const Eigen::VectorX<T>>(xs.data(), n).template cast<W>();
  Eigen::MatrixX<W> powers(n, degree + 1);
  powers.col(0).setOnes();
  for (Eigen::Index k = 1; k <= degree; ++k) powers.col(k) = powers.col(k - 1).cwiseProduct(xw);
  return detail::fit_least_squares<T>(
      function, "the power basis", powers,
      Eigen::Map<const Eigen::VectorX<T>>(ys.data(), n).template cast<W>(), options,
      [](Eigen::Index k) { return "x^" + std::to_string(k); });
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_STATS_POLYNOMIAL_FIT_HPP
