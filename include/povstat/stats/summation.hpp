#ifndef POVSTAT_STATS_SUMMATION_HPP
#define POVSTAT_STATS_SUMMATION_HPP

/// @file
/// Sums that do not lose digits: Neumaier's improved Kahan–Babuška summation.

#include <cmath>
#include <concepts>

#include "povstat/config.hpp"

POVSTAT_NAMESPACE_BEGIN

/// A running sum with a compensation term (Neumaier 1974, "Rundungsfehleranalyse einiger
/// Verfahren zur Summation endlicher Summen", ZAMM 54). The error of the sum of n terms is
/// bounded by 2u·Σ|x_i| + O(n u²), independent of n to first order, where plain summation
/// has (n−1)u·Σ|x_i|. Merging two accumulators keeps the bound, so chunked sums can be combined.
template <std::floating_point T>
class compensated_sum {
 public:
  /// Adds one term.
  void add(T x) noexcept {
    const T t = sum_ + x;
    if (std::abs(sum_) >= std::abs(x))
      compensation_ += (sum_ - t) + x;
    else
      compensation_ += (x - t) + sum_;
    sum_ = t;
  }

  /// Adds everything another accumulator has summed.
  void merge(const compensated_sum& other) noexcept {
    add(other.sum_);
    add(other.compensation_);
  }

  /// The compensated sum of the terms added so far.
  T value() const noexcept { return sum_ + compensation_; }

 private:
  T sum_{0};
  T compensation_{0};
};

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_STATS_SUMMATION_HPP
