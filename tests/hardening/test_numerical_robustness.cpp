// Numerical robustness (issue #8, part 4): extreme but valid input must give accurate
// answers, not merely no crash. Every expected value is derived here, independently of the
// code under test: closed forms, exact integer / rational arithmetic, or long double.
// Each test prints the accuracy it measured (digits = -log10 of the relative error); the
// figures are recorded in docs/errors.md ("Numerical robustness").
//
// Tolerances: the library promises results "to rounding" where the problem is well
// conditioned (relative error a small multiple of 2^-53 ~ 1.1e-16), and an error bounded by
// condition number × unit roundoff where it is not; each CHECK states its bound.

#include <doctest/doctest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "povstat/povstat.hpp"

namespace robustness {

using V = std::vector<double>;

/// |got - want| / |want| (absolute when want is 0).
inline double relative_error(long double got, long double want) {
  const long double d = std::fabs(got - want);
  return static_cast<double>(want == 0 ? d : d / std::fabs(want));
}
/// Correct decimal digits of a relative error (17 for an exact result).
inline double digits(double error) { return error == 0 ? 17.0 : std::min(17.0, -std::log10(error)); }

inline void report(const std::string& what, double error) {
  MESSAGE(what << ": relative error " << error << " (" << digits(error) << " digits)");
}

/// Slope and mean-level of the least-squares line through (t_i, y_i), in long double with
/// the time centred (a two-pass formula; exact for the small integer data used here).
struct line_ld {
  long double slope, mean_t, mean_y;
};
inline line_ld ols_long_double(const std::vector<long double>& t, const std::vector<long double>& y) {
  const auto n = static_cast<long double>(t.size());
  long double st = 0, sy = 0;
  for (std::size_t i = 0; i < t.size(); ++i) st += t[i], sy += y[i];
  const long double mt = st / n, my = sy / n;
  long double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < t.size(); ++i) sxy += (t[i] - mt) * (y[i] - my), sxx += (t[i] - mt) * (t[i] - mt);
  return {sxy / sxx, mt, my};
}

}  // namespace robustness

using robustness::digits;
using robustness::relative_error;
using robustness::report;
using V = robustness::V;

TEST_SUITE_BEGIN("hardening");

// Counts near 1e12 that differ by a few units: y_i = 1e12 + k_i with integer k_i. Every y_i
// is exact in double; the OLS slope is the exact rational Σ(2i−9)k_i / (2·82.5) for years
// 2010..2019 (Σ(i − 4.5)² = 82.5), the mean level 1e12 + Σk_i/10. A fit that did not centre
// would lose ~12 of 16 digits to cancellation.
TEST_CASE("linear and Poisson fits of counts near 1e12 are accurate to rounding") {
  const std::vector<std::int64_t> k = {17, 12, 14, 9, 8, 8, 5, 3, 4, 0};
  std::int64_t numerator = 0, sum_k = 0;  // slope = numerator / 165
  V years, poor;
  for (std::size_t i = 0; i < k.size(); ++i) {
    numerator += (2 * static_cast<std::int64_t>(i) - 9) * k[i];
    sum_k += k[i];
    years.push_back(2010.0 + static_cast<double>(i));
    poor.push_back(1e12 + static_cast<double>(k[i]));
  }
  const long double slope = static_cast<long double>(numerator) / 165.0L;
  const long double level = 1e12L + static_cast<long double>(sum_k) / 10.0L;  // fitted at 2014.5
  const povstat::population_series<double> series(years, poor);
  const auto fit = povstat::fit_linear(series);
  const double slope_error = relative_error(fit.coef(1), slope);
  const double level_error = relative_error(fit.mean(2014.5), level);
  report("fit_linear slope, counts 1e12 + k (slope " + std::to_string(static_cast<double>(slope)) + ")", slope_error);
  report("fit_linear level at the mean year, counts 1e12 + k", level_error);
  // The slope is a difference of counts 1e12 apart: its condition number is ~1e12 / 1.6,
  // so rounding the data alone allows 1e12 × 1.1e-16 ~ 1e-4 relative; QR on the centred
  // design does far better than that bound. The level is well conditioned.
  CHECK(slope_error < 1e-6);
  CHECK(level_error < 4e-16);

  // Exact exponential counts y_i = 2^40 · 2^-i (i = 0..9, near 1.1e12): the Poisson MLE is
  // the curve itself (the score Σ(y − μ)x vanishes at μ = y), so the slope is −log 2.
  V exp_years, exp_poor;
  for (int i = 0; i < 10; ++i) {
    exp_years.push_back(2010.0 + i);
    exp_poor.push_back(std::ldexp(1.0, 40 - i));
  }
  const auto poisson = povstat::fit_poisson(povstat::population_series<double>(exp_years, exp_poor));
  const double poisson_error = relative_error(poisson.coef(1), -std::log(2.0L));
  report("fit_poisson slope, exact 2^40 * 2^-i", poisson_error);
  CHECK(poisson.status == povstat::fit_status::converged);
  CHECK(poisson_error < 1e-12);
  const auto loglinear = povstat::fit_loglinear(povstat::population_series<double>(exp_years, exp_poor));
  const double loglinear_error = relative_error(loglinear.coef(1), -std::log(2.0L));
  report("fit_loglinear slope, exact 2^40 * 2^-i", loglinear_error);
  CHECK(loglinear_error < 1e-14);
}

