#ifndef POVSTAT_MEASURE_POVERTY_HPP
#define POVSTAT_MEASURE_POVERTY_HPP

/// @file
/// Absolute poverty measures from weighted microdata: the Foster–Greer–Thorbecke family
/// `fgt` (any alpha >= 0), `watts`, `sen`, `sst` (Sen–Shorrocks–Thon), P0–P2 and Watts in one
/// streaming pass with `fgt_watts`, all of them at once with `poverty_measures`, the analytic
/// standard error `fgt_se`, and the mergeable accumulators `fgt_accumulator` and
/// `watts_accumulator` for chunked computation.
///
/// Notation: incomes (welfare) y_i, weights w_i > 0, W = Σ w_i, poverty line z > 0; person i
/// is poor when y_i < z (`poor_rule::strict`, default) or y_i <= z (`poor_rule::weak`);
/// g_i = (z − y_i) / z is the poverty gap ratio of a poor person (0 for the non-poor).
/// Incomes are used as given: a negative income has a gap above 1 (no censoring at 0).
/// The one-pass measures share one streaming kernel (detail/sample_pass.hpp): fixed chunks of
/// 2^16 records, lane sums in blocks of 256, compensated (Neumaier) across blocks and merged
/// in chunk order — accurate to ~4e-15 for any n, and the same bits on any number of threads.

#include <algorithm>
#include <bit>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "povstat/core/check.hpp"
#include "povstat/core/error.hpp"
#include "povstat/core/execution.hpp"
#include "povstat/detail/numeric_range.hpp"
#include "povstat/detail/sample_pass.hpp"
#include "povstat/detail/weighted_sample.hpp"
#include "povstat/measure/conventions.hpp"
#include "povstat/stats/summation.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Options of the poverty measures.
struct poverty_options {
  /// Who is poor: y < z (strict, default: PIP, laeken, ineq) or y <= z (weak: convey).
  poor_rule poor = poor_rule::strict;
  /// Watts only: incomes <= 0 (all of them poor) raise an error (default) or are left out of
  /// the Watts sum while staying in the population, as PIP does.
  nonpositive_income nonpositive = nonpositive_income::error;
  /// Threads for the pass over the records (fgt, watts, fgt_watts, poverty_measures, sen,
  /// sst) and the sort of the poor; the records are cut into fixed chunks of 2^16, so results
  /// are the same bit for bit for any thread count. @throws invalid_input when threads is 0.
  povstat::execution execution{};
  /// Called with (records done, records in the sample) from the calling thread; returning
  /// false stops the work and throws povstat::cancelled.
  progress_callback progress{};
};

/// Every measure of `poverty_measures`, with the parts of Sen's index.
template <std::floating_point T>
struct poverty_measures_result {
  T headcount;         ///< P0 = Σ_poor w_i / W, the headcount ratio H
  T poverty_gap;       ///< P1 = Σ_poor w_i g_i / W
  T poverty_severity;  ///< P2 = Σ_poor w_i g_i² / W
  T watts;             ///< Σ_poor w_i log(z / y_i) / W
  T sen;               ///< Sen (1976): H·[I + (1 − I)·G_p]
  T sst;               ///< Sen–Shorrocks–Thon: P1·(1 + G_g)
  T income_gap_ratio;  ///< I = P1 / P0, the mean gap ratio of the poor (0 when nobody is poor)
  /// G_p, the Gini of the incomes of the poor (laeken's weighted Gini); empty when nobody is
  /// poor or the mean income of the poor is <= 0.
  std::optional<T> gini_of_poor;
  T total_weight;     ///< W
  T poor_weight;      ///< Σ_poor w_i
  T excluded_weight;  ///< weight of incomes <= 0 left out of the Watts sum (exclude policy)
};

/// The one-pass measures of `fgt_watts`: P0, P1, P2 and Watts, with W and the poor's weight.
template <std::floating_point T>
struct fgt_watts_result {
  T headcount;         ///< P0 = Σ_poor w_i / W
  T poverty_gap;       ///< P1 = Σ_poor w_i g_i / W
  T poverty_severity;  ///< P2 = Σ_poor w_i g_i² / W
  T watts;             ///< Σ_poor w_i log(z / y_i) / W
  T total_weight;      ///< W
  T poor_weight;       ///< Σ_poor w_i
  T excluded_weight;   ///< weight of incomes <= 0 left out of the Watts sum (exclude policy)
};

/// An FGT index with its analytic standard error under simple random sampling.
template <std::floating_point T>
struct fgt_result {
  T value;                   ///< P_alpha
  T se;                      ///< standard error (see fgt_se)
  std::size_t observations;  ///< n, the number of observations
};

namespace detail {

template <std::floating_point T>
bool is_poor(T y, T z, poor_rule rule) noexcept {
  return rule == poor_rule::strict ? y < z : y <= z;
}

/// g^alpha with 0^0 = 1 (alpha = 0 counts every poor person, also one with gap 0).
template <std::floating_point T>
T fgt_term(T gap, T alpha) {
  if (alpha == T(0)) return T(1);
  if (alpha == T(1)) return gap;
  if (alpha == T(2)) return gap * gap;
  return std::pow(gap, alpha);
}

/// The partial sums of an FGT index: W, Σ_poor w, Σ_poor w g^alpha.
template <std::floating_point T>
struct fgt_sums {
  T z;
  T alpha;
  poor_rule rule;
  compensated_sum<T> total{};
  compensated_sum<T> poor{};
  compensated_sum<T> sum{};
  std::size_t count = 0;

