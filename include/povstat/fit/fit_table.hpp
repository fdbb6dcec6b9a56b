#ifndef POVSTAT_FIT_FIT_TABLE_HPP
#define POVSTAT_FIT_FIT_TABLE_HPP

/// @file
/// `fit_all_table`: one trend model fitted to every region of a cohort, returned as a
/// compact table (struct of arrays, about 90 bytes a region) rather than one `trend_fit`
/// per region; `fit_all_options`, the options of every batch fit.

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "povstat/core/error.hpp"
#include "povstat/core/execution.hpp"
#include "povstat/core/fit_status.hpp"
#include "povstat/core/regional_cohort.hpp"
#include "povstat/detail/batch_trend.hpp"
#include "povstat/detail/fit_model.hpp"
#include "povstat/detail/trend_common.hpp"
#include "povstat/fit/poisson.hpp"
#include "povstat/fit/trend_fit.hpp"
#include "povstat/stats/summation.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Options of `fit_all` and `fit_all_table`.
template <std::floating_point T>
struct fit_all_options {
  /// t0 for every region (finite); default: each region's first observed year. Give one
  /// year to make intercepts comparable across regions.
  std::optional<T> time_origin = std::nullopt;
  /// Variance model of Poisson fits.
  dispersion variance = dispersion::poisson;
  /// Threads to use; results are bit-identical whatever the count (regions are cut into
  /// fixed chunks of 1024).
  povstat::execution execution = {};
  /// Called with (regions done, regions) from the calling thread; returning false cancels
  /// (`povstat::cancelled` is thrown, nothing is returned).
  progress_callback progress = {};
};

namespace detail {

/// The trend_fit of a region with too few observed years: status insufficient_data, its
/// years and counts, no estimates (as `fit_all` reports it).
template <std::floating_point T>
trend_fit<T> insufficient_fit(const regional_cohort<T>& cohort, std::size_t region, trend_model model) {
  trend_fit<T> empty{};
  empty.model = model;
  empty.status = fit_status::insufficient_data;
  for (std::size_t y = 0; y < cohort.year_count(); ++y) {
    const T poor = cohort.poor()(static_cast<Eigen::Index>(region), static_cast<Eigen::Index>(y));
    if (std::isnan(poor)) continue;
    empty.years.push_back(cohort.years()[y]);
    empty.observed.push_back(poor);
  }
  empty.n = empty.years.size();
  return empty;
}

/// One region by the one-series function, as `fit_all` reports it: insufficient_data as a
/// status, invalid_input re-raised under `function` with the region's name.
template <std::floating_point T>
trend_fit<T> fit_one_region(std::string_view function, const regional_cohort<T>& cohort, std::size_t region,
                            trend_model model, std::optional<T> time_origin, dispersion variance) {
  try {
    return fit_model(cohort.series(region), model, time_origin, variance);
  } catch (const insufficient_data&) {  // too few observed years (or none)
    return insufficient_fit(cohort, region, model);
  } catch (const invalid_input& error) {
    raise(function, "region '" + cohort.region_names()[region] + "': " + std::string(reason(error)));
  }
}

/// The full trend_fit of a region fitted by a batch kernel, from its row and its data:
/// fitted values, residuals, log-likelihood, information criteria and R² as the one-series
/// functions compute them.
template <std::floating_point T>
trend_fit<T> rebuild_batch_fit(const regional_cohort<T>& cohort, std::size_t region, trend_model model,
                               dispersion variance, const batch_row<T>& row) {
  using vector = typename trend_fit<T>::vector;
  using matrix = typename trend_fit<T>::matrix;
  trend_fit<T> fit{};
  fit.model = model;
  fit.link = model == trend_model::linear ? trend_link::identity : trend_link::log;
  fit.family = model != trend_model::poisson ? trend_family::gaussian
               : variance == dispersion::poisson ? trend_family::poisson
                                                 : trend_family::quasi_poisson;
  fit.coef_names = {"intercept", "slope"};
  fit.coef = vector(2);
  fit.coef << row.intercept, row.slope;
  fit.vcov = matrix(2, 2);
  fit.vcov << row.v00, row.v01, row.v01, row.v11;
  fit.se = standard_errors(fit.vcov);
  fit.time_origin = row.time_origin;
  fit.n = row.n;
  fit.df_residual = row.n - 2;
  fit.sigma = row.sigma;
  fit.dispersion = row.dispersion;
  fit.rss = row.rss;
  fit.deviance = row.deviance;
  fit.status = row.status;
  fit.iterations = row.iterations;
  const auto r = static_cast<Eigen::Index>(region);
  for (std::size_t y = 0; y < cohort.year_count(); ++y) {
    const T poor = cohort.poor()(r, static_cast<Eigen::Index>(y));
    if (std::isnan(poor)) continue;  // a missing cell: the kernel fitted the observed years
    fit.years.push_back(cohort.years()[y]);
    fit.observed.push_back(poor);
  }
  const T eps = std::numeric_limits<T>::epsilon();
  if (model == trend_model::poisson) {
    compensated_sum<T> loglik;
    for (std::size_t i = 0; i < fit.n; ++i) {
      const T mu = std::max(std::exp(row.intercept + row.slope * (fit.years[i] - row.time_origin)), eps);
      const T obs = fit.observed[i];
      fit.fitted.push_back(mu);
      fit.residuals.push_back(obs - mu);
      loglik.add(obs * std::log(mu) - mu - std::lgamma(obs + 1));
    }
    set_information_criteria(fit, loglik.value(), 2);
    return fit;
  }
  const bool log_scale = model == trend_model::loglinear;
  T loglik = gaussian_loglik(row.rss, fit.n, std::vector<T>{});
  compensated_sum<T> mean;
  for (std::size_t i = 0; i < fit.n; ++i) {
    const T eta = row.intercept + row.slope * (fit.years[i] - row.time_origin);
    fit.fitted.push_back(log_scale ? std::exp(eta) : eta);
    fit.residuals.push_back(fit.observed[i] - fit.fitted.back());
    if (log_scale) loglik -= std::log(fit.observed[i]);
    mean.add(log_scale ? std::log(fit.observed[i]) : fit.observed[i]);
  }
  const T centre = mean.value() / static_cast<T>(fit.n);
  compensated_sum<T> tss;
  for (std::size_t i = 0; i < fit.n; ++i) {
    const T v = (log_scale ? std::log(fit.observed[i]) : fit.observed[i]) - centre;
    tss.add(v * v);
  }
  fit.r_squared = 1 - row.rss / tss.value();
  set_information_criteria(fit, loglik, 3);  // + sigma
  return fit;
}

}  // namespace detail

