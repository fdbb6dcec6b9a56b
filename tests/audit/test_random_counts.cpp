// Tests of detail/random_counts.hpp, the samplers behind the KS simulation of benford_test and
// the synthetic cohorts of the power tests: Poisson (inversion below mean 10, PTRS above) and
// binomial (inversion below n·p = 10, BTRS above, both sides of p = 1/2) draws against their
// exact distributions (Boost.Math) by Pearson's chi-square over cells pooled to an expected
// count of at least 20; multinomial counts against their means. Seeds are fixed, so each
// check is deterministic; the bound p > 1e-4 fails a wrong sampler (a hat function that does not
// cover the density, a wrong constant) with the sample sizes used here.

#include "povstat/detail/random_counts.hpp"

#include <doctest/doctest.h>

#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <random>
#include <vector>

namespace {

/// Pearson's chi-square p-value of observed counts against pmf, cells pooled left to right
/// until their expected count reaches 20 (the remainder joins the last cell).
template <class Pmf>
double goodness_of_fit(const std::map<std::uint64_t, std::size_t>& counts, std::size_t draws, std::uint64_t top,
                       const Pmf& pmf) {
  double chi = 0, expected = 0, observed = 0, last_e = 0, last_o = 0;
  int cells = 0;
  for (std::uint64_t k = 0; k <= top; ++k) {
    expected += static_cast<double>(draws) * pmf(k);
    const auto it = counts.find(k);
    observed += it == counts.end() ? 0.0 : static_cast<double>(it->second);
    if (expected >= 20) {
      chi += (observed - expected) * (observed - expected) / expected;
      last_e = expected;
      last_o = observed;
      ++cells;
      expected = observed = 0;
    }
  }
  // Fold the tail remainder into the last cell.
  chi -= (last_o - last_e) * (last_o - last_e) / last_e;
  last_e += expected;
  last_o += observed;
  chi += (last_o - last_e) * (last_o - last_e) / last_e;
  return cdf(complement(boost::math::chi_squared_distribution<double>(cells - 1), chi));
}

}  // namespace

TEST_CASE("poisson draws follow the Poisson distribution on both sides of mean 10") {
  std::mt19937_64 g(101);
  const std::size_t draws = 40000;
  for (const double mean : {0.3, 3.0, 9.99, 10.0, 37.5, 1000.0, 27350.8}) {
    INFO("mean " << mean);
    std::map<std::uint64_t, std::size_t> counts;
    double sum = 0;
    for (std::size_t i = 0; i < draws; ++i) {
      const auto k = povstat::detail::poisson(g, mean);
      ++counts[k];
      sum += static_cast<double>(k);
    }
    const boost::math::poisson_distribution<double> d(mean);
    const auto top = static_cast<std::uint64_t>(mean + 12 * std::sqrt(mean) + 20);
    CHECK(goodness_of_fit(counts, draws, top, [&](std::uint64_t k) { return pdf(d, static_cast<double>(k)); }) > 1e-4);
    CHECK(std::abs(sum / static_cast<double>(draws) - mean) < 5 * std::sqrt(mean / static_cast<double>(draws)));
  }
  CHECK(povstat::detail::poisson(g, 0.0) == 0);
}

TEST_CASE("binomial draws follow the binomial distribution in every regime") {
  std::mt19937_64 g(202);
  const std::size_t draws = 40000;
  struct setting {
    std::uint64_t n;
    double p;
  };
  for (const auto& one : {setting{20, 0.3}, setting{100, 0.05}, setting{100, 0.12}, setting{1000, 0.3},
                          setting{1000, 0.7}, setting{16000, 0.0436}, setting{16000, 0.30103}, setting{7, 0.95}}) {
    const std::uint64_t n = one.n;
    const double p = one.p;
    INFO("n " << n << ", p " << p);
    std::map<std::uint64_t, std::size_t> counts;
    for (std::size_t i = 0; i < draws; ++i) {
      const auto k = povstat::detail::binomial(g, n, p);
      REQUIRE(k <= n);
      ++counts[k];
    }
    const boost::math::binomial_distribution<double> d(static_cast<double>(n), p);
    CHECK(goodness_of_fit(counts, draws, n, [&](std::uint64_t k) { return pdf(d, static_cast<double>(k)); }) > 1e-4);
  }
  CHECK(povstat::detail::binomial(g, 0, 0.5) == 0);
  CHECK(povstat::detail::binomial(g, 9, 0.0) == 0);
  CHECK(povstat::detail::binomial(g, 9, 1.0) == 9);
}

TEST_CASE("multinomial counts add up to n and have means n·p") {
  std::mt19937_64 g(303);
  const std::vector<double> p{0.30103, 0.17609, 0.12494, 0.09691, 0.07918, 0.06695, 0.05799, 0.05115, 0.04576};
  std::vector<double> mean(p.size(), 0.0);
  std::vector<std::uint64_t> counts(p.size());
  const std::size_t reps = 4000;
  const std::uint64_t n = 500;
  for (std::size_t r = 0; r < reps; ++r) {
    povstat::detail::multinomial(g, n, p, counts);
    std::uint64_t total = 0;
    for (std::size_t j = 0; j < p.size(); ++j) {
      total += counts[j];
      mean[j] += static_cast<double>(counts[j]) / static_cast<double>(reps);
    }
    REQUIRE(total == n);
  }
  double sum_p = 0;
  for (const double v : p) sum_p += v;
  for (std::size_t j = 0; j < p.size(); ++j) {
    const double expected = static_cast<double>(n) * p[j] / sum_p;
    const double se = std::sqrt(expected * (1 - p[j] / sum_p) / static_cast<double>(reps));
    CHECK(std::abs(mean[j] - expected) < 5 * se);
  }
}