  void add(T y, T w) {
    total.add(w);
    ++count;
    if (!is_poor(y, z, rule)) return;
    poor.add(w);
    sum.add(w * fgt_term((z - y) / z, alpha));
  }
  void merge(const fgt_sums& other) {
    total.merge(other.total);
    poor.merge(other.poor);
    sum.merge(other.sum);
    count += other.count;
  }
  T value() const { return sum.value() / total.value(); }
};

/// The partial sums of the Watts index: W, Σ_poor,y>0 w log(z / y), weight of poor y <= 0.
template <std::floating_point T>
struct watts_sums {
  T z;
  poor_rule rule;
  compensated_sum<T> total{};
  compensated_sum<T> sum{};
  compensated_sum<T> excluded{};
  std::size_t count = 0;

  void add(T y, T w) {
    total.add(w);
    ++count;
    if (!is_poor(y, z, rule)) return;
    if (y > T(0))
      sum.add(w * std::log(z / y));
    else
      excluded.add(w);
  }
  void merge(const watts_sums& other) {
    total.merge(other.total);
    sum.merge(other.sum);
    excluded.merge(other.excluded);
    count += other.count;
  }
  T value() const { return sum.value() / total.value(); }
};

/// What Sen's and the SST index need from the poor sorted by income: their weight W_p, the
/// gap sum Σ w g, the pair sum D_g = Σ_i Σ_j w_i w_j |g_i − g_j| over pairs of poor, and
/// their income total Σ w y.
template <std::floating_point T>
struct poor_ranking {
  T poor_weight{0};
  T gap_sum{0};
  T pair_gap_sum{0};
  T income_sum{0};
};

/// With the poor sorted by income (gaps descending) and M_i = C_{i-1} + w_i / 2 the midpoint
/// of i's cumulative weight, D_g = 2 Σ_i w_i g_i (W_p − 2 M_i): the identity
/// Σ_i Σ_j w_i w_j |x_i − x_j| = 2 Σ_i w_i x_(i) (2 M_i − W) for sorted x, applied to
/// x = y = z (1 − g) (the term in z vanishes because Σ w_i (2 M_i − W) = 0).
/// The sums run in double-double (TwoSum, no branch: as accurate as compensated sums).
template <std::floating_point T>
poor_ranking<T> rank_poor(std::span<const weighted_point<T>> poor, T z) {
  T weight_hi = 0, weight_lo = 0, error = 0;
  for (const auto& p : poor) {
    two_sum(weight_hi, p.w, weight_hi, error);
    weight_lo += error;
  }
  const T poor_weight = weight_hi + weight_lo;
  T before_hi = 0, before_lo = 0;
  T gaps_hi = 0, gaps_lo = 0;
  T pairs_hi = 0, pairs_lo = 0;
  T incomes_hi = 0, incomes_lo = 0;
  for (const auto& p : poor) {
    const T gap = (z - p.x) / z;
    const T midpoint = (before_hi + before_lo) + p.w / 2;
    two_sum(gaps_hi, p.w * gap, gaps_hi, error);
    gaps_lo += error;
    two_sum(pairs_hi, p.w * gap * (poor_weight - 2 * midpoint), pairs_hi, error);
    pairs_lo += error;
    two_sum(incomes_hi, p.w * p.x, incomes_hi, error);
    incomes_lo += error;
    two_sum(before_hi, p.w, before_hi, error);
    before_lo += error;
  }
  return {poor_weight, gaps_hi + gaps_lo, 2 * (pairs_hi + pairs_lo), incomes_hi + incomes_lo};
}

/// Sen (1976), population form: S = H·[I + (1 − I)·G_p] = P1 + D_g / (2 W W_p).
template <std::floating_point T>
T sen_from(const poor_ranking<T>& r, T total) {
  if (r.poor_weight == T(0)) return T(0);
  return r.gap_sum / total + r.pair_gap_sum / (2 * total * r.poor_weight);
}

/// Shorrocks (1995) / Thon (1979): SST = P1·(1 + G_g), G_g the Gini of the gaps of the whole
/// population (0 for the non-poor): P1·G_g = [D_g + 2 Σ_poor w g · (W − W_p)] / (2 W²).
template <std::floating_point T>
T sst_from(const poor_ranking<T>& r, T total) {
  if (r.poor_weight == T(0)) return T(0);
  const T all_pairs = r.pair_gap_sum + 2 * r.gap_sum * (total - r.poor_weight);
  return r.gap_sum / total + all_pairs / (2 * total * total);
}

/// What the streaming poverty pass computes besides W, Σ_poor w, Σ_poor w g, Σ_poor w g².
struct poverty_pass_config {
  bool watts = false;         ///< Σ_poor,y>0 w log(z / y) and the weight of poor y <= 0
  bool power = false;         ///< Σ_poor w g^alpha for an alpha other than 0, 1, 2
  bool positive_y = false;    ///< record y <= 0 as a violation (Watts under `error`)
  bool collect_poor = false;  ///< copy the poor (y, w) for Sen and SST
};

/// The partial results of the poverty pass over some records (a chunk, or all of them).
template <std::floating_point T>
struct poverty_partial {
  compensated_sum<T> total{};     // W
  compensated_sum<T> poor{};      // Σ_poor w
  compensated_sum<T> gap{};       // Σ_poor w g
  compensated_sum<T> severity{};  // Σ_poor w g²
  compensated_sum<T> watts{};     // Σ_poor,y>0 w log(z / y)
  compensated_sum<T> excluded{};  // Σ_poor,y<=0 w
  compensated_sum<T> power{};     // Σ_poor w g^alpha
  sample_violations bad{};
  std::vector<weighted_point<T>> poor_points{};

