#ifndef POVSTAT_MEASURE_BOOTSTRAP_HPP
#define POVSTAT_MEASURE_BOOTSTRAP_HPP

/// @file
/// Bootstrap standard errors of any measure of a weighted sample, `bootstrap_se`: seeded and
/// deterministic on every platform, resampling observations or, given cluster (PSU) ids,
/// whole clusters.
///
/// Scheme (the naive bootstrap of Efron 1979; for clusters, laeken's clusterBoot): each of
/// the R replicates draws, with replacement and equal probability, as many units as the
/// sample has — n observations, or m clusters whose observations all enter the replicate —
/// and keeps every drawn observation's own weight; the measure is evaluated on each
/// replicate, and se = sqrt(Σ_r (θ_r − θ̄)² / (R − 1)). No rescaling of the weights (such as
/// Rao–Wu's) is applied.
///
/// Randomness: replicates run in fixed blocks of 16; block c draws from std::mt19937_64 seeded
/// by std::seed_seq{seed mod 2³², seed / 2³², c mod 2³², c / 2³²} (both algorithms fixed by
/// the C++ standard, [rand.predef], [rand.util.seedseq]); a unit index in [0, k) is drawn
/// from a 64-bit output x by rejection — x is redrawn while x < 2^64 mod k, then x mod k is
/// taken — so every index is equally likely and the mapping is the same on every standard
/// library (unlike std::uniform_int_distribution, whose algorithm is unspecified). The same
/// inputs and seed give the same replicates, bit for bit, whatever the number of threads.

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <random>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "povstat/core/check.hpp"
#include "povstat/core/error.hpp"
#include "povstat/core/execution.hpp"
#include "povstat/detail/numeric_range.hpp"
#include "povstat/detail/random.hpp"
#include "povstat/detail/weighted_sample.hpp"
#include "povstat/stats/summation.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Threads and progress of `bootstrap_se`.
struct bootstrap_options {
  /// Threads for the replicates; results are bit-identical whatever the count. With more than
  /// one thread the measure is called concurrently, so it must not modify shared state
  /// (povstat's measures do not).
  povstat::execution execution = {};
  /// Called with (replicates done, replicates) from the calling thread; false throws
  /// `cancelled`.
  progress_callback progress = {};
};

/// A bootstrap standard error with what produced it.
template <std::floating_point T>
struct bootstrap_result {
  T estimate;              ///< the measure on the full sample
  T se;                    ///< standard deviation of the replicate values (divisor R − 1)
  T replicate_mean;        ///< mean of the replicate values
  std::size_t replicates;  ///< R
  std::uint64_t seed;      ///< the seed of the replicate blocks' generators
  std::size_t units;       ///< resampling units: observations, or clusters when given
  std::vector<T> values;   ///< the R replicate values, in order
};

namespace detail {

/// Observations grouped by cluster: `order` lists observation indices cluster by cluster
/// (clusters by increasing id, observations in their original order), cluster c owning
/// order[start[c] .. start[c + 1]).
struct cluster_groups {
  std::vector<std::size_t> order;
  std::vector<std::size_t> start;
  std::size_t count() const noexcept { return start.size() - 1; }
};

template <class Id>
cluster_groups group_clusters(std::span<const Id> ids) {
  cluster_groups groups;
  groups.order.resize(ids.size());
  std::iota(groups.order.begin(), groups.order.end(), std::size_t{0});
  std::ranges::stable_sort(groups.order,
                           [&](std::size_t a, std::size_t b) { return ids[a] < ids[b]; });
  for (std::size_t k = 0; k < groups.order.size(); ++k)
    if (k == 0 || ids[groups.order[k]] != ids[groups.order[k - 1]]) groups.start.push_back(k);
  groups.start.push_back(groups.order.size());
  return groups;
}

template <std::floating_point T, class Measure>
T evaluate_measure(Measure& measure, std::span<const T> y, std::span<const T> w,
                   std::size_t replicate) {
  const T value = static_cast<T>(measure(y, w));
  if (!std::isfinite(value)) {
    std::string subject = "the measure on ";
    subject.append(replicate == 0 ? std::string("the full sample")
                                  : "replicate " + std::to_string(replicate));
    raise_value("bootstrap_se", subject, value, "finite");
  }
  return value;
}

/// Replicates per block of `bootstrap_se` (each replicate evaluates a measure on a whole
/// sample, so blocks are small enough to spread a few hundred replicates over threads).
inline constexpr std::size_t bootstrap_block_size = 16;

/// The replicates: `draw(generator, y_out, w_out)` fills one replicate sample.
template <std::floating_point T, class Measure, class Draw>
bootstrap_result<T> bootstrap_impl(Measure& measure, const weighted_span<T>& s, int replicates,
                                   std::uint64_t seed, std::size_t units, const Draw& draw,
                                   const bootstrap_options& options) {
  bootstrap_result<T> result{};
  result.estimate = evaluate_measure<T>(measure, s.y, s.w, 0);
  result.replicates = static_cast<std::size_t>(replicates);
  result.seed = seed;
  result.units = units;
  result.values.assign(result.replicates, T(0));
  for_each_chunk("bootstrap_se", result.replicates, bootstrap_block_size, options.execution, options.progress,
                 [&](std::size_t block, std::size_t begin, std::size_t end) {
                   std::mt19937_64 generator = replicate_block_generator(seed, block);
                   std::vector<T> y;
                   std::vector<T> w;
                   y.reserve(s.size());
                   w.reserve(s.size());
                   for (std::size_t r = begin; r < end; ++r) {
                     y.clear();
                     w.clear();
                     draw(generator, y, w);
                     result.values[r] =
                         evaluate_measure<T>(measure, std::span<const T>(y), std::span<const T>(w), r + 1);
                   }
                 });
  compensated_sum<T> sum;
  for (const T v : result.values) sum.add(v);
  const T count = static_cast<T>(result.replicates);
  result.replicate_mean = sum.value() / count;
  compensated_sum<T> squares;
  for (const T v : result.values)
    squares.add((v - result.replicate_mean) * (v - result.replicate_mean));
  result.se = std::sqrt(squares.value() / (count - 1));
  return result;
}

inline void check_replicates(int replicates) {
  if (replicates < 2) raise_value("bootstrap_se", "replicates", replicates, ">= 2");
}

}  // namespace detail

