#ifndef POVSTAT_FIT_FIT_ALL_HPP
#define POVSTAT_FIT_FIT_ALL_HPP

/// @file
/// `fit_all`: one trend model fitted to every region of a cohort.

#include <cmath>
#include <concepts>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "povstat/core/error.hpp"
#include "povstat/core/regional_cohort.hpp"
#include "povstat/detail/fit_model.hpp"
#include "povstat/fit/poisson.hpp"
#include "povstat/fit/trend_fit.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Options of `fit_all`.
template <std::floating_point T>
struct fit_all_options {
  /// t0 for every region; default: each region's first observed year. Give one year to
  /// make intercepts comparable across regions.
  std::optional<T> time_origin = std::nullopt;
  /// Variance model of Poisson fits.
  dispersion variance = dispersion::poisson;
};

/// Fits `model` to each region's observed years (`cohort.series(r)`), with each model's
/// default options except those in `options`. The result has one fit per region, in the
/// cohort's order. A region with too few observed years for the model is not an error: its
/// fit has status `insufficient_data`, its years and counts, and no estimates.
/// @throws invalid_input naming the region when its data do not suit the model (e.g. a
///         zero count for `loglinear`), or on a bad option.
template <std::floating_point T>
std::vector<trend_fit<T>> fit_all(const regional_cohort<T>& cohort, trend_model model,
                                  const fit_all_options<T>& options = {}) {
  std::vector<trend_fit<T>> fits;
  fits.reserve(cohort.region_count());
  for (std::size_t r = 0; r < cohort.region_count(); ++r) {
    try {
      fits.push_back(detail::fit_model(cohort.series(r), model, options.time_origin, options.variance));
    } catch (const insufficient_data&) {  // too few observed years (or none)
      trend_fit<T> empty{};
      empty.model = model;
      empty.status = fit_status::insufficient_data;
      for (std::size_t y = 0; y < cohort.year_count(); ++y) {
        const T poor = cohort.poor()(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(y));
        if (std::isnan(poor)) continue;
        empty.years.push_back(cohort.years()[y]);
        empty.observed.push_back(poor);
      }
      empty.n = empty.years.size();
      fits.push_back(std::move(empty));
    } catch (const invalid_input& error) {
      detail::raise("fit_all", "region '" + cohort.region_names()[r] + "': " + std::string(detail::reason(error)));
    }
  }
  return fits;
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_FIT_FIT_ALL_HPP
