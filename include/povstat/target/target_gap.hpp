#ifndef POVSTAT_TARGET_TARGET_GAP_HPP
#define POVSTAT_TARGET_TARGET_GAP_HPP

/// @file
/// `target_gap`: where a fitted trend leaves a series against a target (a level by a year):
/// the projection, the gap, observed and required rates, the probability of meeting the
/// target, the years to reach it, and two published progress classifications.

#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <optional>
#include <random>
#include <string_view>
#include <utility>
#include <vector>

#include "povstat/core/error.hpp"
#include "povstat/core/execution.hpp"
#include "povstat/core/population_series.hpp"
#include "povstat/detail/trend_crossing.hpp"
#include "povstat/fit/trend_fit.hpp"
#include "povstat/stats/distributions.hpp"
#include "povstat/stats/summation.hpp"
#include "povstat/target/crossing.hpp"
#include "povstat/target/progress.hpp"
#include "povstat/target/rates.hpp"

POVSTAT_NAMESPACE_BEGIN

/// A quantitative target: at most `level` poor by the end of `year` (level 0: no poor left).
template <std::floating_point T>
struct target {
  T year;
  T level;
};

/// Options of `target_gap`.
template <std::floating_point T>
struct target_gap_options {
  T level = T(0.95);                ///< coverage of the prediction and crossing intervals
  T zero_level = T(0.5);            ///< a target of 0 is met when the count is below this
  std::size_t simulations = 4000;   ///< parameter draws of simulated probabilities, >= 1
  /// Seed of the simulations and of `years_to_target`'s bootstrap: blocks of 256 draws, block
  /// c from std::mt19937_64 seeded by std::seed_seq{seed mod 2³², seed / 2³², c} (see
  /// detail::replicate_block_generator); results do not depend on the thread count.
  std::uint64_t seed = 2020;
  crossing_method interval_method = crossing_method::automatic;  ///< of `years_to_target`
  bootstrap_scheme scheme = bootstrap_scheme::parametric;        ///< of `years_to_target`
  std::size_t replicates = 2000;                                 ///< of `years_to_target`
  T horizon = T(100);                                            ///< of `years_to_target`
  /// Threads for the simulations and the bootstrap; results are bit-identical whatever the count.
  povstat::execution execution = {};
  /// Called with (draws done, draws) from the calling thread, once for the probability's
  /// simulations and once for the bootstrap of `years_to_target`; false throws `cancelled`.
  progress_callback progress = {};
};

/// What `target_gap` returns. Rates are compound annual rates of change (−0.2: 20 % fewer
/// poor a year).
template <std::floating_point T>
struct target_gap_result {
  target<T> goal;
  T goal_level;               ///< what meeting the goal means: count <= goal.level, or < zero_level for 0
  T base_year;                ///< first year of the series
  T base_observed;            ///< poor in base_year
  T last_year;                ///< last year of the series
  T last_observed;            ///< poor in last_year
  trend_prediction<T> projection;  ///< the trend at goal.year, with its intervals
  T gap;                      ///< projection.estimate − goal.level
  T relative_gap;             ///< gap / (last_observed − goal.level): the share of the needed
                              ///< reduction the trend misses (NaN when already met)
  T trend_rate;               ///< the fitted trend's CAGR between its first and last fitted year
  std::optional<T> series_cagr;  ///< the series' CAGR, base to last year (none with a 0 endpoint)
  T required_rate;            ///< constant rate from last_observed to goal_level by goal.year
  T rate_ratio;               ///< observed rate / required rate (series_cagr, else trend_rate)
  T probability;              ///< P(count in goal.year meets the goal) under the fit
  std::size_t simulations;    ///< parameter draws behind `probability` (0: exact formula)
  crossing<T> years_to_target;  ///< when the trend reaches goal_level (0 itself for lines)
  eurostat_progress eurostat;   ///< Eurostat / Statistics Canada class of rate_ratio
  T un_ratio;                 ///< projected / required progress since base_year
  un_progress un;             ///< UN Statistics Division progress-chart class of un_ratio
};

