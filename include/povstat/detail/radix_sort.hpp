#ifndef POVSTAT_DETAIL_RADIX_SORT_HPP
#define POVSTAT_DETAIL_RADIX_SORT_HPP

/// @file
/// The one sort of the rank-based measures: (value, weight) pairs ordered by value, ties by
/// weight — the order of `sort_points`' comparator, produced by a radix sort on the IEEE bit
/// pattern of the value.
///
/// An IEEE double (float) read as an unsigned integer, with the sign bit flipped for x >= 0
/// and every bit flipped for x < 0, orders like the number (`order_key`; −0 is first made +0,
/// since the comparator treats −0 == +0). The sort is a hybrid (MSD then LSD, as in
/// "Engineering radix sort", McIlroy, Bostic & McIlroy 1993, and Satish et al. 2010's
/// bucketed LSD): one counting pass finds the bits that vary across the sample, one stable
/// scatter pass distributes the pairs into 2^11 buckets by the top 11 varying bits (the only
/// pass over main memory), then each bucket — small enough for the cache — is sorted by the
/// next 22 bits with stable 11-bit LSD passes (skipping digits that do not vary), and the
/// short runs left (keys equal down to a relative 2^-28) by insertion sort on (value, weight). Buckets are independent, so they are
/// sorted in parallel under `execution`; the result is the same array for any thread count
/// (the order is total on distinct pairs). Extra memory: the output array plus a scratch of at
/// most max(n / 8, 2^16) pairs (a larger bucket is sorted in place with std::sort).
/// long double, and samples of fewer than 2^10 values, use std::sort with the comparator.

#include <algorithm>
#include <array>
#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <type_traits>
#include <vector>

#include "povstat/core/execution.hpp"

