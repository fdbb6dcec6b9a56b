#ifndef POVSTAT_FIT_SEGMENTED_HPP
#define POVSTAT_FIT_SEGMENTED_HPP

/// @file
/// `fit_segmented`: a piecewise-linear trend with one or two estimated break years, on the
/// count or the log scale; `break_intervals`: delta-method intervals for the break years;
/// `break_test`: Davies' test of "no change in slope".

#include <Eigen/Core>
#include <Eigen/QR>
#include <algorithm>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <numbers>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "povstat/core/check.hpp"
#include "povstat/core/error.hpp"
#include "povstat/core/fit_status.hpp"
#include "povstat/core/population_series.hpp"
#include "povstat/detail/least_squares_trend.hpp"
#include "povstat/detail/trend_common.hpp"
#include "povstat/fit/trend_fit.hpp"
#include "povstat/stats/distributions.hpp"
#include "povstat/stats/least_squares.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Options of `fit_segmented`.
template <std::floating_point T>
struct segmented_options {
  /// The number of break years to estimate: 1 or 2.
  std::size_t breaks = 1;
  /// The scale on which the trend is piecewise linear: the counts (`identity`) or their logs
  /// (`log`: piecewise-constant annual rates of change; every count must then be > 0).
  trend_link link = trend_link::identity;
  /// The fewest observed years in each segment, >= 2; a year at a break counts in both
  /// segments it joins, since it lies on both lines. The default 2 admits the same breaks as
  /// R's `segmented` (a break between the second and the next-to-last year).
  std::size_t min_segment_points = 2;
  /// t0 of the model; default: the first year. With 0, the intercept and slope equal R's
  /// `coef(segmented(lm(poor ~ year)))`.
  std::optional<T> time_origin = std::nullopt;
};