  void merge(const poverty_partial& other) {
    total.merge(other.total);
    poor.merge(other.poor);
    gap.merge(other.gap);
    severity.merge(other.severity);
    watts.merge(other.watts);
    excluded.merge(other.excluded);
    power.merge(other.power);
    bad.merge(other.bad);
  }
};

/// The lane sums of one block [begin, stop) of the poverty pass: W, Σ_poor w, Σ_poor w g,
/// Σ_poor w g² and the count of invalid records. Every term is computed and multiplied by the
/// 0/1 indicator of "poor" (no branch, no select), so the compiler vectorises the lane loop;
/// for valid records the products with 0 are exact zeros, and invalid records are reported
/// before any result is formed.
template <std::floating_point T>
struct poverty_block {
  T total, poor, gap, severity, bad;
};

template <std::floating_point T, bool weighted>
poverty_block<T> poverty_block_sums(const T* y, const T* w, std::size_t begin, std::size_t stop,
                                    T z, T z_poor, bool positive_y) {
  constexpr std::size_t lanes = record_lanes;
  std::size_t i = begin;
  if constexpr (lane_vector<T>::available) {
    using vec = typename lane_vector<T>::type;
    using mask = typename lane_vector<T>::mask;
    vec total[vector_parts] = {};
    vec poor[vector_parts] = {};
    vec gap[vector_parts] = {};
    vec severity[vector_parts] = {};
    mask bad[vector_parts] = {};
    const vec one = vec{} + T(1);
    for (; i + lanes <= stop; i += lanes) {
      for (std::size_t h = 0; h < vector_parts; ++h) {
        vec yv;
        vec wv = one;
        load_lanes(y + i + h * vector_lanes, yv);
        if constexpr (weighted) load_lanes(w + i + h * vector_lanes, wv);
        const vec g = (z - yv) / z;
        const mask is_poor = yv < z_poor;
        const vec wp = (vec)((mask)wv & is_poor);  // w for the poor, +0 for the others
        total[h] += wv;
        poor[h] += wp;
        gap[h] += wp * g;
        severity[h] += wp * (g * g);
        mask ok;
        lanes_ok<T>(yv, wv, positive_y, ok);
        bad[h] |= ~ok;
      }
    }
    // The last records of a short block go to lane 0, as in the scalar form below.
    bool any_bad = false;
    for (; i < stop; ++i) {
      const T yi = y[i];
      const T wi = weighted ? w[i] : T(1);
      const T g = (z - yi) / z;
      const T wp = yi < z_poor ? wi : T(0);
      total[0][0] += wi;
      poor[0][0] += wp;
      gap[0][0] += wp * g;
      severity[0][0] += wp * (g * g);
      any_bad = any_bad || !record_ok(yi, wi, positive_y);
    }
    for (std::size_t h = 0; h < vector_parts; ++h)
      for (std::size_t lane = 0; lane < vector_lanes; ++lane)
        any_bad = any_bad || bad[h][lane] != 0;
    return {lane_sum<T>(total), lane_sum<T>(poor), lane_sum<T>(gap), lane_sum<T>(severity),
            any_bad ? T(1) : T(0)};
  } else {
    T l_total[lanes] = {};
    T l_poor[lanes] = {};
    T l_gap[lanes] = {};
    T l_severity[lanes] = {};
    bool any_bad = false;
    const auto record = [&](std::size_t k, std::size_t lane) {
      const T yi = y[k];
      const T wi = weighted ? w[k] : T(1);
      const T g = (z - yi) / z;
      const T wp = yi < z_poor ? wi : T(0);
      l_total[lane] += wi;
      l_poor[lane] += wp;
      l_gap[lane] += wp * g;
      l_severity[lane] += wp * (g * g);
      any_bad = any_bad || !record_ok(yi, wi, positive_y);
    };
    for (; i + lanes <= stop; i += lanes)
      for (std::size_t lane = 0; lane < lanes; ++lane) record(i + lane, lane);
    for (; i < stop; ++i) record(i, 0);
    return {lane_sum(l_total), lane_sum(l_poor), lane_sum(l_gap), lane_sum(l_severity),
            any_bad ? T(1) : T(0)};
  }
}

/// The poverty pass over records [begin, end), in blocks (see detail/sample_pass.hpp): the
/// four FGT sums without a branch (lane sums the compiler vectorises), the validation in the
/// same loop, then the logarithms and powers over the block's poor only (found by a bit
/// mask of the block, built without a branch).
template <std::floating_point T, bool weighted>
void poverty_chunk_pass(const weighted_span<T>& s, std::size_t begin, std::size_t end, T z,
                        T alpha, poor_rule rule, const poverty_pass_config& config,
                        poverty_partial<T>& out) {
  const bool weak = rule == poor_rule::weak;
  // y <= z  <=>  y < the next number above z: one comparison for both rules.
  const T z_poor = weak ? std::nextafter(z, std::numeric_limits<T>::infinity()) : z;
  const bool positive_y = config.positive_y;
  const T* const y = s.y.data();
  const T* const w = s.w.data();
  T poor_y[record_block];
  T poor_w[record_block];
  for (std::size_t block = begin; block < end; block += record_block) {
    const std::size_t stop = std::min(end, block + record_block);
    const auto sums = poverty_block_sums<T, weighted>(y, w, block, stop, z, z_poor, positive_y);
    out.total.add(sums.total);
    out.poor.add(sums.poor);
    out.gap.add(sums.gap);
    out.severity.add(sums.severity);
    if (sums.bad != T(0)) out.bad.scan(s, block, stop, positive_y);
    if (!(config.watts || config.power || config.collect_poor)) continue;
    // The block's poor, in record order: a bit mask per 64 records (one comparison each, no
    // branch), then the set bits in turn.
    std::size_t poor_count = 0;
    for (std::size_t base = block; base < stop; base += 64) {
      const std::size_t width = std::min<std::size_t>(64, stop - base);
      std::uint64_t bits = 0;
      for (std::size_t k = 0; k < width; ++k) bits |= static_cast<std::uint64_t>(y[base + k] < z_poor) << k;
      for (; bits != 0; bits &= bits - 1) {
        const std::size_t r = base + static_cast<std::size_t>(std::countr_zero(bits));
        poor_y[poor_count] = y[r];
        poor_w[poor_count] = weighted ? w[r] : T(1);
        ++poor_count;
      }
    }
    T watts_sum = T(0);
    T excluded_sum = T(0);
    T power_sum = T(0);
    std::size_t q = 0;
    if constexpr (std::same_as<T, double>) {
      if (config.watts) {
        using vec = lane_vector<double>::type;
        using mask = lane_vector<double>::mask;
        const std::size_t padded = (poor_count + record_lanes - 1) / record_lanes * record_lanes;
        for (std::size_t k = poor_count; k < padded; ++k) {
          poor_y[k] = z;
          poor_w[k] = 0;
        }
        vec watts_lanes[vector_parts] = {};
        vec excluded_lanes[vector_parts] = {};
        mask overflow_lanes{};
        for (; q < padded; q += record_lanes) {
          for (std::size_t h = 0; h < vector_parts; ++h) {
            vec yv;
            vec wv;
            vec logs;
            load_lanes(poor_y + q + h * vector_lanes, yv);
            load_lanes(poor_w + q + h * vector_lanes, wv);
            const mask positive = yv > 0.0;
            const vec ratio = z / yv;
            overflow_lanes |= positive & (ratio > std::numeric_limits<double>::max());
            log_lanes(ratio, logs);
            watts_lanes[h] += (vec)((mask)(wv * logs) & positive);
            excluded_lanes[h] += (vec)((mask)wv & ~positive);
          }
        }
        bool overflow = false;
        for (std::size_t lane = 0; lane < vector_lanes; ++lane)
          overflow = overflow || overflow_lanes[lane] != 0;
        if (overflow) {  // z / y overflowed (y tiny): the scalar log gives the infinity
          q = 0;
        } else {
          watts_sum = lane_sum<double>(watts_lanes);
          excluded_sum = lane_sum<double>(excluded_lanes);
        }
      }
    }
    const bool scalar_watts = config.watts && q == 0;
    const bool per_poor = scalar_watts || config.power || config.collect_poor;
    for (std::size_t k = 0; per_poor && k < poor_count; ++k) {
      const T yk = poor_y[k];
      const T wk = poor_w[k];
      if (scalar_watts) {
        if (yk > T(0))
          watts_sum += wk * std::log(z / yk);
        else
          excluded_sum += wk;
      }
      if (config.power) power_sum += wk * std::pow((z - yk) / z, alpha);
      if (config.collect_poor) out.poor_points.push_back({yk, wk});
    }
    out.watts.add(watts_sum);
    out.excluded.add(excluded_sum);
    out.power.add(power_sum);
  }
}

/// The poverty pass over the whole sample, in fixed chunks on `options.execution` threads,
/// merged in chunk order (the same bits for any thread count). The poor, when collected, come
/// in record order.
template <std::floating_point T>
poverty_partial<T> poverty_pass(std::string_view function, const weighted_span<T>& s, T z,
                                T alpha, const poverty_options& options,
                                const poverty_pass_config& config) {
  const std::size_t n = s.size();
  std::vector<poverty_partial<T>> parts((n + record_chunk - 1) / record_chunk);
  for_each_chunk(function, n, record_chunk, options.execution, options.progress,
                 [&](std::size_t chunk, std::size_t begin, std::size_t end) {
                   if (s.w.empty())
                     poverty_chunk_pass<T, false>(s, begin, end, z, alpha, options.poor, config,
                                                  parts[chunk]);
                   else
                     poverty_chunk_pass<T, true>(s, begin, end, z, alpha, options.poor, config,
                                                 parts[chunk]);
                 });
  poverty_partial<T> all;
  std::size_t poor_count = 0;
  for (const auto& part : parts) poor_count += part.poor_points.size();
  all.poor_points.reserve(poor_count);
  for (auto& part : parts) {
    all.merge(part);
    all.poor_points.insert(all.poor_points.end(), part.poor_points.begin(),
                           part.poor_points.end());
    std::vector<weighted_point<T>>().swap(part.poor_points);
  }
  return all;
}

/// The poverty pass fed one record at a time (the accumulators): records are buffered into
/// blocks of `record_block` and summed by the same kernel, blocks into chunks of
/// `record_chunk`, so that records added in order give exactly the sums of the one-pass
/// functions (whose chunks and blocks start at the same multiples). Records are valid here.
template <std::floating_point T>
class poverty_stream {
 public:
  poverty_stream(T z, T alpha, poor_rule rule, poverty_pass_config config)
      : z_(z), alpha_(alpha), rule_(rule), config_(config) {}

