#ifndef POVSTAT_TARGET_CROSSING_HPP
#define POVSTAT_TARGET_CROSSING_HPP

/// @file
/// `years_to` and `years_to_zero`: when a fitted trend reaches a level, with an interval
/// (delta method, Fieller, or bootstrap).

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "povstat/core/error.hpp"
#include "povstat/core/execution.hpp"
#include "povstat/core/fit_status.hpp"
#include "povstat/core/population_series.hpp"
#include "povstat/detail/fit_model.hpp"
#include "povstat/detail/random.hpp"
#include "povstat/detail/trend_crossing.hpp"
#include "povstat/fit/trend_fit.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Where the fitted trend stands against a level, seen from the last observed year.
enum class crossing_status {
  already_reached,    ///< the trend is at or below the level in the last observed year
  reached_in_future,  ///< it falls to the level within `horizon` years after the last year
  not_reached,        ///< it never gets there (rising, or flattening above the level)
  beyond_horizon,     ///< it gets there, but more than `horizon` years after the last year
};

/// How the interval of a crossing year is computed.
enum class crossing_method {
  automatic,  ///< fieller for straight-line trends, bootstrap (parametric) for the others
  delta,      ///< t̂ ± q·se(t̂), se(t̂) = sqrt(gᵀVg) / |∂η/∂t| (delta method)
  fieller,    ///< Fieller's confidence set for the root of a straight line (exact for `linear`)
  bootstrap,  ///< percentiles of the crossing years of bootstrap replicates
};

/// The replicates of `crossing_method::bootstrap`.
enum class bootstrap_scheme {
  parametric,  ///< coefficients drawn from their asymptotic normal N(coef, vcov); no refit
  residual,    ///< refits on fitted + resampled residuals (link scale; Pearson for Poisson)
};

/// The form of a crossing interval. Fieller's set need not be an interval, and simulated
/// intervals may run to infinity; the shape says which case it is, never hidden.
enum class interval_shape {
  bounded,          ///< [lower, upper]
  unbounded_above,  ///< [lower, +inf): the level may never be reached
  unbounded_below,  ///< (−inf, upper]
  whole_line,       ///< every year: the data cannot place the crossing at all
  two_rays,         ///< (−inf, lower] ∪ [upper, +inf) (Fieller, slope not significant)
  none,             ///< no interval (delta method without a crossing year)
};

constexpr std::string_view to_string(crossing_status s) noexcept {
  switch (s) {
    case crossing_status::already_reached: return "already_reached";
    case crossing_status::reached_in_future: return "reached_in_future";
    case crossing_status::not_reached: return "not_reached";
    case crossing_status::beyond_horizon: return "beyond_horizon";
  }
  return "unknown";
}

constexpr std::string_view to_string(crossing_method m) noexcept {
  switch (m) {
    case crossing_method::automatic: return "automatic";
    case crossing_method::delta: return "delta";
    case crossing_method::fieller: return "fieller";
    case crossing_method::bootstrap: return "bootstrap";
  }
  return "unknown";
}

constexpr std::string_view to_string(interval_shape s) noexcept {
  switch (s) {
    case interval_shape::bounded: return "bounded";
    case interval_shape::unbounded_above: return "unbounded_above";
    case interval_shape::unbounded_below: return "unbounded_below";
    case interval_shape::whole_line: return "whole_line";
    case interval_shape::two_rays: return "two_rays";
    case interval_shape::none: return "none";
  }
  return "unknown";
}

/// Options of `years_to` and `years_to_zero`.
template <std::floating_point T>
struct crossing_options {
  T level = T(0.95);                                    ///< coverage of the interval, in (0, 1)
  crossing_method method = crossing_method::automatic;  ///< interval method
  bootstrap_scheme scheme = bootstrap_scheme::parametric;
  std::size_t replicates = 2000;  ///< bootstrap replicates, >= 2
  /// Seed of the bootstrap: replicates run in fixed blocks of 256, block c drawing from
  /// std::mt19937_64 seeded by std::seed_seq{seed mod 2³², seed / 2³², c} (see
  /// detail::replicate_block_generator), so results do not depend on the thread count.
  std::uint64_t seed = 2020;
  T horizon = T(100);             ///< years after the last observed year that count as "in future"
  T zero_level = T(0.5);          ///< `years_to_zero`: the count that rounds to zero
  /// Threads for the bootstrap; results are bit-identical whatever the count.
  povstat::execution execution = {};
  /// Called with (replicates done, replicates) from the calling thread during the bootstrap;
  /// returning false throws `povstat::cancelled`.
  progress_callback progress = {};
};

