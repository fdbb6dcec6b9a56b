#ifndef POVSTAT_DETAIL_SAMPLE_PASS_HPP
#define POVSTAT_DETAIL_SAMPLE_PASS_HPP

/// @file
/// The streaming pass of the microdata measures: the sample (y, w) is read once, where it is,
/// in fixed chunks of `record_chunk` records (`for_each_chunk`, so that the result is the same
/// bit for bit on any number of threads), each chunk in blocks of `record_block` records.
///
/// Accuracy. Within a block, each sum is accumulated in `record_lanes` independent lanes
/// (plain additions, which the compiler vectorises) and the lanes are added pairwise; the
/// block sums then enter a compensated (Neumaier) sum per chunk, and the chunks are merged in
/// chunk order. A block sum of m = 256 terms in 8 lanes has error <= γ_35·Σ|x| (γ_k = k u /
/// (1 − k u), u = 2^-53 for double: 32 additions per lane, then 3 pairwise levels; Higham 2002,
/// "Accuracy and Stability of Numerical Algorithms", §4.2); the compensated sum of the block
/// sums adds at most u·|S| + γ²_{n/256}·Σ|x| (Ogita, Rump & Oishi 2005). For terms of one sign
/// (weights, w·g^alpha, w·log(z/y) of the poor) the relative error is thus below 37 u ≈ 4e-15
/// for any n (1e8 records included) — it does not grow with n, unlike a plain running sum.
///
/// Validation is folded into the same pass: each chunk records the first index that breaks
/// each rule; the errors are raised afterwards, in the library's order (every y finite, then
/// every w finite, then every w > 0, then measure-specific rules), naming the first offending
/// element of the whole sample, exactly as the element-by-element checks do.

#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string_view>

#include "povstat/core/error.hpp"
#include "povstat/detail/weighted_sample.hpp"
#include "povstat/stats/summation.hpp"

POVSTAT_NAMESPACE_BEGIN
namespace detail {

/// Records per chunk: the unit of parallel work and of reduction order (fixed, never derived
/// from the thread count).
inline constexpr std::size_t record_chunk = std::size_t(1) << 16;
/// Records per block: the unit of the lane sums (see the file comment).
inline constexpr std::size_t record_block = 256;
/// Independent accumulators per sum inside a block.
inline constexpr std::size_t record_lanes = 8;

/// No index: the rule holds everywhere.
inline constexpr std::size_t no_violation = std::numeric_limits<std::size_t>::max();

/// The first index breaking each rule of a weighted sample (or no_violation).
struct sample_violations {
  std::size_t nonfinite_y = no_violation;
  std::size_t nonfinite_w = no_violation;
  std::size_t nonpositive_w = no_violation;
  std::size_t nonpositive_y = no_violation;  ///< only recorded when the measure requires y > 0

  /// Keeps the first index of each rule (chunks merge in any order).
  void merge(const sample_violations& other) noexcept {
    nonfinite_y = nonfinite_y < other.nonfinite_y ? nonfinite_y : other.nonfinite_y;
    nonfinite_w = nonfinite_w < other.nonfinite_w ? nonfinite_w : other.nonfinite_w;
    nonpositive_w = nonpositive_w < other.nonpositive_w ? nonpositive_w : other.nonpositive_w;
    nonpositive_y = nonpositive_y < other.nonpositive_y ? nonpositive_y : other.nonpositive_y;
  }

  /// Records the violations of records [begin, end) not seen before (called on the rare block
  /// that has one; scans it element by element).
  template <std::floating_point T>
  void scan(const weighted_span<T>& s, std::size_t begin, std::size_t end, bool positive_y) {
    for (std::size_t i = begin; i < end; ++i) {
      const T y = s.y[i];
      if (nonfinite_y == no_violation && !std::isfinite(y)) nonfinite_y = i;
      if (positive_y && nonpositive_y == no_violation && !(y > T(0))) nonpositive_y = i;
      if (s.w.empty()) continue;
      const T w = s.w[i];
      if (nonfinite_w == no_violation && !std::isfinite(w)) nonfinite_w = i;
      if (nonpositive_w == no_violation && !(w > T(0))) nonpositive_w = i;
    }
  }

