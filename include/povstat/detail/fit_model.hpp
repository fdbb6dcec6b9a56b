#ifndef POVSTAT_DETAIL_FIT_MODEL_HPP
#define POVSTAT_DETAIL_FIT_MODEL_HPP

/// @file
/// Fitting a model named at run time (`trend_model`), with the options every model shares.

#include <concepts>
#include <optional>

#include "povstat/core/error.hpp"
#include "povstat/core/population_series.hpp"
#include "povstat/fit/gompertz.hpp"
#include "povstat/fit/huber.hpp"
#include "povstat/fit/linear.hpp"
#include "povstat/fit/logistic.hpp"
#include "povstat/fit/loglinear.hpp"
#include "povstat/fit/poisson.hpp"
#include "povstat/fit/segmented.hpp"
#include "povstat/fit/theil_sen.hpp"
#include "povstat/fit/trend_fit.hpp"

POVSTAT_NAMESPACE_BEGIN
namespace detail {

/// Fits `model` to `series` with each model's default options, except the time origin
/// and the Poisson variance model.
template <std::floating_point T>
trend_fit<T> fit_model(const population_series<T>& series, trend_model model, std::optional<T> time_origin,
                       dispersion variance) {
  switch (model) {
    case trend_model::linear: return fit_linear(series, {.time_origin = time_origin});
    case trend_model::loglinear: return fit_loglinear(series, {.time_origin = time_origin});
    case trend_model::poisson: return fit_poisson(series, {.time_origin = time_origin, .variance = variance});
    case trend_model::theil_sen: return fit_theil_sen(series, {.time_origin = time_origin});
    case trend_model::huber: return fit_huber(series, {.time_origin = time_origin});
    case trend_model::logistic: return fit_logistic(series, {.time_origin = time_origin});
    case trend_model::gompertz: return fit_gompertz(series, {.time_origin = time_origin});
    case trend_model::segmented: return fit_segmented(series, {.time_origin = time_origin});
  }
  raise("fit_model", "unknown trend_model");
}

}  // namespace detail
POVSTAT_NAMESPACE_END

#endif  // POVSTAT_DETAIL_FIT_MODEL_HPP