  void add(T y, T w) {
    y_[pending_] = y;
    w_[pending_] = w;
    if (++pending_ == record_block) flush();
    ++count_;
  }

  /// Adds the sums of `other` (everything it holds, its pending records included).
  void merge(const poverty_stream& other) { done_.merge(other.sums()); }

  /// Every sum so far.
  poverty_partial<T> sums() const {
    poverty_partial<T> all = done_;
    poverty_partial<T> chunk = chunk_;
    block_into(chunk);
    all.merge(chunk);
    return all;
  }

  std::size_t count() const noexcept { return count_; }

 private:
  void block_into(poverty_partial<T>& into) const {
    if (pending_ == 0) return;
    const weighted_span<T> s{std::span<const T>(y_, pending_), std::span<const T>(w_, pending_)};
    poverty_chunk_pass<T, true>(s, 0, pending_, z_, alpha_, rule_, config_, into);
  }
  void flush() {
    block_into(chunk_);
    pending_ = 0;
    chunk_records_ += record_block;
    if (chunk_records_ == record_chunk) {
      done_.merge(chunk_);
      chunk_ = {};
      chunk_records_ = 0;
    }
  }

  T z_;
  T alpha_;
  poor_rule rule_;
  poverty_pass_config config_;
  T y_[record_block] = {};
  T w_[record_block] = {};
  std::size_t pending_ = 0;
  std::size_t chunk_records_ = 0;
  std::size_t count_ = 0;
  poverty_partial<T> chunk_{};
  poverty_partial<T> done_{};
};

/// The checks that precede the pass (sizes, then — only when a parameter is invalid — the
/// values in the library's order followed by the parameter checks, which then throw).
template <std::floating_point T>
void check_poverty_inputs(std::string_view function, const weighted_span<T>& s, bool weighted,
                          T z, const T* alpha) {
  check_sample_sizes(function, s, weighted);
  const bool z_ok = std::isfinite(z) && z > T(0);
  const bool alpha_ok = alpha == nullptr || (std::isfinite(*alpha) && *alpha >= T(0));
  if (z_ok && alpha_ok) return;
  check_weighted_sample(function, s, weighted);
  check_positive_parameter(function, "z", z);
  if (alpha != nullptr) check_nonnegative_parameter(function, "alpha", *alpha);
}

/// Raises the violations of a poverty pass in the library's order.
template <std::floating_point T>
void raise_poverty_violations(std::string_view function, const weighted_span<T>& s,
                              const sample_violations& bad) {
  bad.raise_sample(function, s);
  if (bad.nonpositive_y != no_violation)
    raise_value(function, element_name("y", bad.nonpositive_y), s.y[bad.nonpositive_y],
                "> 0 (Watts takes log(z / y); nonpositive_income::exclude leaves such incomes "
                "out of the sum, as PIP does)");
}

/// One pass, checks folded in: the partial sums of every one-pass measure.
template <std::floating_point T>
poverty_partial<T> checked_poverty_pass(std::string_view function, const sample_input<T>& input,
                                        T z, const T* alpha, const poverty_options& options,
                                        poverty_pass_config config) {
  const auto s = input.view();
  check_poverty_inputs(function, s, input.weighted(), z, alpha);
  auto sums = poverty_pass(function, s, z, alpha != nullptr ? *alpha : T(0), options, config);
  raise_poverty_violations(function, s, sums.bad);
  return sums;
}

template <std::floating_point T>
void check_poverty_line(std::string_view function, T z) {
  check_positive_parameter(function, "z", z);
}

template <std::floating_point T>
T fgt_impl(const sample_input<T>& input, T z, T alpha, const poverty_options& options) {
  constexpr std::string_view function = "fgt";
  const bool special = alpha == T(0) || alpha == T(1) || alpha == T(2);
  const auto sums = checked_poverty_pass(function, input, z, &alpha, options,
                                         poverty_pass_config{.power = !special});
  const auto& sum = alpha == T(0)   ? sums.poor
                    : alpha == T(1) ? sums.gap
                    : alpha == T(2) ? sums.severity
                                    : sums.power;
  return finite_result(function, "the result", sum.value() / sums.total.value());
}

template <std::floating_point T>
T watts_impl(const sample_input<T>& input, T z, const poverty_options& options) {
  constexpr std::string_view function = "watts";
  const auto sums = checked_poverty_pass(
      function, input, z, static_cast<const T*>(nullptr), options,
      poverty_pass_config{.watts = true,
                          .positive_y = options.nonpositive == nonpositive_income::error});
  return finite_result(function, "the result", sums.watts.value() / sums.total.value());
}

/// The fields `fgt_watts_result` and `poverty_measures_result` share, from one pass's sums:
/// total and poor weight, P0 = Σ_poor w / W, P1 = Σ_poor w g / W, P2 = Σ_poor w g² / W
/// (g = 1 − y/z), Watts = Σ_poor w log(z/y) / W, and the excluded weight.
template <class Result, class Sums>
void set_fgt_watts_fields(Result& r, const Sums& sums) {
  const auto total = sums.total.value();
  r.total_weight = total;
  r.poor_weight = sums.poor.value();
  r.headcount = r.poor_weight / total;
  r.poverty_gap = sums.gap.value() / total;
  r.poverty_severity = sums.severity.value() / total;
  r.watts = sums.watts.value() / total;
  r.excluded_weight = sums.excluded.value();
}

template <std::floating_point T>
fgt_watts_result<T> fgt_watts_impl(const sample_input<T>& input, T z,
                                   const poverty_options& options) {
  constexpr std::string_view function = "fgt_watts";
  const auto sums = checked_poverty_pass(
      function, input, z, static_cast<const T*>(nullptr), options,
      poverty_pass_config{.watts = true,
                          .positive_y = options.nonpositive == nonpositive_income::error});
  fgt_watts_result<T> r{};
  set_fgt_watts_fields(r, sums);
  for (const T value : {r.total_weight, r.headcount, r.poverty_gap, r.poverty_severity, r.watts})
    finite_result(function, "a measure", value);
  return r;
}

/// Sen or SST: one pass for W and the poor, one sort of the poor.
template <std::floating_point T, class Index>
T ranked_index_impl(std::string_view function, const sample_input<T>& input, T z,
                    const poverty_options& options, const Index& index) {
  auto sums = checked_poverty_pass(function, input, z, static_cast<const T*>(nullptr), options,
                                   poverty_pass_config{.collect_poor = true});
  sort_points(sums.poor_points, options.execution);
  return finite_result(
      function, "the result",
      index(rank_poor(std::span<const weighted_point<T>>(sums.poor_points), z),
            sums.total.value()));
}

template <std::floating_point T>
poverty_measures_result<T> poverty_measures_impl(const sample_input<T>& input, T z,
                                                 const poverty_options& options) {
  constexpr std::string_view function = "poverty_measures";
  auto sums = checked_poverty_pass(
      function, input, z, static_cast<const T*>(nullptr), options,
      poverty_pass_config{.watts = true,
                          .positive_y = options.nonpositive == nonpositive_income::error,
                          .collect_poor = true});
  sort_points(sums.poor_points, options.execution);
  const auto ranking = rank_poor(std::span<const weighted_point<T>>(sums.poor_points), z);
  const T total = sums.total.value();

  poverty_measures_result<T> r{};
  set_fgt_watts_fields(r, sums);
  r.sen = sen_from(ranking, total);
  r.sst = sst_from(ranking, total);
  r.income_gap_ratio = r.poor_weight > T(0) ? ranking.gap_sum / ranking.poor_weight : T(0);
  if (r.poor_weight > T(0) && ranking.income_sum > T(0))
    r.gini_of_poor = z * ranking.pair_gap_sum / (2 * ranking.poor_weight * ranking.income_sum);
  for (const T value : {r.total_weight, r.headcount, r.poverty_gap, r.poverty_severity, r.watts, r.sen, r.sst})
    finite_result(function, "a measure", value);
  return r;
}

template <std::floating_point T>
fgt_result<T> fgt_se_impl(const sample_input<T>& input, T z, T alpha, poverty_options options) {
  constexpr std::string_view function = "fgt_se";
  const auto s = input.view();
  check_weighted_sample(function, s, input.weighted());
  check_min_size(function, "y", s.size(), 2, "(a standard error needs two observations)");
  check_poverty_line(function, z);
  check_nonnegative_parameter(function, "alpha", alpha);
  const bool special = alpha == T(0) || alpha == T(1) || alpha == T(2);
  const auto sums =
      poverty_pass(function, s, z, alpha, options, poverty_pass_config{.power = !special});
  const auto& sum = alpha == T(0)   ? sums.poor
                    : alpha == T(1) ? sums.gap
                    : alpha == T(2) ? sums.severity
                                    : sums.power;
  const T total = sums.total.value();
  const T value = sum.value() / total;  // exactly fgt's
  compensated_sum<T> squares;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const T y = s.y[i];
    const T f = is_poor(y, z, options.poor) ? fgt_term((z - y) / z, alpha) : T(0);
    const T deviation = s.weight(i) * (f - value);
    squares.add(deviation * deviation);
  }
  const T n = static_cast<T>(s.size());
  const T variance = n / (n - 1) * squares.value() / (total * total);
  return {finite_result(function, "the estimate", value), finite_result(function, "the standard error", std::sqrt(variance)),
          s.size()};
}

}  // namespace detail

