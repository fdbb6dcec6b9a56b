// fit_all and fit_all_table: the batch kernels (linear, loglinear, poisson) against the
// one-series functions on many random cohorts, thread-count invariance, progress and
// cancellation, and the options' checks.
//
// Expected values are the one-series functions' (fit_linear, fit_loglinear, fit_poisson,
// themselves tested against R): regions the one-series function fitted (`batched` = 0) must
// match bit for bit; batch-fitted regions within the documented tolerance — 1e-12 relative
// for estimates, covariance, scale and rss of least squares; for Poisson rss, deviance and
// the Pearson dispersion, 1e-12 relative or their rounding sensitivity to the last bits of
// the fitted means (see `batch_tolerance_of` below), which the one-series value carries too.

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "povstat/fit/fit_all.hpp"
#include "povstat/fit/fit_table.hpp"

namespace batch_test {

using povstat::fit_status;
using povstat::trend_model;
using cohort_t = povstat::regional_cohort<double>;
constexpr double missing_cell = std::numeric_limits<double>::quiet_NaN();
constexpr double eps = std::numeric_limits<double>::epsilon();

/// A random cohort of `regions` × `years`, mixing regimes: Poisson counts around a
/// log-linear trend (levels from 1 to 1e9), straight lines with noise, exact lines and
/// exponentials, constants, tiny counts with zeros, and missing cells.
inline cohort_t random_cohort(std::uint64_t seed, std::size_t regions, std::size_t years, bool zeros, bool with_missing) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::normal_distribution<double> normal;
  Eigen::MatrixXd poor(static_cast<Eigen::Index>(regions), static_cast<Eigen::Index>(years));
  std::vector<std::string> names;
  std::vector<double> t;
  const double start = 1990 + std::floor(20 * unit(rng));
  for (std::size_t y = 0; y < years; ++y) t.push_back(start + static_cast<double>(y) + (y > 2 && unit(rng) < 0.2 ? 0.5 : 0.0));
  std::sort(t.begin(), t.end());
  t.erase(std::unique(t.begin(), t.end()), t.end());
  while (t.size() < years) t.push_back(t.back() + 1);
  for (std::size_t r = 0; r < regions; ++r) {
    names.push_back("region " + std::to_string(r));
    const int regime = static_cast<int>(8 * unit(rng));
    const double level = std::exp(std::log(1.0) + std::log(1e9) * unit(rng));
    const double rate = -0.3 + 0.35 * unit(rng);
    for (std::size_t y = 0; y < years; ++y) {
      const double x = static_cast<double>(y);
      double v = 0;
      switch (regime) {
        case 0:
        case 1:
        case 2: {
          const double mu = level * std::exp(rate * x + 0.05 * normal(rng));
          v = mu > 1e15 ? std::round(mu) : static_cast<double>(std::poisson_distribution<long long>(mu)(rng));
          break;
        }
        case 3: v = std::max(0.0, level * (1 + rate * x / 10) + 0.01 * level * normal(rng)); break;
        case 4: v = 2000 - 30 * x; break;                                    // an exact line
        case 5: v = std::round(level * std::exp(rate * x)); break;           // rounded exponential
        case 6: v = 7; break;                                                // constant
        default: v = static_cast<double>(std::poisson_distribution<int>(2.0)(rng)); break;  // tiny counts
      }
      if (!zeros && v <= 0) v = 1;
      if (with_missing && unit(rng) < 0.03) v = missing_cell;
      poor(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(y)) = v;
    }
  }
  return cohort_t({.regions = names, .years = t, .poor = poor});
}

inline bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

inline bool close(double a, double b, double tolerance, double floor = 0) {
  if (same(a, b)) return true;
  return std::abs(a - b) <= tolerance * std::max({std::abs(a), std::abs(b)}) + floor;
}