  /// Throws for the sample rules in the library's order (as check_weighted_sample): y finite,
  /// w finite, w > 0.
  template <std::floating_point T>
  void raise_sample(std::string_view function, const weighted_span<T>& s) const {
    if (nonfinite_y != no_violation)
      raise_value(function, element_name("y", nonfinite_y), s.y[nonfinite_y], "finite");
    if (nonfinite_w != no_violation)
      raise_value(function, element_name("w", nonfinite_w), s.w[nonfinite_w], "finite");
    if (nonpositive_w != no_violation)
      raise_value(function, element_name("w", nonpositive_w), s.w[nonpositive_w], "> 0");
  }
};

/// The pairwise sum of the lanes, in a fixed order.
template <std::floating_point T>
inline T lane_sum(const T (&lane)[record_lanes]) noexcept {
  static_assert(record_lanes == 8);
  return ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
}

/// The `record_lanes` lanes of the block sums as GCC/Clang vectors (the `vector_size`
/// extension): one vector of 8 where AVX-512 is enabled, else `vector_parts` = 2 vectors of 4
/// (one AVX2 register, or two SSE2 registers: a 64-byte vector is split poorly without
/// AVX-512). Part p holds lanes 4p..4p+3. Element j of every operation is exactly the scalar
/// operation on lane j, and the lanes are added in the fixed order of `lane_sum`, so the
/// result does not depend on the instruction set. `mask` is the integer vector of the same
/// width (comparisons give −1 / 0).
#ifdef __AVX512F__
inline constexpr std::size_t vector_lanes = record_lanes;
#else
inline constexpr std::size_t vector_lanes = record_lanes / 2;
#endif
inline constexpr std::size_t vector_parts = record_lanes / vector_lanes;

template <class T>
struct lane_vector {
  static constexpr bool available = false;
};
template <>
struct lane_vector<double> {
  static constexpr bool available = true;
  typedef double type __attribute__((vector_size(vector_lanes * sizeof(double))));
  typedef std::int64_t mask __attribute__((vector_size(vector_lanes * sizeof(double))));
  typedef std::uint64_t unsigned_mask __attribute__((vector_size(vector_lanes * sizeof(double))));
  static constexpr std::int64_t magnitude_bits = 0x7fffffffffffffff;
};
template <>
struct lane_vector<float> {
  static constexpr bool available = true;
  typedef float type __attribute__((vector_size(vector_lanes * sizeof(float))));
  typedef std::int32_t mask __attribute__((vector_size(vector_lanes * sizeof(float))));
  static constexpr std::int32_t magnitude_bits = 0x7fffffff;
};

/// Loads `vector_lanes` values from `p` (no alignment required).
/// (Vectors are passed by reference throughout: a vector by value would depend on the
/// instruction set in the calling convention.)
template <class T>
inline void load_lanes(const T* p, typename lane_vector<T>::type& v) noexcept {
  std::memcpy(&v, p, sizeof v);
}

/// Lane `lane` (0 .. record_lanes − 1) of the vector parts.
template <class T>
inline T lane_of(const typename lane_vector<T>::type (&parts)[vector_parts],
                 std::size_t lane) noexcept {
  return parts[lane / vector_lanes][lane % vector_lanes];
}

/// The pairwise sum of the lanes of the vector parts, in the fixed order of `lane_sum`.
template <class T>
inline T lane_sum(const typename lane_vector<T>::type (&parts)[vector_parts]) noexcept {
  T lanes[record_lanes];
  for (std::size_t lane = 0; lane < record_lanes; ++lane) lanes[lane] = lane_of<T>(parts, lane);
  return lane_sum(lanes);
}

/// Lane-wise: all ones where the record passes the sample rules (|y| and |w| at most the
/// largest finite value, w > 0, and y > 0 when `positive_y`), 0 where it fails (NaN fails).
template <class T>
inline void lanes_ok(const typename lane_vector<T>::type& y, const typename lane_vector<T>::type& w,
                     bool positive_y, typename lane_vector<T>::mask& ok) noexcept {
  using V = lane_vector<T>;
  using mask = typename V::mask;
  using vec = typename V::type;
  constexpr T largest = std::numeric_limits<T>::max();
  const vec abs_y = (vec)((mask)y & V::magnitude_bits);
  const vec abs_w = (vec)((mask)w & V::magnitude_bits);
  const mask not_required = positive_y ? mask{} : ~mask{};
  ok = (abs_y <= largest) & (abs_w <= largest) & (w > T(0)) & ((y > T(0)) | not_required);
}

/// Lane-wise natural logarithm of x, for finite x > 0 (other lanes give unspecified values,
/// to be masked by the caller): fdlibm's __ieee754_log (Sun Microsystems 1993, e_log.c;
/// error < 1 ulp) without its branches. x = 2^k (1 + f) with sqrt(2)/2 < 1 + f < sqrt(2);
/// s = f / (2 + f); log(1 + f) = f − s (f − R), R a degree-14 minimax polynomial in s
/// (Remez, |error| < 2^-58.45); log x = k ln2_hi − ((f²/2 − (s (f²/2 + R) + k ln2_lo)) − f).
/// Subnormal x are scaled by 2^54 first.
inline void log_lanes(const lane_vector<double>::type& input, lane_vector<double>::type& out) noexcept {
  using vec = lane_vector<double>::type;
  using mask = lane_vector<double>::mask;
  vec x = input;
  constexpr double ln2_hi = 6.93147180369123816490e-01;
  constexpr double ln2_lo = 1.90821492927058770002e-10;
  constexpr double lg1 = 6.666666666666735130e-01, lg2 = 3.999999999940941908e-01,
                   lg3 = 2.857142874366239149e-01, lg4 = 2.222219843214978396e-01,
                   lg5 = 1.818357216161805012e-01, lg6 = 1.531383769920937332e-01,
                   lg7 = 1.479819860511658591e-01;
  const mask subnormal = x < 0x1p-1022;
  x = (vec)(((mask)(x * 0x1p54) & subnormal) | ((mask)x & ~subnormal));
  using unsigned_mask = lane_vector<double>::unsigned_mask;
  const mask bits = (mask)x;
  mask k = (mask)(((unsigned_mask)bits >> 52) & 0x7ff) - 1023 - (subnormal & 54);
  mask high = bits & 0x000fffffffffffff;
  // Scale the significand into [sqrt(2)/2, sqrt(2)): as fdlibm, i = (high + 0x95f64 << 32) has
  // bit 52 set when the significand is >= sqrt(2).
  const mask i = (mask)(((unsigned_mask)(high + (std::int64_t(0x95f64) << 32)) >> 52) & 1);
  k += i;
  const vec m = (vec)(high | ((0x3ff - i) << 52));
  const vec f = m - 1.0;
  const vec hfsq = 0.5 * f * f;
  const vec s = f / (2.0 + f);
  const vec z = s * s;
  const vec w = z * z;
  const vec t1 = w * (lg2 + w * (lg4 + w * lg6));
  const vec t2 = z * (lg1 + w * (lg3 + w * (lg5 + w * lg7)));
  const vec r = t2 + t1;
  // k as a double without a conversion instruction: 2^52 + 2^51 + k has k in its low bits.
  const vec dk = (vec)(k + std::int64_t(0x4338000000000000)) - 0x1.8p52;
  out = dk * ln2_hi - ((hfsq - (s * (hfsq + r) + dk * ln2_lo)) - f);
}

/// Lane-wise exponential of x, for |x| <= 708 (other lanes give unspecified values, to be
/// handled by the caller): fdlibm's __ieee754_exp (Sun Microsystems 1993, e_exp.c; error < 1
/// ulp) without its branches. x = k ln2 + r, k = round(x / ln2) (from the bits of
/// x/ln2 + 1.5·2^52), r = hi − lo with hi = x − k ln2_hi (exact), lo = k ln2_lo;
/// c = r − r² (P1 + r² (P2 + ... + r² P5)), a Remez polynomial on [−ln2/2, ln2/2];
/// exp x = 2^k (1 − ((lo − r c / (2 − c)) − hi)), 2^k formed from its bits (|k| <= 1022).
inline void exp_lanes(const lane_vector<double>::type& input, lane_vector<double>::type& out) noexcept {
  using vec = lane_vector<double>::type;
  using mask = lane_vector<double>::mask;
  constexpr double ln2_hi = 6.93147180369123816490e-01;
  constexpr double ln2_lo = 1.90821492927058770002e-10;
  constexpr double inv_ln2 = 1.44269504088896338700e+00;
  constexpr double p1 = 1.66666666666666019037e-01, p2 = -2.77777777770155933842e-03,
                   p3 = 6.61375632143793436117e-05, p4 = -1.65339022054652515390e-06,
                   p5 = 4.13813679705723846039e-08;
  constexpr double shifter = 0x1.8p52;
  const vec x = input;
  const vec shifted = x * inv_ln2 + shifter;
  const vec kd = shifted - shifter;
  const mask k = (mask)shifted - (mask)(vec{} + shifter);
  const vec hi = x - kd * ln2_hi;
  const vec lo = kd * ln2_lo;
  const vec r = hi - lo;
  const vec t = r * r;
  const vec c = r - t * (p1 + t * (p2 + t * (p3 + t * (p4 + t * p5))));
  const vec y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
  out = y * (vec)((k + 1023) << 52);
}

/// x[i] ← f(x[i]) for i < m: `lanes(v, out)` over each whole lane vector of doubles whose
/// values all lie in [low, high], `scalar(x)` for the rest (other types, the tail, and any
/// vector with a value outside, NaN included).
template <std::floating_point T, class Lanes, class Scalar>
inline void map_lanes(T* x, std::size_t m, double low, double high, const Lanes& lanes, const Scalar& scalar) noexcept {
  std::size_t i = 0;
  if constexpr (std::same_as<T, double>) {
    using vec = lane_vector<double>::type;
    using mask = lane_vector<double>::mask;
    for (; i + vector_lanes <= m; i += vector_lanes) {
      vec v;
      load_lanes(x + i, v);
      const mask inside = (v >= low) & (v <= high);
      bool all_inside = true;
      for (std::size_t lane = 0; lane < vector_lanes; ++lane) all_inside = all_inside && inside[lane] != 0;
      if (!all_inside) {
        for (std::size_t lane = 0; lane < vector_lanes; ++lane) x[i + lane] = scalar(x[i + lane]);
        continue;
      }
      vec out;
      lanes(v, out);
      std::memcpy(x + i, &out, sizeof out);
    }
  }
  for (; i < m; ++i) x[i] = scalar(x[i]);
}

/// x[i] ← exp x[i] for i < m: `exp_lanes` (fdlibm, < 1 ulp) where |x| <= 708, std::exp
/// elsewhere (overflow, underflow, inf and NaN are then the library's).
template <std::floating_point T>
inline void exp_each(T* x, std::size_t m) noexcept {
  map_lanes(x, m, -708.0, 708.0, [](const auto& v, auto& out) { exp_lanes(v, out); }, [](T v) { return std::exp(v); });
}

/// x[i] ← log x[i] for i < m: `log_lanes` (fdlibm, < 1 ulp) for finite x > 0, std::log
/// elsewhere (−inf, NaN and inf are then the library's).
template <std::floating_point T>
inline void log_each(T* x, std::size_t m) noexcept {
  map_lanes(
      x, m, std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::max(),
      [](const auto& v, auto& out) { log_lanes(v, out); }, [](T v) { return std::log(v); });
}

/// Whether a record passes the sample rules (NaN fails every comparison):
/// |y| and |w| at most the largest finite value, w > 0, and y > 0 when `positive_y`.
template <std::floating_point T>
inline bool record_ok(T y, T w, bool positive_y) noexcept {
  constexpr T largest = std::numeric_limits<T>::max();
  return std::abs(y) <= largest && std::abs(w) <= largest && w > T(0) &&
         (y > T(0) || !positive_y);
}

/// Error-free sum a + b = s + e (Knuth's TwoSum, no branch; Knuth, TAOCP vol. 2, §4.2.2).
template <std::floating_point T>
inline void two_sum(T a, T b, T& s, T& e) noexcept {
  s = a + b;
  const T bp = s - a;
  e = (a - (s - bp)) + (b - bp);
}

}  // namespace detail
POVSTAT_NAMESPACE_END

#endif  // POVSTAT_DETAIL_SAMPLE_PASS_HPP
