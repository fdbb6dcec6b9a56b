#ifndef POVSTAT_STATS_SUMMATION_HPP
#define POVSTAT_STATS_SUMMATION_HPP

/// @file
/// Sums that do not lose digits: Neumaier's improved Kahan–Babuška summation.

#include <cmath>
#include <concepts>
#include <type_traits>

#include "povstat/config.hpp"

POVSTAT_NAMESPACE_BEGIN

/// A running sum with a compensation term (Neumaier 1974, "Rundungsfehleranalyse einiger
/// Verfahren zur Summation endlicher Summen", ZAMM 54; the algorithm is Ogita, Rump and
/// Oishi's Sum2, SIAM J. Sci. Comput. 26, 2005). With `A` the accumulation type — `double`
/// for `float` terms, `T` otherwise — and u_A its unit roundoff, the result of n terms obeys
/// |value() − Σx| ≤ u_T·|Σx| + γ²_{n−1}·Σ|x|, with γ_k = k·u_A / (1 − k·u_A) (Ogita et al.,
/// Proposition 4.5, plus the final rounding to T): as accurate as if summed in twice the
/// working precision, then rounded. Merging two accumulators keeps the bound, so chunked and
/// parallel sums can be combined. An infinite term or an overflow gives ±infinity, as plain
/// summation does (NaN for +inf plus −inf).
template <std::floating_point T>
class compensated_sum {
 public:
  /// Adds one term.
  void add(T x) noexcept { add_wide(static_cast<wide>(x)); }

  /// Adds everything another accumulator has summed.
  void merge(const compensated_sum& other) noexcept {
    add_wide(other.sum_);
    add_wide(other.compensation_);
  }

  /// The compensated sum of the terms added so far.
  T value() const noexcept {
    return static_cast<T>(std::isfinite(sum_) ? sum_ + compensation_ : sum_);
  }

 private:
  using wide = std::conditional_t<std::same_as<T, float>, double, T>;

  void add_wide(wide x) noexcept {
    const wide t = sum_ + x;
    if (std::abs(sum_) >= std::abs(x))
      compensation_ += (sum_ - t) + x;
    else
      compensation_ += (x - t) + sum_;
    sum_ = t;
  }

  wide sum_{0};
  wide compensation_{0};
};

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_STATS_SUMMATION_HPP