/// Bit-for-bit equality of two fits (for regions fitted by the one-series function).
inline void check_identical(const povstat::trend_fit<double>& a, const povstat::trend_fit<double>& b) {
  CHECK(a.status == b.status);
  CHECK(a.n == b.n);
  CHECK(a.years == b.years);
  CHECK(a.observed == b.observed);
  REQUIRE(a.coef.size() == b.coef.size());
  for (Eigen::Index j = 0; j < a.coef.size(); ++j) {
    CHECK(same(a.coef(j), b.coef(j)));
    CHECK(same(a.se(j), b.se(j)));
  }
  CHECK(same(a.sigma, b.sigma));
  CHECK(same(a.deviance, b.deviance));
  CHECK(a.fitted == b.fitted);
  CHECK(a.iterations == b.iterations);
}

/// A batch fit against the one-series fit, within the documented tolerances.
inline void check_close(const povstat::trend_fit<double>& batch, const povstat::trend_fit<double>& single) {
  constexpr double tol = 1e-12;
  CHECK(batch.status == single.status);
  CHECK(batch.iterations == single.iterations);
  CHECK(batch.n == single.n);
  CHECK(batch.df_residual == single.df_residual);
  CHECK(batch.model == single.model);
  CHECK(batch.link == single.link);
  CHECK(batch.family == single.family);
  CHECK(batch.coef_names == single.coef_names);
  CHECK(batch.years == single.years);
  CHECK(batch.observed == single.observed);
  CHECK(batch.time_origin == single.time_origin);
  REQUIRE(batch.coef.size() == 2);
  REQUIRE(single.coef.size() == 2);
  // Rounding sensitivity of sums over the fitted means (Poisson): each mu carries a relative
  // rounding error of ~ε (|b0| + |b1 (t − t0)|) from eta = b0 + b1 (t − t0), in both paths;
  // it moves rss by 2|r|mu, Pearson chi² and the deviance by 2|r| per unit, and the deviance
  // terms carry their own rounding, ε y (1 + |log(y/mu)|).
  double sens_rss = 0, sens_chi = 0, scale = 0;
  if (single.model == trend_model::poisson) {
    for (std::size_t i = 0; i < single.n; ++i) {
      const double mu = single.fitted[i], y = single.observed[i], r = y - mu;
      const double terms = std::abs(single.coef(0)) + std::abs(single.coef(1) * (single.years[i] - single.time_origin));
      sens_rss += 2 * std::abs(r) * mu * 16 * eps * (1 + terms);
      sens_chi += 2 * std::abs(r) * 16 * eps * (1 + terms);
      scale += 8 * eps * (y * (1 + (y > 0 ? std::abs(std::log(y / mu)) : 0)) + mu);
    }
  }
  const double chi_floor = sens_chi / static_cast<double>(single.df_residual);
  // Quasi-Poisson: vcov = dispersion · (XᵀWX)⁻¹ inherits the dispersion's sensitivity.
  const double rel_phi = single.family == povstat::trend_family::quasi_poisson ? chi_floor / single.dispersion : 0;
  for (Eigen::Index j = 0; j < 2; ++j) {
    if (!close(batch.coef(j), single.coef(j), tol))
      MESSAGE("coef " << j << " rel " << (batch.coef(j) / single.coef(j) - 1) << " model " << int(single.model) << " it "
                      << single.iterations << " coef " << single.coef(0) << " " << single.coef(1) << " se "
                      << single.se(0) << " " << single.se(1) << " n " << single.n << " t0 " << single.time_origin);
    CHECK(close(batch.coef(j), single.coef(j), tol));
    CHECK(close(batch.se(j), single.se(j), tol + rel_phi / 2));
    for (Eigen::Index k = 0; k < 2; ++k) CHECK(close(batch.vcov(j, k), single.vcov(j, k), tol + rel_phi));
  }
  CHECK(close(batch.rss, single.rss, tol, sens_rss));
  CHECK(close(batch.deviance, single.deviance, tol, sens_chi + scale));
  CHECK(close(batch.dispersion, single.dispersion, tol, chi_floor));
  CHECK(close(batch.sigma, single.sigma, tol, chi_floor / (2 * single.sigma)));
  // Derived: loglik moves by n/2 · δrss/rss (Gaussian) or Σ y δlog mu (Poisson).
  const double n = static_cast<double>(single.n);
  CHECK(close(*batch.loglik, *single.loglik, tol, n * 1e-12 + scale));
  CHECK(close(*batch.aic, *single.aic, tol, 2 * n * 1e-12 + 2 * scale));
  CHECK(close(*batch.bic, *single.bic, tol, 2 * n * 1e-12 + 2 * scale));
  CHECK(batch.aicc.has_value() == single.aicc.has_value());
  CHECK(batch.r_squared.has_value() == single.r_squared.has_value());
  if (batch.r_squared) CHECK(close(*batch.r_squared, *single.r_squared, 0, 1e-12));
  // Fitted values: the error of eta = b0 + b1 (t − t0) is 1e-12 of its terms; exp turns it
  // into a relative error.
  for (std::size_t i = 0; i < single.n; ++i) {
    const double x = single.years[i] - single.time_origin;
    const double terms = std::abs(single.coef(0)) + std::abs(single.coef(1) * x);
    const bool log_link = single.link == povstat::trend_link::log;
    const double floor = log_link ? 0 : tol * terms;
    const double rel = log_link ? tol * (1 + terms) : tol;
    CHECK(close(batch.fitted[i], single.fitted[i], rel, floor));
    CHECK(close(batch.residuals[i], single.residuals[i], rel, floor + rel * std::abs(single.fitted[i])));
  }
}

