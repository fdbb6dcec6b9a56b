#ifndef POVSTAT_DETAIL_RANDOM_HPP
#define POVSTAT_DETAIL_RANDOM_HPP

/// @file
/// Random numbers that are the same on every platform: std::mt19937_64 (its output sequence
/// is fixed by the C++ standard, [rand.predef]) mapped to indices, uniforms and normals by
/// povstat's own code, because the standard library's distributions are unspecified
/// algorithms that differ between libstdc++ and libc++.

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <random>

#include "povstat/config.hpp"
#include "povstat/stats/distributions.hpp"

POVSTAT_NAMESPACE_BEGIN
namespace detail {

/// A uniform index in [0, k), k >= 1: a 64-bit output x is redrawn while x < 2^64 mod k,
/// then x mod k is taken, so every index is equally likely.
inline std::uint64_t uniform_index(std::mt19937_64& generator, std::uint64_t k) {
  const std::uint64_t threshold = (std::uint64_t{0} - k) % k;  // 2^64 mod k
  for (;;) {
    const std::uint64_t x = generator();
    if (x >= threshold) return x % k;
  }
}

/// A uniform number in the open interval (0, 1): (top 53 bits + 0.5) / 2^53.
template <std::floating_point T>
T uniform_open01(std::mt19937_64& generator) {
  const auto bits = generator() >> 11;
  return static_cast<T>((static_cast<double>(bits) + 0.5) * 0x1.0p-53);
}

/// A standard normal number by inversion, Φ⁻¹(U) with U from `uniform_open01` (one output of
/// the generator per number; Boost.Math's quantile is accurate to a few ulp everywhere).
template <std::floating_point T>
T standard_normal(std::mt19937_64& generator) {
  return normal_quantile(uniform_open01<T>(generator));
}

/// Replicates per block of the seeded target bootstraps and simulations: fixed, so that
/// results never depend on the thread count.
inline constexpr std::size_t replicate_block_size = 256;

/// The generator of replicate block `block`: std::mt19937_64 seeded by
/// std::seed_seq{seed mod 2³², seed / 2³², block mod 2³², block / 2³²} (std::seed_seq's
/// algorithm is fixed by the standard, [rand.util.seedseq], so streams are portable).
inline std::mt19937_64 replicate_block_generator(std::uint64_t seed, std::size_t block) {
  const auto b = static_cast<std::uint64_t>(block);
  std::seed_seq sequence{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                         static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(b >> 32)};
  return std::mt19937_64(sequence);
}

}  // namespace detail
POVSTAT_NAMESPACE_END

#endif  // POVSTAT_DETAIL_RANDOM_HPP