namespace detail {

/// Where the profile search places a break: candidate c = 2k is observed year k itself,
/// c = 2k + 1 the open interval between years k and k + 1. These codes order the places.
/// The number of observed years k with lower <= 2k <= upper (codes, lower <= upper).
inline std::size_t years_between_codes(std::size_t lower, std::size_t upper) {
  return upper / 2 + 1 - (lower + 1) / 2;
}

/// Whether breaks at the codes (increasing) leave at least `minimum` years in every segment.
inline bool admissible_codes(const std::vector<std::size_t>& codes, std::size_t n,
                             std::size_t minimum) {
  if (codes.front() / 2 + 1 < minimum) return false;            // years <= first break
  if (n - (codes.back() + 1) / 2 < minimum) return false;       // years >= last break
  for (std::size_t j = 1; j < codes.size(); ++j)
    if (codes[j] <= codes[j - 1] || years_between_codes(codes[j - 1], codes[j]) < minimum) return false;
  return true;
}

/// The best placement of the breaks found by `search_breaks`.
template <std::floating_point T>
struct segmented_search {
  std::vector<T> breaks;  ///< calendar years, increasing
  T rss = std::numeric_limits<T>::infinity();
  std::size_t fits = 0;  ///< linear least-squares problems solved
};

/// The design of a placement: [1, t − t0], then per break (t − t_k)_+, and also 1{t > t_k}
/// when the break lies inside (t_k, t_k+1).
template <std::floating_point T>
Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> placement_design(
    std::span<const T> t, T origin, const std::vector<std::size_t>& codes) {
  const auto rows = static_cast<Eigen::Index>(t.size());
  Eigen::Index columns = 2;
  for (std::size_t c : codes) columns += c % 2 == 0 ? 1 : 2;
  Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> x(rows, columns);
  for (Eigen::Index i = 0; i < rows; ++i) {
    x(i, 0) = 1;
    x(i, 1) = t[static_cast<std::size_t>(i)] - origin;
  }
  Eigen::Index column = 2;
  for (std::size_t c : codes) {
    const T at = t[c / 2];
    for (Eigen::Index i = 0; i < rows; ++i) {
      const T ti = t[static_cast<std::size_t>(i)];
      x(i, column) = ti > at ? ti - at : T(0);
      if (c % 2 == 1) x(i, column + 1) = ti > at ? T(1) : T(0);
    }
    column += c % 2 == 0 ? 1 : 2;
  }
  return x;
}

/// The break years of a placement from the coefficients of its design: t_k at a year, the
/// lines' intersection t_k − c/d inside (t_k, t_k+1). When an intersection falls outside
/// its interval (or d = 0): nothing, or with `clamp` the nearer end of the interval.
template <std::floating_point T, class Coef>
std::optional<std::vector<T>> placement_breaks(std::span<const T> t,
                                               const std::vector<std::size_t>& codes,
                                               const Coef& coef, bool clamp) {
  std::vector<T> years;
  Eigen::Index column = 2;
  for (std::size_t c : codes) {
    const T at = t[c / 2];
    if (c % 2 == 0) {
      years.push_back(at);
      column += 1;
      continue;
    }
    const T next = t[c / 2 + 1];
    T psi = at - static_cast<T>(coef(column + 1)) / static_cast<T>(coef(column));
    if (!(psi >= at && psi <= next)) {
      if (!clamp) return std::nullopt;
      psi = psi > next ? next : at;
    }
    years.push_back(psi);
    column += 2;
  }
  return years;
}

/// A fast screen of a placement: the RSS and the coefficients of its non-constant columns
/// by Householder QR with column pivoting (Eigen) of the design centred and scaled to unit
/// column norms, in T; nothing when the design is rank-deficient (R's tolerance 1e-7).
template <std::floating_point T>
std::optional<std::pair<T, Eigen::Matrix<T, Eigen::Dynamic, 1>>> screen_placement(
    Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> x,
    const Eigen::Matrix<T, Eigen::Dynamic, 1>& centred_response) {
  const Eigen::Index p = x.cols();
  Eigen::Matrix<T, Eigen::Dynamic, 1> scale(p);
  for (Eigen::Index j = 0; j < p; ++j) {
    if (j > 0) x.col(j).array() -= x.col(j).mean();
    scale(j) = x.col(j).norm();
    if (!(scale(j) > T(0))) return std::nullopt;
    x.col(j) /= scale(j);
  }
  Eigen::ColPivHouseholderQR<Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>> qr(x.rows(), p);
  qr.setThreshold(T(1e-7));
  qr.compute(x);
  if (qr.rank() < p) return std::nullopt;
  Eigen::Matrix<T, Eigen::Dynamic, 1> beta = qr.solve(centred_response);
  const T rss = (centred_response - x * beta).squaredNorm();
  beta.array() /= scale.array();  // the intercept entry is meaningless; only slopes are used
  return std::pair{rss, std::move(beta)};
}

/// The exact least-squares break years (Hudson 1966): with each break either at an
/// observed year or inside an interval between two consecutive years, the model is linear
/// in its coefficients. At a year k the break adds the column (t − t_k)_+. Inside
/// (t_k, t_k+1) it adds (t − t_k)_+ and 1{t > t_k}: separate lines on each side, whose
/// intersection t_k − c/d is the break; when it falls inside the interval it is the
/// least-squares break for that placement, otherwise the minimum over the interval lies at
/// one of its ends, which are candidates of their own. The smallest RSS over all admissible
/// placements is the global minimum (the profile RSS is continuous in the break years).
/// Every placement is screened by `screen_placement` (about 2n placements for one break,
/// 2n² for two); the best one is then fitted again by `least_squares`, whose solution
/// gives the break years.
template <std::floating_point T>
segmented_search<T> search_breaks(const population_series<T>& series,
                                  const Eigen::Matrix<T, Eigen::Dynamic, 1>& response, T origin,
                                  std::size_t breaks, std::size_t minimum) {
  const std::span<const T> t = series.years();
  const std::size_t n = t.size(), last_code = 2 * n - 2;
  const Eigen::Matrix<T, Eigen::Dynamic, 1> centred = response.array() - response.mean();
  segmented_search<T> best;
  std::vector<std::size_t> codes(breaks), best_codes;

  const auto screen = [&] {
    if (!admissible_codes(codes, n, minimum)) return;
    ++best.fits;
    const auto fit = screen_placement(placement_design(t, origin, codes), centred);
    if (!fit || !(fit->first < best.rss)) return;
    if (!placement_breaks(t, codes, fit->second, false)) return;
    best.rss = fit->first;
    best_codes = codes;
  };
  if (breaks == 1) {
    for (codes[0] = 0; codes[0] <= last_code; ++codes[0]) screen();
  } else {
    for (codes[0] = 0; codes[0] <= last_code; ++codes[0])
      for (codes[1] = codes[0] + 1; codes[1] <= last_code; ++codes[1]) screen();
  }
  if (best_codes.empty()) return best;

  ++best.fits;
  const auto ls = least_squares(placement_design(t, origin, best_codes), response);
  best.breaks = *placement_breaks(t, best_codes, ls.coef, true);
  best.rss = ls.rss;
  return best;
}

/// The fewest years a segmented model with `breaks` breaks and `minimum` years per segment
/// needs: its 2 + 2·breaks coefficients and one residual degree of freedom, and the years of
/// its segments (a year at a break counting in both).
constexpr std::size_t segmented_minimum_years(std::size_t breaks, std::size_t minimum) {
  const std::size_t for_coefficients = 2 * breaks + 3;
  const std::size_t for_segments = (breaks + 1) * minimum - breaks;
  return for_coefficients > for_segments ? for_coefficients : for_segments;
}

/// Checks shared by fit_segmented and break_test: log-scale counts > 0. Returns the response.
template <std::floating_point T>
Eigen::Matrix<T, Eigen::Dynamic, 1> segmented_response(std::string_view function,
                                                       const population_series<T>& series,
                                                       trend_link link) {
  if (link == trend_link::log)
    check_each(
        function, series.poor(),
        [&](std::size_t i) {
          return element_name("poor", i) + " (year " + format_number(series.years()[i]) + ")";
        },
        [](T v) { return v > T(0); },
        "> 0 on the log scale (the log of 0 is undefined; fit_poisson fits zero counts)");
  Eigen::Matrix<T, Eigen::Dynamic, 1> y(static_cast<Eigen::Index>(series.size()));
  for (std::size_t i = 0; i < series.size(); ++i)
    y(static_cast<Eigen::Index>(i)) =
        link == trend_link::log ? std::log(series.poor()[i]) : series.poor()[i];
  return y;
}

}  // namespace detail