/// fit_all and fit_all_table against the one-series function, region by region.
inline std::size_t check_cohort(const cohort_t& cohort, trend_model model, const povstat::fit_all_options<double>& options) {
  const auto fits = povstat::fit_all(cohort, model, options);
  const auto table = povstat::fit_all_table(cohort, model, options);
  REQUIRE(fits.size() == cohort.region_count());
  REQUIRE(table.size() == cohort.region_count());
  std::size_t batched = 0;
  for (std::size_t r = 0; r < cohort.region_count(); ++r) {
    CAPTURE(r);
    CAPTURE(povstat::to_string(model));
    const auto single = povstat::detail::fit_one_region("fit_all", cohort, r, model, options.time_origin, options.variance);
    const auto rebuilt = table.fit(cohort, r);
    check_identical(rebuilt, fits[r]);  // the table rebuilds fit_all's fit bit for bit
    CHECK(table.status[r] == single.status);
    CHECK(table.n[r] == single.n);
    if (table.batched[r]) {
      ++batched;
      check_close(fits[r], single);
      CHECK(table.se(r, 1) == fits[r].se(1));
      CHECK(table.df_residual(r) == single.df_residual);
    } else {
      check_identical(fits[r], single);
      if (single.status != fit_status::insufficient_data) CHECK(same(table.coef(static_cast<Eigen::Index>(r), 1), single.coef(1)));
    }
  }
  return batched;
}

}  // namespace batch_test

TEST_CASE("fit_all batch kernels equal the one-series functions on random cohorts") {
  using namespace batch_test;
  std::size_t batched[3] = {0, 0, 0}, regions = 0;
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    const std::size_t years = std::vector<std::size_t>{3, 4, 5, 8, 15, 23, 40, 60}[seed % 8];
    const bool with_missing = seed % 3 == 0;
    CAPTURE(seed);
    CAPTURE(years);
    const cohort_t with_zeros = random_cohort(seed, 150, years, true, with_missing);
    const cohort_t positive = random_cohort(seed, 150, years, false, with_missing);
    regions += 150;
    for (int k = 0; k < 2; ++k) {
      const povstat::fit_all_options<double> options =
          k == 0 ? povstat::fit_all_options<double>{}
                 : povstat::fit_all_options<double>{.time_origin = 0.0, .variance = povstat::dispersion::quasi};
      batched[0] += check_cohort(with_zeros, trend_model::linear, options);
      batched[1] += check_cohort(positive, trend_model::loglinear, options);
      batched[2] += check_cohort(with_zeros, trend_model::poisson, options);
    }
  }
  MESSAGE("batch-fitted of " << 2 * regions << " regions: linear " << batched[0] << ", loglinear " << batched[1]
                             << ", poisson " << batched[2]);
  // The kernels must carry most regions (else they are not a batch path at all); the random
  // cohorts include exact lines, constants and tiny counts, which fall back by design.
  CHECK(batched[0] > regions);
  CHECK(batched[1] > regions);
  CHECK(batched[2] > regions / 2);  // half the runs use time_origin = 0: eta = b0 + b1·t rounds
                                     // at the size of b1·2000, so more decisions are left to fit_poisson
}

