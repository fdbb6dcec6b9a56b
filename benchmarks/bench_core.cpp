// Benchmarks of core building blocks:
//  - povstat::compensated_sum against a plain loop over N doubles (the price of not losing
//    digits);
//  - regional_cohort<double>::total() over R regions and 15 years.
// Inputs are generated from a fixed seed, so every run times the same data.

#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "povstat/core/regional_cohort.hpp"
#include "povstat/stats/summation.hpp"

namespace {

constexpr std::uint64_t seed = 20201231;

/// n poor counts of the size of a county's, spread over three orders of magnitude.
std::vector<double> counts(std::size_t n) {
  std::mt19937_64 engine(seed);
  std::lognormal_distribution<double> draw(9.0, 1.5);
  std::vector<double> values(n);
  for (double& v : values) v = draw(engine);
  return values;
}

void set_throughput(benchmark::State& state, std::size_t n) {
  const auto items = static_cast<std::int64_t>(n) * static_cast<std::int64_t>(state.iterations());
  state.SetItemsProcessed(items);
  state.SetBytesProcessed(items * static_cast<std::int64_t>(sizeof(double)));
}

void plain_sum(benchmark::State& state) {
  const auto values = counts(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    double sum = 0;
    for (double v : values) sum += v;
    benchmark::DoNotOptimize(sum);
  }
  set_throughput(state, values.size());
}
BENCHMARK(plain_sum)->Range(1 << 10, 1 << 22);

void compensated_sum(benchmark::State& state) {
  const auto values = counts(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    povstat::compensated_sum<double> sum;
    for (double v : values) sum.add(v);
    benchmark::DoNotOptimize(sum.value());
  }
  set_throughput(state, values.size());
}
BENCHMARK(compensated_sum)->Range(1 << 10, 1 << 22);

/// R top-level regions over 2006..2020, every cell observed.
povstat::regional_cohort<double> cohort(std::size_t regions) {
  constexpr Eigen::Index years = 15;
  povstat::cohort_data<double> data;
  data.regions.reserve(regions);
  for (std::size_t r = 0; r < regions; ++r) data.regions.push_back("region " + std::to_string(r));
  for (Eigen::Index y = 0; y < years; ++y) data.years.push_back(2006.0 + static_cast<double>(y));
  const auto values = counts(regions * static_cast<std::size_t>(years));
  data.poor =
      Eigen::Map<const Eigen::MatrixXd>(values.data(), static_cast<Eigen::Index>(regions), years);
  return povstat::regional_cohort<double>(std::move(data));
}

void regional_cohort_total(benchmark::State& state) {
  const auto regions = static_cast<std::size_t>(state.range(0));
  const auto panel = cohort(regions);
  for (auto _ : state) {
    auto total = panel.total();
    benchmark::DoNotOptimize(total);
  }
  set_throughput(state, regions * panel.year_count());
}
BENCHMARK(regional_cohort_total)->Range(64, 65536);

}  // namespace
