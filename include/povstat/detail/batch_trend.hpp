#ifndef POVSTAT_DETAIL_BATCH_TREND_HPP
#define POVSTAT_DETAIL_BATCH_TREND_HPP

/// @file
/// Batch kernels of `fit_all` and `fit_all_table` for the straight-line models (linear,
/// loglinear, poisson): closed-form sums and batched IRLS over a chunk of a cohort's
/// regions, vectorised across regions (the compiler's auto-vectorisation over the
/// column-major cells), with a rounding-error bound per region that sends any region the
/// kernel cannot match to within `batch_tolerance` back to the one-series function.

#include <Eigen/Core>
#include <algorithm>
#include <bit>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "povstat/core/fit_status.hpp"
#include "povstat/core/regional_cohort.hpp"
#include "povstat/detail/lane_math.hpp"
#include "povstat/detail/trend_common.hpp"
#include "povstat/fit/poisson.hpp"
#include "povstat/fit/trend_fit.hpp"
#include "povstat/stats/summation.hpp"

POVSTAT_NAMESPACE_BEGIN
namespace detail {

/// Regions per chunk of the batch fits: fixed, so that chunk boundaries (and so results)
/// never depend on the thread count. 1024 regions × 60 years of scratch fit in L2.
inline constexpr std::size_t batch_chunk_size = 1024;

/// The kernels' guarantee: a region is fitted in batch only when the rounding-error bound of
/// each estimate (coefficients, rss) is below this relative value; with the one-series
/// function's own error (a few ε) every reported quantity then agrees within 1e-12.
template <std::floating_point T>
constexpr T batch_tolerance() noexcept {
  return std::max(T(2e-13L), 64 * std::numeric_limits<T>::epsilon());
}

/// IRLS steps after which a region leaves the Poisson batch kernel (see batch_poisson).
inline constexpr std::size_t batch_poisson_iterations = 12;

/// One region fitted by a batch kernel: the columns of `fit_table`.
template <std::floating_point T>
struct batch_row {
  T intercept, slope;      ///< coef on the link scale, time from time_origin
  T v00, v01, v11;         ///< vcov = dispersion · (XᵀWX)⁻¹
  T time_origin, sigma, dispersion, deviance, rss;
  std::size_t n;
  std::size_t iterations;
  fit_status status;
};

/// The number of coefficients of a model as fitted by `fit_all` (segmented: one break).
constexpr std::size_t batch_coefficient_count(trend_model model) noexcept {
  switch (model) {
    case trend_model::logistic:
    case trend_model::gompertz: return 3;
    case trend_model::segmented: return 4;
    default: return 2;
  }
}

/// Whether `model` has a batch kernel.
constexpr bool has_batch_kernel(trend_model model) noexcept {
  return model == trend_model::linear || model == trend_model::loglinear || model == trend_model::poisson;
}

/// Per-region compensated sums over a chunk, exactly as `compensated_sum<T>::add` and
/// `value` (Neumaier), one lane per region, so that the batch deviance is summed as the
/// one-series one.
template <std::floating_point T>
inline void compensated_add(T* sum, T* compensation, const T* x, std::size_t m) {
  for (std::size_t i = 0; i < m; ++i) {
    const T s = sum[i], v = x[i], t = s + v;
    compensation[i] += std::abs(s) >= std::abs(v) ? (s - t) + v : (v - t) + s;
    sum[i] = t;
  }
}
template <std::floating_point T>
inline T compensated_value(T sum, T compensation) noexcept {
  return std::isfinite(sum) ? sum + compensation : sum;
}

/// The common design of a chunk's complete regions: years t_j, t0, the centred times
/// dt_j = t_j − t̄ and the unscaled covariance of [1, t − t0] (computed in long double).
template <std::floating_point T>
struct batch_design {
  std::size_t n = 0;
  T origin = 0;
  std::vector<T> t;   ///< t_j − t0
  std::vector<T> dt;  ///< t_j − t̄
  T sxx = 0, shift = 0, sum_dt = 0;  ///< Σ dt², t̄ − t0, |Σ dt| as rounded
  T c00 = 0, c01 = 0, c11 = 0;       ///< (XᵀX)⁻¹ of [1, t − t0]