/// Foster–Greer–Thorbecke (1984, Econometrica 52(3), 761–766) index
/// P_alpha = (1 / W) Σ_poor w_i ((z − y_i) / z)^alpha, alpha >= 0 (the usual alpha: 0 is the
/// headcount ratio, 1 the poverty gap index, 2 the severity; not ineq's shifted alpha), with
/// 0^0 = 1 so that alpha = 0 counts every poor person. One streaming pass, no copy of the
/// input, validation folded in, accurate sums (see fgt_watts), on `options.execution` threads
/// with the same result for any count, progress in records through `options.progress`.
/// @param y incomes (welfare), finite; any sized range of numbers, not modified.
/// @param w weights, finite and > 0, as many as y.
/// @param z poverty line, finite and > 0.
/// @param alpha finite and >= 0.
/// @param options who is poor (`.poor`, default y < z).
/// @throws invalid_input for a size mismatch, a non-finite y, a weight not finite and > 0,
///         z not finite and > 0, alpha not finite and >= 0.
/// @throws insufficient_data when y is empty; cancelled when `options.progress` returns false.
template <detail::numeric_range Y, detail::numeric_range W>
detail::range_floating_t<Y> fgt(const Y& y, const W& w, detail::range_floating_t<Y> z,
                                detail::range_floating_t<Y> alpha, poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  return detail::fgt_impl<T>(input, z, alpha, options);
}

