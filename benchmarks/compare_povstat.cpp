// povstat's side of benchmarks/compare: the four workloads of benchmarks/peers/gen_data.py
// computed with povstat's public API, timed and written with the peers' protocol
// (benchmarks/peers/result_protocol.hpp). One process per task, so that /usr/bin/time -v
// measures the peak resident memory of each task alone:
//
//   compare_povstat idle                       reads meta.json and exits (baseline memory)
//   compare_povstat W1 ols|loglin|poisson [threads]     fit_all_table (fit_all if there is none)
//   compare_povstat W1 ols_fit_all|loglin_fit_all|poisson_fit_all [threads]   fit_all
//   compare_povstat W2 fgt_watts|fgt_watts_each|gini [threads]
//   compare_povstat W3 logistic_lm
//   compare_povstat W4 boot_residual|boot_fixed_idx
//
// Inputs from $PEER_DATA, outputs to $PEER_OUT, $PEER_REPS timed runs (median reported).
// Setup (reading the files, building the cohort or the spans) is never timed.

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "peers/result_protocol.hpp"
#include "povstat/core/execution.hpp"
#include "povstat/core/regional_cohort.hpp"
#include "povstat/fit/fit_all.hpp"
#include "povstat/fit/logistic.hpp"
#include "povstat/fit/loglinear.hpp"
#include "povstat/measure/inequality.hpp"
#include "povstat/measure/poverty.hpp"
#include "povstat/target/crossing.hpp"

