// Batch trend fits of a cohort: fit_all_table and fit_all (linear, loglinear, poisson) by
// the batch kernels, against the per-region loop over the one-series functions; series
// count swept 10^3..10^6 (complexity reported), series length 5..60, 1 and 2 threads.
//
//   cmake -S . -B build/release-fit -G Ninja -DCMAKE_BUILD_TYPE=Release
//   cmake --build build/release-fit --target bench_fit
//   build/release-fit/benchmarks/bench_fit --benchmark_min_time=0.2

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "povstat/fit/fit_all.hpp"
#include "povstat/fit/fit_table.hpp"

namespace {

using povstat::trend_model;
using cohort_t = povstat::regional_cohort<double>;

/// W1-like data: Poisson counts around exp(log N0 − rate·t + noise), N0 in [20, 2e5],
/// rate in [0.02, 0.2] (so counts stay > 0 for the log-linear fit), 10% extra noise.
const cohort_t& cohort(std::size_t regions, std::size_t years) {
  static std::map<std::pair<std::size_t, std::size_t>, cohort_t> cache;
  const auto key = std::pair{regions, years};
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  if (cache.size() > 2) cache.clear();  // keep memory bounded across the sweep
  std::mt19937_64 rng(20240601);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::normal_distribution<double> noise(0.0, 0.1);
  Eigen::MatrixXd poor(static_cast<Eigen::Index>(regions), static_cast<Eigen::Index>(years));
  std::vector<std::string> names(regions);
  std::vector<double> t(years);
  for (std::size_t y = 0; y < years; ++y) t[y] = 2000.0 + static_cast<double>(y);
  for (std::size_t r = 0; r < regions; ++r) {
    names[r] = "r" + std::to_string(r);
    const double level = std::log(20.0) + (std::log(2e5) - std::log(20.0)) * unit(rng);
    const double rate = (0.02 + 0.18 * unit(rng)) * 15.0 / static_cast<double>(years);
    for (std::size_t y = 0; y < years; ++y) {
      const double mu = std::exp(level - rate * static_cast<double>(y) + noise(rng));
      poor(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(y)) =
          std::max(1.0, static_cast<double>(std::poisson_distribution<long>(mu)(rng)));
    }
  }
  return cache.emplace(key, cohort_t({.regions = std::move(names), .years = t, .poor = std::move(poor)})).first->second;
}

trend_model model_of(std::int64_t m) {
  return m == 0 ? trend_model::linear : m == 1 ? trend_model::loglinear : trend_model::poisson;
}

void set_label(benchmark::State& state, trend_model model, std::size_t regions) {
  state.SetLabel(std::string(povstat::to_string(model)));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(regions));
}

// args: model, regions, years, threads
void BM_fit_all_table(benchmark::State& state) {
  const auto model = model_of(state.range(0));
  const auto regions = static_cast<std::size_t>(state.range(1)), years = static_cast<std::size_t>(state.range(2));
  const auto& c = cohort(regions, years);
  const povstat::fit_all_options<double> options{.execution = povstat::execution{static_cast<std::size_t>(state.range(3))}};
  std::size_t batched = 0;
  for (auto _ : state) {
    auto table = povstat::fit_all_table(c, model, options);
    benchmark::DoNotOptimize(table.coef.data());
    batched = 0;
    for (auto b : table.batched) batched += b;
  }
  set_label(state, model, regions);
  state.counters["batched"] = static_cast<double>(batched) / static_cast<double>(regions);
  state.SetComplexityN(static_cast<std::int64_t>(regions));
}

void BM_fit_all(benchmark::State& state) {
  const auto model = model_of(state.range(0));
  const auto regions = static_cast<std::size_t>(state.range(1)), years = static_cast<std::size_t>(state.range(2));
  const auto& c = cohort(regions, years);
  const povstat::fit_all_options<double> options{.execution = povstat::execution{static_cast<std::size_t>(state.range(3))}};
  for (auto _ : state) {
    auto fits = povstat::fit_all(c, model, options);
    benchmark::DoNotOptimize(fits.data());
  }
  set_label(state, model, regions);
  state.SetComplexityN(static_cast<std::int64_t>(regions));
}

// The per-region loop the batch replaces: the one-series function on cohort.series(r).
void BM_per_region_loop(benchmark::State& state) {
  const auto model = model_of(state.range(0));
  const auto regions = static_cast<std::size_t>(state.range(1)), years = static_cast<std::size_t>(state.range(2));
  const auto& c = cohort(regions, years);
  for (auto _ : state) {
    double sink = 0;
    for (std::size_t r = 0; r < regions; ++r)
      sink += povstat::detail::fit_model(c.series(r), model, std::optional<double>{}, povstat::dispersion::poisson).coef(1);
    benchmark::DoNotOptimize(sink);
  }
  set_label(state, model, regions);
  state.SetComplexityN(static_cast<std::int64_t>(regions));
}

}  // namespace

// Series count 10^3..10^6 at 15 years, one thread, per model (complexity per model: the
// three families are fitted separately so that oN is fitted to one model's times).
BENCHMARK(BM_fit_all_table)->ArgsProduct({{0}, benchmark::CreateRange(1000, 1000000, 10), {15}, {1}})
    ->Unit(benchmark::kMillisecond)->Complexity(benchmark::oN);
BENCHMARK(BM_fit_all_table)->ArgsProduct({{1}, benchmark::CreateRange(1000, 1000000, 10), {15}, {1}})
    ->Unit(benchmark::kMillisecond)->Complexity(benchmark::oN);
BENCHMARK(BM_fit_all_table)->ArgsProduct({{2}, benchmark::CreateRange(1000, 1000000, 10), {15}, {1}})
    ->Unit(benchmark::kMillisecond)->Complexity(benchmark::oN);
// Series length 5..60 at 10^5 regions; 1 vs 2 threads (W1: 10^5 × 15).
BENCHMARK(BM_fit_all_table)->ArgsProduct({{0, 1, 2}, {100000}, {5, 15, 30, 60}, {1}})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_fit_all_table)->ArgsProduct({{0, 1, 2}, {100000}, {15}, {2}})->Unit(benchmark::kMillisecond);
// fit_all (one trend_fit per region) and the per-region loop, at 10^4 regions.
BENCHMARK(BM_fit_all)->ArgsProduct({{0, 1, 2}, {10000}, {15}, {1, 2}})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_per_region_loop)->ArgsProduct({{0, 1, 2}, {10000}, {15}, {1}})->Unit(benchmark::kMillisecond);
