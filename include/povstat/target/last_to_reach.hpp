#ifndef POVSTAT_TARGET_LAST_TO_REACH_HPP
#define POVSTAT_TARGET_LAST_TO_REACH_HPP

/// @file
/// `last_to_reach`: which regions reach a level last, and the year by which all have — a
/// statement about the maximum of the regions' crossing years, simulated jointly.

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "povstat/core/check.hpp"
#include "povstat/core/error.hpp"
#include "povstat/core/execution.hpp"
#include "povstat/detail/trend_crossing.hpp"
#include "povstat/fit/trend_fit.hpp"
#include "povstat/target/crossing.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Options of `last_to_reach`.
template <std::floating_point T>
struct last_to_reach_options {
  T level = T(0.95);               ///< coverage of the intervals
  std::size_t simulations = 4000;  ///< joint draws, >= 2
  /// Seed: joint draws run in fixed blocks of 256, block c from std::mt19937_64 seeded by
  /// std::seed_seq{seed mod 2³², seed / 2³², c} (detail::replicate_block_generator), so
  /// results do not depend on the thread count. Also the seed of each region's bootstrap.
  std::uint64_t seed = 2020;
  T horizon = T(100);              ///< as `crossing_options::horizon`
  T zero_level = T(0.5);           ///< for level 0, as `years_to_zero`
  /// Threads for the joint draws (and each region's bootstrap); results are bit-identical
  /// whatever the count.
  povstat::execution execution = {};
  /// Called with (joint draws done, simulations) from the calling thread; false throws
  /// `povstat::cancelled`.
  progress_callback progress = {};
};

/// One region of `last_to_reach`.
template <std::floating_point T>
struct region_crossing {
  std::string region;
  crossing<T> reach;     ///< the region's own crossing (`years_to` / `years_to_zero`)
  T probability_last;    ///< share of joint draws in which this region reaches the level last
};

/// A region `last_to_reach` left out, and why.
struct excluded_region {
  std::string region;
  std::string reason;
};

/// What `last_to_reach` returns.
template <std::floating_point T>
struct last_to_reach_result {
  std::vector<region_crossing<T>> regions;  ///< latest crossing first (never-reached first of all)
  std::vector<excluded_region> excluded;    ///< regions without a usable fit
  T all_reached_year;  ///< the latest of the regions' crossing years (+inf if one is never reached)
  T lower;             ///< interval of the all-reached year from the joint draws, read with shape
  T upper;
  interval_shape shape;
  T coverage;
  std::size_t simulations;
};

/// Which regions reach `level` last, and by when all have. Each region's crossing is
/// `years_to(fit, level)` (or `years_to_zero` for level 0) with its default interval. The
/// all-reached year is max_r t_r: its point estimate is the maximum of the point crossings,
/// and its interval comes from `simulations` joint draws — in each, every region's
/// coefficients are drawn from its own N(coef, vcov) (regions fitted separately are
/// independent), each region's crossing year is solved exactly (+inf when never reached)
/// and the maximum is kept; the bounds are its percentiles (R type 7). The share of draws
/// in which a region holds the maximum is its `probability_last`. The maximum is what "no
/// one left behind" is about: it is later, and less certain, than any average.
/// Fits with status insufficient_data or not converged are excluded with the reason.
/// @throws invalid_input when fits and names differ in size, level is negative or not
///         finite, or on a bad option; insufficient_data when no region is usable.
template <std::floating_point T>
last_to_reach_result<T> last_to_reach(const std::vector<trend_fit<T>>& fits, std::span<const std::string> names,
                                      std::type_identity_t<T> level, const last_to_reach_options<T>& options = {}) {
  constexpr std::string_view function = "last_to_reach";
  detail::check_same_size(function, "names", names.size(), "fits", fits.size());
  if (!(level >= T(0) && std::isfinite(level))) detail::raise_value(function, "level", level, "finite and >= 0");
  if (options.simulations < 2) detail::raise_value(function, "options.simulations", options.simulations, ">= 2");
  const crossing_options<T> crossing_opts{.level = options.level, .seed = options.seed, .horizon = options.horizon,
                                          .zero_level = options.zero_level, .execution = options.execution};
  detail::check_crossing_options(function, crossing_opts);

  last_to_reach_result<T> out{};
  std::vector<std::size_t> used;
  std::vector<detail::coefficient_sampler<T>> samplers;
  std::vector<T> link_levels;
  for (std::size_t r = 0; r < fits.size(); ++r) {
    const auto& fit = fits[r];
    try {
      auto reach = level > 0 ? years_to(fit, level, crossing_opts) : years_to_zero(fit, crossing_opts);
      samplers.emplace_back(function, fit);
      link_levels.push_back(detail::link_level(fit, reach.level));
      out.regions.push_back({names[r], std::move(reach), T(0)});
      used.push_back(r);
    } catch (const std::invalid_argument& error) {  // no estimates, no convergence, no covariance
      out.excluded.push_back({names[r], std::string(detail::reason(error))});
    }
  }
  if (used.empty())
    detail::raise<insufficient_data>(function, "no region has a usable fit (" + std::to_string(out.excluded.size()) +
                                                   " excluded)");
  const auto statistic = [](const crossing<T>& c) {
    return detail::crossing_statistic(detail::crossing_point<T>{c.status == crossing_status::already_reached, c.year});
  };
  out.all_reached_year = -std::numeric_limits<T>::infinity();
  for (const auto& region : out.regions) out.all_reached_year = std::max(out.all_reached_year, statistic(region.reach));

  // Draw s fills slot s (latest year, which region); blocks have their own streams.
  std::vector<T> maxima(options.simulations);
  std::vector<std::size_t> last_of(options.simulations);
  detail::for_each_chunk(
      function, options.simulations, detail::replicate_block_size, options.execution, options.progress,
      [&](std::size_t block, std::size_t begin, std::size_t end) {
        std::mt19937_64 generator = detail::replicate_block_generator(options.seed, block);
        std::vector<detail::coefficient_sampler<T>> local = samplers;
        for (std::size_t s = begin; s < end; ++s) {
          T latest = -std::numeric_limits<T>::infinity();
          std::size_t who = 0;
          for (std::size_t k = 0; k < used.size(); ++k) {
            const auto& fit = fits[used[k]];
            const T t = detail::crossing_statistic(detail::locate_crossing(
                fit.model, fit.time_origin, local[k].draw(generator), link_levels[k], fit.years.back()));
            if (k == 0 || t > latest) {
              latest = t;
              who = k;
            }
          }
          maxima[s] = latest;
          last_of[s] = who;
        }
      });
  std::vector<std::size_t> last_count(used.size(), 0);
  for (const std::size_t who : last_of) ++last_count[who];
  for (std::size_t k = 0; k < used.size(); ++k)
    out.regions[k].probability_last = static_cast<T>(last_count[k]) / static_cast<T>(options.simulations);
  detail::set_percentile_interval(maxima, options.level, out.lower, out.upper, out.shape);
  out.coverage = options.level;
  out.simulations = options.simulations;
  std::ranges::stable_sort(out.regions, [&](const region_crossing<T>& a, const region_crossing<T>& b) {
    return statistic(a.reach) > statistic(b.reach);
  });
  return out;
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_TARGET_LAST_TO_REACH_HPP