/// Fits a piecewise-linear (segmented, "broken-stick") trend with K = 1 or 2 estimated
/// break years ψ₁ < ψ₂, continuous at the breaks:
///
///   y = b0 + b1·x + Σ_j d_j·(x − (ψ_j − t0))_+ + e,   x = t − t0,
///
/// with y the counts (`link = identity`) or log(poor) (`link = log`), by least squares over
/// all the parameters. b1 is the slope before the first break, d_j the change of slope at
/// break j (on the log scale, exp(slope) − 1 is the annual rate of change of each segment).
///
/// Method. The least-squares break years are found exactly, not iteratively (Hudson 1966):
/// with each break placed either at an observed year or inside one interval between
/// consecutive years, the model is linear, and its least-squares fit either yields the
/// break inside that interval (separate lines meeting there) or shows that the best break
/// for that placement lies at an end of the interval. Every admissible placement is fitted
/// (a fast pivoted-QR screen of its centred, scaled design), the one with the smallest
/// residual sum of squares is fitted again by `least_squares`, and its solution gives the
/// break years: the estimate is the global minimum, where R's `segmented` (Muggeo 2003)
/// iterates to a local one from a starting ψ (both agree when R starts in the global
/// minimum's basin; on the bundled China counts 2010–2020, R's defaults, bootstrap
/// restarts included, stop at a local minimum in 2012.11 with 1.7 times the RSS of the
/// global one in 2011.47). Admissible: at least `min_segment_points` years in every segment, a
/// year at a break counting in both. Cost: ~2n placements for one break, ~2n² for two
/// (0.2 s for two breaks in 100 years).
///
/// Inference, as R's `segmented.lm` / `summary.segmented` / `vcov.segmented`:
/// vcov = σ̂²(JᵀJ)⁻¹ with J = [1, x, (x − ψ_j)_+, −d_j·1{x > ψ_j}] the Jacobian of the
/// model in (b0, b1, d1, ψ1[, d2, ψ2]) at the estimate (Muggeo's final linearised fit),
/// σ̂² = RSS / (n − 2 − 2K). This Gaussian asymptotic covariance assumes the break lies
/// strictly between observed years; at an observed year the RSS has a kink and the
/// standard error of ψ is only indicative.
///
/// Result: coef = (intercept, slope, slope_change_1, break_1[, slope_change_2, break_2]),
/// break years in calendar years (as `trend_fit::linear_predictor` expects);
/// df_residual = n − 2 − 2K; R²; the Gaussian log-likelihood of the counts (on the log
/// scale moved to the counts by the Jacobian −Σ log poor, as fit_loglinear) with
/// k = 2 + 2K + 1 parameters for AIC/AICc/BIC; fitted counts (exp of the fitted logs on
/// the log scale) and residuals; status `converged` (the search is exhaustive);
/// `iterations` = the number of linear least-squares problems solved by the search. Intervals for the break years:
/// `break_intervals`; a test that there is a break at all: `break_test`.
///
/// @param series   the counts; with `link = log` every count must be > 0.
/// @param options  breaks (1 or 2), link, min_segment_points (>= 2), time_origin (finite).
/// @throws invalid_input when options.breaks is not 1 or 2, options.min_segment_points < 2,
///         a count is 0 with `link = log` (the message points to `fit_poisson`), or the time
///         origin is not finite.
/// @throws insufficient_data with fewer than max(2K + 3, (K + 1)·m − K) years, m =
///         min_segment_points: 5 years for one break and 7 for two with the default m = 2.
///
/// Sources: D. V. Hudson, "Fitting segmented curves whose join points have to be
/// estimated", JASA 61 (1966) 1097–1129; V. M. R. Muggeo, "Estimating regression models
/// with unknown break-points", Statistics in Medicine 22 (2003) 3055–3071, and
/// "segmented: an R package to fit regression models with broken-line relationships",
/// R News 8/1 (2008) 20–25; Seber & Wild, Nonlinear Regression (1989), Ch. 9.
template <std::floating_point T>
trend_fit<T> fit_segmented(const population_series<T>& series,
                           const segmented_options<T>& options = {}) {
  constexpr std::string_view function = "fit_segmented";
  const std::size_t breaks = options.breaks, minimum = options.min_segment_points;
  if (breaks != 1 && breaks != 2) detail::raise_value(function, "options.breaks", breaks, "1 or 2");
  if (minimum < 2)
    detail::raise_value(function, "options.min_segment_points", minimum,
                        ">= 2 (a line needs two years)");
  const std::string per_segment = std::to_string(minimum) + " years per segment";
  detail::check_trend_size(
      function, series, detail::segmented_minimum_years(breaks, minimum),
      "with " + detail::count_text(breaks, "break") + ": " + std::to_string(2 + 2 * breaks) +
          " coefficients, 1 degree of freedom for the residual scale and " + per_segment +
          "; 1 break needs " + std::to_string(detail::segmented_minimum_years(1, minimum)) +
          " years, 2 breaks need " + std::to_string(detail::segmented_minimum_years(2, minimum)));
  const auto y = detail::segmented_response(function, series, options.link);
  const T origin = detail::time_origin(function, series, options.time_origin);

  const auto search = detail::search_breaks(series, y, origin, breaks, minimum);
  if (search.breaks.empty())  // not reached: the size check leaves an admissible placement
    detail::raise<insufficient_data>(function, "no admissible placement of the breaks could be fitted");
  const auto n = static_cast<Eigen::Index>(series.size());
  const auto k = static_cast<Eigen::Index>(breaks);
  const std::span<const T> t = series.years();

  // The fit at the estimated breaks: design [1, x, (x − ψ_j)_+] for the curve, and the
  // Jacobian [1, x, (x − ψ_j)_+, −d_j 1{x > ψ_j}] (columns in coef order) for the covariance.
  Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> x(n, 2 + k), jacobian(n, 2 + 2 * k);
  for (Eigen::Index i = 0; i < n; ++i) {
    const T ti = t[static_cast<std::size_t>(i)];
    x(i, 0) = 1;
    x(i, 1) = ti - origin;
    for (Eigen::Index j = 0; j < k; ++j) {
      const T psi = search.breaks[static_cast<std::size_t>(j)];
      x(i, 2 + j) = ti > psi ? ti - psi : T(0);
    }
  }
  std::vector<std::string> names{"intercept", "slope"};
  for (Eigen::Index j = 1; j <= k; ++j) {
    names.push_back("slope_change_" + std::to_string(j));
    names.push_back("break_" + std::to_string(j));
  }
  trend_fit<T> fit = detail::least_squares_trend(trend_model::segmented, options.link, series, x,
                                                 y, std::vector<T>{}, origin, std::move(names));
  Eigen::Matrix<T, Eigen::Dynamic, 1> coef(2 + 2 * k);
  coef.head(2) = fit.coef.head(2);
  for (Eigen::Index j = 0; j < k; ++j) {
    const T d = fit.coef(2 + j), psi = search.breaks[static_cast<std::size_t>(j)];
    coef(2 + 2 * j) = d;
    coef(3 + 2 * j) = psi;
  }
  jacobian.col(0) = x.col(0);
  jacobian.col(1) = x.col(1);
  for (Eigen::Index j = 0; j < k; ++j) {
    const T d = coef(2 + 2 * j);
    jacobian.col(2 + 2 * j) = x.col(2 + j);
    for (Eigen::Index i = 0; i < n; ++i) jacobian(i, 3 + 2 * j) = x(i, 2 + j) > T(0) ? -d : T(0);
  }
  // σ̂²(JᵀJ)⁻¹ with σ̂² from the fitted curve (as R, which puts the curve's residuals into
  // its final linearised fit): rescale the linearised fit's covariance by RSS / RSS_J. The
  // two RSS agree when the break lies between observed years (the residuals are then
  // orthogonal to the ψ columns); an exact fit has covariance 0 either way.
  const auto linearised = least_squares(jacobian, y);
  const auto df = static_cast<std::size_t>(n - 2 - 2 * k);
  fit.coef = coef;
  fit.vcov = linearised.vcov;
  if (linearised.rss > T(0)) fit.vcov *= fit.rss / linearised.rss;
  fit.se = detail::standard_errors(fit.vcov);
  for (Eigen::Index j = 0; j < fit.vcov.rows(); ++j)
    if (std::isnan(fit.vcov(j, j))) fit.se(j) = fit.vcov(j, j);  // not identified (d_j = 0)
  fit.df_residual = df;
  fit.sigma = std::sqrt(fit.rss / static_cast<T>(df));
  fit.dispersion = fit.sigma * fit.sigma;
  detail::set_information_criteria(fit, *fit.loglik, 2 + 2 * breaks + 1);
  fit.status = fit_status::converged;
  fit.iterations = search.fits;
  return fit;
}

