#ifndef POVSTAT_FIT_FIT_ALL_HPP
#define POVSTAT_FIT_FIT_ALL_HPP

/// @file
/// `fit_all`: one trend model fitted to every region of a cohort, one `trend_fit` each.

#include <concepts>
#include <cstddef>
#include <optional>
#include <vector>

#include "povstat/core/regional_cohort.hpp"
#include "povstat/fit/fit_table.hpp"
#include "povstat/fit/trend_fit.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Fits `model` to each region's observed years (`cohort.series(r)`), with each model's
/// default options except those in `options` (`fit_all_options`, shared with
/// `fit_all_table`). The result has one fit per region, in the cohort's order. A region
/// with too few observed years for the model is not an error: its fit has status
/// `insufficient_data`, its years and counts, and no estimates.
///
/// Linear, loglinear and poisson fits of complete regions run in the batch kernels of
/// `fit_all_table` and agree with the one-series functions within 1e-12 relative (not bit
/// for bit: closed forms in double against QR in long double; see `fit_all_table` for the
/// bound and the fallback); every other region, and every other model, is fitted by the
/// one-series function, bit for bit. Results are bit-identical whatever
/// `options.execution`; `options.progress` counts regions. For many regions prefer
/// `fit_all_table`: a `trend_fit` costs several allocations and about 1 KB.
/// @throws invalid_input naming the region when its data do not suit the model (e.g. a
///         zero count for `loglinear`), on a non-finite options.time_origin or
///         options.execution.threads = 0.
/// @throws cancelled when options.progress returns false (nothing is returned).
template <std::floating_point T>
std::vector<trend_fit<T>> fit_all(const regional_cohort<T>& cohort, trend_model model,
                                  const fit_all_options<T>& options = {}) {
  std::vector<trend_fit<T>> fits(cohort.region_count());
  fit_table<T> table;
  detail::fit_all_into("fit_all", cohort, model, options, table, true,
                       [&](std::size_t begin, std::size_t end, auto& fallbacks) {
                         for (std::size_t r = begin; r < end; ++r)
                           fits[r] = table.batched[r] ? table.fit(cohort, r) : std::move(*fallbacks[r - begin]);
                       });
  return fits;
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_FIT_FIT_ALL_HPP
