#ifndef POVSTAT_FIT_THEIL_SEN_HPP
#define POVSTAT_FIT_THEIL_SEN_HPP

/// @file
/// `fit_theil_sen`: a straight-line trend in the counts whose slope is the median of the
/// pairwise slopes (Theil–Sen), with Sen's distribution-free confidence interval.

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <numbers>
#include <optional>
#include <string_view>
#include <vector>

#include "povstat/core/error.hpp"
#include "povstat/core/fit_status.hpp"
#include "povstat/core/population_series.hpp"
#include "povstat/detail/trend_common.hpp"
#include "povstat/fit/trend_fit.hpp"
#include "povstat/stats/distributions.hpp"
#include "povstat/stats/summation.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Options of `fit_theil_sen`.
template <std::floating_point T>
struct theil_sen_options {
  /// t0 of the model; default: the first year of the series. With 0, the intercept is
  /// median(poor − b1·year), the level at year 0.
  std::optional<T> time_origin = std::nullopt;
  /// Coverage of Sen's confidence interval for the slope (`trend_fit::slope_interval`),
  /// in (0, 1).
  T level = T(0.95);
};

namespace detail::sen {

/// The median of a sorted, non-empty range: the middle value, or the mean of the two middle
/// values when the size is even (as R's `median`).
template <std::floating_point T>
T median_of_sorted(const std::vector<T>& sorted) {
  const std::size_t half = sorted.size() / 2;
  return sorted.size() % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
}

/// The median of a non-empty sample (copied, then sorted).
template <std::floating_point T>
T median_of(std::vector<T> values) {
  std::ranges::sort(values);
  return median_of_sorted(values);
}

/// x rounded to the nearest integer, halves to even (R's `round`, IEC 60559).
template <std::floating_point T>
T round_half_even(T x) {
  const T lower = std::floor(x), fraction = x - lower;
  if (fraction > T(0.5)) return lower + 1;
  if (fraction < T(0.5)) return lower;
  return std::fmod(lower, T(2)) == 0 ? lower : lower + 1;
}

/// The Mann–Kendall variance of S with the correction for ties in `values` (Kendall 1975,
/// ch. 4): [n(n−1)(2n+5) − Σ_g t_g(t_g−1)(2t_g+5)] / 18 over the groups g of t_g equal values.
template <std::floating_point T>
T mann_kendall_variance(std::vector<T> values) {
  std::ranges::sort(values);
  const auto term = [](std::size_t m) {
    const T t = static_cast<T>(m);
    return t * (t - 1) * (2 * t + 5);
  };
  T variance = term(values.size());
  for (std::size_t first = 0; first < values.size();) {
    std::size_t last = first + 1;
    while (last < values.size() && values[last] == values[first]) ++last;
    variance -= term(last - first);
    first = last;
  }
  return variance / 18;
}

}  // namespace detail::sen