/// Confidence intervals for the break years of a `fit_segmented` result, by the delta
/// method as R's `confint.segmented` (method "delta", its default): ψ_j ± q·se(ψ_j), q the
/// Student t quantile at (1 + level)/2 with df_residual degrees of freedom. They are
/// symmetric and rest on the asymptotic normality of ψ̂; in short series they can extend
/// beyond the observed years.
/// @param fit    a result of `fit_segmented`.
/// @param level  coverage in (0, 1).
/// @return one interval per break, in the order of the breaks.
/// @throws invalid_input when fit is not a segmented fit, or level is outside (0, 1).
/// Source: Muggeo (2003), Sec. 3; R's segmented::confint.segmented.
template <std::floating_point T>
std::vector<interval<T>> break_intervals(const trend_fit<T>& fit, T level = T(0.95)) {
  constexpr std::string_view function = "break_intervals";
  if (fit.model != trend_model::segmented)
    detail::raise_value(function, "fit.model", to_string(fit.model), "'segmented'");
  if (!(level > T(0) && level < T(1))) detail::raise_value(function, "level", level, "in (0, 1)");
  const T q = student_t_quantile((1 + level) / 2, static_cast<T>(fit.df_residual));
  std::vector<interval<T>> out;
  for (Eigen::Index j = 3; j < fit.coef.size(); j += 2)
    out.push_back({fit.coef(j) - q * fit.se(j), fit.coef(j) + q * fit.se(j)});
  return out;
}