/// P_alpha with every weight 1 (see the weighted overload).
template <detail::numeric_range Y>
detail::range_floating_t<Y> fgt(const Y& y, detail::range_floating_t<Y> z,
                                detail::range_floating_t<Y> alpha, poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y);
  return detail::fgt_impl<T>(input, z, alpha, options);
}

/// Watts (1968) index (1 / W) Σ_poor w_i log(z / y_i). An income <= 0 is poor and has no
/// logarithm: by default it is an error; with `.nonpositive = nonpositive_income::exclude`
/// its term is left out while its weight stays in W (wbpip::md_compute_watts, World Bank
/// PIP). One streaming pass, as fgt.
/// @throws as fgt, and invalid_input for a y <= 0 under `nonpositive_income::error`.
template <detail::numeric_range Y, detail::numeric_range W>
detail::range_floating_t<Y> watts(const Y& y, const W& w, detail::range_floating_t<Y> z,
                                  poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  return detail::watts_impl<T>(input, z, options);
}

/// Watts index with every weight 1.
template <detail::numeric_range Y>
detail::range_floating_t<Y> watts(const Y& y, detail::range_floating_t<Y> z,
                                  poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y);
  return detail::watts_impl<T>(input, z, options);
}

/// Sen (1976, "Poverty: an ordinal approach to measurement", Econometrica 44(2), 219–231)
/// index in its population (large-number) form S = H·[I + (1 − I)·G_p], H the headcount
/// ratio, I the mean gap ratio of the poor, G_p the Gini of the incomes of the poor (the
/// weighted Gini of the frequency-expanded data, as laeken). Computed as
/// S = P1 + Σ_poor Σ_poor w_i w_j |g_i − g_j| / (2 W W_p), which needs no division by the
/// poor's mean income. Sen's finite-sample formula (ineq::Sen),
/// 2 / ((q + 1) n z) Σ_{i<=q} (z − y_(i)) (q + 1 − i), equals H·[I + (1 − I)·G_p·q/(q + 1)]
/// and tends to this one as the number q of poor grows; with survey weights only the
/// population form is defined. One sort of the poor.
/// @throws as fgt (without alpha).
template <detail::numeric_range Y, detail::numeric_range W>
detail::range_floating_t<Y> sen(const Y& y, const W& w, detail::range_floating_t<Y> z,
                                poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  return detail::ranked_index_impl<T>(
      "sen", input, z, options, [](const auto& r, T total) { return detail::sen_from(r, total); });
}