/// Bootstrap standard error of `measure` on the weighted sample (y, w), resampling the n
/// observations (see the file comment for the scheme and the random number generation).
/// @param measure callable as `measure(std::span<const T> y, std::span<const T> w)` returning
///        a number convertible to T (T the floating type of y: double for integers), e.g.
///        `[](auto y, auto w) { return povstat::gini(y, w); }`. It is called R + 1 times on
///        contiguous buffers reused between replicates; its exceptions propagate.
/// @param y values, finite; w weights, finite and > 0, as many as y.
/// @param replicates R >= 2. @param seed seed of the replicate blocks' generators.
/// @param options threads and progress (`bootstrap_options`).
/// @returns estimate (measure on the full sample), se, replicate mean, R, seed, n, the values.
/// @throws invalid_input for a size mismatch, a non-finite y, a weight not finite and > 0,
///         replicates < 2, options.execution.threads = 0, or a measure value that is not finite.
/// @throws cancelled when options.progress returns false.
/// @throws insufficient_data when y is empty.
template <class Measure, detail::numeric_range Y, detail::numeric_range W>
bootstrap_result<detail::range_floating_t<Y>> bootstrap_se(Measure&& measure, const Y& y,
                                                           const W& w, int replicates,
                                                           std::uint64_t seed,
                                                           const bootstrap_options& options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  const auto s = input.view();
  detail::check_weighted_sample("bootstrap_se", s, true);
  detail::check_replicates(replicates);
  detail::check_execution("bootstrap_se", options.execution);
  const std::uint64_t n = s.size();
  return detail::bootstrap_impl<T>(
      measure, s, replicates, seed, s.size(),
      [&](std::mt19937_64& generator, std::vector<T>& y_out, std::vector<T>& w_out) {
        for (std::uint64_t i = 0; i < n; ++i) {
          const auto k = static_cast<std::size_t>(detail::uniform_index(generator, n));
          y_out.push_back(s.y[k]);
          w_out.push_back(s.w[k]);
        }
      },
      options);
}

/// Bootstrap standard error resampling whole clusters (primary sampling units): each replicate
/// draws m of the m clusters with replacement and takes all their observations, each with
/// its weight. Clusters are numbered by increasing id; a cluster's observations keep their
/// order. With one observation per cluster and ids increasing along y, the replicates are
/// those of the unclustered overload with the same seed.
/// @param cluster one id per observation (integers, or finite floating-point values).
/// @throws as the unclustered overload; invalid_input when cluster differs in size from y
///         or has a non-finite id; insufficient_data when there are fewer than 2 clusters.
template <class Measure, detail::numeric_range Y, detail::numeric_range W, detail::numeric_range C>
bootstrap_result<detail::range_floating_t<Y>> bootstrap_se(Measure&& measure, const Y& y,
                                                           const W& w, const C& cluster,
                                                           int replicates, std::uint64_t seed,
                                                           const bootstrap_options& options = {}) {
  using T = detail::range_floating_t<Y>;
  using Id = std::remove_cvref_t<std::ranges::range_value_t<const C>>;
  constexpr std::string_view function = "bootstrap_se";
  const detail::sample_input<T> input(y, w);
  const auto s = input.view();
  const std::vector<Id> ids(std::ranges::begin(cluster), std::ranges::end(cluster));
  detail::check_same_size(function, "w", s.w.size(), "y", s.y.size());
  detail::check_same_size(function, "cluster", ids.size(), "y", s.y.size());
  detail::check_weighted_sample(function, s, true);
  if constexpr (std::floating_point<Id>)
    detail::check_finite(function, std::span<const Id>(ids),
                         [](std::size_t i) { return detail::element_name("cluster", i); });
  detail::check_replicates(replicates);
  detail::check_execution(function, options.execution);
  const auto groups = detail::group_clusters(std::span<const Id>(ids));
  if (groups.count() < 2)
    detail::raise<insufficient_data>(
        function, "cluster has " + detail::count_text(groups.count(), "distinct id") +
                      ", but needs at least 2 (resampling one cluster always gives the sample)");
  const std::uint64_t m = groups.count();
  return detail::bootstrap_impl<T>(
      measure, s, replicates, seed, groups.count(),
      [&](std::mt19937_64& generator, std::vector<T>& y_out, std::vector<T>& w_out) {
        for (std::uint64_t c = 0; c < m; ++c) {
          const auto k = static_cast<std::size_t>(detail::uniform_index(generator, m));
          for (std::size_t j = groups.start[k]; j < groups.start[k + 1]; ++j) {
            y_out.push_back(s.y[groups.order[j]]);
            w_out.push_back(s.w[groups.order[j]]);
          }
        }
      },
      options);
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_MEASURE_BOOTSTRAP_HPP
