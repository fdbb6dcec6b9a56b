#ifndef POVSTAT_DETAIL_LANE_MATH_HPP
#define POVSTAT_DETAIL_LANE_MATH_HPP

/// @file
/// Lane vectors (the GCC/Clang `vector_size` extension) and the elementary functions povstat
/// evaluates over them: fdlibm's log and exp without branches (< 1 ulp), and `log_each` /
/// `exp_each`, which map an array through them with the library function outside their
/// range. Element j of every vector operation is exactly the scalar operation on element j,
/// so results do not depend on the instruction set.

#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

#include "povstat/config.hpp"

POVSTAT_NAMESPACE_BEGIN
namespace detail {

/// Doubles (or floats) per lane vector: 8 where AVX-512 is enabled, else 4 (one AVX2
/// register, or two SSE2 registers: a 64-byte vector is split poorly without AVX-512).
#ifdef __AVX512F__
inline constexpr std::size_t vector_lanes = 8;
#else
inline constexpr std::size_t vector_lanes = 4;
#endif

/// The lane vector of T and its integer mask of the same width (comparisons give −1 / 0);
/// `available` is false for types without one.
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

}  // namespace detail
POVSTAT_NAMESPACE_END

#endif  // POVSTAT_DETAIL_LANE_MATH_HPP