/// Sen's index with every weight 1.
template <detail::numeric_range Y>
detail::range_floating_t<Y> sen(const Y& y, detail::range_floating_t<Y> z,
                                poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y);
  return detail::ranked_index_impl<T>(
      "sen", input, z, options, [](const auto& r, T total) { return detail::sen_from(r, total); });
}

/// Sen–Shorrocks–Thon index (Thon 1979; Shorrocks 1995, Econometrica 63(5), 1225–1230;
/// Osberg & Xu 2000, J. Human Resources 35(1)) SST = P1·(1 + G_g) = H·I·(1 + G_g), G_g the
/// Gini of the poverty gap ratios g_i over the whole population (0 for the non-poor),
/// frequency-expanded as laeken's Gini. Computed as
/// P1 + Σ_i Σ_j w_i w_j |g_i − g_j| / (2 W²) from the sorted poor only. One sort of the poor.
/// @throws as fgt (without alpha).
template <detail::numeric_range Y, detail::numeric_range W>
detail::range_floating_t<Y> sst(const Y& y, const W& w, detail::range_floating_t<Y> z,
                                poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  return detail::ranked_index_impl<T>(
      "sst", input, z, options, [](const auto& r, T total) { return detail::sst_from(r, total); });
}

/// The SST index with every weight 1.
template <detail::numeric_range Y>
detail::range_floating_t<Y> sst(const Y& y, detail::range_floating_t<Y> z,
                                poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y);
  return detail::ranked_index_impl<T>(
      "sst", input, z, options, [](const auto& r, T total) { return detail::sst_from(r, total); });
}

/// P0, P1, P2, Watts, Sen and SST (with I, G_p, W and the poor's weight) in one pass over the
/// data (the pass of fgt_watts, which also copies the poor) and one radix sort of the poor;
/// each equals the function of the same name bit for bit. Extra memory: the poor's (y, w)
/// pairs, twice during the sort. For P0–P2 and Watts alone, fgt_watts needs no copy.
/// `options.execution` / `options.progress` as in fgt_watts.
/// @throws as watts; cancelled when `options.progress` returns false.
template <detail::numeric_range Y, detail::numeric_range W>
poverty_measures_result<detail::range_floating_t<Y>> poverty_measures(
    const Y& y, const W& w, detail::range_floating_t<Y> z, poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  return detail::poverty_measures_impl<T>(input, z, options);
}

/// All poverty measures with every weight 1.
template <detail::numeric_range Y>
poverty_measures_result<detail::range_floating_t<Y>> poverty_measures(
    const Y& y, detail::range_floating_t<Y> z, poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y);
  return detail::poverty_measures_impl<T>(input, z, options);
}

/// P0, P1, P2 and Watts (with W, the poor's weight and the excluded weight) in one streaming
/// pass over (y, w), read where they are — no copy, no sort, no allocation beyond one partial
/// result per chunk of 2^16 records. Each value equals the function of the same name (fgt with
/// alpha 0, 1, 2; watts) bit for bit, and poverty_measures' fields. The validation is folded
/// into the pass (the same errors as fgt and watts, for the first offending element).
/// Sums: lane sums in blocks of 256 records, compensated across blocks and chunks (relative
/// error below 4e-15 for any n; see detail/sample_pass.hpp). `options.execution` runs the
/// chunks on several threads with the same result; `options.progress` reports records done.
/// @throws invalid_input as watts (and for `options.execution.threads == 0`).
/// @throws insufficient_data when y is empty. @throws cancelled when `progress` returns false.
template <detail::numeric_range Y, detail::numeric_range W>
fgt_watts_result<detail::range_floating_t<Y>> fgt_watts(const Y& y, const W& w,
                                                        detail::range_floating_t<Y> z,
                                                        poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  return detail::fgt_watts_impl<T>(input, z, options);
}

/// P0, P1, P2 and Watts with every weight 1.
template <detail::numeric_range Y>
fgt_watts_result<detail::range_floating_t<Y>> fgt_watts(const Y& y, detail::range_floating_t<Y> z,
                                                        poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y);
  return detail::fgt_watts_impl<T>(input, z, options);
}

/// P_alpha with its standard error under simple random sampling with replacement of the n
/// observations. The weighted index is a ratio (Hájek) estimator Σ w_i f_i / Σ w_i,
/// f_i = g_i^alpha for the poor and 0 otherwise; its linearised variance is
/// V = n / (n − 1) · Σ w_i² (f_i − P_alpha)² / W² (as survey::svymean on
/// svydesign(ids = ~1, weights = ~w)). With every weight 1 this is
/// (P_2alpha − P_alpha²) / (n − 1): Kakwani's (1993, "Statistical inference in the
/// measurement of poverty", Rev. Econ. Stat. 75(4), 632–639) asymptotic variance
/// (P_2alpha − P_alpha²) / n with the usual n / (n − 1) correction. Two passes.
/// @throws as fgt, and insufficient_data when y has fewer than 2 values.
template <detail::numeric_range Y, detail::numeric_range W>
fgt_result<detail::range_floating_t<Y>> fgt_se(const Y& y, const W& w,
                                               detail::range_floating_t<Y> z,
                                               detail::range_floating_t<Y> alpha,
                                               poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y, w);
  return detail::fgt_se_impl<T>(input, z, alpha, options);
}

/// P_alpha and its standard error with every weight 1: sqrt((P_2alpha − P_alpha²) / (n − 1)).
template <detail::numeric_range Y>
fgt_result<detail::range_floating_t<Y>> fgt_se(const Y& y, detail::range_floating_t<Y> z,
                                               detail::range_floating_t<Y> alpha,
                                               poverty_options options = {}) {
  using T = detail::range_floating_t<Y>;
  const detail::sample_input<T> input(y);
  return detail::fgt_se_impl<T>(input, z, alpha, options);
}