// Counts near 1: y_i = 1 + k_i·2^-40. The slope, k-weighted as above times 2^-40, is ~1e-13:
// all information sits in the last 13 bits of each count. Exact rational reference.
TEST_CASE("a linear fit of counts near 1 that differ in their last bits is exact") {
  const std::vector<std::int64_t> k = {900, 850, 870, 700, 690, 500, 420, 430, 200, 100};
  std::int64_t numerator = 0;
  V years, poor;
  for (std::size_t i = 0; i < k.size(); ++i) {
    numerator += (2 * static_cast<std::int64_t>(i) - 9) * k[i];
    years.push_back(2010.0 + static_cast<double>(i));
    poor.push_back(1.0 + std::ldexp(static_cast<double>(k[i]), -40));
  }
  const long double slope = std::ldexp(static_cast<long double>(numerator) / 165.0L, -40);
  const auto fit = povstat::fit_linear(povstat::population_series<double>(years, poor));
  const double error = relative_error(fit.coef(1), slope);
  report("fit_linear slope " + std::to_string(static_cast<double>(slope)) + ", counts 1 + k 2^-40", error);
  // Condition ~ 1 / (spread 2^-30) ~ 1e9 on the data's rounding, but the data are exact:
  // centred QR with refinement recovers the slope to a few units of 1e-16 × κ_centred.
  CHECK(error < 1e-10);
}

// Years near 1e4 and fractional (quarters of 9998 .. 10002): exact linear and exponential
// data. Linear: y = 5e6 − 1234.5 (t − 10000) is exact in double for quarter years, so the
// fit must return slope −1234.5 and zero residuals. Exponential: y = 1e6 exp(−0.1 (t − 10000))
// computed in long double then rounded: log y is linear to 1e-16, so the loglinear slope is
// −0.1 to rounding — without centring, exp(−0.1 t) at t = 1e4 underflows (e^-1000).
TEST_CASE("fits with years near 1e4 in quarter steps recover exact trends") {
  V years, linear_counts, exp_counts;
  for (int q = 0; q <= 16; ++q) {
    const double t = 9998.0 + 0.25 * q;
    years.push_back(t);
    linear_counts.push_back(5e6 - 1234.5 * (t - 10000.0));
    exp_counts.push_back(static_cast<double>(1e6L * std::exp(-0.1L * (static_cast<long double>(t) - 10000.0L))));
  }
  const auto linear = povstat::fit_linear(povstat::population_series<double>(years, linear_counts));
  const double slope_error = relative_error(linear.coef(1), -1234.5L);
  const double level_error = relative_error(linear.mean(10001.125), 5e6L - 1234.5L * 1.125L);
  report("fit_linear slope, quarter years near 1e4", slope_error);
  report("fit_linear prediction at 10001.125", level_error);
  CHECK(slope_error < 1e-14);
  CHECK(level_error < 1e-15);
  const auto loglinear = povstat::fit_loglinear(povstat::population_series<double>(years, exp_counts));
  const double log_error = relative_error(loglinear.coef(1), -0.1L);
  report("fit_loglinear slope, quarter years near 1e4", log_error);
  CHECK(log_error < 1e-12);
  const auto poisson = povstat::fit_poisson(povstat::population_series<double>(years, exp_counts));
  const double poisson_error = relative_error(poisson.coef(1), -0.1L);
  report("fit_poisson slope, quarter years near 1e4", poisson_error);
  CHECK(poisson_error < 1e-10);
}