namespace detail {

/// P(Y <= k) for a count with mean mu: Poisson (dispersion <= 1), or, for overdispersed
/// (quasi-Poisson) counts, the negative binomial with the same mean and variance
/// dispersion·mu (size mu/(dispersion − 1), success probability 1/dispersion). Where the
/// incomplete gamma or beta function cannot be evaluated in T (extreme sizes), the normal
/// approximation with continuity correction, Φ((k + ½ − mu)/sqrt(dispersion·mu)), is used.
template <std::floating_point T>
T count_lower_tail(T k, T mu, T dispersion) {
  if (!(mu > 0)) return T(1);
  if (std::isinf(mu)) return T(0);
  try {
    if (dispersion <= 1) return boost::math::gamma_q(k + 1, mu, math_policy());
    return boost::math::ibeta(mu / (dispersion - 1), k + 1, 1 / dispersion, math_policy());
  } catch (const std::exception&) {  // Boost.Math's overflow or evaluation error
    const T sd = std::sqrt(std::max(dispersion, T(1)) * mu);
    return std::isfinite(sd) && sd > 0 ? normal_upper_tail((mu - k - T(0.5)) / sd) : T(mu <= k);
  }
}

/// P(Y(year) <= level) under `fit`, and the number of parameter draws used (0 when exact).
template <std::floating_point T>
std::pair<T, std::size_t> probability_at_most(std::string_view function, const trend_fit<T>& fit, T year, T level,
                                              std::size_t simulations, std::uint64_t seed,
                                              const execution& how = {}, const progress_callback& progress = {}) {
  const T ell = fit.link == trend_link::log ? std::log(level) : level;
  const bool counts = fit.family == trend_family::poisson || fit.family == trend_family::quasi_poisson;
  if (is_straight_line(fit.model) && !counts) {
    // Student t predictive distribution on the link scale (exact for normal errors).
    check_covariance(function, fit);
    const auto value = fit.linear_predictor(year);
    const T var = value.gradient.dot(fit.vcov * value.gradient) + fit.sigma * fit.sigma;
    if (!(var > 0)) return {value.eta <= ell ? T(1) : T(0), 0};
    return {student_t_lower_tail((ell - value.eta) / std::sqrt(var), static_cast<T>(fit.df_residual)), 0};
  }
  const coefficient_sampler<T> sampler(function, fit);  // checks the covariance before any thread
  // Blocks of draws with their own streams, summed per block and merged in block order.
  std::vector<compensated_sum<T>> partial((simulations + replicate_block_size - 1) / replicate_block_size);
  for_each_chunk(function, simulations, replicate_block_size, how, progress,
                 [&](std::size_t block, std::size_t begin, std::size_t end) {
                   std::mt19937_64 generator = replicate_block_generator(seed, block);
                   coefficient_sampler<T> local = sampler;
                   compensated_sum<T>& sum = partial[block];
                   for (std::size_t s = begin; s < end; ++s) {
                     const T eta = trend_fit<T>::link_value_at(fit.model, fit.time_origin, local.draw(generator), year).eta;
                     if (counts)
                       sum.add(count_lower_tail(std::floor(level), std::exp(eta), fit.dispersion));
                     else if (fit.sigma > 0)
                       sum.add(fit.df_residual > 0 ? student_t_lower_tail((ell - eta) / fit.sigma, static_cast<T>(fit.df_residual))
                                                   : normal_upper_tail((eta - ell) / fit.sigma));
                     else
                       sum.add(eta <= ell ? T(1) : T(0));
                   }
                 });
  compensated_sum<T> sum;
  for (const auto& p : partial) sum.merge(p);
  return {sum.value() / static_cast<T>(simulations), simulations};
}

}  // namespace detail