TEST_CASE("regions with missing cells are batch-fitted over their observed years") {
  using namespace batch_test;
  // 15 years, about a third of the regions with a missing cell, some with the first year
  // missing (a later time origin); every region is checked against the one-series function
  // by check_cohort, and the kernels must carry the regions with gaps, not only complete ones.
  const cohort_t positive = random_cohort(101, 600, 15, false, false);
  Eigen::MatrixXd poor = positive.poor();
  std::mt19937_64 rng(7);
  std::size_t with_gaps = 0;
  for (Eigen::Index r = 0; r < poor.rows(); ++r) {
    if (r % 3 != 0) continue;
    ++with_gaps;
    poor(r, static_cast<Eigen::Index>(rng() % 15)) = missing_cell;
    if (r % 9 == 0) poor(r, 0) = missing_cell;
    if (r % 27 == 0) poor(r, static_cast<Eigen::Index>(rng() % 15)) = missing_cell;
  }
  const auto names = positive.region_names();
  const auto years = positive.years();
  const cohort_t gaps({.regions = {names.begin(), names.end()}, .years = {years.begin(), years.end()}, .poor = poor});
  for (const trend_model model : {trend_model::linear, trend_model::loglinear, trend_model::poisson}) {
    CAPTURE(povstat::to_string(model));
    check_cohort(gaps, model, {});
    const auto table = povstat::fit_all_table(gaps, model);
    std::size_t gaps_batched = 0;
    for (Eigen::Index r = 0; r < poor.rows(); r += 3) gaps_batched += table.batched[static_cast<std::size_t>(r)];
    MESSAGE(povstat::to_string(model) << ": " << gaps_batched << " of " << with_gaps << " regions with gaps batch-fitted");
    // The cohort's regimes include exact lines and constants, which fall back by design
    // (about a quarter of the regions); Poisson leaves more decisions to fit_poisson.
    CHECK(gaps_batched >= with_gaps / (model == trend_model::poisson ? 3 : 2));
  }
}

TEST_CASE("overdispersed large counts stay in the Poisson batch kernel") {
  using namespace batch_test;
  // W1's regime: counts of 20 to 2e5 declining at 2-50 % a year with 10 % extra-Poisson noise.
  // IRLS reaches the optimum where the deviance changes by its rounding only; fit_poisson
  // takes a rise below the convergence bound as convergence, a decision the kernel can
  // reproduce, so nearly every region is batch-fitted (and matches fit_poisson, checked by
  // check_cohort).
  std::mt19937_64 rng(2024);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::normal_distribution<double> normal(0.0, 0.1);
  const std::size_t regions = 400, years = 15;
  Eigen::MatrixXd poor(static_cast<Eigen::Index>(regions), static_cast<Eigen::Index>(years));
  std::vector<std::string> names;
  std::vector<double> t;
  for (std::size_t y = 0; y < years; ++y) t.push_back(2006.0 + static_cast<double>(y));
  for (std::size_t r = 0; r < regions; ++r) {
    names.push_back("r" + std::to_string(r));
    const double level = std::exp(std::log(20.0) + (std::log(2e5) - std::log(20.0)) * unit(rng));
    const double rate = 0.02 + 0.48 * unit(rng);
    for (std::size_t y = 0; y < years; ++y) {
      const double mu = level * std::exp(-rate * static_cast<double>(y) + normal(rng));
      double count = static_cast<double>(std::poisson_distribution<long long>(mu)(rng));
      if (y < 3) count = std::max(count, 1.0);
      poor(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(y)) = count;
    }
  }
  const cohort_t cohort({.regions = names, .years = t, .poor = poor});
  const std::size_t batched = check_cohort(cohort, trend_model::poisson, {});
  MESSAGE("poisson: " << batched << " of " << regions << " overdispersed regions batch-fitted");
  CHECK(batched >= regions * 95 / 100);
}