  batch_design(std::span<const T> years, T t0) : n(years.size()), origin(t0), t(n), dt(n) {
    using W = long double;
    W mean = 0;
    for (T year : years) mean += static_cast<W>(year);
    mean /= static_cast<W>(n);
    W s = 0, sd = 0;
    for (std::size_t j = 0; j < n; ++j) {
      t[j] = years[j] - t0;
      dt[j] = static_cast<T>(static_cast<W>(years[j]) - mean);
      s += (static_cast<W>(years[j]) - mean) * (static_cast<W>(years[j]) - mean);
      sd += static_cast<W>(dt[j]);
    }
    const W c = mean - static_cast<W>(t0);
    sxx = static_cast<T>(s);
    shift = static_cast<T>(c);
    sum_dt = static_cast<T>(std::abs(sd));
    c11 = static_cast<T>(1 / s);
    c01 = static_cast<T>(-c / s);
    c00 = static_cast<T>(1 / static_cast<W>(n) + c * c / s);
  }
};

/// Linear or log-linear least squares for m regions (cells y[j·stride + i], logs already
/// taken): closed-form centred sums in three passes. ok[i] is cleared where the
/// rounding-error bound exceeds `batch_tolerance`.
template <std::floating_point T>
void batch_least_squares(const batch_design<T>& d, const T* y, std::size_t m, std::size_t stride,
                         std::vector<batch_row<T>>& rows, std::vector<unsigned char>& ok) {
  const std::size_t n = d.n;
  const T u = std::numeric_limits<T>::epsilon() / 2, nn = static_cast<T>(n), tol = batch_tolerance<T>();
  // Besides the sums, each pass accumulates Σ|partial sum|: u times it bounds the error of
  // a recursive sum a posteriori (Higham 2002, (4.3)), far tighter than (n − 1)u Σ|terms|.
  std::vector<T> sum(m, T(0)), sum_abs(m, T(0)), sxy(m, T(0)), sad(m, T(0)), sxy_partial(m, T(0));
  std::vector<T> rss(m, T(0)), rss_partial(m, T(0)), err(m, T(0)), slope(m);
  for (std::size_t j = 0; j < n; ++j) {
    const T* col = y + j * stride;
    for (std::size_t i = 0; i < m; ++i) {
      sum[i] += col[i];
      sum_abs[i] += std::abs(col[i]);
    }
  }
  for (std::size_t i = 0; i < m; ++i) sum[i] /= nn;  // the mean
  for (std::size_t j = 0; j < n; ++j) {
    const T* col = y + j * stride;
    const T c = d.dt[j];
    for (std::size_t i = 0; i < m; ++i) {
      const T p = c * (col[i] - sum[i]);
      sxy[i] += p;
      sad[i] += std::abs(p);
      sxy_partial[i] += std::abs(sxy[i]);
    }
  }
  for (std::size_t i = 0; i < m; ++i) slope[i] = sxy[i] / d.sxx;
  for (std::size_t j = 0; j < n; ++j) {
    const T* col = y + j * stride;
    const T c = d.dt[j];
    for (std::size_t i = 0; i < m; ++i) {
      const T dev = col[i] - sum[i], f = slope[i] * c, e = dev - f;
      rss[i] += e * e;
      rss_partial[i] += rss[i];
      err[i] += std::abs(e) * (std::abs(dev) + std::abs(f) + std::abs(e));
    }
  }
  const T df = nn - 2;
  for (std::size_t i = 0; i < m; ++i) {
    batch_row<T>& row = rows[i];
    const T mean = sum[i], b1 = slope[i], b0 = mean - b1 * d.shift;
    // Bounds (Higham 2002, §3.1 and §4.2): the mean, the centred cross product, the slope,
    // the intercept; rss is stationary in (mean, slope), so their errors enter it squared.
    // Each difference y − ȳ and product errs by u relative (2u·Σ|p|), the sums by u Σ|partial|.
    const T e_mean = (nn + 1) * u * sum_abs[i] / nn;
    const T e_sxy = T(2.01) * u * sad[i] + T(1.01) * u * sxy_partial[i] + e_mean * d.sum_dt;
    const T e_b1 = (e_sxy / std::abs(sxy[i]) + 3 * u) * std::abs(b1);
    const T e_b0 = e_mean + std::abs(d.shift) * e_b1 + 3 * u * (std::abs(mean) + std::abs(b1 * d.shift));
    const T e_rss = T(2.01) * u * err[i] + T(1.01) * u * rss_partial[i] + 2 * u * rss[i] + d.sxx * e_b1 * e_b1 +
                    nn * e_mean * e_mean;
    const T sigma = std::sqrt(rss[i] / df), dispersion = sigma * sigma;
    const bool good = std::isfinite(b0) && std::isfinite(b1) && std::isfinite(sigma) && rss[i] > T(0) &&
                      e_b1 <= tol * std::abs(b1) && e_b0 <= tol * std::abs(b0) && e_rss <= tol * rss[i] &&
                      std::isfinite(e_rss);
    ok[i] = ok[i] && good;
    row = {b0, b1, dispersion * d.c00, dispersion * d.c01, dispersion * d.c11, d.origin, sigma, dispersion,
           rss[i], rss[i], n, 0, fit_status::converged};
  }
}

/// Batched IRLS for the Poisson GLM over the m gathered regions (cells y[j·m + i]): every
/// region runs the iteration of `fit_poisson` (start mu = y + 0.1, working response
/// z = eta + (y − mu)/mu, weights mu, the same step-halving and convergence rules), its
/// weighted least squares in closed form. A region leaves the batch (ok[i] cleared) when a
/// step would be halved, when a decision (halving, convergence) lies within the rounding
/// error of the deviances, or when a rounding-error bound exceeds `batch_tolerance`.
template <std::floating_point T>
void batch_poisson(const batch_design<T>& d, const T* y, std::size_t m, dispersion variance,
                   std::vector<batch_row<T>>& rows, std::vector<unsigned char>& ok) {
  const std::size_t n = d.n, cells = n * m, max_iterations = poisson_options<T>{}.max_iterations;
  const T eps = std::numeric_limits<T>::epsilon(), u = eps / 2, nn = static_cast<T>(n);
  const T tolerance = poisson_options<T>{}.tolerance, tol = batch_tolerance<T>();
  std::vector<T> mu(cells), eta(cells), new_mu(cells), new_eta(cells), z(cells), terms(cells);
  std::vector<T> b0(m, T(0)), b1(m, T(0)), dev(m), scale(m), new_dev(m), new_scale(m), bound(m, T(0));
  std::vector<T> s0(m), st(m), sz(m), stt(m), stz(m), sabs(m), szabs(m), nb0(m), nb1(m), comp(m), absres(m), new_absres(m);
  std::vector<unsigned char> active(m), commit(m);
  std::vector<std::size_t> iterations(m, 0);
  std::vector<fit_status> status(m, fit_status::max_iterations);

  // The compensated deviance and its rounding scale at (mu_out) into (out_dev, out_scale).
  const auto deviance = [&](const std::vector<T>& mean, std::vector<T>& out_dev, std::vector<T>& out_scale,
                            std::vector<T>& out_absres) {
    std::fill(out_absres.begin(), out_absres.end(), T(0));
    std::fill(out_dev.begin(), out_dev.end(), T(0));
    std::fill(comp.begin(), comp.end(), T(0));
    std::fill(out_scale.begin(), out_scale.end(), T(0));
    for (std::size_t j = 0; j < n; ++j) {
      const T* yc = y + j * m;
      const T* mc = mean.data() + j * m;
      T* tc = terms.data() + j * m;
      // The ratios y/mu (1 where y = 0: log 1 = 0, and y log(y/mu) = 0 there), their logs
      // over lane vectors (fdlibm's, < 1 ulp: within the deviance's rounding scale, 8ε y (1 +
      // |log(y/mu)|), of fit_poisson's glibc log), then the terms.
      for (std::size_t i = 0; i < m; ++i) {
        const T ratio = yc[i] / mc[i];
        tc[i] = yc[i] > 0 ? ratio : T(1);
      }
      log_each(tc, m);
      for (std::size_t i = 0; i < m; ++i) {
        const T log_ratio = tc[i];
        out_scale[i] += poisson_deviance_scale(yc[i], mc[i], log_ratio);
        out_absres[i] += std::abs(yc[i] - mc[i]);
        tc[i] = 2 * (yc[i] * log_ratio - (yc[i] - mc[i]));
      }
      compensated_add(out_dev.data(), comp.data(), tc, m);
    }
    for (std::size_t i = 0; i < m; ++i) out_dev[i] = compensated_value(out_dev[i], comp[i]);
  };

  for (std::size_t k = 0; k < cells; ++k) {
    mu[k] = y[k] + T(0.1);
    eta[k] = std::log(mu[k]);
  }
  deviance(mu, dev, scale, absres);
  for (std::size_t i = 0; i < m; ++i) active[i] = ok[i];
  T t_max = 0;
  for (const T tj : d.t) t_max = std::max(t_max, std::abs(tj));

  for (std::size_t iteration = 1; iteration <= max_iterations; ++iteration) {
    if (std::none_of(active.begin(), active.end(), [](unsigned char a) { return a != 0; })) break;
    // The weighted least squares of z on [1, t − t0] with weights mu, centred at t_w.
    std::fill(s0.begin(), s0.end(), T(0));
    std::fill(st.begin(), st.end(), T(0));
    std::fill(sz.begin(), sz.end(), T(0));
    for (std::size_t j = 0; j < n; ++j) {
      const T tj = d.t[j];
      const T* yc = y + j * m;
      const T* mc = mu.data() + j * m;
      const T* ec = eta.data() + j * m;
      T* zc = z.data() + j * m;
      for (std::size_t i = 0; i < m; ++i) {
        zc[i] = ec[i] + (yc[i] - mc[i]) / mc[i];
        s0[i] += mc[i];
        st[i] += mc[i] * tj;
        sz[i] += mc[i] * zc[i];
      }
    }
    for (std::size_t i = 0; i < m; ++i) {
      st[i] /= s0[i];  // t_w
      sz[i] /= s0[i];  // z_w
    }
    std::fill(stt.begin(), stt.end(), T(0));
    std::fill(stz.begin(), stz.end(), T(0));
    std::fill(sabs.begin(), sabs.end(), T(0));
    std::fill(szabs.begin(), szabs.end(), T(0));
    for (std::size_t j = 0; j < n; ++j) {
      const T tj = d.t[j];
      const T* mc = mu.data() + j * m;
      const T* zc = z.data() + j * m;
      for (std::size_t i = 0; i < m; ++i) {
        const T dt = tj - st[i], wdt = mc[i] * dt, p = wdt * (zc[i] - sz[i]);
        stt[i] += wdt * dt;
        stz[i] += p;
        sabs[i] += std::abs(p);
        szabs[i] += std::abs(wdt) * (std::abs(zc[i]) + 1);
      }
    }
    for (std::size_t i = 0; i < m; ++i) {
      nb1[i] = stz[i] / stt[i];
      nb0[i] = sz[i] - nb1[i] * st[i];
    }
    for (std::size_t j = 0; j < n; ++j) {
      const T tj = d.t[j];
      T* ec = new_eta.data() + j * m;
      T* mc = new_mu.data() + j * m;
      // mu = max(exp eta, ε), exp over lane vectors (fdlibm's, < 1 ulp from fit_poisson's
      // glibc exp: a last-bit difference of mu, which the decisions' noise allows for).
      for (std::size_t i = 0; i < m; ++i) ec[i] = nb0[i] + nb1[i] * tj;
      std::copy(ec, ec + m, mc);
      exp_each(mc, m);
      for (std::size_t i = 0; i < m; ++i) mc[i] = std::max(mc[i], eps);
    }
    deviance(new_mu, new_dev, new_scale, new_absres);

    for (std::size_t i = 0; i < m; ++i) {
      commit[i] = 0;
      if (!active[i]) continue;
      // The two paths' deviances differ by at most `noise` (rounding of the terms and of
      // the last bits of mu); a decision closer than that to its threshold is left to the
      // one-series function.
      // The rounding of eta = b0 + b1 (t − t0), ε (|b0| + |b1| max|t − t0|), moves each mu
      // relatively and the deviance by 2|y − mu| per unit.
      const T eta_terms = 1 + std::abs(nb0[i]) + t_max * std::abs(nb1[i]);
      const T noise = 2 * eps * (scale[i] + new_scale[i]) + 4 * eps * std::abs(dev[i]) +
                      8 * eps * eta_terms * (absres[i] + new_absres[i]);
      // IRLS converges quadratically from mu = y + 0.1 in a handful of steps; slow (linear)
      // convergence, e.g. counts falling to 0, does not damp the paths' rounding differences.
      bool leave = !std::isfinite(new_dev[i]) || !std::isfinite(nb0[i]) || !std::isfinite(nb1[i]) ||
                   iteration > batch_poisson_iterations;
      if (!leave && iteration > 1)  // fit_poisson halves when the step rises: leave unless clearly not
        leave = poisson_step_rises(tolerance, dev[i], scale[i], new_dev[i] + noise, new_scale[i]);
      const T change = std::abs(new_dev[i] - dev[i]);
      const T threshold = poisson_convergence_bound(tolerance, scale[i], new_dev[i], new_scale[i]);
      if (!leave && std::abs(change - threshold) <= 2 * noise + threshold * T(1e-3)) leave = true;
      if (leave) {
        ok[i] = 0;
        active[i] = 0;
        continue;
      }
      // Rounding-error bound of this step's slope and intercept (as in batch_least_squares,
      // with the weighted centred sums).
      // The working response z carries the rounding of eta and mu of both paths, 4ε (|z| + 1).
      const T e_b1 = ((nn + 4) * u * sabs[i] / std::abs(stz[i]) + 4 * u) * std::abs(nb1[i]) +
                     8 * u * szabs[i] / stt[i];
      const T e_b0 = (nn + 2) * u * std::abs(sz[i]) + 8 * u * (std::abs(sz[i]) + 1) + std::abs(st[i]) * e_b1 +
                     3 * u * (std::abs(sz[i]) + std::abs(nb1[i] * st[i]));
      bound[i] = std::max(e_b1 / std::abs(nb1[i]), e_b0 / std::abs(nb0[i]));
      commit[i] = 1;
      b0[i] = nb0[i];
      b1[i] = nb1[i];
      dev[i] = new_dev[i];
      scale[i] = new_scale[i];
      absres[i] = new_absres[i];
      iterations[i] = iteration;
      if (change < threshold) {
        status[i] = fit_status::converged;
        active[i] = 0;
      }
    }
    for (std::size_t j = 0; j < n; ++j) {
      T* ec = eta.data() + j * m;
      T* mc = mu.data() + j * m;
      const T* nec = new_eta.data() + j * m;
      const T* nmc = new_mu.data() + j * m;
      for (std::size_t i = 0; i < m; ++i) {
        ec[i] = commit[i] ? nec[i] : ec[i];
        mc[i] = commit[i] ? nmc[i] : mc[i];
      }
    }
  }

  // At the estimates: (XᵀWX)⁻¹ (closed form, as the one-series function's last weighted
  // fit), Pearson chi² and rss, compensated as there.
  std::vector<T> pearson(m, T(0)), pearson_c(m, T(0)), rss(m, T(0)), rss_c(m, T(0)), col(m);
  std::fill(s0.begin(), s0.end(), T(0));
  std::fill(st.begin(), st.end(), T(0));
  for (std::size_t j = 0; j < n; ++j) {
    const T tj = d.t[j];
    const T* yc = y + j * m;
    const T* mc = mu.data() + j * m;
    for (std::size_t i = 0; i < m; ++i) {
      s0[i] += mc[i];
      st[i] += mc[i] * tj;
      const T r = yc[i] - mc[i];
      col[i] = r * r / mc[i];
    }
    compensated_add(pearson.data(), pearson_c.data(), col.data(), m);
    for (std::size_t i = 0; i < m; ++i) col[i] = (yc[i] - mc[i]) * (yc[i] - mc[i]);
    compensated_add(rss.data(), rss_c.data(), col.data(), m);
  }
  for (std::size_t i = 0; i < m; ++i) st[i] /= s0[i];
  std::fill(stt.begin(), stt.end(), T(0));
  for (std::size_t j = 0; j < n; ++j) {
    const T tj = d.t[j];
    const T* mc = mu.data() + j * m;
    for (std::size_t i = 0; i < m; ++i) stt[i] += mc[i] * (tj - st[i]) * (tj - st[i]);
  }
  const T df = nn - 2;
  for (std::size_t i = 0; i < m; ++i) {
    if (!ok[i]) continue;
    const T chi2 = compensated_value(pearson[i], pearson_c[i]);
    const T squares = compensated_value(rss[i], rss_c[i]);
    const T phi = variance == dispersion::poisson ? T(1) : chi2 / df;
    const T c11 = 1 / stt[i], c01 = -st[i] / stt[i], c00 = 1 / s0[i] + st[i] * st[i] / stt[i];
    const bool good = bound[i] <= tol && std::isfinite(phi) && std::isfinite(c00) && std::isfinite(squares) &&
                      stt[i] > T(0) && s0[i] > T(0);
    if (!good) {
      ok[i] = 0;
      continue;
    }
    rows[i] = {b0[i], b1[i], phi * c00, phi * c01, phi * c11, d.origin, std::sqrt(phi), phi,
               dev[i], squares, n, iterations[i], status[i]};
  }
}

/// Fits regions [begin, end) of `cohort`: the regions a batch model's kernel can take by
/// it, calling `on_batch(r, row)`; every other region (a zero count for loglinear, fewer
/// than three observed years, a bound exceeded, other models) by `on_fallback(r)`. Regions
/// with missing cells are grouped by their pattern of observed years (cohorts of up to 64
/// years): each group is one batch over its observed years, with the time origin the
/// one-series function would take, so a missing cell costs a smaller batch, not a fallback.
/// Regions are handed over in increasing order, so the first exception is the lowest region's.
template <std::floating_point T, class OnBatch, class OnFallback>
void fit_batch_chunk(const regional_cohort<T>& cohort, trend_model model, std::optional<T> time_origin,
                     dispersion variance, std::size_t begin, std::size_t end, OnBatch&& on_batch,
                     OnFallback&& on_fallback) {
  const std::size_t years = cohort.year_count(), rows_total = cohort.region_count(), count = end - begin;
  std::vector<unsigned char> batched(count, 0);
  std::vector<batch_row<T>> rows;
  const bool usable = has_batch_kernel(model) && years >= 3 && (!time_origin || std::isfinite(*time_origin));
  if (usable) {
    const T* data = cohort.poor().data();
    // Bit j of missing[i]: year j of the region is a missing cell (cohorts of up to 64
    // years; longer ones batch complete regions only, all under the key 0).
    constexpr std::size_t key_bits = 64;
    const bool patterns = years <= key_bits;
    std::vector<std::uint64_t> missing(count, 0), eligible(count, 1);
    for (std::size_t j = 0; j < years; ++j) {
      const T* col = data + j * rows_total + begin;
      const std::uint64_t bit = patterns ? std::uint64_t{1} << j : 0;
      // Branch-free, one condition per loop, so that each loop vectorises.
      for (std::size_t i = 0; i < count; ++i) missing[i] |= col[i] != col[i] ? bit : 0;
      if (model == trend_model::loglinear)  // a zero count: fit_loglinear's error, so a fallback
        for (std::size_t i = 0; i < count; ++i) eligible[i] &= col[i] <= T(0) ? 0 : 1;
      if (!patterns)
        for (std::size_t i = 0; i < count; ++i) eligible[i] &= col[i] != col[i] ? 0 : 1;
    }
    // The eligible regions ordered by pattern (then by region): each run is one batch. The
    // complete regions (key 0, the smallest) come first in region order; only the others
    // need sorting.
    std::vector<std::pair<std::uint64_t, std::size_t>> order, gaps;
    order.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
      if (!eligible[i] || years - static_cast<std::size_t>(std::popcount(missing[i])) < 3) continue;
      (missing[i] == 0 ? order : gaps).emplace_back(missing[i], i);
    }
    std::sort(gaps.begin(), gaps.end());
    order.insert(order.end(), gaps.begin(), gaps.end());
    rows.resize(count);
    std::vector<T> y, group_years;
    std::vector<std::size_t> observed;  // the group's observed year columns
    std::vector<batch_row<T>> group_rows;
    std::vector<unsigned char> ok;
    for (std::size_t first = 0; first < order.size();) {
      const std::uint64_t key = order[first].first;
      std::size_t last = first;
      while (last < order.size() && order[last].first == key) ++last;
      const std::size_t m = last - first;
      observed.clear();
      group_years.clear();
      for (std::size_t j = 0; j < years; ++j)
        if (!patterns || !((key >> j) & 1U)) {
          observed.push_back(j);
          group_years.push_back(cohort.years()[j]);
        }
      const std::size_t n = observed.size();
      // Linear fits of a chunk of complete regions read the cohort in place; otherwise the
      // group's cells (their logs for loglinear) are gathered into a contiguous block.
      const bool in_place = model == trend_model::linear && m == count && n == years;
      y.resize(in_place ? 0 : m * n);
      for (std::size_t k = 0; k < n && !in_place; ++k) {
        const T* col = data + observed[k] * rows_total + begin;
        T* out = y.data() + k * m;
        for (std::size_t i = 0; i < m; ++i) out[i] = col[order[first + i].second];
        if (model == trend_model::loglinear)
          for (std::size_t i = 0; i < m; ++i) out[i] = std::log(out[i]);
      }
      const batch_design<T> design(group_years, time_origin ? *time_origin : group_years.front());
      group_rows.resize(m);
      ok.assign(m, 1);
      if (model == trend_model::poisson)
        batch_poisson(design, y.data(), m, variance, group_rows, ok);
      else
        batch_least_squares(design, in_place ? data + begin : y.data(), m, in_place ? rows_total : m, group_rows, ok);
      for (std::size_t i = 0; i < m; ++i)
        if (ok[i]) {
          const std::size_t offset = order[first + i].second;
          batched[offset] = 1;
          rows[offset] = group_rows[i];
        }
      first = last;
    }
  }
  for (std::size_t r = begin; r < end; ++r) {
    if (batched[r - begin])
      on_batch(r, rows[r - begin]);
    else
      on_fallback(r);
  }
}

}  // namespace detail
POVSTAT_NAMESPACE_END

#endif  // POVSTAT_DETAIL_BATCH_TREND_HPP
