#ifndef POVSTAT_FIT_BEST_HPP
#define POVSTAT_FIT_BEST_HPP

/// @file
/// `fit_best`: fits every applicable trend model and ranks them by AICc.

#include <algorithm>
#include <cmath>
#include <concepts>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "povstat/core/error.hpp"
#include "povstat/core/population_series.hpp"
#include "povstat/detail/fit_model.hpp"
#include "povstat/fit/trend_fit.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Options of `fit_best`.
template <std::floating_point T>
struct best_options {
  /// The models to try. Theil–Sen and Huber have no likelihood and are never ranked.
  std::vector<trend_model> candidates = {trend_model::linear,   trend_model::loglinear, trend_model::poisson,
                                         trend_model::logistic, trend_model::gompertz,  trend_model::segmented};
  /// t0 for every model; default: the first year.
  std::optional<T> time_origin = std::nullopt;
};

/// One ranked model of `fit_best`.
template <std::floating_point T>
struct ranked_fit {
  trend_fit<T> fit;
  T aicc;           ///< the fit's AICc
  T delta_aicc;     ///< aicc − the smallest aicc (0 for the best)
  T akaike_weight;  ///< exp(−Δ/2) / Σ exp(−Δ/2): the relative support of the model
};

/// A candidate `fit_best` could not rank, and why.
struct skipped_model {
  trend_model model;
  std::string reason;
};

/// What `fit_best` returns: the ranked fits (best first) and the skipped candidates.
template <std::floating_point T>
struct model_ranking {
  std::vector<ranked_fit<T>> ranked;
  std::vector<skipped_model> skipped;
  /// The best-supported fit.
  const trend_fit<T>& best() const { return ranked.front().fit; }
};

/// Fits each candidate model to `series` and ranks those with an AICc by it (Hurvich &
/// Tsai 1989; Burnham & Anderson 2002, §2.4 and §2.9 for Akaike weights), smallest first.
///
/// The AICc values are comparable because every model's log-likelihood is that of the
/// counts: Gaussian on the counts (linear, logistic, Gompertz, segmented on the count
/// scale), Gaussian on log counts moved to the counts by the Jacobian −Σ log y
/// (log-linear, segmented on the log scale), and the Poisson likelihood (poisson; a
/// probability, not a density — with counts in the thousands or more the two are on the
/// same footing to within the rounding of the counts, but read small-count comparisons of
/// Poisson against Gaussian models with care). k counts every estimated parameter,
/// sigma and break years included. A candidate is skipped, with the reason, when it does
/// not apply (too few years, a zero count on the log scale), did not converge, converged to
/// a degenerate fit with a non-finite covariance (e.g. a sigmoid whose K runs off to 10¹²),
/// or has no AICc (Theil–Sen, Huber; or n <= k + 1).
/// @throws invalid_input when options.candidates is empty.
/// @throws insufficient_data when no candidate can be ranked.
template <std::floating_point T>
model_ranking<T> fit_best(const population_series<T>& series, const best_options<T>& options = {}) {
  if (options.candidates.empty())
    detail::raise("fit_best", "options.candidates is empty, but must name at least one model");
  model_ranking<T> ranking;
  for (const trend_model model : options.candidates) {
    try {
      trend_fit<T> fit = detail::fit_model(series, model, options.time_origin, dispersion::poisson);
      if (fit.status != fit_status::converged)
        ranking.skipped.push_back({model, "did not converge (status " + std::string(to_string(fit.status)) + ")"});
      else if (!fit.vcov.allFinite())
        ranking.skipped.push_back({model, "converged to a degenerate fit: its covariance is not finite"});
      else if (!fit.aicc)
        ranking.skipped.push_back({model, fit.loglik ? "AICc needs n > k + 1" : "no likelihood, so no AICc"});
      else
        ranking.ranked.push_back({std::move(fit), T(0), T(0), T(0)});
    } catch (const std::invalid_argument& error) {  // invalid_input and insufficient_data
      ranking.skipped.push_back({model, std::string(detail::reason(error))});
    }
  }
  if (ranking.ranked.empty())
    detail::raise<insufficient_data>("fit_best", "no candidate model could be ranked (" +
                                                     std::to_string(ranking.skipped.size()) + " skipped)");
  for (auto& r : ranking.ranked) r.aicc = *r.fit.aicc;
  std::ranges::stable_sort(ranking.ranked, {}, &ranked_fit<T>::aicc);
  const T smallest = ranking.ranked.front().aicc;
  T total = 0;
  for (auto& r : ranking.ranked) {
    r.delta_aicc = r.aicc - smallest;
    total += std::exp(-r.delta_aicc / 2);
  }
  for (auto& r : ranking.ranked) r.akaike_weight = std::exp(-r.delta_aicc / 2) / total;
  return ranking;
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_FIT_BEST_HPP
