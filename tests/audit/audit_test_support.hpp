// Shared by the tests of audit/: the R reference table (tests/reference/audit.R) and a seeded
// generator of SYNTHETIC county cohorts — clean ones (Poisson counting noise around smooth
// declines) and ones with one kind of planted manipulation of a documented size — for the
// power and false-alarm tests (docs/audit.md reports the rates they measure).
#ifndef POVSTAT_TESTS_AUDIT_AUDIT_TEST_SUPPORT_HPP
#define POVSTAT_TESTS_AUDIT_AUDIT_TEST_SUPPORT_HPP

#include <doctest/doctest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "povstat/core/regional_cohort.hpp"
#include "povstat/detail/random.hpp"
#include "povstat/detail/random_counts.hpp"
#include "reference_table.hpp"

namespace audit_support {

inline const reference::table& R() {
  static const reference::table table({
#include "audit.inc"
  });
  return table;
}

/// Data set `name` of audit.R: its values name[0], name[1], ... (count in name / "n").
inline std::vector<double> load(const std::string& name) {
  std::vector<double> values;
  const auto n = static_cast<std::size_t>(R()(name, "n"));
  for (std::size_t i = 0; i < n; ++i) values.push_back(R()(name, "x[" + std::to_string(i) + "]"));
  return values;
}

/// The planted manipulations, each of a fixed, documented size (docs/audit.md).
enum class manipulation {
  none,
  heaping,     ///< every count of the county rounded to a multiple of 10
  smooth_pace, ///< counts replaced by the constant-pace (geometric) path from the first to the last year
  smooth_amount, ///< counts replaced by the constant-amount (straight) path from the first to the last year
  one_year_cut,  ///< one year's count (drawn among the 3rd to last years) reported 30% low
  deadline_push, ///< the last two years reported 20% and 40% low (the decline steepens before the deadline)
  parent_sum,    ///< a prefecture reports 5% fewer poor than its counties add up to in the last 3 years
  bunching,      ///< a county with a true final-year rate in [3%, 4%) reports a rate in [2.51%, 2.99%]
};

struct synthetic {
  povstat::regional_cohort<double> cohort;
  std::vector<std::size_t> manipulated;  // region indices
};

/// A SYNTHETIC cohort: `prefectures` top-level regions, each the exact sum of `per_prefecture`
/// counties, years 2012..2019. County c: rural population P = 10^U(4.7, 5.7) (constant),
/// initial incidence 10^U(log10 0.06, log10 0.3), mean poor count
/// mu(t) = P·incidence·exp(−r·t − k·t²/2) with t = year − 2012, r ~ U(0.10, 0.30) and
/// k ~ U(−0.01, 0.03) (declines that bend), and reported count ~ Poisson(mu(t)). Manipulation
/// `kind` is applied to `count` counties drawn at random (to `count` prefectures for
/// parent_sum; to the counties eligible for bunching, up to `count`). Prefectures report the
/// sums of their counties' reported figures.
inline synthetic make_cohort(std::uint64_t seed, manipulation kind = manipulation::none, std::size_t count = 0,
                             std::size_t prefectures = 100, std::size_t per_prefecture = 20) {
  std::mt19937_64 g(seed);
  const auto uniform = [&](double a, double b) { return a + (b - a) * povstat::detail::uniform_open01<double>(g); };
  const int first = 2012, last = 2019;
  const auto n_years = static_cast<Eigen::Index>(last - first + 1);
  const std::size_t counties = prefectures * per_prefecture;
  Eigen::MatrixXd county_poor(static_cast<Eigen::Index>(counties), n_years), county_mu(county_poor);
  std::vector<double> population(counties);
  for (std::size_t c = 0; c < counties; ++c) {
    const auto row = static_cast<Eigen::Index>(c);
    population[c] = std::round(std::pow(10.0, uniform(4.7, 5.7)));
    const double incidence = std::pow(10.0, uniform(std::log10(0.06), std::log10(0.3)));
    const double r = uniform(0.10, 0.30), k = uniform(-0.01, 0.03);
    for (Eigen::Index y = 0; y < n_years; ++y) {
      const double t = static_cast<double>(y);
      county_mu(row, y) = population[c] * incidence * std::exp(-r * t - k * t * t / 2);
      county_poor(row, y) = static_cast<double>(povstat::detail::poisson(g, county_mu(row, y)));
    }
  }
  // Draw `count` of `candidates` without replacement (partial Fisher–Yates).
  const auto draw = [&](std::vector<std::size_t> candidates, std::size_t k) {
    k = std::min(k, candidates.size());
    for (std::size_t i = 0; i < k; ++i)
      std::swap(candidates[i], candidates[i + povstat::detail::uniform_index(g, candidates.size() - i)]);
    candidates.resize(k);
    std::ranges::sort(candidates);
    return candidates;
  };
  std::vector<std::size_t> all(counties);
  for (std::size_t c = 0; c < counties; ++c) all[c] = c;
  std::vector<std::size_t> chosen;  // counties, or prefectures for parent_sum
  const Eigen::Index end = n_years - 1;
  switch (kind) {
    case manipulation::none: break;
    case manipulation::parent_sum: {
      std::vector<std::size_t> p(prefectures);
      for (std::size_t j = 0; j < prefectures; ++j) p[j] = j;
      chosen = draw(p, count);
      break;
    }
    case manipulation::bunching: {
      std::vector<std::size_t> eligible;
      for (std::size_t c = 0; c < counties; ++c) {
        const double rate = county_poor(static_cast<Eigen::Index>(c), end) / population[c];
        if (rate >= 0.03 && rate < 0.04) eligible.push_back(c);
      }
      chosen = draw(eligible, count);
      for (const std::size_t c : chosen)
        county_poor(static_cast<Eigen::Index>(c), end) = std::ceil(population[c] * uniform(0.0251, 0.0299));
      break;
    }
    default: {
      chosen = draw(all, count);
      for (const std::size_t c : chosen) {
        auto row = county_poor.row(static_cast<Eigen::Index>(c));
        const double y0 = row(0), y1 = row(end);
        for (Eigen::Index y = 0; y < n_years; ++y) {
          const double s = static_cast<double>(y) / static_cast<double>(end);
          if (kind == manipulation::heaping) row(y) = 10 * std::round(row(y) / 10);
          if (kind == manipulation::smooth_pace) row(y) = std::round(y0 * std::pow(y1 / y0, s));
          if (kind == manipulation::smooth_amount) row(y) = std::round(y0 + (y1 - y0) * s);
        }
        if (kind == manipulation::one_year_cut) {
          const auto y = static_cast<Eigen::Index>(2 + povstat::detail::uniform_index(g, static_cast<std::uint64_t>(n_years - 2)));
          row(y) = std::round(0.7 * row(y));
        }
        if (kind == manipulation::deadline_push) {
          row(end - 1) = std::round(0.8 * row(end - 1));
          row(end) = std::round(0.6 * row(end));
        }
      }
    }
  }
  povstat::cohort_data<double> data;
  const std::size_t regions = prefectures + counties;
  data.poor.resize(static_cast<Eigen::Index>(regions), n_years);
  data.population.resize(static_cast<Eigen::Index>(regions), n_years);
  for (int y = first; y <= last; ++y) data.years.push_back(y);
  const auto name = [](char prefix, std::size_t i, int width) {
    std::string digits = std::to_string(i + 1);
    return std::string(1, prefix) + std::string(static_cast<std::size_t>(width) - digits.size(), '0') + digits;
  };
  for (std::size_t j = 0; j < prefectures; ++j) {
    data.regions.push_back(name('P', j, 3));
    data.parents.push_back("");
  }
  for (std::size_t c = 0; c < counties; ++c) {
    data.regions.push_back(name('C', c, 4));
    data.parents.push_back(data.regions[c / per_prefecture]);
    const auto row = static_cast<Eigen::Index>(prefectures + c);
    data.poor.row(row) = county_poor.row(static_cast<Eigen::Index>(c));
    data.population.row(row).setConstant(population[c]);
  }
  for (std::size_t j = 0; j < prefectures; ++j) {
    const auto row = static_cast<Eigen::Index>(j);
    data.poor.row(row).setZero();
    data.population.row(row).setZero();
    for (std::size_t k = 0; k < per_prefecture; ++k) {
      data.poor.row(row) += data.poor.row(static_cast<Eigen::Index>(prefectures + j * per_prefecture + k));
      data.population.row(row) += data.population.row(static_cast<Eigen::Index>(prefectures + j * per_prefecture + k));
    }
  }
  std::vector<std::size_t> manipulated;
  if (kind == manipulation::parent_sum) {
    for (const std::size_t j : chosen) {
      for (Eigen::Index y = end - 2; y <= end; ++y)
        data.poor(static_cast<Eigen::Index>(j), y) = std::round(0.95 * data.poor(static_cast<Eigen::Index>(j), y));
      manipulated.push_back(j);
    }
  } else {
    for (const std::size_t c : chosen) manipulated.push_back(prefectures + c);
  }
  return {povstat::regional_cohort<double>(std::move(data)), std::move(manipulated)};
}

}  // namespace audit_support

#endif