/// Fits poor = b0 + b1·(t − t0) by the Theil–Sen estimator (Theil 1950; Sen 1968).
///
/// - Slope: b1 = median of the N = n(n−1)/2 pairwise slopes (y_j − y_i)/(t_j − t_i), i < j
///   (the mean of the two middle slopes when N is even).
/// - Intercept: b0 = median_i (y_i − b1·(t_i − t0)), so that the residuals have median zero.
///   This is the convention of R's `mblm` and `robslopes::TheilSen`; the alternative
///   median(y) − b1·median(t − t0) (Conover 1980, Practical Nonparametric Statistics, §5.5) differs when t and y are not symmetric.
///   Either way b0 at another origin is b0 + b1·(t0' − t0): predictions do not depend on t0.
/// - `slope_interval`: Sen's (1968) interval at `options.level`. With the slopes sorted,
///   C = z·sqrt(Var S), z = Φ⁻¹((1 + level)/2) and Var S the Mann–Kendall variance with ties
///   in the counts, [n(n−1)(2n+5) − Σ t_g(t_g−1)(2t_g+5)]/18 (years never tie); the interval
///   is [slope_(M1), slope_(M2+1)] with M1 = (N − C)/2 and M2 = (N + C)/2 (1-based ranks).
///   Ranks that are not integers are rounded to the nearest integer, halves to even, as in
///   Gilbert (1987, §16.5) and R's `trend::sens.slope` (`round((N − C)/2)`,
///   `round((N + C)/2 + 1)`); ranks beyond the slopes are clamped to 1 and N, so with few
///   years (e.g. n = 3: C > N) the interval is the range of the slopes, whose coverage is
///   below `level` — the normal approximation of S needs about n >= 10.
/// - `sigma`: a robust residual scale, the normalised MAD of the residuals r = y − fitted,
///   1.4826·median|r − median r| (R's `mad`); `dispersion` = sigma².
/// - `vcov`: an approximation, so that `predict` can give intervals (Theil–Sen has no exact
///   one). With x_i = t_i − t0 and x̄ their mean: the slope's variance is read off Sen's
///   interval, v_b = ((upper − lower)/(2z))² (the normal-theory interval b1 ± z·se(b1) of
///   the same width); the level at x̄, a = b0 + b1·x̄ = median_i(y_i − b1·(x_i − x̄)), is the
///   median of n residual-like values, with the large-sample variance of a median under
///   normal errors, v_a = (π/2)·sigma²/n, and is taken to be uncorrelated with b1 (to first
///   order it does not move with b1). Then b0 = a − b1·x̄ gives
///   vcov = [[v_a + x̄²·v_b, −x̄·v_b], [−x̄·v_b, v_b]], the shape of sigma²(XᵀX)⁻¹ in least
///   squares. `predict` uses Student's t with n − 2 degrees of freedom on it, so its intervals
///   are approximate; the slope interval to report is `slope_interval`.
/// - `rss` = `deviance` = Σ r²; `loglik`, `aic`, `aicc`, `bic` and `r_squared` are empty (no
///   likelihood); `status` converged, `iterations` 0 (closed form). O(n² log n) time, O(n²)
///   memory (all slopes are kept for the interval).
///
/// Sources: H. Theil (1950), "A rank-invariant method of linear and polynomial regression
/// analysis", Proc. KNAW 53, 386–392, 521–525, 1397–1412; P. K. Sen (1968), "Estimates of
/// the regression coefficient based on Kendall's tau", JASA 63, 1379–1389; M. G. Kendall
/// (1975), Rank Correlation Methods, 4th ed., Griffin; R. O. Gilbert (1987), Statistical
/// Methods for Environmental Pollution Monitoring, Van Nostrand Reinhold, §16.5.
/// @throws insufficient_data with fewer than 3 years (2 coefficients and 1 degree of freedom
///         for the residual scale).
/// @throws invalid_input on a non-finite time origin or a level outside (0, 1), or when the
///         slope or intercept overflows (magnitudes beyond the floating type: rescale them).
template <std::floating_point T>
trend_fit<T> fit_theil_sen(const population_series<T>& series, const theil_sen_options<T>& options = {}) {
  constexpr std::string_view function = "fit_theil_sen";
  detail::check_trend_size(function, series, 3, "2 coefficients and 1 degree of freedom for the residual scale");
  if (!(options.level > T(0) && options.level < T(1)))
    detail::raise_value(function, "options.level", options.level, "in (0, 1)");
  const T origin = detail::time_origin(function, series, options.time_origin);

  const std::size_t n = series.size();
  const auto t = series.years();
  const auto y = series.poor();
  std::vector<T> slopes;
  slopes.reserve(n * (n - 1) / 2);
  for (std::size_t i = 0; i + 1 < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) slopes.push_back((y[j] - y[i]) / (t[j] - t[i]));
  std::ranges::sort(slopes);
  const T slope = detail::finite_result(function, "the slope", detail::sen::median_of_sorted(slopes));

  std::vector<T> x(n), level(n);
  compensated_sum<T> x_sum;
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = t[i] - origin;
    level[i] = y[i] - slope * x[i];
    x_sum.add(x[i]);
  }
  const T intercept = detail::finite_result(function, "the intercept", detail::sen::median_of(level));
  const T x_mean = x_sum.value() / static_cast<T>(n);

  // Sen's interval.
  const T big_n = static_cast<T>(slopes.size());
  const T z = normal_quantile((1 + options.level) / 2);
  const T c = z * std::sqrt(detail::sen::mann_kendall_variance(std::vector<T>(y.begin(), y.end())));
  const auto order_statistic = [&](T rank) {
    const T r = std::clamp(detail::sen::round_half_even(rank), T(1), big_n);
    return slopes[static_cast<std::size_t>(r) - 1];
  };
  const interval<T> sen{order_statistic((big_n - c) / 2), order_statistic((big_n + c) / 2 + 1)};

  trend_fit<T> fit{};
  fit.model = trend_model::theil_sen;
  fit.link = trend_link::identity;
  fit.family = trend_family::robust;
  fit.coef_names = {"intercept", "slope"};
  fit.coef.resize(2);
  fit.coef << intercept, slope;
  fit.time_origin = origin;
  fit.n = n;
  fit.df_residual = n - 2;
  fit.years.assign(t.begin(), t.end());
  fit.observed.assign(y.begin(), y.end());
  compensated_sum<T> rss;
  for (std::size_t i = 0; i < n; ++i) {
    fit.fitted.push_back(intercept + slope * x[i]);
    fit.residuals.push_back(y[i] - fit.fitted.back());
    rss.add(fit.residuals.back() * fit.residuals.back());
  }
  const T centre = detail::sen::median_of(fit.residuals);
  std::vector<T> deviations(n);
  for (std::size_t i = 0; i < n; ++i) deviations[i] = std::abs(fit.residuals[i] - centre);
  fit.sigma = T(1.4826) * detail::sen::median_of(std::move(deviations));
  fit.dispersion = fit.sigma * fit.sigma;
  fit.rss = rss.value();
  fit.deviance = fit.rss;

  const T half_width = (sen.upper - sen.lower) / (2 * z);
  const T v_slope = half_width * half_width;
  const T v_level = std::numbers::pi_v<T> / 2 * fit.dispersion / static_cast<T>(n);
  fit.vcov.resize(2, 2);
  fit.vcov << v_level + x_mean * x_mean * v_slope, -x_mean * v_slope, -x_mean * v_slope, v_slope;
  fit.se = detail::standard_errors(fit.vcov);
  fit.status = fit_status::converged;
  fit.iterations = 0;
  fit.slope_interval = sen;
  return fit;
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_FIT_THEIL_SEN_HPP