/// The alternative of `break_test`, on the sign of the change of slope d.
enum class break_alternative {
  two_sided,  ///< d ≠ 0
  less,       ///< d < 0: the slope falls (a decline speeds up, a rise slows down)
  greater,    ///< d > 0: the slope rises (a decline slows down)
};

/// Options of `break_test`.
struct break_test_options {
  /// Test the counts (`identity`) or their logs (`log`; every count must then be > 0).
  trend_link link = trend_link::identity;
  /// K, the number of trial break years, equally spaced from the second to the
  /// next-to-last observed year (R: k = 10); >= 2.
  std::size_t evaluation_points = 10;
  /// The alternative hypothesis (R: "two.sided").
  break_alternative alternative = break_alternative::two_sided;
};

/// What `break_test` returns.
template <std::floating_point T>
struct break_test_result {
  T statistic;  ///< max |t| (two_sided), min t (less) or max t (greater) over the trial breaks
  T p_value;    ///< Davies' upper bound of the p-value, capped at 1
  T best_break;  ///< the trial break year where the statistic is attained (R's "'best' at")
  std::size_t df_residual;  ///< n − 3, the degrees of freedom of the t statistics
  std::vector<T> evaluation_years;  ///< the trial break years
  std::vector<T> t_values;          ///< the t statistic of the slope change at each
  break_alternative alternative;
  std::string_view method = "Davies' test for a change in the slope";
};