/// P_alpha over data arriving in pieces: `add` observations (in any order, from any
/// chunk), `merge` accumulators filled separately (other threads, other machines), read
/// `result()`. Observations are summed in blocks by the kernel of `fgt`, so an accumulator
/// fed the whole sample in order gives exactly `fgt`'s result; merged accumulators agree with
/// it to rounding (the partial sums are compensated: relative difference of order 1e-16,
/// independent of the chunking).
template <std::floating_point T>
class fgt_accumulator {
 public:
  /// @throws invalid_input when z is not finite and > 0 or alpha not finite and >= 0.
  fgt_accumulator(T z, T alpha, poverty_options options = {})
      : stream_(z, alpha, options.poor, detail::poverty_pass_config{.power = !special(alpha)}),
        z_(z),
        alpha_(alpha),
        rule_(options.poor) {
    detail::check_poverty_line("fgt_accumulator", z);
    detail::check_nonnegative_parameter("fgt_accumulator", "alpha", alpha);
  }

  /// Adds income y with weight w. @throws invalid_input for a non-finite y or a weight not
  /// finite and > 0 (nothing is added then).
  void add(T y, T w = T(1)) {
    constexpr std::string_view function = "fgt_accumulator::add";
    if (!std::isfinite(y)) detail::raise_value(function, "y", y, "finite");
    if (!std::isfinite(w)) detail::raise_value(function, "w", w, "finite");
    if (!(w > T(0))) detail::raise_value(function, "w", w, "> 0");
    stream_.add(y, w);
  }

  /// Adds everything `other` has accumulated.
  /// @throws invalid_input when `other` has a different z, alpha or poor rule.
  void merge(const fgt_accumulator& other) {
    constexpr std::string_view function = "fgt_accumulator::merge";
    if (other.z_ != z_)
      detail::raise_value(function, "other.z()", other.z_,
                          "z() = " + detail::format_number(z_) + " (only like merges with like)");
    if (other.alpha_ != alpha_)
      detail::raise_value(
          function, "other.alpha()", other.alpha_,
          "alpha() = " + detail::format_number(alpha_) + " (only like merges with like)");
    if (other.rule_ != rule_)
      detail::raise(function,
                    "other counts the poor by another poor_rule (only like merges with like)");
    stream_.merge(other.stream_);
    merged_ += other.count();
  }

  /// P_alpha of everything added. @throws insufficient_data when nothing was added.
  T result() const {
    if (count() == 0)
      detail::raise<insufficient_data>("fgt_accumulator::result", "no observation was added");
    const auto sums = stream_.sums();
    const auto& sum = alpha_ == T(0)   ? sums.poor
                      : alpha_ == T(1) ? sums.gap
                      : alpha_ == T(2) ? sums.severity
                                       : sums.power;
    return sum.value() / sums.total.value();
  }

  T z() const noexcept { return z_; }
  T alpha() const noexcept { return alpha_; }
  std::size_t count() const noexcept { return stream_.count() + merged_; }  ///< observations added
  T total_weight() const { return stream_.sums().total.value(); }           ///< W
  T poor_weight() const { return stream_.sums().poor.value(); }             ///< Σ_poor w

 private:
  static bool special(T alpha) noexcept { return alpha == T(0) || alpha == T(1) || alpha == T(2); }

  detail::poverty_stream<T> stream_;
  T z_;
  T alpha_;
  poor_rule rule_;
  std::size_t merged_ = 0;
};

/// The Watts index over data arriving in pieces (see fgt_accumulator and watts).
template <std::floating_point T>
class watts_accumulator {
 public:
  /// @throws invalid_input when z is not finite and > 0.
  explicit watts_accumulator(T z, poverty_options options = {})
      : stream_(z, T(0), options.poor, detail::poverty_pass_config{.watts = true}),
        z_(z),
        rule_(options.poor),
        policy_(options.nonpositive) {
    detail::check_poverty_line("watts_accumulator", z);
  }

  /// Adds income y with weight w. @throws invalid_input for a non-finite y, a weight not
  /// finite and > 0, or y <= 0 under `nonpositive_income::error` (nothing is added then).
  void add(T y, T w = T(1)) {
    constexpr std::string_view function = "watts_accumulator::add";
    if (!std::isfinite(y)) detail::raise_value(function, "y", y, "finite");
    if (!std::isfinite(w)) detail::raise_value(function, "w", w, "finite");
    if (!(w > T(0))) detail::raise_value(function, "w", w, "> 0");
    if (policy_ == nonpositive_income::error && !(y > T(0)))
      detail::raise_value(function, "y", y,
                          "> 0 (Watts takes log(z / y); nonpositive_income::exclude leaves such "
                          "incomes out of the sum, as PIP does)");
    stream_.add(y, w);
  }

  /// Adds everything `other` has accumulated.
  /// @throws invalid_input when `other` has a different z, poor rule or policy.
  void merge(const watts_accumulator& other) {
    constexpr std::string_view function = "watts_accumulator::merge";
    if (other.z_ != z_)
      detail::raise_value(function, "other.z()", other.z_,
                          "z() = " + detail::format_number(z_) + " (only like merges with like)");
    if (other.rule_ != rule_ || other.policy_ != policy_)
      detail::raise(function,
                    "other has another poor_rule or nonpositive_income policy (only like merges "
                    "with like)");
    stream_.merge(other.stream_);
    merged_ += other.count();
  }

  /// The Watts index of everything added. @throws insufficient_data when nothing was added.
  T result() const {
    if (count() == 0)
      detail::raise<insufficient_data>("watts_accumulator::result", "no observation was added");
    const auto sums = stream_.sums();
    return sums.watts.value() / sums.total.value();
  }

  T z() const noexcept { return z_; }
  std::size_t count() const noexcept { return stream_.count() + merged_; }
  T total_weight() const { return stream_.sums().total.value(); }
  T excluded_weight() const { return stream_.sums().excluded.value(); }

 private:
  detail::poverty_stream<T> stream_;
  T z_;
  poor_rule rule_;
  nonpositive_income policy_;
  std::size_t merged_ = 0;
};

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_MEASURE_POVERTY_HPP