namespace robustness {

/// K kinds of record (income, weight) with weights spread over 1e-3 .. 1e3 (a ratio of 1e6)
/// and incomes around the line z = 100; record i is of kind (i·p) mod K with p coprime to K,
/// so large and small weights interleave. With N a multiple of K every kind occurs N/K times
/// and the FGT index of the N records equals that of one period, Σ_k w_k g_k / Σ_k w_k —
/// computed in long double from K = 1000 terms.
struct weighted_records {
  static constexpr std::size_t kinds = 1000, stride = 617;  // gcd(617, 1000) = 1
  V income = V(kinds), weight = V(kinds);
  weighted_records() {
    for (std::size_t k = 0; k < kinds; ++k) {
      income[k] = 10.0 + 0.25 * static_cast<double>(k);                                 // 10 .. 259.75
      weight[k] = std::pow(10.0, -3.0 + 6.0 * static_cast<double>((k * 37) % kinds) / 999.0);  // 1e-3 .. 1e3
    }
  }
  std::size_t kind(std::uint64_t i) const { return static_cast<std::size_t>((i * stride) % kinds); }
  /// P_alpha of one period, in long double.
  long double fgt(double z, int alpha) const {
    long double num = 0, den = 0;
    for (std::size_t k = 0; k < kinds; ++k) {
      den += weight[k];
      if (income[k] < z) num += weight[k] * std::pow((static_cast<long double>(z) - income[k]) / z, alpha);
    }
    return num / den;
  }
  /// Mean log deviation (GE(0)) of one period, in long double.
  long double mld() const {
    long double w = 0, wy = 0, wlog = 0;
    for (std::size_t k = 0; k < kinds; ++k) {
      w += weight[k];
      wy += weight[k] * static_cast<long double>(income[k]);
      wlog += weight[k] * std::log(static_cast<long double>(income[k]));
    }
    return std::log(wy / w) - wlog / w;
  }
};

/// Feeds records [begin, end) into `chunks` accumulators made by `make`, merges them in
/// order and returns the merged accumulator (what a threaded or distributed pass does).
template <class Make>
auto accumulate_in_chunks(const weighted_records& data, std::uint64_t records, std::size_t chunks, const Make& make) {
  auto total = make();
  const std::uint64_t per = records / chunks;
  for (std::size_t c = 0; c < chunks; ++c) {
    auto part = make();
    const std::uint64_t begin = c * per, end = c + 1 == chunks ? records : begin + per;
    for (std::uint64_t i = begin; i < end; ++i) {
      const std::size_t k = data.kind(i);
      part.add(data.income[k], data.weight[k]);
    }
    total.merge(part);
  }
  return total;
}

inline void check_weighted_records(std::uint64_t records, std::size_t chunks) {
  const weighted_records data;
  const double z = 100;
  const auto p1 = accumulate_in_chunks(data, records, chunks, [&] { return povstat::fgt_accumulator<double>(z, 1.0); });
  const auto ge0 = accumulate_in_chunks(data, records, chunks,
                                        [&] { return povstat::generalized_entropy_accumulator<double>(0.0); });
  REQUIRE(p1.count() == records);
  const double p1_error = relative_error(p1.result(), data.fgt(z, 1));
  const double p0_error = relative_error(p1.poor_weight() / p1.total_weight(), data.fgt(z, 0));
  const double mld_error = relative_error(ge0.result(), data.mld());
  const std::string label = std::to_string(records) + " records, weights 1e-3..1e3, " + std::to_string(chunks) + " chunks";
  report("fgt_accumulator P1, " + label, p1_error);
  report("fgt_accumulator P0 (poor weight / total), " + label, p0_error);
  report("generalized_entropy_accumulator GE(0), " + label, mld_error);
  // Compensated sums: error ~ u·|S| + (n u)²·Σ|x|, i.e. rounding for n u << 1 (n u = 1e-8
  // at 1e8 records), then a few roundings in the final ratio: 1e-15 allows 9 ulps. A plain
  // running sum would drift by up to n u ~ 1e-8 (see the naive figure below).
  CHECK(p1_error < 1e-15);
  CHECK(p0_error < 1e-15);
  CHECK(mld_error < 1e-13);  // GE(0) = log(mean) − mean log: cancellation of ~2 digits
  long double naive_w = 0;
  double naive = 0;
  for (std::uint64_t i = 0; i < records; ++i) naive += data.weight[data.kind(i)];
  for (std::size_t k = 0; k < weighted_records::kinds; ++k) naive_w += data.weight[k];
  naive_w *= static_cast<long double>(records / weighted_records::kinds);
  report("for comparison: naive double sum of the weights, " + label, relative_error(naive, naive_w));
  report("compensated total weight, " + label, relative_error(p1.total_weight(), naive_w));
  CHECK(relative_error(p1.total_weight(), naive_w) < 2e-16);
}

}  // namespace robustness