/// When a trend reaches a level, and how sure we are.
template <std::floating_point T>
struct crossing {
  crossing_status status;
  T level;             ///< the level on the scale of counts (or rates, for a rate fit)
  T last_year;         ///< the last year the trend was fitted to
  T year;              ///< fractional calendar year of the crossing; for already_reached the
                       ///< year the trend fell to the level (NaN if it has always been
                       ///< below); NaN for not_reached
  T years_after_last;  ///< year − last_year (negative for already_reached)
  T lower;             ///< interval bounds, read with `shape` (±inf where unbounded; NaN for none)
  T upper;
  interval_shape shape;
  crossing_method method;     ///< the method used (never `automatic`)
  T coverage;                 ///< the interval's nominal coverage
  std::size_t replicates = 0;         ///< bootstrap replicates used
  std::size_t failed_replicates = 0;  ///< residual-bootstrap refits that failed and were dropped
};

namespace detail {

/// The count level as a link-scale value.
template <std::floating_point T>
T link_level(const trend_fit<T>& fit, T level) {
  return fit.link == trend_link::log ? std::log(level) : level;
}

template <std::floating_point T>
void check_fit_for_target(std::string_view function, const trend_fit<T>& fit) {
  if (fit.status == fit_status::insufficient_data)
    raise<insufficient_data>(function, "the fit has no estimates (status insufficient_data)");
  if (fit.status != fit_status::converged)
    raise(function, "the fit did not converge (status " + std::string(to_string(fit.status)) +
                        "), so its trend cannot be extrapolated");
  if (fit.years.empty()) raise<insufficient_data>(function, "the fit has no years");
}

template <std::floating_point T>
void check_crossing_options(std::string_view function, const crossing_options<T>& options) {
  if (!(options.level > T(0) && options.level < T(1)))
    raise_value(function, "options.level", options.level, "in (0, 1)");
  if (!(options.horizon > T(0) && std::isfinite(options.horizon)))
    raise_value(function, "options.horizon", options.horizon, "finite and > 0");
  if (!(options.zero_level > T(0) && std::isfinite(options.zero_level)))
    raise_value(function, "options.zero_level", options.zero_level, "finite and > 0");
  // Checked whatever the method: `automatic` may choose the bootstrap.
  if (options.replicates < 2) raise_value(function, "options.replicates", options.replicates, ">= 2");
  check_execution(function, options.execution);
}

/// Fieller's confidence set for the root x of b0 − ell + b1 x = 0 (x = t − t0):
/// {x : (b0 − ell + b1 x)² <= q² (v00 + 2 x v01 + x² v11)}, i.e. a x² + B x + c <= 0 with
/// a = b1² − q² v11, B = 2((b0 − ell) b1 − q² v01), c = (b0 − ell)² − q² v00 (Fieller 1954).
/// a > 0 (slope significant at the level): the interval between the roots; a < 0: the
/// whole line (B² − 4ac < 0) or two rays outside the roots.
template <std::floating_point T>
void fieller_set(const trend_fit<T>& fit, T ell, T q, crossing<T>& out) {
  const T b0 = fit.coef(0) - ell, b1 = fit.coef(1);
  const T v00 = fit.vcov(0, 0), v01 = fit.vcov(0, 1), v11 = fit.vcov(1, 1), q2 = q * q;
  const T a = b1 * b1 - q2 * v11, B = 2 * (b0 * b1 - q2 * v01), c = b0 * b0 - q2 * v00;
  const T inf = std::numeric_limits<T>::infinity();
  const T disc = B * B - 4 * a * c;
  if (a == 0) {  // B x + c <= 0: a half-line
    if (B == 0) {
      out.shape = c <= 0 ? interval_shape::whole_line : interval_shape::none;
      out.lower = -inf;
      out.upper = inf;
      return;
    }
    const T x = -c / B;
    out.shape = B > 0 ? interval_shape::unbounded_below : interval_shape::unbounded_above;
    out.lower = B > 0 ? -inf : x + fit.time_origin;
    out.upper = B > 0 ? x + fit.time_origin : inf;
    return;
  }
  if (disc < 0) {  // a < 0 here: the inequality holds everywhere
    out.shape = interval_shape::whole_line;
    out.lower = -inf;
    out.upper = inf;
    return;
  }
  const T h = -(B + std::copysign(std::sqrt(disc), B)) / 2;  // stable roots h/a and c/h
  T r1 = h / a, r2 = h != 0 ? c / h : r1;
  if (r1 > r2) std::swap(r1, r2);
  out.lower = r1 + fit.time_origin;
  out.upper = r2 + fit.time_origin;
  out.shape = a > 0 ? interval_shape::bounded : interval_shape::two_rays;
}

/// Residual-bootstrap replicates of the series behind `fit`: link-scale residuals resampled
/// onto the fitted values (Gaussian and robust families), or Pearson residuals onto the
/// fitted means, truncated at 0 (Poisson families); each is refitted with the model's default
/// options and the fit's time origin.
template <std::floating_point T>
class residual_resampler {
 public:
  residual_resampler(std::string_view function, const trend_fit<T>& fit) : fit_(fit) {
    if (fit.models_rate) raise(function, "the residual bootstrap cannot refit a rate model; use bootstrap_scheme::parametric");
    poisson_ = fit.family == trend_family::poisson || fit.family == trend_family::quasi_poisson;
    const std::size_t n = fit.years.size();
    for (std::size_t i = 0; i < n; ++i) {
      const T mu = fit.fitted[i], y = fit.observed[i];
      if (poisson_) {
        residual_.push_back((y - mu) / std::sqrt(mu));
      } else {
        if (fit.link == trend_link::log && !(y > 0 && mu > 0))
          raise_value(function, "fit.observed[" + std::to_string(i) + "]", y, "> 0 for a log-scale residual");
        if (fit.link == trend_link::log) {
          log_fitted_.push_back(std::log(mu));
          residual_.push_back(std::log(y) - log_fitted_.back());
        } else {
          residual_.push_back(y - mu);
        }
      }
    }
    sample_.resize(n);
    line_ = fit.family == trend_family::gaussian &&
            (fit.model == trend_model::linear || fit.model == trend_model::loglinear);
    if (line_) {  // x_i = year_i − t0, centred once: x̄, x_i − x̄ and Sxx = Σ(x_i − x̄)²
      for (const T year : fit.years) x_mean_ += year - fit.time_origin;
      x_mean_ /= static_cast<T>(n);
      for (const T year : fit.years) {
        centred_x_.push_back(year - fit.time_origin - x_mean_);
        sxx_ += centred_x_.back() * centred_x_.back();
      }
    }
  }

