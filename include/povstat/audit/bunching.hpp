#ifndef POVSTAT_AUDIT_BUNCHING_HPP
#define POVSTAT_AUDIT_BUNCHING_HPP

/// @file
/// `threshold_bunching`: do reported headcount ratios pile up just below an exit threshold?
/// Window counts with an exact binomial test, and McCrary's (2008) density-discontinuity
/// test.

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "povstat/core/check.hpp"
#include "povstat/core/error.hpp"
#include "povstat/detail/audit_support.hpp"
#include "povstat/detail/numeric_range.hpp"
#include "povstat/stats/distributions.hpp"
#include "povstat/stats/least_squares.hpp"
#include "povstat/stats/polynomial_fit.hpp"
#include "povstat/stats/summation.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Options of `threshold_bunching`. Widths are in the units of the rates (0.005 = half a
/// percentage point).
template <std::floating_point T>
struct bunching_options {
  /// Width w of the windows [c − w, c) and [c, c + w) compared by the binomial test; > 0.
  T window = T(0.005);
  /// Bin width b of the histogram; default McCrary's 2·s·n^(−1/2), s the standard deviation
  /// of the rates.
  std::optional<T> bin_width = std::nullopt;
  /// Bandwidth h of the local linear fits; default McCrary's rule of thumb (see
  /// `threshold_bunching`).
  std::optional<T> bandwidth = std::nullopt;
};

/// McCrary's density-discontinuity estimate at the threshold.
template <std::floating_point T>
struct bunching_density {
  T bin_width;                  ///< b
  T bandwidth;                  ///< h
  std::vector<T> bin_midpoint;  ///< X_j, the histogram's bin midpoints (no bin straddles c)
  std::vector<T> bin_density;   ///< Y_j = count_j / (n b)
  T density_below;              ///< f̂⁻: the local linear fit below c, at c
  T density_above;              ///< f̂⁺: the local linear fit above c, at c
  T log_difference;             ///< θ = ln f̂⁺ − ln f̂⁻ (negative: mass piles up below)
  T se;                         ///< sqrt((24/5)·(1/f̂⁺ + 1/f̂⁻) / (n h))
  T z;                          ///< θ / se
  T p_value;                    ///< two-sided, 2 P(Z > |z|)
  T p_value_bunching;           ///< one-sided for a pile-up below, P(Z <= z)
};

/// The result of `threshold_bunching`.
template <std::floating_point T>
struct bunching_result {
  std::size_t n;                  ///< rates
  T threshold;                    ///< c
  T window;                       ///< w
  std::size_t below;              ///< rates in [c − w, c)
  std::size_t above;              ///< rates in [c, c + w)
  std::optional<T> share_below;   ///< below / (below + above); empty when both are 0
  T binomial_p_value;             ///< P(X >= below), X ~ Binomial(below + above, 1/2); 1 when both are 0
  std::optional<bunching_density<T>> density;  ///< empty when it cannot be estimated
  std::string density_note;       ///< why `density` is empty ("" otherwise)
};

namespace detail {

/// The intercept at u = 0 of the weighted least-squares line through (u_j, y_j) with
/// weights w_j (QR, `least_squares`); nothing with fewer than two points of positive weight.
template <std::floating_point T>
std::optional<T> local_linear_at_zero(const std::vector<T>& u, const std::vector<T>& y, const std::vector<T>& w) {
  std::vector<std::size_t> kept;
  for (std::size_t j = 0; j < u.size(); ++j)
    if (w[j] > T(0)) kept.push_back(j);
  if (kept.size() < 2) return std::nullopt;
  const auto m = static_cast<Eigen::Index>(kept.size());
  Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> x(m, 2);
  Eigen::Matrix<T, Eigen::Dynamic, 1> response(m), weights(m);
  for (Eigen::Index i = 0; i < m; ++i) {
    const std::size_t j = kept[static_cast<std::size_t>(i)];
    x(i, 0) = T(1);
    x(i, 1) = u[j];
    response(i) = y[j];
    weights(i) = w[j];
  }
  const auto fit = least_squares(x, response, least_squares_options<T>{.weights = weights});
  if (std::isnan(fit.coef(0)) || std::isnan(fit.coef(1))) return std::nullopt;  // one distinct u
  return fit.coef(0);
}

/// McCrary's rule-of-thumb bandwidth on one side: 3.348·[σ̃²·range / Σ f̃''(X_j)²]^(1/5) from
/// a quartic fitted to that side's bins. u_j = (X_j − c)/b; nothing with fewer than 6 bins.
template <std::floating_point T>
std::optional<T> rule_of_thumb_bandwidth(const std::vector<T>& u, const std::vector<T>& y, T b, T range) {
  if (u.size() < 6) return std::nullopt;
  const auto fit = polynomial_fit(u, y, 4);
  for (Eigen::Index k = 0; k < 5; ++k)
    if (std::isnan(fit.coef(k))) return std::nullopt;
  compensated_sum<T> curvature;
  for (const T v : u) {
    const T second = (2 * fit.coef(2) + 6 * fit.coef(3) * v + 12 * fit.coef(4) * v * v) / (b * b);
    curvature.add(second * second);
  }
  if (!(curvature.value() > T(0))) return std::nullopt;
  const T mse = fit.sigma * fit.sigma;
  return T(3.348) * std::pow(mse * range / curvature.value(), T(0.2));
}

/// Checks window, bin_width and bandwidth, named `<prefix>window` ... in messages.
template <std::floating_point T>
void check_bunching_options(std::string_view function, std::string_view prefix, const bunching_options<T>& options) {
  const auto check_width = [&](std::string_view member, T value) {
    if (!(std::isfinite(value) && value > T(0)))
      raise_value(function, std::string(prefix).append(member), value, "finite and > 0");
  };
  check_width("window", options.window);
  if (options.bin_width) check_width("bin_width", *options.bin_width);
  if (options.bandwidth) check_width("bandwidth", *options.bandwidth);
}

}  // namespace detail

