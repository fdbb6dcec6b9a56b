// Benchmarks of the microdata measures on workload W2 of the peer comparison: n weighted
// records, y lognormal (log-mean log 3000, log-sd 0.8: per-capita consumption), w = gamma(2,
// 100) + 1 (household weights), poverty line z = exp(log 3000 − 0.8416·0.8) (headcount ≈ 20%).
//
//  - plain_read: one vectorised pass summing y and w — the memory-bandwidth floor of any
//    one-pass measure (it reads the same 16 bytes per record); compare fgt_watts with it.
//  - fgt_watts, poverty_measures (+ Sen/SST: one sort of the poor), fgt with alpha = 1.5
//    (a pow per poor record), gini, weighted_quantile, lorenz_curve, quintile_share_ratio.
//  - sort_radix vs sort_std: the (value, weight) pair sort alone, radix against std::sort.
//  Records swept 1e5 .. 1e8 (×10), 1 and 2 threads, with the fitted complexity.
//  POVSTAT_BENCH_MAX_RECORDS (default 1e8) lowers the largest size: 1e8 records need ~1.6 GB
//  of input, plus as much again for the sorted pairs of the rank-based measures.
//
// Run from an optimised build, e.g.
//   cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS=-march=native
//   cmake --build build/rel --target bench_measure
//   build/rel/benchmarks/bench_measure --benchmark_filter='plain_read|fgt_watts'

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "povstat/detail/weighted_sample.hpp"
#include "povstat/measure/inequality.hpp"
#include "povstat/measure/lorenz_curve.hpp"
#include "povstat/measure/poverty.hpp"
#include "povstat/stats/weighted_quantile.hpp"

namespace {

struct w2_data {
  std::vector<double> y;
  std::vector<double> w;
  double z;
};

const w2_data& data(std::size_t n) {
  static std::map<std::size_t, w2_data> cache;
  auto found = cache.find(n);
  if (found != cache.end()) return found->second;
  std::mt19937_64 engine(20201231);
  std::lognormal_distribution<double> income(std::log(3000.0), 0.8);
  std::gamma_distribution<double> weight(2.0, 100.0);
  w2_data d{std::vector<double>(n), std::vector<double>(n),
            std::exp(std::log(3000.0) - 0.8416212335729143 * 0.8)};
  for (std::size_t i = 0; i < n; ++i) {
    d.y[i] = income(engine);
    d.w[i] = weight(engine) + 1;
  }
  return cache.emplace(n, std::move(d)).first->second;
}

std::int64_t max_records() {
  const char* text = std::getenv("POVSTAT_BENCH_MAX_RECORDS");
  return text != nullptr ? static_cast<std::int64_t>(std::atof(text)) : 100000000;
}

void finish(benchmark::State& state, std::size_t n) {
  const auto items = static_cast<std::int64_t>(n) * static_cast<std::int64_t>(state.iterations());
  state.SetItemsProcessed(items);
  state.SetBytesProcessed(items * static_cast<std::int64_t>(2 * sizeof(double)));
  state.SetComplexityN(static_cast<std::int64_t>(n));
}

povstat::execution threads(const benchmark::State& state) {
  return povstat::execution{static_cast<std::size_t>(state.range(1))};
}

/// The floor: read y and w once (8 independent lanes so that the adds vectorise).
void plain_read(benchmark::State& state) {
  const auto& d = data(static_cast<std::size_t>(state.range(0)));
  const std::size_t n = d.y.size();
  for (auto _ : state) {
    double lane[8] = {};
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
      for (std::size_t j = 0; j < 8; ++j) lane[j] += d.y[i + j] + d.w[i + j];
    for (; i < n; ++i) lane[0] += d.y[i] + d.w[i];
    double sum = 0;
    for (const double v : lane) sum += v;
    benchmark::DoNotOptimize(sum);
  }
  finish(state, n);
}

void fgt_watts(benchmark::State& state) {
  const auto& d = data(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state)
    benchmark::DoNotOptimize(povstat::fgt_watts(d.y, d.w, d.z, {.execution = threads(state)}));
  finish(state, d.y.size());
}

void poverty_measures(benchmark::State& state) {
  const auto& d = data(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state)
    benchmark::DoNotOptimize(
        povstat::poverty_measures(d.y, d.w, d.z, {.execution = threads(state)}));
  finish(state, d.y.size());
}

void fgt_alpha_1_5(benchmark::State& state) {
  const auto& d = data(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state)
    benchmark::DoNotOptimize(povstat::fgt(d.y, d.w, d.z, 1.5, {.execution = threads(state)}));
  finish(state, d.y.size());
}

void gini(benchmark::State& state) {
  const auto& d = data(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state)
    benchmark::DoNotOptimize(povstat::gini(d.y, d.w, {.execution = threads(state)}));
  finish(state, d.y.size());
}

void weighted_median(benchmark::State& state) {
  const auto& d = data(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(povstat::weighted_median(d.y, d.w));
  finish(state, d.y.size());
}

void lorenz_curve(benchmark::State& state) {
  const auto& d = data(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(povstat::lorenz_curve(d.y, d.w));
  finish(state, d.y.size());
}

void quintile_share_ratio(benchmark::State& state) {
  const auto& d = data(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(povstat::quintile_share_ratio(d.y, d.w));
  finish(state, d.y.size());
}

void sort_radix(benchmark::State& state) {
  const auto& d = data(static_cast<std::size_t>(state.range(0)));
  const povstat::detail::weighted_span<double> s{d.y, d.w};
  for (auto _ : state) benchmark::DoNotOptimize(povstat::detail::sorted_points(s, threads(state)));
  finish(state, d.y.size());
}

void sort_std(benchmark::State& state) {
  const auto& d = data(static_cast<std::size_t>(state.range(0)));
  const povstat::detail::weighted_span<double> s{d.y, d.w};
  for (auto _ : state) benchmark::DoNotOptimize(povstat::detail::sorted_points_std(s));
  finish(state, d.y.size());
}

const int registered = [] {
  const auto linear = benchmark::oN;
  const auto n_log_n = benchmark::oNLogN;
  struct entry {
    const char* name;
    void (*function)(benchmark::State&);
    bool two_threads;
    benchmark::BigO complexity;
  };
  for (const entry& e : {entry{"plain_read", plain_read, false, linear},
                         entry{"fgt_watts", fgt_watts, true, linear},
                         entry{"poverty_measures", poverty_measures, true, n_log_n},
                         entry{"fgt_alpha_1_5", fgt_alpha_1_5, true, linear},
                         entry{"gini", gini, true, n_log_n},
                         entry{"weighted_median", weighted_median, false, n_log_n},
                         entry{"lorenz_curve", lorenz_curve, false, n_log_n},
                         entry{"quintile_share_ratio", quintile_share_ratio, false, n_log_n},
                         entry{"sort_radix", sort_radix, true, n_log_n},
                         entry{"sort_std", sort_std, false, n_log_n}}) {
    // One family per thread count, so that each fits its own complexity.
    for (const std::int64_t t : e.two_threads ? std::vector<std::int64_t>{1, 2} : std::vector<std::int64_t>{1}) {
      auto* b = benchmark::RegisterBenchmark((std::string(e.name) + "/threads:" + std::to_string(t)).c_str(),
                                             e.function);
      for (std::int64_t n = 100000; n <= max_records(); n *= 10) b->Args({n, t});
      b->ArgNames({"records", "t"})->Unit(benchmark::kMillisecond)->UseRealTime()->Complexity(e.complexity);
    }
  }
  return 0;
}();

}  // namespace
