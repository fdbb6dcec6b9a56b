#ifndef POVSTAT_DETAIL_RANDOM_COUNTS_HPP
#define POVSTAT_DETAIL_RANDOM_COUNTS_HPP

/// @file
/// Poisson, binomial and multinomial counts drawn from std::mt19937_64 by povstat's own
/// algorithms (uniforms from `uniform_open01`), so that a seed gives the same counts on every
/// standard library — unlike std::poisson_distribution and std::binomial_distribution, whose
/// algorithms are unspecified.
///
/// Algorithms:
/// - Poisson, mean < 10: inversion by sequential search from 0 (Devroye 1986, §X.3.3).
///   Mean >= 10: PTRS, transformed rejection with squeeze (W. Hörmann 1993, "The
///   transformed rejection method for generating Poisson random variables", Insurance:
///   Mathematics and Economics 12, 39–45), with Hörmann's constants.
/// - Binomial(n, p), p <= 1/2 (else n − Binomial(n, 1 − p)): n·p < 10 by inversion from 0;
///   otherwise BTRS (W. Hörmann 1993, "The generation of binomial random variates", J.
///   Statist. Comput. Simul. 46, 101–110), whose acceptance test compares with the exact
///   log-probability ratio log f(k) − log f(m), m the mode (log-gamma from Boost.Math).
/// - Multinomial: the conditional binomials of the categories in order, count_j ~
///   Binomial(remaining, p_j / (p_j + … + p_k)).
///
/// Every sampler is exact in the sense of its method (rejection samplers are exact; the
/// inversions stop at the first k whose cumulative probability reaches the uniform).

#include <algorithm>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "povstat/config.hpp"
#include "povstat/detail/random.hpp"
#include "povstat/stats/distributions.hpp"

POVSTAT_NAMESPACE_BEGIN
namespace detail {

/// log(k!) by Boost.Math's lgamma under povstat's policy.
inline double log_factorial(double k) { return boost::math::lgamma(k + 1, math_policy()); }

/// A Poisson count of mean `mean` >= 0 (finite).
inline std::uint64_t poisson(std::mt19937_64& generator, double mean) {
  if (!(mean > 0)) return 0;
  if (mean < 10) {  // inversion: P(0) = e^-mean, P(k) = P(k-1)·mean/k
    const double u = uniform_open01<double>(generator);
    double p = std::exp(-mean), cumulative = p;
    std::uint64_t k = 0;
    while (u > cumulative && p > 0) {
      ++k;
      p *= mean / static_cast<double>(k);
      cumulative += p;
    }
    return k;
  }
  // PTRS (Hörmann 1993).
  const double root = std::sqrt(mean), log_mean = std::log(mean);
  const double b = 0.931 + 2.53 * root;
  const double a = -0.059 + 0.02483 * b;
  const double log_inverse_alpha = std::log(1.1239 + 1.1328 / (b - 3.4));
  const double v_r = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const double u = uniform_open01<double>(generator) - 0.5;
    const double v = uniform_open01<double>(generator);
    const double us = 0.5 - std::abs(u);
    const double k = std::floor((2 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= v_r) return static_cast<std::uint64_t>(k);
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + log_inverse_alpha - std::log(a / (us * us) + b) <=
        -mean + k * log_mean - log_factorial(k))
      return static_cast<std::uint64_t>(k);
  }
}

/// A binomial count: successes in `n` trials of probability `p` in [0, 1].
inline std::uint64_t binomial(std::mt19937_64& generator, std::uint64_t n, double p) {
  if (n == 0 || !(p > 0)) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(generator, n, 1 - p);
  const double trials = static_cast<double>(n), q = 1 - p;
  if (trials * p < 10) {  // inversion: P(0) = q^n, P(k) = P(k-1)·(n-k+1)/k·p/q
    const double u = uniform_open01<double>(generator);
    const double ratio = p / q;
    double f = std::exp(trials * std::log1p(-p)), cumulative = f;
    std::uint64_t k = 0;
    while (u > cumulative && k < n && f > 0) {
      ++k;
      f *= (trials - static_cast<double>(k) + 1) / static_cast<double>(k) * ratio;
      cumulative += f;
    }
    return k;
  }
  // BTRS (Hörmann 1993).
  const double spq = std::sqrt(trials * p * q);
  const double b = 1.15 + 2.53 * spq;
  const double a = -0.0873 + 0.0248 * b + 0.01 * p;
  const double c = trials * p + 0.5;
  const double alpha = (2.83 + 5.1 / b) * spq;
  const double v_r = 0.92 - 4.2 / b;
  const double mode = std::floor((trials + 1) * p);
  const double log_ratio = std::log(p / q);
  const double log_f_mode = -log_factorial(mode) - log_factorial(trials - mode);
  for (;;) {
    const double u = uniform_open01<double>(generator) - 0.5;
    double v = uniform_open01<double>(generator);
    const double us = 0.5 - std::abs(u);
    const double k = std::floor((2 * a / us + b) * u + c);
    if (k < 0 || k > trials) continue;
    if (us >= 0.07 && v <= v_r) return static_cast<std::uint64_t>(k);
    v = std::log(v * alpha / (a / (us * us) + b));
    // log f(k) − log f(mode), f the binomial probability.
    const double log_f_ratio =
        -log_factorial(k) - log_factorial(trials - k) - log_f_mode + (k - mode) * log_ratio;
    if (v <= log_f_ratio) return static_cast<std::uint64_t>(k);
  }
}

/// Multinomial counts of `n` draws over categories of probabilities `p` (>= 0, summing to 1
/// up to rounding) written to `counts` (same size as p), by conditional binomials.
inline void multinomial(std::mt19937_64& generator, std::uint64_t n, std::span<const double> p,
                        std::span<std::uint64_t> counts) {
  // Suffix sums: the probability left for categories j, j+1, ...
  std::vector<double> rest(p.size() + 1, 0.0);
  for (std::size_t j = p.size(); j-- > 0;) rest[j] = rest[j + 1] + p[j];
  std::uint64_t remaining = n;
  for (std::size_t j = 0; j < p.size(); ++j) {
    if (j + 1 == p.size()) {
      counts[j] = remaining;
      break;
    }
    const std::uint64_t c =
        remaining == 0 || !(rest[j] > 0) ? 0 : binomial(generator, remaining, std::min(1.0, p[j] / rest[j]));
    counts[j] = c;
    remaining -= c;
  }
}

}  // namespace detail
POVSTAT_NAMESPACE_END

#endif  // POVSTAT_DETAIL_RANDOM_COUNTS_HPP