/// Tests whether `rates` (headcount ratios, in [0, 1]) pile up just below `threshold` c, as
/// they do when regions that leave a list of poor regions once their rate falls below c
/// report rates just under it. A rate equal to c counts as above ("below the line" is
/// strict).
///
/// 1. Windows: `below` = #{c − w <= r < c}, `above` = #{c <= r < c + w}; with a density that
///    is smooth and nearly flat across c, each rate in the two windows falls below with
///    probability 1/2, so `binomial_p_value` = P(X >= below), X ~ Binomial(below + above,
///    1/2) (exact, one-sided). A steep density (many more regions far below the line than
///    above it, say) biases this test; the density test below allows for slope.
/// 2. McCrary (2008, §III): a histogram of bin width b whose bins never straddle c (edges at
///    c + k·b), Y_j = count_j / (n b) at midpoints X_j; a local linear regression of Y_j on
///    X_j − c on each side separately, triangular kernel K(t) = max(0, 1 − |t|) with
///    bandwidth h, whose intercepts are f̂⁻ and f̂⁺; θ = ln f̂⁺ − ln f̂⁻, with standard error
///    sqrt((1/(n h))·(24/5)·(1/f̂⁺ + 1/f̂⁻)), z = θ/se, and p-values from the normal. Defaults
///    as McCrary's: b = 2·s·n^(−1/2) (s the sample standard deviation of the rates), and h the
///    mean over the two sides of 3.348·[σ̃²·(range of X_j on that side, from its outermost
///    midpoint to c) / Σ f̃''(X_j)²]^(1/5), from a quartic least-squares fit of Y_j on X_j on
///    that side (σ̃² its residual mean square, f̃'' its second derivative).
///
/// `density` is empty, with `density_note` saying why, when it cannot be estimated: fewer
/// than two rates or all equal (no default bin width), fewer than 6 bins on a side (no
/// default bandwidth; pass `options.bandwidth`), fewer than two bins with positive weight on a
/// side, or a local linear estimate that is not > 0 (no logarithm).
///
/// Sources: J. McCrary (2008), "Manipulation of the running variable in the regression
/// discontinuity design: a density test", J. Econometrics 142, 698–714; the 2 % and 3 %
/// exit lines: State Council Leading Group Office of Poverty Alleviation and Development
/// (2016), 《关于建立贫困退出机制的意见》 (the poverty-exit mechanism: a county leaves the
/// list when its incidence falls below 2 %, 3 % in the west).
/// @param rates     any sized range of numbers in [0, 1]; not modified.
/// @param threshold c, in (0, 1).
/// @throws insufficient_data when `rates` is empty.
/// @throws invalid_input when a rate is NaN or outside [0, 1], threshold is outside (0, 1),
///         or window, bin_width or bandwidth is not finite and > 0.
template <detail::numeric_range R>
bunching_result<detail::range_floating_t<R>> threshold_bunching(
    const R& rates, detail::range_floating_t<R> threshold,
    const bunching_options<detail::range_floating_t<R>>& options = {}) {
  using T = detail::range_floating_t<R>;
  constexpr std::string_view function = "threshold_bunching";
  const std::vector<T> x = detail::to_vector<T>(rates);
  detail::check_min_size(function, "rates", x.size(), 1, "(an empty sample has no density)");
  detail::check_each<T>(function, x, [](std::size_t i) { return detail::element_name("rates", i); },
                        [](T v) { return v >= T(0) && v <= T(1); }, "in [0, 1] (a headcount ratio)");
  if (!(threshold > T(0) && threshold < T(1))) detail::raise_value(function, "threshold", threshold, "in (0, 1)");
  detail::check_bunching_options(function, "options.", options);

  const T c = threshold;
  bunching_result<T> result{};
  result.n = x.size();
  result.threshold = c;
  result.window = options.window;
  for (const T v : x) {
    if (v >= c - options.window && v < c) ++result.below;
    if (v >= c && v < c + options.window) ++result.above;
  }
  const std::size_t in_windows = result.below + result.above;
  if (in_windows > 0) result.share_below = static_cast<T>(result.below) / static_cast<T>(in_windows);
  result.binomial_p_value = detail::audit::binomial_upper_tail(result.below, in_windows, T(0.5));

  const T n = static_cast<T>(x.size());
  T b;
  if (options.bin_width) {
    b = *options.bin_width;
  } else {
    if (x.size() < 2) {
      result.density_note = "one rate has no standard deviation, so no default bin width; give options.bin_width";
      return result;
    }
    compensated_sum<T> sum, squares;
    for (const T v : x) sum.add(v);
    const T mean = sum.value() / n;
    for (const T v : x) squares.add((v - mean) * (v - mean));
    const T s = std::sqrt(squares.value() / (n - 1));
    if (!(s > T(0))) {
      result.density_note = "all rates are equal, so there is no default bin width; give options.bin_width";
      return result;
    }
    b = 2 * s / std::sqrt(n);
  }
  // Bins k = floor((r − c)/b), from the lowest to the highest occupied, midpoints c + (k + 1/2) b.
  const auto bin_of = [&](T v) { return static_cast<long long>(std::floor((v - c) / b)); };
  const auto [lowest, highest] = std::ranges::minmax(x);
  const long long first = std::min(bin_of(lowest), -1LL), last = std::max(bin_of(highest), 0LL);
  std::vector<T> counts(static_cast<std::size_t>(last - first + 1), T(0));
  for (const T v : x) counts[static_cast<std::size_t>(bin_of(v) - first)] += 1;
  bunching_density<T> d{};
  d.bin_width = b;
  std::vector<T> u_below, y_below, u_above, y_above;  // u = (X − c)/b, in bins
  for (long long k = first; k <= last; ++k) {
    const T u = static_cast<T>(k) + T(0.5);
    const T y = counts[static_cast<std::size_t>(k - first)] / (n * b);
    d.bin_midpoint.push_back(c + u * b);
    d.bin_density.push_back(y);
    (k < 0 ? u_below : u_above).push_back(u);
    (k < 0 ? y_below : y_above).push_back(y);
  }
  if (options.bandwidth) {
    d.bandwidth = *options.bandwidth;
  } else {
    const auto h_below = detail::rule_of_thumb_bandwidth(u_below, y_below, b, -u_below.front() * b);
    const auto h_above = detail::rule_of_thumb_bandwidth(u_above, y_above, b, u_above.back() * b);
    if (!h_below || !h_above) {
      result.density_note =
          "McCrary's default bandwidth needs a quartic fit with curvature on each side, from at least 6 bins (" +
          std::to_string(u_below.size()) + " below the threshold, " + std::to_string(u_above.size()) +
          " above); give options.bandwidth";
      return result;
    }
    d.bandwidth = (*h_below + *h_above) / 2;
  }
  const T h_bins = d.bandwidth / b;
  const auto side = [&](const std::vector<T>& u, const std::vector<T>& y) {
    std::vector<T> w(u.size());
    for (std::size_t j = 0; j < u.size(); ++j) w[j] = std::max(T(0), 1 - std::abs(u[j]) / h_bins);
    return detail::local_linear_at_zero(u, y, w);
  };
  const auto f_below = side(u_below, y_below), f_above = side(u_above, y_above);
  if (!f_below || !f_above) {
    result.density_note = "the bandwidth " + detail::audit::number(d.bandwidth) +
                          " leaves fewer than two bins with weight on a side of the threshold; give a wider options.bandwidth";
    return result;
  }
  if (!(*f_below > T(0) && *f_above > T(0))) {
    result.density_note = "a local linear density estimate at the threshold is not > 0 (below " +
                          detail::audit::number(*f_below) + ", above " + detail::audit::number(*f_above) +
                          "), so its logarithm does not exist";
    return result;
  }
  d.density_below = *f_below;
  d.density_above = *f_above;
  d.log_difference = std::log(d.density_above) - std::log(d.density_below);
  d.se = std::sqrt(T(24) / 5 * (1 / d.density_above + 1 / d.density_below) / (n * d.bandwidth));
  d.z = d.log_difference / d.se;
  d.p_value = 2 * normal_upper_tail(std::abs(d.z));
  d.p_value_bunching = normal_upper_tail(-d.z);
  result.density = std::move(d);
  return result;
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_AUDIT_BUNCHING_HPP