namespace {

using compare::emit;
using compare::time_reps;
using compare::years;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double year0 = 2006;
const std::string peer = "povstat";

/// Sets `options.execution` to `threads` threads.
template <class Options>
void set_threads(Options& options, std::size_t threads) {
  options.execution = povstat::execution::parallel(threads);
}

/// "_Nt" appended to a task name run on N > 1 threads.
std::string thread_suffix(std::size_t threads) { return threads == 1 ? "" : compare::cat("_", std::to_string(threads), "t"); }

std::string threads_note(std::size_t threads) {
  return threads == 1 ? std::string("1 thread") : compare::cat(std::to_string(threads), " threads (options.execution)");
}

// ------------------------------------------------------------------ W1
/// The W1 counts as a cohort (regions r0.., years 2006..2020). For `loglinear`, a zero count
/// is a missing cell (NaN): the peers leave such points out of the log-linear fit, and povstat's
/// fit_loglinear rejects zeros, so the cohort given to it marks them missing instead.
/// The file is read in blocks straight into the cohort's matrix (no second copy).
povstat::regional_cohort<double> w1_cohort(std::size_t M, bool zero_as_missing) {
  povstat::cohort_data<double> data;
  data.regions.reserve(M);
  for (std::size_t r = 0; r < M; ++r) data.regions.push_back(compare::cat("r", std::to_string(r)));
  for (std::size_t y = 0; y < years; ++y) data.years.push_back(year0 + static_cast<double>(y));
  data.poor.resize(static_cast<Eigen::Index>(M), static_cast<Eigen::Index>(years));
  compare::for_each_row("w1_counts.f64", M, years, [&](std::size_t r, const double* row) {
    for (std::size_t y = 0; y < years; ++y) {
      const double count = row[y];
      data.poor(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(y)) =
          zero_as_missing && count == 0 ? nan : count;
    }
  });
  return povstat::regional_cohort<double>(std::move(data));
}

/// Times `fit_all_table` (table_api) or `fit_all` on the cohort and emits the record; the
/// output rows (intercept, slope, se(slope)) are written straight from povstat's result.
void time_w1(const povstat::regional_cohort<double>& cohort, povstat::trend_model model, const povstat::fit_all_options<double>& options,
             bool table_api, const std::string& task, const std::string& note) {
  const std::size_t M = cohort.region_count();
  const bool poisson = model == povstat::trend_model::poisson;
  const auto extra = [&](double iterations) {
    return poisson ? compare::cat(", \"irls_iter_mean\": ", compare::number(iterations / static_cast<double>(M), "%.4f"))
                   : std::string();
  };
  if (table_api) {
    povstat::fit_table<double> table;
    const auto seconds = time_reps([&] {
      table = {};  // the previous run's result is freed first, as in a user's loop
      table = povstat::fit_all_table(cohort, model, options);
    });
    double iterations = 0, batched = 0;
    for (std::size_t r = 0; r < M; ++r) {
      iterations += static_cast<double>(table.iterations[r]);
      batched += table.batched[r] != 0 ? 1.0 : 0.0;
    }
    const std::string more = compare::cat(extra(iterations), ", \"batched_fraction\": ",
                                          compare::number(batched / static_cast<double>(M), "%.4f"));
    compare::emit_rows(peer, "W1", task, M, M, seconds, M, 3, note, more, [&](std::size_t r, double* row) {
      const auto i = static_cast<Eigen::Index>(r);
      const bool ok = table.status[r] != povstat::fit_status::insufficient_data;
      row[0] = ok ? table.coef(i, 0) : nan;
      row[1] = ok ? table.coef(i, 1) : nan;
      row[2] = ok ? table.se(r, 1) : nan;
    });
    return;
  }
  std::vector<povstat::trend_fit<double>> fits;
  const auto seconds = time_reps([&] {
    fits = {};
    fits = povstat::fit_all(cohort, model, options);
  });
  double iterations = 0;
  for (const auto& fit : fits) iterations += static_cast<double>(fit.iterations);
  compare::emit_rows(peer, "W1", task, M, M, seconds, M, 3, note, extra(iterations), [&](std::size_t r, double* row) {
    const auto& fit = fits[r];
    const bool ok = fit.status != povstat::fit_status::insufficient_data && fit.coef.size() == 2;
    row[0] = ok ? fit.coef(0) : nan;
    row[1] = ok ? fit.coef(1) : nan;
    row[2] = ok ? fit.se(1) : nan;
  });
}

/// W1 task `<model>` (fit_all_table) or
/// `<model>_fit_all` (always fit_all: one trend_fit per region).
int run_w1(const compare::sizes& n, const std::string& task, std::size_t threads) {
  const bool want_fit_all = task.ends_with("_fit_all");
  const std::string name = want_fit_all ? task.substr(0, task.size() - 8) : task;
  povstat::trend_model model;
  if (name == "ols")
    model = povstat::trend_model::linear;
  else if (name == "loglin")
    model = povstat::trend_model::loglinear;
  else if (name == "poisson")
    model = povstat::trend_model::poisson;
  else
    throw std::runtime_error("W1 task " + task + " unknown (ols, loglin, poisson, and each with _fit_all)");

  povstat::fit_all_options<double> options;
  options.time_origin = year0;  // intercept at 2006, as the peers' x = year − 2006
  set_threads(options, threads);
  const auto cohort = w1_cohort(n.M, model == povstat::trend_model::loglinear);
  const bool table_api = !want_fit_all;
  std::string note = compare::cat(table_api ? "povstat::fit_all_table(cohort, " : "povstat::fit_all(cohort, ",
                                  povstat::to_string(model), "), ", threads_note(threads));
  if (model == povstat::trend_model::loglinear) note += "; zero counts given as missing (NaN) cells";
  time_w1(cohort, model, options, table_api, task + thread_suffix(threads), note);
  return 0;
}

// ------------------------------------------------------------------ W2
int run_w2(const compare::sizes& n, const std::string& task, std::size_t threads) {
  const auto y = compare::read_file<double>("w2_y.f64", n.N);
  const auto w = compare::read_file<double>("w2_w.f64", n.N);
  const std::span<const double> ys(y), ws(w);
  if (task == "fgt_watts") {
    povstat::poverty_options options;
    set_threads(options, threads);
    povstat::fgt_watts_result<double> r{};
    const auto seconds = time_reps([&] { r = povstat::fgt_watts(ys, ws, n.z, options); });
    emit(peer, "W2", task + thread_suffix(threads), n.N, n.N, seconds,
         {r.headcount, r.poverty_gap, r.poverty_severity, r.watts}, 4,
         compare::cat("povstat::fgt_watts(span y, span w, z): one pass, no copy, ", threads_note(threads)));
  } else if (task == "fgt_watts_each") {  // the four one-measure functions: four passes, no sort
    povstat::poverty_options options;
    set_threads(options, threads);
    std::vector<double> r(4, nan);
    const auto seconds = time_reps([&] {
      r[0] = povstat::fgt(ys, ws, n.z, 0.0, options);
      r[1] = povstat::fgt(ys, ws, n.z, 1.0, options);
      r[2] = povstat::fgt(ys, ws, n.z, 2.0, options);
      r[3] = povstat::watts(ys, ws, n.z, options);
    });
    emit(peer, "W2", task + thread_suffix(threads), n.N, n.N, seconds, r, 4,
         compare::cat("povstat::fgt (alpha 0, 1, 2) and povstat::watts, one pass each, ", threads_note(threads)));
  } else if (task == "gini") {
    povstat::gini_options options;
    set_threads(options, threads);
    double g = nan;
    const auto seconds = time_reps([&] { g = povstat::gini(ys, ws, options); });
    emit(peer, "W2", task + thread_suffix(threads), n.N, n.N, seconds, {g}, 1,
         compare::cat("povstat::gini(span y, span w) (laeken formula), ", threads_note(threads)));
  } else {
    throw std::runtime_error("W2 task " + task + " unknown (fgt_watts, fgt_watts_each, gini)");
  }
  return 0;
}

// ------------------------------------------------------------------ W3
/// povstat's logistic is K / (1 + exp(r (t − m))) with m a calendar year; with the years
/// t = 0..14 of the data it is the peers' a / (1 + exp(b (t − c))): (K, r, m) = (a, b, c).
int run_w3(const compare::sizes& n, const std::string& task) {
  if (task != "logistic_lm") throw std::runtime_error("W3 task " + task + " unknown (logistic_lm)");
  const auto y = compare::read_file<double>("w3_y.f64", n.R * years);
  const auto start = compare::read_file<double>("w3_start.f64", n.R * 3);
  std::vector<double> t(years);
  for (std::size_t i = 0; i < years; ++i) t[i] = static_cast<double>(i);

  std::vector<double> out(3 * n.R, nan);
  double iterations = 0;
  std::size_t failed = 0, not_converged = 0;
  const auto seconds = time_reps([&] {
    iterations = 0;
    failed = not_converged = 0;
    povstat::sigmoid_options<double> options;
    for (std::size_t i = 0; i < n.R; ++i) {
      options.start.assign(start.begin() + static_cast<std::ptrdiff_t>(3 * i),
                           start.begin() + static_cast<std::ptrdiff_t>(3 * i + 3));
      try {
        const povstat::population_series<double> series(
            t, std::span<const double>(y.data() + i * years, years));
        const auto fit = povstat::fit_logistic(series, options);
        for (Eigen::Index k = 0; k < 3; ++k) out[3 * i + static_cast<std::size_t>(k)] = fit.coef(k);
        iterations += static_cast<double>(fit.iterations);
        if (fit.status != povstat::fit_status::converged) ++not_converged;
      } catch (const std::exception&) {
        ++failed;
      }
    }
  });
  emit(peer, "W3", task, n.R, n.R, seconds, out, 3,
       compare::cat("povstat::fit_logistic per series, options.start = w3_start (K, r, m = a, b, c); ",
                   std::to_string(not_converged), " not converged, ", std::to_string(failed), " failed"),
       compare::cat(", \"lm_iter_mean\": ", compare::number(iterations / static_cast<double>(n.R), "%.4f")));
  return 0;
}

// ------------------------------------------------------------------ W4
std::vector<double> w4_years() {
  std::vector<double> t(years);
  for (std::size_t i = 0; i < years; ++i) t[i] = year0 + static_cast<double>(i);
  return t;
}

/// povstat's own residual bootstrap of years_to_zero: its generator draws the resampling
/// indices, so replicates differ from the peers' fixed indices and only the percentiles can be
/// compared (within Monte Carlo error). Output: q2.5, q97.5 of T* = year − 2020.
int run_w4_residual(const compare::sizes& n) {
  const auto y = compare::read_file<double>("w4_y.f64", years);
  const auto t = w4_years();
  povstat::crossing_options<double> options;
  options.method = povstat::crossing_method::bootstrap;
  options.scheme = povstat::bootstrap_scheme::residual;
  options.replicates = n.B;
  options.zero_level = 1;  // the peers' T*: the year the fitted count drops below 1
  options.level = 0.95;
  povstat::crossing<double> c{};
  const auto seconds = time_reps([&] {
    const povstat::population_series<double> series(t, y);
    const auto fit = povstat::fit_loglinear(series);
    c = povstat::years_to_zero(fit, options);
  });
  const double last = t.back();
  emit(peer, "W4", "boot_residual", n.B, n.B, seconds, {c.lower - last, c.upper - last}, 1,
       compare::cat("povstat::fit_loglinear + years_to_zero(bootstrap, residual, zero_level 1) with povstat's own "
                   "generator (seed 2020): percentiles only, compared within Monte Carlo error; ",
                   std::to_string(c.failed_replicates), " failed replicates"),
       compare::cat(", \"point_T\": ", compare::number(c.year - last, "%.10g")));
  return 0;
}

/// The peers' exact replicates through the public API: each replicate series
/// exp(fitted + e[idx]) is refitted by fit_loglinear and its crossing of 1 found by
/// years_to_zero (delta method, the cheapest interval). A loop a user could write; it checks
/// povstat's maths replicate by replicate. Output: q2.5, q97.5, then T* per replicate.
int run_w4_fixed(const compare::sizes& n) {
  const auto y = compare::read_file<double>("w4_y.f64", years);
  const auto idx = compare::read_file<std::int32_t>("w4_idx.i32", n.B * years);
  const auto t = w4_years();
  povstat::crossing_options<double> options;
  options.method = povstat::crossing_method::delta;
  options.zero_level = 1;
  const double last = t.back();
  std::vector<double> T(n.B);
  const auto seconds = time_reps([&] {
    const povstat::population_series<double> series(t, y);
    const auto fit = povstat::fit_loglinear(series);
    std::vector<double> log_fitted(years), residual(years), sample(years);
    for (std::size_t i = 0; i < years; ++i) {
      log_fitted[i] = std::log(fit.fitted[i]);
      residual[i] = std::log(y[i]) - log_fitted[i];
    }
    for (std::size_t b = 0; b < n.B; ++b) {
      for (std::size_t i = 0; i < years; ++i)
        sample[i] = std::exp(log_fitted[i] + residual[static_cast<std::size_t>(idx[b * years + i])]);
      const auto refit = povstat::fit_loglinear(povstat::population_series<double>(t, sample));
      T[b] = povstat::years_to_zero(refit, options).year - last;
    }
  });
  std::vector<double> sorted = T;
  std::sort(sorted.begin(), sorted.end());
  const auto quantile = [&](double p) {  // R type 7
    const double h = (static_cast<double>(sorted.size()) - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
  };
  std::vector<double> out{quantile(0.025), quantile(0.975)};
  out.insert(out.end(), T.begin(), T.end());
  emit(peer, "W4", "boot_fixed_idx", n.B, n.B, seconds, out, 1,
       "user loop over the peers' fixed indices: fit_loglinear + years_to_zero(delta) per replicate "
       "(exact replicate-by-replicate check, not povstat's bootstrap routine)");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
      std::fprintf(stderr, "usage: compare_povstat idle | W1..W4 <task> [threads]\n");
      return 2;
    }
    const auto n = compare::read_sizes();
    if (args[0] == "idle") return 0;
    if (args.size() < 2) throw std::runtime_error("give a task after " + args[0]);
    const std::size_t threads = args.size() > 2 ? std::stoul(args[2]) : 1;
    if (args[0] == "W1") return run_w1(n, args[1], threads);
    if (args[0] == "W2") return run_w2(n, args[1], threads);
    if (args[0] == "W3") return run_w3(n, args[1]);
    if (args[0] == "W4" && args[1] == "boot_residual") return run_w4_residual(n);
    if (args[0] == "W4" && args[1] == "boot_fixed_idx") return run_w4_fixed(n);
    throw std::runtime_error("unknown workload/task " + args[0] + " " + args[1]);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "compare_povstat: %s\n", error.what());
    return 1;
  }
}