/// Where the trend `fit` leaves `series` against `goal`.
///
/// - projection: `fit.predict(goal.year, options.level)`; gap = projection − goal.level.
/// - rates: trend_rate = (mean(t_n)/mean(t_1))^(1/(t_n − t_1)) − 1 over the fitted years
///   (exp(b1) − 1 for log-linear and Poisson fits; NaN when a fitted mean is <= 0);
///   series_cagr = `cagr(series, base, last)`; required_rate = `required_rate(last_observed,
///   goal.level, goal.year − last_year, zero_level)`; rate_ratio = observed / required.
/// - probability that the count in goal.year is <= goal_level: for straight-line Gaussian
///   and robust fits (linear, log-linear, Theil–Sen, Huber) exactly from Student's t
///   predictive distribution, P = F_t((g(L) − η̂)/sqrt(se(η̂)² + σ²); df_residual) (as
///   `predict.lm` prediction intervals); for Poisson and quasi-Poisson fits and the curved
///   trends by simulation: `simulations` coefficient draws from N(coef, vcov), and for each
///   the exact probability of the outcome given the draw — Poisson, or negative binomial with
///   variance dispersion·mean for quasi-Poisson; for Gaussian fits Student t with sd sigma and
///   df_residual degrees of freedom on the link scale, as `predict`'s intervals — averaged
///   (Rao–Blackwellised simulation of parameters and outcome).
/// - years_to_target: `years_to_zero` for goal.level = 0, else `years_to(fit, goal.level)`.
/// - eurostat = classify_eurostat(rate_ratio), `target_met` when last_observed <= goal_level;
///   un_ratio = (base − projection)/(base − goal_level), un = classify_un(un_ratio)
///   (`met_or_almost_met` when base_observed <= goal_level).
/// @throws invalid_input when goal.year is not after the series' last year, goal.level is
///         negative or not finite, the fit did not converge or models a rate, or on a bad
///         option; insufficient_data when the fit has no estimates.
template <std::floating_point T>
target_gap_result<T> target_gap(const population_series<T>& series, const trend_fit<T>& fit, const target<T>& goal,
                                const target_gap_options<T>& options = {}) {
  constexpr std::string_view function = "target_gap";
  detail::check_fit_for_target(function, fit);
  if (fit.models_rate) detail::raise(function, "the fit models a rate; target_gap works on counts");
  if (!std::isfinite(goal.year)) detail::raise_value(function, "goal.year", goal.year, "finite");
  const T last_year = series.years().back();
  if (!(goal.year > last_year))
    detail::raise_value(function, "goal.year", goal.year,
                        "after the last year of the series, " + detail::format_number(last_year));
  if (!(goal.level >= T(0) && std::isfinite(goal.level)))
    detail::raise_value(function, "goal.level", goal.level, "finite and >= 0");
  if (options.simulations < 1) detail::raise_value(function, "options.simulations", options.simulations, ">= 1");
  const crossing_options<T> crossing_opts{.level = options.level,
                                          .method = options.interval_method,
                                          .scheme = options.scheme,
                                          .replicates = options.replicates,
                                          .seed = options.seed,
                                          .horizon = options.horizon,
                                          .zero_level = options.zero_level,
                                          .execution = options.execution,
                                          .progress = options.progress};
  detail::check_crossing_options(function, crossing_opts);

  target_gap_result<T> out{};
  out.goal = goal;
  out.goal_level = goal.level > 0 ? goal.level : options.zero_level;
  out.base_year = series.years().front();
  out.base_observed = series.poor().front();
  out.last_year = last_year;
  out.last_observed = series.poor().back();
  out.projection = fit.predict(goal.year, options.level);
  out.gap = out.projection.estimate - goal.level;
  const T nan = std::numeric_limits<T>::quiet_NaN();
  const bool met_now = out.last_observed <= out.goal_level;
  out.relative_gap = met_now ? nan : out.gap / (out.last_observed - goal.level);

  const T first_mean = fit.mean(fit.years.front()), last_mean = fit.mean(fit.years.back());
  const T fitted_span = fit.years.back() - fit.years.front();
  out.trend_rate = first_mean > 0 && last_mean > 0 && fitted_span > 0
                       ? std::pow(last_mean / first_mean, 1 / fitted_span) - 1
                       : nan;
  if (series.size() > 1 && out.base_observed > 0 && out.last_observed > 0)
    out.series_cagr = cagr(series, out.base_year, last_year);
  out.required_rate = out.last_observed > 0
                          ? required_rate(out.last_observed, goal.level, goal.year - last_year, options.zero_level)
                          : nan;
  const T observed_rate = out.series_cagr ? *out.series_cagr : out.trend_rate;
  out.rate_ratio = met_now || out.required_rate == 0 ? nan : observed_rate / out.required_rate;
  out.eurostat = met_now ? eurostat_progress::target_met
                 : std::isnan(out.rate_ratio) ? eurostat_progress::deterioration
                                              : classify_eurostat(out.rate_ratio);
  const T required_progress = out.base_observed - out.goal_level;
  out.un_ratio = required_progress > 0 ? (out.base_observed - out.projection.estimate) / required_progress : nan;
  out.un = required_progress > 0 ? classify_un(out.un_ratio) : un_progress::met_or_almost_met;

  std::tie(out.probability, out.simulations) =
      detail::probability_at_most(function, fit, goal.year, out.goal_level, options.simulations, options.seed,
                                  options.execution, options.progress);
  out.years_to_target = goal.level > 0 ? years_to(fit, goal.level, crossing_opts) : years_to_zero(fit, crossing_opts);
  return out;
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_TARGET_TARGET_GAP_HPP