  /// True when `refit_line` applies: `linear` or `loglinear` (Gaussian, unweighted refit).
  bool straight_line() const noexcept { return line_; }

  /// One replicate of a straight line in closed form, no allocation: the same draws and
  /// samples as `refit`, then ordinary least squares of z*_i (the sample, or its log) on
  /// x_i = year_i − t0: b* = Σ(x_i − x̄)(z*_i − z̄*) / Sxx, a* = z̄* − b* x̄. Nothing when
  /// `refit` would fail (a negative or non-finite count; 0 on the log scale; a*, b* not finite).
  /// On the log scale the log of the sample exp(log mu_i + e) is log mu_i + e itself wherever
  /// the sample is a normal positive number (|log mu_i + e| below log of the largest value − 1);
  /// only beyond that is the sample formed, checked and logged.
  std::optional<std::pair<T, T>> refit_line(std::mt19937_64& generator) {
    const std::size_t n = residual_.size();
    const bool log_scale = fit_.link == trend_link::log;
    static const T safe_log = std::log(std::numeric_limits<T>::max()) - 1;
    bool valid = true;
    T z_sum = 0;
    for (std::size_t i = 0; i < n; ++i) {  // every draw is made, valid or not, as in `refit`
      const T e = residual_[static_cast<std::size_t>(uniform_index(generator, n))];
      if (log_scale) {
        const T z = log_fitted_[i] + e;
        sample_[i] = z;
        if (!(std::abs(z) <= safe_log)) {
          const T sample = std::exp(z);
          valid = valid && std::isfinite(sample) && sample > T(0);
          sample_[i] = valid ? std::log(sample) : sample;
        }
      } else {
        sample_[i] = fit_.fitted[i] + e;
        valid = valid && std::isfinite(sample_[i]) && sample_[i] >= T(0);
      }
      z_sum += sample_[i];
    }
    if (!valid) return std::nullopt;
    const T z_mean = z_sum / static_cast<T>(n);
    T sxz = 0;
    for (std::size_t i = 0; i < n; ++i) sxz += centred_x_[i] * (sample_[i] - z_mean);
    const T b = sxz / sxx_, a = z_mean - b * x_mean_;
    if (!std::isfinite(a) || !std::isfinite(b)) return std::nullopt;
    return std::pair<T, T>{a, b};
  }