/// The fits of one trend model to every region of a cohort, as columns (one entry or row
/// per region, in the cohort's order). Regions with too few observed years have status
/// `insufficient_data` and NaN estimates.
///
/// The columns hold what is reported of a fit; everything else (fitted values, residuals,
/// log-likelihood, AIC, R²) is rebuilt from them and the cohort by `fit(cohort, region)`.
template <std::floating_point T>
struct fit_table {
  using matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;

  trend_model model = trend_model::linear;      ///< the model fitted
  std::optional<T> time_origin_option;          ///< `fit_all_options::time_origin`
  povstat::dispersion variance = povstat::dispersion::poisson;  ///< `fit_all_options::variance`
  matrix coef;   ///< regions × k: the estimates (k = 2 for straight lines: intercept, slope)
  matrix vcov;   ///< regions × k(k+1)/2: the covariance's lower triangle by columns
                 ///< (for k = 2: v00, v10, v11)
  std::vector<T> time_origin;  ///< t0 of each region's fit
  std::vector<T> sigma;        ///< residual scale (see `trend_fit::sigma`)
  std::vector<T> dispersion;   ///< see `trend_fit::dispersion`
  std::vector<T> deviance;     ///< see `trend_fit::deviance`
  std::vector<T> rss;          ///< see `trend_fit::rss`
  std::vector<std::uint32_t> n;           ///< observations used
  std::vector<std::uint32_t> iterations;  ///< iterations of iterative fits
  std::vector<fit_status> status;         ///< how each fit ended
  std::vector<std::uint8_t> batched;      ///< 1 where a batch kernel fitted the region, 0 where
                                          ///< the one-series function did

  /// The number of regions.
  std::size_t size() const noexcept { return status.size(); }

  /// The number of coefficients of each fit (columns of `coef`).
  std::size_t coefficient_count() const noexcept { return static_cast<std::size_t>(coef.cols()); }

  /// n − k for a region (0 when it has no estimates).
  std::size_t df_residual(std::size_t region) const {
    check_region("fit_table::df_residual", region);
    return status[region] == fit_status::insufficient_data ? 0 : n[region] - coefficient_count();
  }