// 1e7 records here (160 MB if stored: they are generated on the fly), merged from 8 chunks;
// the 1e8-record run is the next test case, skipped by default because a Debug build takes
// about a minute for it (run it by name; its result is recorded in docs/errors.md).
TEST_CASE("weighted FGT and GE(0) over 1e7 records with weights varying by 1e6 are exact to rounding") {
  robustness::check_weighted_records(10'000'000, 8);
}

TEST_CASE("weighted FGT and GE(0) over 1e8 records with weights varying by 1e6 (slow)" * doctest::skip()) {
  robustness::check_weighted_records(100'000'000, 16);
}

// The one-pass functions on stored data (1e6 records) agree with the same references.
TEST_CASE("fgt and mld over 1e6 stored weighted records agree with the long double reference") {
  const robustness::weighted_records data;
  V y, w;
  for (std::uint64_t i = 0; i < 1'000'000; ++i) {
    y.push_back(data.income[data.kind(i)]);
    w.push_back(data.weight[data.kind(i)]);
  }
  const double p2_error = relative_error(povstat::fgt(y, w, 100.0, 2.0), data.fgt(100.0, 2));
  const double mld_error = relative_error(povstat::mld(y, w), data.mld());
  report("fgt P2, 1e6 stored records", p2_error);
  report("mld, 1e6 stored records", mld_error);
  CHECK(p2_error < 1e-15);
  CHECK(mld_error < 1e-13);
}