  /// One replicate's refit, or nothing when the refit fails or does not converge.
  std::optional<trend_fit<T>> refit(std::mt19937_64& generator) {
    const std::size_t n = residual_.size();
    for (std::size_t i = 0; i < n; ++i) {
      const T e = residual_[static_cast<std::size_t>(uniform_index(generator, n))];
      const T mu = fit_.fitted[i];
      if (poisson_)
        sample_[i] = std::max(T(0), mu + std::sqrt(mu) * e);
      else
        sample_[i] = fit_.link == trend_link::log ? std::exp(log_fitted_[i] + e) : mu + e;
    }
    try {
      const population_series<T> series(fit_.years, sample_);
      auto refit = fit_model(series, fit_.model, std::optional<T>(fit_.time_origin),
                             fit_.family == trend_family::quasi_poisson ? dispersion::quasi : dispersion::poisson);
      if (refit.status != fit_status::converged) return std::nullopt;
      return refit;
    } catch (const std::invalid_argument&) {  // a replicate the model cannot take (e.g. a zero for log)
      return std::nullopt;
    }
  }

 private:
  const trend_fit<T>& fit_;
  bool poisson_ = false;
  std::vector<T> residual_;
  std::vector<T> log_fitted_;  ///< log of the fitted means (log link, Gaussian family)
  std::vector<T> sample_;
  bool line_ = false;
  T x_mean_ = 0, sxx_ = 0;
  std::vector<T> centred_x_;
};

/// `crossing_statistic(locate_crossing(...))` of the line a + b (t − origin), without
/// allocating: the root origin + (ell − a)/b (when b != 0 and finite), the last one <= from
/// if the line is at or below ell at `from`, else the first one after.
template <std::floating_point T>
T straight_line_crossing(T origin, T a, T b, T ell, T from) {
  const T inf = std::numeric_limits<T>::infinity();
  const T root = b != 0 ? origin + (ell - a) / b : std::numeric_limits<T>::quiet_NaN();
  const bool has_root = std::isfinite(root);
  if (a + b * (from - origin) <= ell) return has_root && root <= from ? root : -inf;
  return has_root && root > from ? root : inf;
}

/// Reorders `values` (crossing years, ±inf allowed) and sets the percentile interval at coverage
/// `level` (R type 7). A bound at +inf (−inf) means that many values never reach the level
/// (have always been below it); `shape` says which bounds are open.
template <std::floating_point T>
void set_percentile_interval(std::vector<T>& values, T level, T& lower, T& upper, interval_shape& shape) {
  lower = selected_quantile(values, (1 - level) / 2);
  upper = selected_quantile(values, (1 + level) / 2);
  const bool open_below = lower == -std::numeric_limits<T>::infinity();
  const bool open_above = upper == std::numeric_limits<T>::infinity();
  shape = open_below && open_above ? interval_shape::whole_line
          : open_above             ? interval_shape::unbounded_above
          : open_below             ? interval_shape::unbounded_below
                                   : interval_shape::bounded;
}

/// The crossing of link-scale level `ell` (count level `level`) with its interval.
template <std::floating_point T>
crossing<T> crossing_of(std::string_view function, const trend_fit<T>& fit, T level, T ell,
                        const crossing_options<T>& options) {
  const T last = fit.years.back();
  const auto point = locate_crossing(fit.model, fit.time_origin, fit.coef, ell, last);
  crossing<T> out{};
  out.level = level;
  out.last_year = last;
  out.year = point.year;
  out.years_after_last = point.year - last;
  out.coverage = options.level;
  if (point.at_or_below)
    out.status = crossing_status::already_reached;
  else if (std::isnan(point.year))
    out.status = crossing_status::not_reached;
  else
    out.status = point.year - last > options.horizon ? crossing_status::beyond_horizon
                                                     : crossing_status::reached_in_future;

  out.method = options.method;
  if (out.method == crossing_method::automatic)
    out.method = is_straight_line(fit.model) ? crossing_method::fieller : crossing_method::bootstrap;
  if (out.method == crossing_method::fieller && !is_straight_line(fit.model))
    raise(function, "options.method is fieller, which needs a straight-line trend, but the model is " +
                        std::string(to_string(fit.model)) + "; use delta or bootstrap");
  const T q = fit.critical_value(options.level);
  const T nan = std::numeric_limits<T>::quiet_NaN();
  switch (out.method) {
    case crossing_method::fieller: {
      check_covariance(function, fit);
      fieller_set(fit, ell, q, out);
      break;
    }
    case crossing_method::delta: {
      check_covariance(function, fit);
      if (std::isnan(out.year)) {
        out.shape = interval_shape::none;
        out.lower = out.upper = nan;
        break;
      }
      const auto value = fit.linear_predictor(out.year);
      const T se = std::sqrt(std::max(T(0), T(value.gradient.dot(fit.vcov * value.gradient)))) /
                   std::abs(value.time_derivative);
      out.lower = out.year - q * se;
      out.upper = out.year + q * se;
      out.shape = interval_shape::bounded;
      break;
    }
    default: {
      // Replicate i lands in slot i; a failed residual refit is marked and dropped in order.
      std::vector<T> all(options.replicates);
      std::vector<unsigned char> failed(options.replicates, 0);
      const bool parametric = options.scheme == bootstrap_scheme::parametric;
      std::optional<coefficient_sampler<T>> sampler;
      std::optional<residual_resampler<T>> resampler;
      if (parametric)
        sampler.emplace(function, fit);  // checks the covariance once, before any thread
      else
        resampler.emplace(function, fit);
      for_each_chunk(function, options.replicates, replicate_block_size, options.execution, options.progress,
                     [&](std::size_t block, std::size_t begin, std::size_t end) {
                       std::mt19937_64 generator = replicate_block_generator(options.seed, block);
                       if (parametric) {
                         coefficient_sampler<T> local = *sampler;
                         for (std::size_t r = begin; r < end; ++r)
                           all[r] = crossing_statistic(
                               locate_crossing(fit.model, fit.time_origin, local.draw(generator), ell, last));
                         return;
                       }
                       residual_resampler<T> local = *resampler;
                       if (local.straight_line()) {
                         for (std::size_t r = begin; r < end; ++r) {
                           const auto line = local.refit_line(generator);
                           if (line)
                             all[r] = straight_line_crossing(fit.time_origin, line->first, line->second, ell, last);
                           else
                             failed[r] = 1;
                         }
                         return;
                       }
                       for (std::size_t r = begin; r < end; ++r) {
                         const auto refit = local.refit(generator);
                         if (!refit) {
                           failed[r] = 1;
                           continue;
                         }
                         all[r] = crossing_statistic(
                             locate_crossing(refit->model, refit->time_origin, refit->coef, ell, last));
                       }
                     });
      std::vector<T> years;
      years.reserve(options.replicates);
      for (std::size_t r = 0; r < options.replicates; ++r) {
        if (failed[r])
          ++out.failed_replicates;
        else
          years.push_back(all[r]);
      }
      if (!parametric && years.size() < 2)
        raise<convergence_error>(function, "only " + std::to_string(years.size()) + " of " +
                                               std::to_string(options.replicates) +
                                               " residual-bootstrap refits succeeded");
      out.replicates = years.size();
      set_percentile_interval(years, options.level, out.lower, out.upper, out.shape);
    }
  }
  return out;
}

/// True when the trend of `fit` can equal 0 (a straight line or segments on the count scale).
template <std::floating_point T>
bool can_reach_zero(const trend_fit<T>& fit) {
  return fit.link == trend_link::identity && (is_straight_line(fit.model) || fit.model == trend_model::segmented);
}

}  // namespace detail