TEST_CASE("fit_all_table reports every status and keeps the one-series errors") {
  using namespace batch_test;
  using matrix = Eigen::MatrixXd;
  const cohort_t cohort({.regions = {"A", "B", "C", "D"},
                         .years = {2010, 2011, 2012, 2013},
                         .poor = matrix{{10, 8, 7, 5}, {4, missing_cell, 3, missing_cell}, {missing_cell, missing_cell, missing_cell, missing_cell}, {9, 7, 6, 4}}});
  const auto table = povstat::fit_all_table(cohort, trend_model::linear, {.time_origin = 2010.0});
  REQUIRE(table.size() == 4);
  CHECK(table.status[0] == fit_status::converged);
  CHECK(table.batched[0] == 1);
  CHECK(table.coef(0, 1) == doctest::Approx(-1.6));
  CHECK(table.status[1] == fit_status::insufficient_data);
  CHECK(table.n[1] == 2);
  CHECK(std::isnan(table.coef(1, 0)));
  CHECK(table.df_residual(1) == 0);
  CHECK(table.status[2] == fit_status::insufficient_data);
  CHECK(table.n[2] == 0);
  CHECK(table.fit(cohort, 1).years == std::vector<double>{2010, 2012});
  CHECK(table.fit(cohort, 2).n == 0);
  CHECK(table.coefficient_count() == 2);

  // max_iterations and stalled come from the one-series path; a batch region reports the
  // iteration count of IRLS.
  const auto poisson = povstat::fit_all_table(cohort, trend_model::poisson);
  CHECK(poisson.status[0] == fit_status::converged);
  CHECK(poisson.iterations[0] == povstat::fit_poisson(cohort.series(0)).iterations);

  CHECK_THROWS_WITH_AS(table.fit(cohort, 4), "povstat::fit_table::fit: region is 4, but must be < 4 (the regions of the table)",
                       povstat::invalid_input);
  CHECK_THROWS_WITH_AS(table.se(0, 2), "povstat::fit_table::se: j is 2, but must be < 2 (the coefficients)",
                       povstat::invalid_input);
  const cohort_t other({.regions = {"A"}, .years = {2010, 2011, 2012}, .poor = matrix{{1, 2, 3}}});
  CHECK_THROWS_WITH_AS(table.fit(other, 0),
                       "povstat::fit_table::fit: cohort.region_count() is 1, but must be 4 (the regions of the table)",
                       povstat::invalid_input);

  const cohort_t zero({.regions = {"North", "South"}, .years = {2010, 2011, 2012}, .poor = matrix{{9, 8, 7}, {3, 1, 0}}});
  CHECK_THROWS_WITH_AS(povstat::fit_all_table(zero, trend_model::loglinear),
                       "povstat::fit_all_table: region 'South': poor[2] (year 2012) is 0, but must be > 0 (the log "
                       "of 0 is undefined; fit_poisson fits zero counts)",
                       povstat::invalid_input);
  // Other models: the one-series function, bit for bit.
  const auto huber = povstat::fit_all_table(cohort, trend_model::huber);
  CHECK(huber.batched[0] == 0);
  CHECK(huber.coef(0, 1) == povstat::fit_huber(cohort.series(0)).coef(1));
}