  /// The standard error of coefficient j of a region: √max(0, vcov_jj), as `trend_fit::se`.
  /// @throws invalid_input when region or j is out of range.
  T se(std::size_t region, std::size_t j) const {
    check_region("fit_table::se", region);
    const std::size_t k = coefficient_count();
    if (j >= k) detail::raise_value("fit_table::se", "j", j, "< " + std::to_string(k) + " (the coefficients)");
    const std::size_t diagonal = j * k - j * (j - 1) / 2;  // packed index of (j, j)
    return std::sqrt(std::max(T(0), vcov(static_cast<Eigen::Index>(region), static_cast<Eigen::Index>(diagonal))));
  }

  /// The full `trend_fit` of a region, equal bit for bit to `fit_all(cohort, model,
  /// options)[region]`: rebuilt from the columns and the region's data for a batch-fitted
  /// region, refitted by the one-series function otherwise. `cohort` must be the cohort
  /// the table was fitted to.
  /// @throws invalid_input when region is out of range or the cohort has another number of
  ///         regions or years than the table.
  trend_fit<T> fit(const regional_cohort<T>& cohort, std::size_t region) const {
    constexpr std::string_view function = "fit_table::fit";
    check_region(function, region);
    if (cohort.region_count() != size())
      detail::raise_value(function, "cohort.region_count()", cohort.region_count(),
                          std::to_string(size()) + " (the regions of the table)");
    if (batched[region]) return detail::rebuild_batch_fit(cohort, region, model, variance, row(region));
    return detail::fit_one_region("fit_all", cohort, region, model, time_origin_option, variance);
  }

  /// Sizes every column for `regions` regions of `model`.
  void resize(std::size_t regions) {
    const auto rows = static_cast<Eigen::Index>(regions);
    const auto k = static_cast<Eigen::Index>(detail::batch_coefficient_count(model));
    constexpr T nan = std::numeric_limits<T>::quiet_NaN();
    coef = matrix::Constant(rows, k, nan);
    vcov = matrix::Constant(rows, k * (k + 1) / 2, nan);
    for (auto* column : {&time_origin, &sigma, &dispersion, &deviance, &rss}) column->assign(regions, nan);
    n.assign(regions, 0);
    iterations.assign(regions, 0);
    status.assign(regions, fit_status::insufficient_data);
    batched.assign(regions, 0);
  }

  /// Stores a region fitted by a batch kernel.
  void store(std::size_t region, const detail::batch_row<T>& r) {
    const auto i = static_cast<Eigen::Index>(region);
    coef(i, 0) = r.intercept;
    coef(i, 1) = r.slope;
    vcov(i, 0) = r.v00;
    vcov(i, 1) = r.v01;
    vcov(i, 2) = r.v11;
    set_scalars(region, r.time_origin, r.sigma, r.dispersion, r.deviance, r.rss, r.n, r.iterations, r.status);
    batched[region] = 1;
  }

  /// Stores a region fitted by the one-series function.
  void store(std::size_t region, const trend_fit<T>& f) {
    const auto i = static_cast<Eigen::Index>(region);
    set_scalars(region, f.time_origin, f.sigma, f.dispersion, f.deviance, f.rss, f.n, f.iterations, f.status);
    if (f.status == fit_status::insufficient_data) {
      time_origin[region] = sigma[region] = dispersion[region] = deviance[region] = rss[region] =
          std::numeric_limits<T>::quiet_NaN();
      return;
    }
    const Eigen::Index k = std::min<Eigen::Index>(coef.cols(), f.coef.size());
    for (Eigen::Index a = 0, packed = 0; a < coef.cols(); ++a)
      for (Eigen::Index b = a; b < coef.cols(); ++b, ++packed)
        if (b < k) vcov(i, packed) = f.vcov(b, a);
    for (Eigen::Index a = 0; a < k; ++a) coef(i, a) = f.coef(a);
    batched[region] = 0;
  }

 private:
  void check_region(std::string_view function, std::size_t region) const {
    if (region >= size())
      detail::raise_value(function, "region", region, "< " + std::to_string(size()) + " (the regions of the table)");
  }

  void set_scalars(std::size_t region, T origin, T s, T phi, T d, T squares, std::size_t count, std::size_t its,
                   fit_status st) {
    time_origin[region] = origin;
    sigma[region] = s;
    dispersion[region] = phi;
    deviance[region] = d;
    rss[region] = squares;
    n[region] = static_cast<std::uint32_t>(count);
    iterations[region] = static_cast<std::uint32_t>(its);
    status[region] = st;
  }