/// When the trend of `fit` reaches `level` (a count, or a rate for a rate fit), seen from the
/// last year fitted, with a `options.level` interval for the crossing year.
///
/// The crossing year solves mean(t) = level exactly on the link scale (closed forms per
/// model; see detail/trend_crossing.hpp). Intervals:
/// - `fieller` (straight-line trends; the default for them): the set of t with
///   |η̂(t) − g(level)| <= q·se(η̂(t)), Fieller (1954) — exact for `linear` with q from
///   Student's t; asymptotic on the log scale for log-linear and Poisson fits. It may be
///   unbounded (`whole_line`, `two_rays`) when the slope is not significant at the level.
/// - `delta`: t̂ ± q·sqrt(gᵀVg)/|∂η/∂t| at t̂ (Cox 1990's delta method for a root).
/// - `bootstrap` (the default for logistic, Gompertz and segmented): percentiles (R type 7)
///   of the crossing years of `replicates` replicates — coefficients drawn from N(coef, vcov)
///   (`parametric`) or refits on resampled residuals (`residual`); a replicate that never
///   reaches the level counts as +inf, so the upper bound may be +inf (`unbounded_above`).
/// q is the fit's `critical_value(level)` (t with df_residual, normal for Poisson).
/// @throws invalid_input when level is negative or not finite, or 0 for a trend that never
///         reaches 0 (log link, logistic, Gompertz: use `years_to_zero`); when the fit did
///         not converge; on a bad option, fieller for a curved trend, or a non-finite vcov.
/// @throws insufficient_data when the fit has no estimates.
template <std::floating_point T>
crossing<T> years_to(const trend_fit<T>& fit, T level, const crossing_options<T>& options = {}) {
  constexpr std::string_view function = "years_to";
  detail::check_fit_for_target(function, fit);
  detail::check_crossing_options(function, options);
  if (!(level >= T(0) && std::isfinite(level))) detail::raise_value(function, "level", level, "finite and >= 0");
  if (level == 0 && !detail::can_reach_zero(fit))
    detail::raise(function, "level is 0, which a " + std::string(to_string(fit.model)) +
                                " trend never reaches; use years_to_zero (it stops at options.zero_level)");
  return detail::crossing_of(function, fit, level, detail::link_level(fit, level), options);
}

/// When the trend of `fit` reaches zero. Straight lines and segments on the count scale
/// (`linear`, `theil_sen`, `huber`, `segmented` on counts) reach 0 itself: the root of the
/// trend. Multiplicative trends (log link: `loglinear`, `poisson`, `segmented` on logs) and
/// the sigmoid `logistic` and `gompertz` only approach 0; for them "zero" is the year the
/// expected count falls below `options.zero_level` (default 0.5 persons, so that the count
/// rounds to zero). Otherwise as `years_to`.
/// @throws invalid_input for a rate fit (no count to round), and as `years_to`.
template <std::floating_point T>
crossing<T> years_to_zero(const trend_fit<T>& fit, const crossing_options<T>& options = {}) {
  constexpr std::string_view function = "years_to_zero";
  detail::check_fit_for_target(function, fit);
  detail::check_crossing_options(function, options);
  if (fit.models_rate)
    detail::raise(function, "the fit models a rate, for which there is no count that rounds to zero; use years_to with a rate");
  const T level = detail::can_reach_zero(fit) ? T(0) : options.zero_level;
  return detail::crossing_of(function, fit, level, detail::link_level(fit, level), options);
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_TARGET_CROSSING_HPP