/// Davies' test of H0: no change of slope (a straight line, on the count or the log scale)
/// against a piecewise-linear trend with one break at an unknown year, as R's
/// `segmented::davies.test` for a linear model (its default k = 10, `type` being irrelevant
/// for lm fits). At each of K trial years ψ_k, equally spaced from the second to the
/// next-to-last observed year, y is regressed on [1, t, (t − ψ_k)_+] and t_k is the t
/// statistic of the last coefficient (df = n − 3). With M = max |t_k| (two-sided),
/// u = M²/(df + M²) and the total variation V = Σ_k |θ_k − θ_{k−1}| of
/// θ_k = arctan(|t_k|/√df), the p-value bound is (Davies 2002)
///
///   p = 2·[P(T_df > M) + V·(1 − u)^((df − 1)/2)·Γ((df + 1)/2) / (2√π·Γ(df/2))],
///
/// without the factor 2 one-sided (M = min t_k with P(T_df < M) for `less`, M = max t_k
/// for `greater`), capped at 1. Since the break is searched over, the naive p-value of the
/// best t would be anti-conservative; this bound is not.
/// @param series   the counts; with `link = log` every count must be > 0.
/// @param options  link, evaluation_points (>= 2), alternative.
/// @throws insufficient_data with fewer than 4 years (3 coefficients and 1 degree of freedom).
/// @throws invalid_input when evaluation_points < 2 or a count is 0 with `link = log`.
/// Sources: R. B. Davies, "Hypothesis testing when a nuisance parameter is present only
/// under the alternative", Biometrika 74 (1987) 33–43, and "... linear model case",
/// Biometrika 89 (2002) 484–489; Muggeo, R News 8/1 (2008); R's segmented::davies.test.
template <std::floating_point T>
break_test_result<T> break_test(const population_series<T>& series,
                                const break_test_options& options = {}) {
  constexpr std::string_view function = "break_test";
  if (options.evaluation_points < 2)
    detail::raise_value(function, "options.evaluation_points", options.evaluation_points, ">= 2");
  detail::check_trend_size(function, series, 4,
                           "3 coefficients with a trial break and 1 degree of freedom for the "
                           "residual scale");
  const auto y = detail::segmented_response(function, series, options.link);
  const std::span<const T> t = series.years();
  const auto n = static_cast<Eigen::Index>(t.size());
  const std::size_t points = options.evaluation_points;
  const T first = t[1], last = t[t.size() - 2], origin = t.front();

  break_test_result<T> out{};
  out.df_residual = t.size() - 3;
  out.alternative = options.alternative;
  const T df = static_cast<T>(out.df_residual);
  const T step = (last - first) / static_cast<T>(points - 1);
  Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> x(n, 3);
  for (std::size_t k = 0; k < points; ++k) {
    // as R's seq(from, to, length = K): from + k·((to − from)/(K − 1)), the last exactly `to`
    const T psi = k + 1 == points ? last : first + static_cast<T>(k) * step;
    for (Eigen::Index i = 0; i < n; ++i) {
      const T ti = t[static_cast<std::size_t>(i)];
      x(i, 0) = 1;
      x(i, 1) = ti - origin;
      x(i, 2) = ti > psi ? ti - psi : T(0);
    }
    const auto ls = least_squares(x, y);
    const T t_value = ls.coef(2) / ls.se(2);
    if (std::isnan(t_value)) continue;  // as R, which drops trial breaks it cannot fit
    out.evaluation_years.push_back(psi);
    out.t_values.push_back(t_value);
  }
  if (out.t_values.empty())
    detail::raise(function, "no trial break gives a t statistic (the series lies exactly on a line)");

  T variation = 0;
  std::size_t best = 0;
  for (std::size_t k = 0; k < out.t_values.size(); ++k) {
    const T tk = out.t_values[k];
    if (k > 0)
      variation += std::abs(std::atan(std::abs(tk) / std::sqrt(df)) -
                            std::atan(std::abs(out.t_values[k - 1]) / std::sqrt(df)));
    const T tb = out.t_values[best];
    switch (options.alternative) {
      case break_alternative::two_sided: if (std::abs(tk) > std::abs(tb)) best = k; break;
      case break_alternative::less: if (tk < tb) best = k; break;
      case break_alternative::greater: if (tk > tb) best = k; break;
    }
  }
  const T m = options.alternative == break_alternative::two_sided ? std::abs(out.t_values[best])
                                                                   : out.t_values[best];
  // P(T > v) from the two-sided p-value.
  const auto upper_tail = [&](T v) {
    const T half = student_t_two_sided_p(v, df) / 2;
    return v >= T(0) ? half : 1 - half;
  };
  const T naive = options.alternative == break_alternative::less ? upper_tail(-m) : upper_tail(m);
  const T u = std::isinf(m) ? T(1) : m * m / (df + m * m);
  const T gamma_ratio =
      1 / boost::math::tgamma_delta_ratio(df / 2, T(0.5), detail::math_policy());  // Γ(df/2 + ½)/Γ(df/2)
  const T bound = variation * std::pow(1 - u, (df - 1) / 2) * gamma_ratio /
                  (2 * std::sqrt(std::numbers::pi_v<T>));
  const T p = (options.alternative == break_alternative::two_sided ? 2 : 1) * (naive + bound);
  out.statistic = m;
  out.p_value = std::min(p, T(1));
  out.best_break = out.evaluation_years[best];
  return out;
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_FIT_SEGMENTED_HPP