  detail::batch_row<T> row(std::size_t region) const {
    const auto i = static_cast<Eigen::Index>(region);
    return {coef(i, 0), coef(i, 1), vcov(i, 0), vcov(i, 1), vcov(i, 2), time_origin[region], sigma[region],
            dispersion[region], deviance[region], rss[region], n[region], iterations[region], status[region]};
  }
};

namespace detail {

/// Checks the options of a batch fit: a finite time origin, at least one thread.
template <std::floating_point T>
void check_fit_all_options(std::string_view function, const fit_all_options<T>& options) {
  if (options.time_origin && !std::isfinite(*options.time_origin))
    raise_value(function, "options.time_origin", *options.time_origin, "finite");
  check_execution(function, options.execution);
}

/// The one driver of `fit_all` and `fit_all_table`: fixed chunks of `batch_chunk_size`
/// regions over `options.execution` threads; each chunk runs the batch kernel (or the
/// one-series function) into `table`, then `per_chunk(begin, end, fallback_fits)` with the
/// one-series fits of its fallback regions (indexed from begin; empty where batched).
template <std::floating_point T, class PerChunk>
void fit_all_into(std::string_view function, const regional_cohort<T>& cohort, trend_model model,
                  const fit_all_options<T>& options, fit_table<T>& table, bool keep_fallbacks,
                  PerChunk&& per_chunk) {
  check_fit_all_options(function, options);
  table.model = model;
  table.time_origin_option = options.time_origin;
  table.variance = options.variance;
  table.resize(cohort.region_count());
  for_each_chunk(function, cohort.region_count(), batch_chunk_size, options.execution, options.progress,
                 [&](std::size_t, std::size_t begin, std::size_t end) {
                   std::vector<std::optional<trend_fit<T>>> fallbacks(keep_fallbacks ? end - begin : 0);
                   fit_batch_chunk(
                       cohort, model, options.time_origin, options.variance, begin, end,
                       [&](std::size_t r, const batch_row<T>& row) { table.store(r, row); },
                       [&](std::size_t r) {
                         trend_fit<T> f = fit_one_region(function, cohort, r, model, options.time_origin,
                                                         options.variance);
                         table.store(r, f);
                         if (keep_fallbacks) fallbacks[r - begin] = std::move(f);
                       });
                   per_chunk(begin, end, fallbacks);
                 });
}

}  // namespace detail

/// Fits `model` to each region's observed years (`cohort.series(r)`), with each model's
/// default options except those in `options`, into a `fit_table` (see `fit_all` for the
/// rules; the table's `fit(cohort, r)` gives `fit_all(...)[r]` bit for bit).
///
/// Linear, loglinear and poisson fits run in batch kernels over the cohort's column-major
/// cells, vectorised across regions, the regions of a chunk grouped by their pattern of
/// observed years (a region with missing cells is batched over its observed years): closed-form
/// centred sums (x̄, Σ(t − t̄)(y − ȳ), Σ residual²) for least squares; for Poisson the IRLS
/// of `fit_poisson` (same start, step-halving and convergence rules) with each weighted
/// least-squares step in closed form. The one-series functions solve by pivoted QR in
/// long double with refinement, so the results are not bit-identical but agree within 1e-12
/// relative: each batch region carries a rounding-error bound of its coefficients and rss
/// (Higham 2002, §3–4), and a region whose bound exceeds 2e-13 — or with fewer than 3
/// observed years, a zero count (loglinear), an IRLS decision (halving, convergence) within
/// the deviances' rounding error, or a non-finite value — is fitted by the one-series function instead
/// (`batched` says which). The Poisson deviance also agrees within that error, 8ε Σ y (1 +
/// |log(y/µ)|) + µ, when it is larger. Other models always use the one-series functions,
/// chunked over threads.
///
/// Memory: about 90 bytes a region for k = 2 (11 numbers and the status), against
/// 8 × years bytes a region of input.
/// @throws invalid_input on a non-finite options.time_origin, options.execution.threads = 0,
///         or naming the first region whose data do not suit the model.
/// @throws cancelled when options.progress returns false.
template <std::floating_point T>
fit_table<T> fit_all_table(const regional_cohort<T>& cohort, trend_model model, const fit_all_options<T>& options = {}) {
  fit_table<T> table;
  detail::fit_all_into("fit_all_table", cohort, model, options, table, false,
                       [](std::size_t, std::size_t, const auto&) {});
  return table;
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_FIT_FIT_TABLE_HPP