// Nearly collinear designs with exact data: y = X β exactly (small integers), so the least-
// squares solution is β whatever the conditioning; what is lost is the algorithm's error,
// bounded by κ(X)·u for a backward-stable QR. Columns 1, x, x + δ·z with δ = 1e-6 .. 1e-10.
TEST_CASE("least squares on nearly collinear columns recovers the exact coefficients") {
  for (const double delta : {1e-6, 1e-8, 1e-10}) {
    const Eigen::Index n = 20;
    Eigen::MatrixXd X(n, 3);
    Eigen::VectorXd y(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      const double x = static_cast<double>(i), z = static_cast<double>((i * 7) % 5) - 2.0;
      X(i, 0) = 1;
      X(i, 1) = x;
      X(i, 2) = x + delta * z;  // rounded: X is what it is, and y is computed from it below
    }
    // y = X (3, −2, 1) evaluated exactly: every term is a double and the sum is exact in
    // long double (a few bits beyond x), then rounded once to double — that rounding is the
    // only perturbation, of relative size 2^-53 in y.
    for (Eigen::Index i = 0; i < n; ++i)
      y(i) = static_cast<double>(3.0L - 2.0L * X(i, 1) + static_cast<long double>(X(i, 2)));
    const auto fit = povstat::least_squares(X, y, {.rank_tolerance = 0});
    double worst = 0;
    const double beta[] = {3, -2, 1};
    for (int j = 0; j < 3; ++j) worst = std::max(worst, std::abs(fit.coef(j) - beta[j]));
    char label[96];
    std::snprintf(label, sizeof label, "least_squares, columns x and x + %g z, max absolute coef error (coefs 3, -2, 1)", delta);
    report(label, worst);
    // κ of the centred, scaled design ~ 1/δ; rounding y by u·|y| moves β by up to κ·u·|y|/|ŷ|
    // ~ 1.1e-16 / δ; allow 100× that.
    CHECK(worst < 100 * 1.1e-16 / delta);
  }
  // Exact collinearity is a clear status, not garbage: the column is aliased (its coefficient
  // NaN), or an error with require_full_rank.
  Eigen::MatrixXd X(4, 3);
  X << 1, 1, 2, 1, 2, 4, 1, 3, 6, 1, 4, 8;
  const auto fit = povstat::least_squares(X, Eigen::Vector4d(1, 2, 3, 5));
  CHECK(fit.rank == 2);
  CHECK(fit.aliased.size() == 1);
  CHECK_THROWS_AS(povstat::least_squares(X, Eigen::Vector4d(1, 2, 3, 5), {.require_full_rank = true}),
                  povstat::invalid_input);
}

// A cubic in x = 10000 .. 10011: the Vandermonde columns 1, x, x², x³ are collinear to ~1
// part in 1e8 even after centring. y = 7 − 3x + 2x² + x³ is an integer below 2^53 for every x,
// so the data are exact and the answer is (7, −3, 2, 1).
// (i) With the default rank tolerance (1e-7, R's) x³ is aliased — a clear status, and what
//     R's lm(y ~ x + I(x^2) + I(x^3)) reports too (NA for I(x^3)).
// (ii) With rank_tolerance = 0 the fit must recover the cubic: its fitted values are well
//     determined; the raw-power coefficients are not (κ ~ 1e12 for x², 1e15 for the constant),
//     so they are checked against κ·u bounds.
TEST_CASE("polynomial_fit of an exact cubic at x near 1e4: aliased by default, recovered without a rank tolerance") {
  V x, y;
  for (int i = 0; i < 12; ++i) {
    const std::int64_t xi = 10000 + i;
    x.push_back(static_cast<double>(xi));
    y.push_back(static_cast<double>(7 - 3 * xi + 2 * xi * xi + xi * xi * xi));
  }
  const auto aliased = povstat::polynomial_fit(x, y, 3);
  CHECK(aliased.rank == 3);
  REQUIRE(aliased.aliased.size() == 1);
  CHECK(aliased.aliased[0] == 3);
  CHECK(std::isnan(aliased.coef(3)));

  const auto fit = povstat::polynomial_fit(x, y, 3, {.rank_tolerance = 0});
  REQUIRE(fit.rank == 4);
  const double c3 = relative_error(fit.coef(3), 1), c2 = relative_error(fit.coef(2), 2);
  double fitted = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    fitted = std::max(fitted, relative_error(fit.fitted(static_cast<Eigen::Index>(i)), y[i]));
  report("polynomial_fit x^3 coefficient, x near 1e4, rank_tolerance 0", c3);
  report("polynomial_fit x^2 coefficient, x near 1e4, rank_tolerance 0", c2);
  report("polynomial_fit fitted values (max), x near 1e4, rank_tolerance 0", fitted);
  CHECK(c3 < 1e-6);
  CHECK(c2 < 1e-2);
  CHECK(fitted < 1e-15);
}