TEST_CASE("fit_all and fit_all_table are bit-identical for 1, 2, 3 and 7 threads") {
  using namespace batch_test;
  const cohort_t cohort = random_cohort(99, 3000, 9, true, true);  // three chunks, one partial
  for (const trend_model model : {trend_model::linear, trend_model::poisson, trend_model::theil_sen}) {
    CAPTURE(povstat::to_string(model));
    const auto reference = povstat::fit_all_table(cohort, model);
    const auto reference_fits = povstat::fit_all(cohort, model, {.execution = povstat::execution{1}});
    for (const std::size_t threads : {2u, 3u, 7u}) {
      CAPTURE(threads);
      const auto table = povstat::fit_all_table(cohort, model, {.execution = povstat::execution{threads}});
      const auto bytes = [](const auto& v) { return static_cast<std::size_t>(v.size()) * sizeof(v[0]); };
      CHECK(std::memcmp(table.coef.data(), reference.coef.data(), bytes(reference.coef.reshaped())) == 0);
      CHECK(std::memcmp(table.vcov.data(), reference.vcov.data(), bytes(reference.vcov.reshaped())) == 0);
      CHECK(std::memcmp(table.deviance.data(), reference.deviance.data(), bytes(reference.deviance)) == 0);
      CHECK(std::memcmp(table.sigma.data(), reference.sigma.data(), bytes(reference.sigma)) == 0);
      CHECK(table.status == reference.status);
      CHECK(table.iterations == reference.iterations);
      CHECK(table.batched == reference.batched);
      if (model != trend_model::theil_sen) {
        const auto fits = povstat::fit_all(cohort, model, {.execution = povstat::execution{threads}});
        for (std::size_t r = 0; r < fits.size(); ++r) check_identical(fits[r], reference_fits[r]);
      }
    }
  }
}

TEST_CASE("fit_all reports monotone progress in regions and cancels cleanly") {
  using namespace batch_test;
  const cohort_t cohort = random_cohort(5, 5000, 6, true, false);
  for (const std::size_t threads : {1u, 2u, 3u}) {
    CAPTURE(threads);
    std::vector<std::size_t> seen;
    const auto table = povstat::fit_all_table(cohort, trend_model::poisson,
                                              {.execution = povstat::execution{threads},
                                               .progress = [&](std::size_t done, std::size_t total) {
                                                 CHECK(total == 5000);
                                                 seen.push_back(done);
                                                 return true;
                                               }});
    REQUIRE(!seen.empty());
    CHECK(std::is_sorted(seen.begin(), seen.end()));
    CHECK(seen.back() == 5000);
    CHECK(table.size() == 5000);

  }
  // Cancellation is offered when the calling thread finishes a chunk (core/execution.hpp);
  // only one thread guarantees that it gets one before the helpers have taken them all.
  const auto stop = [](std::size_t, std::size_t) { return false; };
  CHECK_THROWS_WITH_AS(povstat::fit_all(cohort, trend_model::linear, {.progress = stop}),
                       "povstat::fit_all: cancelled by the progress callback", povstat::cancelled);
  CHECK_THROWS_WITH_AS(povstat::fit_all_table(cohort, trend_model::poisson, {.progress = stop}),
                       "povstat::fit_all_table: cancelled by the progress callback", povstat::cancelled);
}

TEST_CASE("fit_all and fit_all_table reject bad options with the documented messages") {
  using namespace batch_test;
  const cohort_t cohort = random_cohort(3, 10, 5, true, false);
  CHECK_THROWS_WITH_AS(povstat::fit_all(cohort, trend_model::linear, {.execution = povstat::execution{0}}),
                       "povstat::fit_all: options.execution.threads is 0, but must be >= 1 (use execution::parallel() "
                       "for every hardware thread)",
                       povstat::invalid_input);
  CHECK_THROWS_WITH_AS(povstat::fit_all_table(cohort, trend_model::poisson, {.execution = povstat::execution{0}}),
                       "povstat::fit_all_table: options.execution.threads is 0, but must be >= 1 (use "
                       "execution::parallel() for every hardware thread)",
                       povstat::invalid_input);
  CHECK_THROWS_WITH_AS(povstat::fit_all(cohort, trend_model::linear, {.time_origin = std::numeric_limits<double>::infinity()}),
                       "povstat::fit_all: options.time_origin is inf, but must be finite", povstat::invalid_input);
}
