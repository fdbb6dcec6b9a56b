#ifndef POVSTAT_DETAIL_LEAST_SQUARES_TREND_HPP
#define POVSTAT_DETAIL_LEAST_SQUARES_TREND_HPP

/// @file
/// A trend fitted by (weighted) least squares on the count or the log scale: the common
/// core of fit_linear, fit_loglinear and fit_segmented.

#include <Eigen/Core>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "povstat/core/population_series.hpp"
#include "povstat/detail/trend_common.hpp"
#include "povstat/fit/trend_fit.hpp"
#include "povstat/stats/least_squares.hpp"

POVSTAT_NAMESPACE_BEGIN
namespace detail {

/// Fits `response` (the counts, or their logs when link is log) on the design `x` by
/// least squares with optional prior weights, and fills a trend_fit on the count scale.
/// The log-likelihood is that of the counts: on the log scale the Gaussian likelihood of
/// log(poor) is moved to the counts by the Jacobian, −Σ log(poor_i), so that AIC values of
/// log-scale and count-scale models are comparable.
template <std::floating_point T>
trend_fit<T> least_squares_trend(trend_model model, trend_link link,
                                 const population_series<T>& series,
                                 const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>& x,
                                 const Eigen::Matrix<T, Eigen::Dynamic, 1>& response,
                                 const std::vector<T>& weights, T origin,
                                 std::vector<std::string> coef_names) {
  least_squares_options<T> options;
  if (!weights.empty())
    options.weights = Eigen::Map<const Eigen::Matrix<T, Eigen::Dynamic, 1>>(
        weights.data(), static_cast<Eigen::Index>(weights.size()));
  options.require_full_rank = true;
  const std::string function = "fit_" + std::string(to_string(model));
  const auto ls = [&] {
    try {
      return least_squares(x, response, options);
    } catch (const invalid_input& error) {  // e.g. an overflowing sum of squares: name the fit
      raise(function, reason(error));
    }
  }();
  for (Eigen::Index j = 0; j < ls.coef.size(); ++j) finite_result(function, "coef[" + std::to_string(j) + "]", ls.coef(j));
  finite_result(function, "the residual scale", ls.sigma);

  trend_fit<T> fit{};
  fit.model = model;
  fit.link = link;
  fit.family = trend_family::gaussian;
  fit.coef_names = std::move(coef_names);
  fit.coef = ls.coef;
  fit.se = ls.se;
  fit.vcov = ls.vcov;
  fit.time_origin = origin;
  fit.n = series.size();
  fit.df_residual = static_cast<std::size_t>(ls.df_residual);
  fit.sigma = ls.sigma;
  fit.dispersion = ls.sigma * ls.sigma;
  fit.rss = ls.rss;
  fit.deviance = ls.rss;
  fit.r_squared = ls.r_squared;
  fit.years.assign(series.years().begin(), series.years().end());
  fit.observed.assign(series.poor().begin(), series.poor().end());
  T loglik = gaussian_loglik(ls.rss, fit.n, weights);
  for (std::size_t i = 0; i < fit.n; ++i) {
    const T eta = ls.fitted(static_cast<Eigen::Index>(i));
    fit.fitted.push_back(link == trend_link::log ? std::exp(eta) : eta);
    fit.residuals.push_back(fit.observed[i] - fit.fitted.back());
    if (link == trend_link::log) loglik -= std::log(fit.observed[i]);
  }
  set_information_criteria(fit, loglik, static_cast<std::size_t>(x.cols()) + 1);  // + sigma
  return fit;
}

}  // namespace detail
POVSTAT_NAMESPACE_END

#endif  // POVSTAT_DETAIL_LEAST_SQUARES_TREND_HPP