// A Poisson series that is all zeros but one interior count. The MLE of log μ_t = a + b t
// solves Σ y_t = Σ μ_t and Σ t y_t = Σ t μ_t. (i) Years 1..5, y = (0, 0, 7, 0, 0): b = 0 and
// μ_t = 7/5 (the weighted mean year must be 3, the middle). (ii) Years 1..4, y = (0, 7, 0, 0):
// with q = e^b the second equation is Σ t q^t = 2 Σ q^t, i.e. q(2q³ + q² − 1) = 0, whose
// positive root q* is found below by bisection in long double; μ_t = 7 q*^t / Σ_s q*^s.
// (iii) The one count last, y = (0, 0, 0, 7): no finite MLE (b → ∞); the fit must say so
// through its standard errors, not by inventing a finite answer.
TEST_CASE("Poisson fits of a series of zeros but one count match the closed-form MLE") {
  using povstat::population_series;
  const auto middle = povstat::fit_poisson(population_series<double>(V{1, 2, 3, 4, 5}, V{0, 0, 7, 0, 0}));
  CHECK(middle.status == povstat::fit_status::converged);
  double worst = 0;
  for (double f : middle.fitted) worst = std::max(worst, relative_error(f, 7.0L / 5.0L));
  report("fit_poisson fitted, y = (0, 0, 7, 0, 0)", worst);
  CHECK(worst < 1e-10);
  CHECK(std::abs(middle.coef(1)) < 1e-10);

  long double lo = 0.1L, hi = 1.0L;  // 2q³ + q² − 1: −0.97 at 0.1, +2 at 1
  for (int i = 0; i < 200; ++i) {
    const long double mid = (lo + hi) / 2;
    (2 * mid * mid * mid + mid * mid - 1 < 0 ? lo : hi) = mid;
  }
  const long double q = (lo + hi) / 2, norm = q + q * q + q * q * q + q * q * q * q;
  const auto second = povstat::fit_poisson(population_series<double>(V{1, 2, 3, 4}, V{0, 7, 0, 0}));
  CHECK(second.status == povstat::fit_status::converged);
  worst = 0;
  for (int t = 1; t <= 4; ++t)
    worst = std::max(worst, relative_error(second.fitted[static_cast<std::size_t>(t - 1)], 7 * std::pow(q, t) / norm));
  const double slope_error = relative_error(second.coef(1), std::log(q));
  report("fit_poisson fitted, y = (0, 7, 0, 0)", worst);
  report("fit_poisson slope log q*, y = (0, 7, 0, 0)", slope_error);
  CHECK(worst < 1e-10);
  CHECK(slope_error < 1e-10);

  const auto last = povstat::fit_poisson(population_series<double>(V{1, 2, 3, 4}, V{0, 0, 0, 7}));
  CHECK(std::abs(last.fitted[3] - 7) < 1e-9);
  CHECK(last.fitted[0] < 1e-12);
  CHECK(last.se(1) > 1e6);  // the diverging slope shows as an unbounded standard error
}

// Huge incomes. The Gini index is scale-free, so the exact answer (computed by hand with
// laeken's formula for unit weights: G = (2 Σ x_(i) i − Σ x_i) / (n Σ x_i) − 1) or the
// library's overflow error ("... rescale them") are both acceptable; a wrong number is not.
// Found by this test and fixed in measure/inequality.hpp: incomes 0.3·max, 0.15·max,
// 0.15·max (total representable) gave a silent 0, and two incomes of max blamed the data's
// sign ("the weighted mean of y is nan, but must be > 0") instead of their magnitude.
TEST_CASE("gini of incomes near the largest double is exact or a clear overflow error") {
  const double big = std::numeric_limits<double>::max();
  const auto exact_or_rescale = [](const V& y, double want) {
    try {
      CHECK(std::abs(povstat::gini(y) - want) < 1e-15);
    } catch (const povstat::invalid_input& e) {
      CHECK(std::string(e.what()).find("rescale them") != std::string::npos);
    }
  };
  exact_or_rescale(V{0.3 * big, 0.15 * big, 0.15 * big}, 1.0 / 6);
  exact_or_rescale(V{big, big}, 0.0);
}

TEST_SUITE_END();