POVSTAT_NAMESPACE_BEGIN
namespace detail {

/// One value with its weight; a sample sorted by (x, w) is what rank-based kernels read.
template <std::floating_point T>
struct weighted_point {
  T x;
  T w;
};

/// Types whose bit pattern radix-sorts: IEEE binary64 and binary32.
template <class T>
concept radix_sortable = (std::same_as<T, double> || std::same_as<T, float>) &&
                         std::numeric_limits<T>::is_iec559;

template <radix_sortable T>
using radix_key_t = std::conditional_t<sizeof(T) == 8, std::uint64_t, std::uint32_t>;

/// An unsigned integer that orders like x (for non-NaN x; −0 and +0 give the same key).
template <radix_sortable T>
radix_key_t<T> order_key(T x) noexcept {
  using K = radix_key_t<T>;
  constexpr unsigned top = sizeof(K) * 8 - 1;
  const K bits = std::bit_cast<K>(x + T(0));  // −0 + 0 = +0
  const K negative = K(0) - (bits >> top);    // all ones for x < 0
  return bits ^ (negative | (K(1) << top));
}

/// The comparator order: by value, ties by weight.
template <std::floating_point T>
bool point_less(const weighted_point<T>& a, const weighted_point<T>& b) noexcept {
  return a.x < b.x || (a.x == b.x && a.w < b.w);
}

/// Sorts `points` by (value, weight) when their keys agree above bit `bits`: stable 11-bit LSD
/// passes through `scratch` on the key bits [cut, bits) only, cut = bits − 22 (skipping
/// digits that do not vary), which leaves the points ordered up to runs whose keys agree above
/// `cut` — a relative resolution of 2^-28 or finer, so runs are short for real data — and
/// then each run is finished by insertion sort on (key, weight), or std::sort when longer
/// than 16 (so that no input is quadratic).
template <radix_sortable T>
void lsd_sort_bucket(std::span<weighted_point<T>> points, unsigned bits,
                     std::vector<weighted_point<T>>& scratch) {
  using K = radix_key_t<T>;
  const std::size_t n = points.size();
  if (n < 2) return;
  const auto less = [](const weighted_point<T>& a, K ka, const weighted_point<T>& b, K kb) {
    return ka < kb || (ka == kb && a.w < b.w);
  };
  const auto finish_run = [&](std::size_t begin, std::size_t end) {
    if (end - begin > 16) {
      std::sort(points.begin() + static_cast<std::ptrdiff_t>(begin),
                points.begin() + static_cast<std::ptrdiff_t>(end), point_less<T>);
      return;
    }
    for (std::size_t i = begin + 1; i < end; ++i) {
      const weighted_point<T> p = points[i];
      const K key = order_key(p.x);
      std::size_t j = i;
      for (; j > begin && less(p, key, points[j - 1], order_key(points[j - 1].x)); --j)
        points[j] = points[j - 1];
      points[j] = p;
    }
  };
  if (n <= 16) {
    finish_run(0, n);
    return;
  }
  constexpr unsigned digit_bits = 11;
  constexpr std::size_t radix = std::size_t(1) << digit_bits;
  const unsigned cut = bits > 22 ? bits - 22 : 0;
  const unsigned digits = (bits - cut + digit_bits - 1) / digit_bits;
  std::array<std::array<std::uint32_t, radix>, 2> count;
  for (unsigned d = 0; d < digits; ++d) count[d].fill(0);
  for (const auto& p : points) {
    const K key = order_key(p.x);
    for (unsigned d = 0; d < digits; ++d) ++count[d][(key >> (cut + d * digit_bits)) & (radix - 1)];
  }
  if (scratch.size() < n) scratch.resize(n);
  std::span<weighted_point<T>> from = points;
  std::span<weighted_point<T>> to(scratch.data(), n);
  for (unsigned d = 0; d < digits; ++d) {
    auto& c = count[d];
    const unsigned shift = cut + d * digit_bits;
    if (c[(order_key(points[0].x) >> shift) & (radix - 1)] == n) continue;  // constant digit
    std::uint32_t offset = 0;
    for (auto& slot : c) {
      const std::uint32_t k = slot;
      slot = offset;
      offset += k;
    }
    for (const auto& p : from) to[c[(order_key(p.x) >> shift) & (radix - 1)]++] = p;
    std::swap(from, to);
  }
  if (from.data() != points.data()) std::copy(from.begin(), from.end(), points.begin());
  // Runs of keys equal above `cut` (for cut = 0: equal values, ordered by weight).
  for (std::size_t begin = 0; begin < n;) {
    const K top = order_key(points[begin].x) >> cut;
    std::size_t end = begin + 1;
    while (end < n && (order_key(points[end].x) >> cut) == top) ++end;
    if (end - begin > 1) finish_run(begin, end);
    begin = end;
  }
}

/// Writes the n points `get(0)`, ..., `get(n − 1)` into `out` (size n) sorted by value, ties
/// by weight (see the file comment). `get(i)` returns a weighted_point<T> with a non-NaN x.
template <std::floating_point T, class Get>
void radix_sort_points(std::size_t n, const Get& get, std::span<weighted_point<T>> out,
                       const execution& how = {}) {
  if constexpr (!radix_sortable<T>) {
    for (std::size_t i = 0; i < n; ++i) out[i] = get(i);
    std::sort(out.begin(), out.end(), point_less<T>);
  } else {
    using K = radix_key_t<T>;
    if (n < (std::size_t(1) << 10)) {
      for (std::size_t i = 0; i < n; ++i) out[i] = get(i);
      std::sort(out.begin(), out.end(), point_less<T>);
      return;
    }
    K low = std::numeric_limits<K>::max();
    K high = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const K key = order_key(get(i).x);
      low = std::min(low, key);
      high = std::max(high, key);
    }
    // Keys share their bits above `varying`; the MSD digit is the top 11 varying bits.
    const auto varying = static_cast<unsigned>(std::bit_width(static_cast<K>(low ^ high)));
    constexpr unsigned msd_bits = 11;
    const unsigned shift = varying > msd_bits ? varying - msd_bits : 0;
    const std::size_t buckets = std::size_t(1) << (varying - shift);
    const auto bucket_of = [&](const weighted_point<T>& p) {
      return static_cast<std::size_t>((order_key(p.x) >> shift) & (buckets - 1));
    };
    std::vector<std::size_t> start(buckets + 1, 0);
    for (std::size_t i = 0; i < n; ++i) ++start[bucket_of(get(i)) + 1];
    for (std::size_t b = 0; b < buckets; ++b) start[b + 1] += start[b];
    {
      std::vector<std::size_t> next(start.begin(), start.end() - 1);
      for (std::size_t i = 0; i < n; ++i) {
        const weighted_point<T> p = get(i);
        out[next[bucket_of(p)]++] = p;
      }
    }
    const std::size_t scratch_limit = std::max<std::size_t>(n / 8, std::size_t(1) << 16);
    // Buckets in groups of 64 per chunk; each chunk owns its scratch.
    // Small samples are not worth a thread.
    const execution bucket_threads{n < (std::size_t(1) << 18) ? std::size_t(1) : how.threads};
    for_each_chunk("radix_sort", buckets, 64, bucket_threads, {},
                   [&](std::size_t, std::size_t first, std::size_t last) {
                     std::vector<weighted_point<T>> scratch;
                     for (std::size_t b = first; b < last; ++b) {
                       const auto bucket = out.subspan(start[b], start[b + 1] - start[b]);
                       if (bucket.size() > scratch_limit) {
                         std::sort(bucket.begin(), bucket.end(), point_less<T>);
                         continue;
                       }
                       lsd_sort_bucket(bucket, shift, scratch);
                     }
                   });
  }
}

/// Sorts `points` in place by value, ties by weight (radix; see the file comment).
template <std::floating_point T>
void radix_sort_points(std::vector<weighted_point<T>>& points, const execution& how = {}) {
  std::vector<weighted_point<T>> sorted(points.size());
  radix_sort_points<T>(
      points.size(), [&](std::size_t i) { return points[i]; }, std::span<weighted_point<T>>(sorted),
      how);
  points.swap(sorted);
}

}  // namespace detail
POVSTAT_NAMESPACE_END

#endif  // POVSTAT_DETAIL_RADIX_SORT_HPP
