// Tests of the fast paths of the microdata measures (issue #7): the streaming poverty pass
// (fgt, watts, fgt_watts, poverty_measures, sen, sst, the accumulators), the radix sort of
// (value, weight) pairs (detail/radix_sort.hpp) and the chunked Gini.
//
// Expected values come from an independent reference written here: the textbook formulas
// summed in long double, element by element in record order (FGT, Watts), and the Gini of
// the frequency-expanded data from a std::sort of indices, also in long double. Tolerance
// 1e-13 relative: the library's sums are within ~4e-15 of the exact sums (blocked lane sums,
// compensated across blocks; see detail/sample_pass.hpp), the long-double reference within
// n·2^-64 ≈ 5e-14 worst case for n = 1e6 (typically ~1e-17).
// Thread counts 1, 2, 3 and 7 must give the same bits; cancellation and threads = 0 are
// checked with their exception types and messages.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numbers>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "measure_test_support.hpp"
#include "povstat/detail/radix_sort.hpp"
#include "povstat/detail/lane_math.hpp"
#include "povstat/detail/weighted_sample.hpp"
#include "povstat/measure/inequality.hpp"
#include "povstat/measure/lorenz_curve.hpp"
#include "povstat/measure/poverty.hpp"
#include "povstat/stats/weighted_quantile.hpp"

using measure_test::uniform;
using povstat::cancelled;
using povstat::execution;
using povstat::invalid_input;
using povstat::nonpositive_income;
using povstat::poor_rule;

namespace {

struct sample {
  std::vector<double> y;
  std::vector<double> w;
  double z;
};

/// Lognormal incomes (as the benchmark workload W2), gamma-like weights, ties (every 7th
/// income repeats an earlier one, every 11th is rounded to 10), incomes exactly at the line,
/// and optionally incomes <= 0.
sample make_sample(std::size_t n, std::uint64_t seed, bool nonpositive = false) {
  std::mt19937_64 g(seed);
  sample s{{}, {}, 1700.0};
  s.y.reserve(n);
  s.w.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double u1 = std::max(uniform(g), 1e-300);
    const double u2 = uniform(g);
    const double normal = std::sqrt(-2 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    double y = std::exp(std::log(3000.0) + 0.8 * normal);
    if (i % 11 == 3) y = std::round(y / 10) * 10;
    if (i % 7 == 6) y = s.y[i / 2];
    if (i % 97 == 5) y = s.z;
    if (nonpositive && i % 53 == 1) y = i % 2 == 0 ? 0.0 : -50 * uniform(g);
    s.y.push_back(y);
    s.w.push_back(1 + 200 * uniform(g) * uniform(g));
  }
  return s;
}

struct reference_poverty {
  long double total = 0, poor = 0, gap = 0, severity = 0, watts = 0, excluded = 0, power = 0;
};

reference_poverty poverty_reference(const sample& s, bool weighted, poor_rule rule, double alpha) {
  reference_poverty r;
  const long double z = s.z;
  for (std::size_t i = 0; i < s.y.size(); ++i) {
    const long double y = s.y[i];
    const long double w = weighted ? s.w[i] : 1.0L;
    r.total += w;
    if (!(rule == poor_rule::strict ? y < z : y <= z)) continue;
    const long double g = (z - y) / z;
    r.poor += w;
    r.gap += w * g;
    r.severity += w * g * g;
    r.power += w * std::pow(g, static_cast<long double>(alpha));
    if (y > 0)
      r.watts += w * std::log(z / y);
    else
      r.excluded += w;
  }
  return r;
}

long double reference_gini(const sample& s, bool weighted) {
  std::vector<std::size_t> order(s.y.size());
  std::iota(order.begin(), order.end(), std::size_t(0));
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return s.y[a] < s.y[b]; });
  long double total_w = 0, total_y = 0;
  for (std::size_t i = 0; i < s.y.size(); ++i) {
    const long double w = weighted ? s.w[i] : 1.0L;
    total_w += w;
    total_y += w * s.y[i];
  }
  // G = Σ_i w_i y_(i) (2 M_i − W) / (W Y), M_i = C_{i−1} + w_i / 2 (ties contribute 0 either
  // way, so the order among equal incomes does not matter).
  long double before = 0, cross = 0;
  for (const std::size_t k : order) {
    const long double w = weighted ? s.w[k] : 1.0L;
    cross += w * s.y[k] * (2 * (before + w / 2) - total_w);
    before += w;
  }
  return cross / (total_w * total_y);
}

bool close(double computed, long double expected, double tolerance = 1e-13) {
  return std::abs(static_cast<long double>(computed) - expected) <=
         tolerance * std::abs(expected) + 1e-300L;
}

}  // namespace

TEST_CASE("the streaming poverty pass equals the long-double formula (ties, line, weights)") {
  for (const std::size_t n : {1ul, 7ul, 255ul, 257ul, 5000ul, 70000ul}) {
    const auto s = make_sample(n, 100 + n);
    for (const poor_rule rule : {poor_rule::strict, poor_rule::weak}) {
      for (const bool weighted : {true, false}) {
        INFO("n = " << n << ", weak = " << (rule == poor_rule::weak) << ", weighted = " << weighted);
        const auto ref = poverty_reference(s, weighted, rule, 1.5);
        const povstat::poverty_options options{.poor = rule};
        const auto r = weighted ? povstat::fgt_watts(s.y, s.w, s.z, options)
                                : povstat::fgt_watts(s.y, s.z, options);
        CHECK(close(r.total_weight, ref.total));
        CHECK(close(r.poor_weight, ref.poor));
        CHECK(close(r.headcount, ref.poor / ref.total));
        CHECK(close(r.poverty_gap, ref.gap / ref.total));
        CHECK(close(r.poverty_severity, ref.severity / ref.total));
        CHECK(close(r.watts, ref.watts / ref.total));
        const double p15 = weighted ? povstat::fgt(s.y, s.w, s.z, 1.5, options)
                                    : povstat::fgt(s.y, s.z, 1.5, options);
        CHECK(close(p15, ref.power / ref.total));
        if (!weighted) continue;
        // Every entry point shares the pass: the same bits.
        const auto all = povstat::poverty_measures(s.y, s.w, s.z, options);
        CHECK(all.headcount == r.headcount);
        CHECK(all.poverty_gap == r.poverty_gap);
        CHECK(all.poverty_severity == r.poverty_severity);
        CHECK(all.watts == r.watts);
        CHECK(povstat::fgt(s.y, s.w, s.z, 0.0, options) == r.headcount);
        CHECK(povstat::fgt(s.y, s.w, s.z, 1.0, options) == r.poverty_gap);
        CHECK(povstat::fgt(s.y, s.w, s.z, 2.0, options) == r.poverty_severity);
        CHECK(povstat::watts(s.y, s.w, s.z, options) == r.watts);
        CHECK(povstat::sen(s.y, s.w, s.z, options) == all.sen);
        CHECK(povstat::sst(s.y, s.w, s.z, options) == all.sst);
        if (n > 1) CHECK(povstat::fgt_se(s.y, s.w, s.z, 2.0, options).value == r.poverty_severity);
      }
    }
  }
}

TEST_CASE("incomes <= 0: excluded from the Watts sum under exclude, named under error") {
  const auto s = make_sample(3000, 5, true);
  const auto ref = poverty_reference(s, true, poor_rule::strict, 2.0);
  const povstat::poverty_options exclude{.nonpositive = nonpositive_income::exclude};
  const auto r = povstat::fgt_watts(s.y, s.w, s.z, exclude);
  CHECK(close(r.watts, ref.watts / ref.total));
  CHECK(close(r.excluded_weight, ref.excluded));
  CHECK(close(r.poverty_severity, ref.severity / ref.total));
  // The first y <= 0 is index 1 (i % 53 == 1, odd index: a negative draw).
  CHECK_THROWS_WITH_AS(povstat::fgt_watts(s.y, s.w, s.z),
                       ("povstat::fgt_watts: y[1] is " + povstat::detail::format_number(s.y[1]) +
                        ", but must be > 0 (Watts takes log(z / y); nonpositive_income::exclude "
                        "leaves such incomes out of the sum, as PIP does)")
                           .c_str(),
                       invalid_input);
}

TEST_CASE("Watts of tiny incomes: the vector logarithm, and the overflow of z / y") {
  // 20 records so that a whole lane group is used; y = 1e-310 (subnormal) gives z / y = 1e308.
  std::vector<double> y(20, 5.0);
  std::vector<double> w(20, 1.0);
  y[3] = 1e-310;
  y[11] = 0.5;
  const double z = 0.01 * 1e-0;  // y[3] and nothing else is poor
  long double expected = std::log(static_cast<long double>(z) / 1e-310L) / 20;
  CHECK(close(povstat::watts(y, w, z), expected));
  y[3] = 1e-320;  // z / y overflows: the term is infinite, as log(z / y) in double
  CHECK_THROWS_AS(povstat::watts(y, w, z), invalid_input);
  // Every lane of a group with logarithms of ratios over many binades.
  std::vector<double> yr(64);
  std::vector<double> wr(64);
  long double sum = 0, total = 0;
  for (std::size_t i = 0; i < yr.size(); ++i) {
    yr[i] = std::ldexp(1.0 + static_cast<double>(i) / 64, -static_cast<int>(i) * 15);
    wr[i] = 1 + static_cast<double>(i % 3);
    total += wr[i];
    if (yr[i] < 2.0) sum += wr[i] * std::log(2.0L / yr[i]);
  }
  CHECK(close(povstat::watts(yr, wr, 2.0), sum / total));
}

TEST_CASE("one million records: the pass (and the Gini of 250,000) equal the long-double formulas") {
  const auto s = make_sample(1000000, 42);
  const auto ref = poverty_reference(s, true, poor_rule::strict, 2.0);
  const auto r = povstat::fgt_watts(s.y, s.w, s.z);
  CHECK(close(r.headcount, ref.poor / ref.total));
  CHECK(close(r.poverty_gap, ref.gap / ref.total));
  CHECK(close(r.poverty_severity, ref.severity / ref.total));
  CHECK(close(r.watts, ref.watts / ref.total));
  const auto t = make_sample(250000, 43);  // the Gini on a quarter (its reference sorts)
  CHECK(close(povstat::gini(t.y, t.w), reference_gini(t, true)));
}

TEST_CASE("Gini on random data with ties and negative incomes equals the long-double formula") {
  for (const std::size_t n : {1ul, 2ul, 100ul, 1023ul, 1024ul, 20000ul, 70000ul}) {
    INFO("n = " << n);
    auto s = make_sample(n, 7 + n, true);
    if (n == 1) s.y[0] = 5;
    CHECK(close(povstat::gini(s.y, s.w), reference_gini(s, true)));
    CHECK(close(povstat::gini(s.y), reference_gini(s, false)));
  }
}

TEST_CASE("Gini of incomes near the largest double: exact, or the overflow error") {
  const double big = std::numeric_limits<double>::max();
  // G = Σ_i Σ_j |y_i − y_j| / (2 n² μ) = (2·0.15 + 2·0.15) big / (2·9·0.2 big) = 1/6; W·Y
  // overflows but the two-step division does not.
  CHECK(close(povstat::gini(std::vector<double>{0.3 * big, 0.15 * big, 0.15 * big}), 1.0L / 6));
  CHECK_THROWS_WITH_AS(povstat::gini(std::vector<double>{big, big}),
                       "povstat::gini: the weighted total of y is nan, but must be finite: the "
                       "input's magnitudes overflow the arithmetic of the floating type; rescale "
                       "them",
                       invalid_input);
}

TEST_CASE("thread counts 1, 2, 3 and 7 give the same bits") {
  const auto s = make_sample(200000, 9);
  const auto one = povstat::poverty_measures(s.y, s.w, s.z);
  const double gini_one = povstat::gini(s.y, s.w);
  const double convey_one = povstat::gini(s.y, s.w, {.formula = povstat::gini_formula::convey});
  const double fgt_one = povstat::fgt(s.y, s.w, s.z, 0.7);
  for (const std::size_t threads : {1ul, 2ul, 3ul, 7ul}) {
    INFO("threads = " << threads);
    const execution how{threads};
    const auto r = povstat::poverty_measures(s.y, s.w, s.z, {.execution = how});
    CHECK(r.headcount == one.headcount);
    CHECK(r.poverty_gap == one.poverty_gap);
    CHECK(r.poverty_severity == one.poverty_severity);
    CHECK(r.watts == one.watts);
    CHECK(r.sen == one.sen);
    CHECK(r.sst == one.sst);
    CHECK(r.total_weight == one.total_weight);
    CHECK(povstat::fgt(s.y, s.w, s.z, 0.7, {.execution = how}) == fgt_one);
    CHECK(povstat::gini(s.y, s.w, {.execution = how}) == gini_one);
    CHECK(povstat::gini(s.y, s.w, {.formula = povstat::gini_formula::convey, .execution = how}) ==
          convey_one);
  }
}

TEST_CASE("the radix sort gives std::sort's order (value, then weight)") {
  std::mt19937_64 g(3);
  for (const std::size_t n : {0ul, 1ul, 50ul, 1023ul, 1024ul, 5000ul, 70000ul}) {
    for (int variant = 0; variant < 4; ++variant) {
      INFO("n = " << n << ", variant " << variant);
      std::vector<double> y(n);
      std::vector<double> w(n);
      for (std::size_t i = 0; i < n; ++i) {
        const double u = uniform(g);
        switch (variant) {
          case 0: y[i] = std::exp(20 * u - 10); break;               // positive, wide range
          case 1: y[i] = std::round(200 * u - 100) / 4; break;      // many ties, negatives
          case 2: y[i] = (i % 3 == 0 ? -0.0 : 0.0) + (i % 5 == 0 ? 1e-310 : 0.0); break;  // zeros, subnormals
          default: y[i] = 1e300 * (u - 0.5) + (i % 2 == 0 ? 1e-300 : 0.0); break;         // huge magnitudes
        }
        w[i] = i % 4 == 0 ? 1.0 : 0.5 + std::round(4 * uniform(g)) / 2;  // tied weights too
      }
      const povstat::detail::weighted_span<double> view{y, w};
      const auto expected = povstat::detail::sorted_points_std(view);
      for (const std::size_t threads : {1ul, 2ul}) {
        const auto sorted = povstat::detail::sorted_points(view, execution{threads});
        REQUIRE(sorted.size() == expected.size());
        bool equal = true;
        for (std::size_t i = 0; i < n; ++i)
          equal = equal && sorted[i].x == expected[i].x && sorted[i].w == expected[i].w;
        CHECK(equal);
      }
    }
  }
  // float keys
  std::vector<float> yf(5000);
  std::vector<float> wf(5000);
  for (std::size_t i = 0; i < yf.size(); ++i) {
    yf[i] = static_cast<float>(uniform(g) * 100 - 20);
    wf[i] = static_cast<float>(1 + uniform(g));
  }
  const povstat::detail::weighted_span<float> view{yf, wf};
  const auto expected = povstat::detail::sorted_points_std(view);
  const auto sorted = povstat::detail::sorted_points(view);
  bool equal = true;
  for (std::size_t i = 0; i < yf.size(); ++i)
    equal = equal && sorted[i].x == expected[i].x && sorted[i].w == expected[i].w;
  CHECK(equal);
  // order_key orders like the numbers
  const std::vector<double> ordered = {-std::numeric_limits<double>::infinity(), -1e300, -1, -1e-310,
                                       0.0, 1e-310, 1, 1e300, std::numeric_limits<double>::infinity()};
  for (std::size_t i = 1; i < ordered.size(); ++i)
    CHECK(povstat::detail::order_key(ordered[i - 1]) < povstat::detail::order_key(ordered[i]));
  CHECK(povstat::detail::order_key(-0.0) == povstat::detail::order_key(0.0));
}

TEST_CASE("rank-based measures read the radix-sorted sample: quantiles and Lorenz as before") {
  const auto s = make_sample(20000, 77);
  const povstat::detail::weighted_span<double> view{s.y, s.w};
  const auto points = povstat::detail::sorted_points_std(view);
  long double total = 0;
  for (const auto& p : points) total += p.w;
  // laeken's rule: the smallest x_(k) with C_k / W > p.
  for (const double p : {0.1, 0.5, 0.9}) {
    long double cumulative = 0;
    double expected = points.back().x;
    for (const auto& point : points) {
      cumulative += point.w;
      if (cumulative / total > p) {
        expected = point.x;
        break;
      }
    }
    CHECK(povstat::weighted_quantile(s.y, s.w, p) == expected);
  }
  const auto curve = povstat::lorenz_curve(s.y, s.w);
  CHECK(curve.population_share.back() == 1.0);
  CHECK(std::is_sorted(curve.population_share.begin(), curve.population_share.end()));
}

TEST_CASE("accumulators fed in order equal the one-pass functions across chunk boundaries") {
  const auto s = make_sample(140000, 12);
  for (const double alpha : {0.0, 1.0, 2.0, 0.5}) {
    povstat::fgt_accumulator<double> a(s.z, alpha);
    for (std::size_t i = 0; i < s.y.size(); ++i) a.add(s.y[i], s.w[i]);
    CHECK(a.result() == povstat::fgt(s.y, s.w, s.z, alpha));
    CHECK(a.count() == s.y.size());
  }
  povstat::watts_accumulator<double> wa(s.z);
  for (std::size_t i = 0; i < s.y.size(); ++i) wa.add(s.y[i], s.w[i]);
  CHECK(wa.result() == povstat::watts(s.y, s.w, s.z));
}

TEST_CASE("progress reports records and a false return cancels") {
  const auto s = make_sample(200000, 4);
  std::vector<std::size_t> seen;
  const auto r = povstat::fgt_watts(s.y, s.w, s.z, {.progress = [&](std::size_t done, std::size_t total) {
                                                      CHECK(total == s.y.size());
                                                      seen.push_back(done);
                                                      return true;
                                                    }});
  CHECK(r.headcount > 0);
  REQUIRE(!seen.empty());
  CHECK(std::is_sorted(seen.begin(), seen.end()));
  CHECK(seen.back() == s.y.size());

  const auto stop = [](std::size_t, std::size_t) { return false; };
  CHECK_THROWS_WITH_AS(povstat::fgt_watts(s.y, s.w, s.z, {.progress = stop}),
                       "povstat::fgt_watts: cancelled by the progress callback", cancelled);
  CHECK_THROWS_AS(povstat::poverty_measures(s.y, s.w, s.z, {.execution = execution{2}, .progress = stop}),
                  cancelled);
  CHECK_THROWS_AS(povstat::fgt(s.y, s.w, s.z, 1.0, {.progress = stop}), cancelled);
  CHECK_THROWS_AS(povstat::watts(s.y, s.w, s.z, {.progress = stop}), cancelled);
  CHECK_THROWS_WITH_AS(povstat::gini(s.y, s.w, {.progress = stop}),
                       "povstat::gini: cancelled by the progress callback", cancelled);
  std::vector<std::size_t> gini_seen;
  povstat::gini(s.y, s.w, {.progress = [&](std::size_t done, std::size_t total) {
                             CHECK(total == 2 * s.y.size());
                             gini_seen.push_back(done);
                             return true;
                           }});
  CHECK(std::is_sorted(gini_seen.begin(), gini_seen.end()));
  CHECK(gini_seen.back() == 2 * s.y.size());
}

TEST_CASE("threads = 0 and bad records raise the documented invalid_input") {
  const auto s = make_sample(200000, 8);
  const std::string threads_rule =
      "options.execution.threads is 0, but must be >= 1 (use execution::parallel() for every "
      "hardware thread)";
  CHECK_THROWS_WITH_AS(povstat::fgt_watts(s.y, s.w, s.z, {.execution = execution{0}}),
                       ("povstat::fgt_watts: " + threads_rule).c_str(), invalid_input);
  CHECK_THROWS_WITH_AS(povstat::poverty_measures(s.y, s.w, s.z, {.execution = execution{0}}),
                       ("povstat::poverty_measures: " + threads_rule).c_str(), invalid_input);
  CHECK_THROWS_WITH_AS(povstat::gini(s.y, s.w, {.execution = execution{0}}),
                       ("povstat::gini: " + threads_rule).c_str(), invalid_input);

  // The first violation of the first rule wins, wherever the chunks are (rules: y finite,
  // w finite, w > 0), on any number of threads.
  auto y = s.y;
  auto w = s.w;
  w[100] = -1;                                          // w > 0 broken early
  w[150000] = std::numeric_limits<double>::infinity();  // w finite broken later
  y[140000] = std::numeric_limits<double>::quiet_NaN();  // y finite broken last of all
  y[190000] = std::numeric_limits<double>::infinity();
  for (const std::size_t threads : {1ul, 3ul}) {
    const povstat::poverty_options options{.execution = execution{threads}};
    CHECK_THROWS_WITH_AS(povstat::fgt_watts(y, w, s.z, options),
                         "povstat::fgt_watts: y[140000] is nan, but must be finite", invalid_input);
    CHECK_THROWS_WITH_AS(povstat::gini(y, w, {.execution = execution{threads}}),
                         "povstat::gini: y[140000] is nan, but must be finite", invalid_input);
    y[140000] = 1;
    y[190000] = 1;
    CHECK_THROWS_WITH_AS(povstat::fgt(y, w, s.z, 2.0, options),
                         "povstat::fgt: w[150000] is inf, but must be finite", invalid_input);
    w[150000] = 1;
    CHECK_THROWS_WITH_AS(povstat::sen(y, w, s.z, options),
                         "povstat::sen: w[100] is -1, but must be > 0", invalid_input);
    // Sample errors come before the poverty line's.
    CHECK_THROWS_WITH_AS(povstat::watts(y, w, -1.0, options),
                         "povstat::watts: w[100] is -1, but must be > 0", invalid_input);
    w[100] = 1;
    CHECK_THROWS_WITH_AS(povstat::watts(y, w, -1.0, options),
                         "povstat::watts: z is -1, but must be > 0", invalid_input);
    y[140000] = std::numeric_limits<double>::quiet_NaN();
    y[190000] = std::numeric_limits<double>::infinity();
    w[100] = -1;
    w[150000] = std::numeric_limits<double>::infinity();
  }
}

TEST_CASE("log_each: within 1 ulp of std::log over the doubles, the library's values outside (0, max]") {
  // Expected: std::log (glibc, < 1 ulp). fdlibm's log is < 1 ulp too, so the two differ by at
  // most 1 ulp; values that are not finite and > 0 go to std::log itself (exactly equal).
  std::mt19937_64 generator(31);
  std::vector<double> x;
  for (int i = 0; i < 200000; ++i) {
    const auto bits = generator() & 0x7fefffffffffffffULL;  // positive, finite, any exponent
    double v;
    std::memcpy(&v, &bits, sizeof v);
    x.push_back(v > 0 ? v : 1.0);
  }
  for (const double v : {1.0, 2.0, 0.5, std::numbers::sqrt2, 1e-310, 4.9e-324, std::numeric_limits<double>::max()})
    x.push_back(v);
  std::vector<double> got = x;
  povstat::detail::log_each(got.data(), got.size());
  std::int64_t worst = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double want = std::log(x[i]);
    std::int64_t a, b;
    std::memcpy(&a, &got[i], sizeof a);
    std::memcpy(&b, &want, sizeof b);
    // Same sign for these inputs except log 1 = 0; compare as ordered integers by sign.
    const std::int64_t ulps = (a < 0) == (b < 0) ? std::abs(a - b) : (got[i] == want ? 0 : 1 << 30);
    worst = std::max(worst, ulps);
  }
  MESSAGE("largest difference from std::log: " << worst << " ulp over " << x.size() << " values");
  CHECK(worst <= 1);
  std::vector<double> special{0.0, -1.0, std::numeric_limits<double>::infinity(), 3.0, 5.0, 7.0, 9.0, 11.0,
                              std::numeric_limits<double>::quiet_NaN(), 2.0, 4.0, 8.0};
  std::vector<double> out = special;
  povstat::detail::log_each(out.data(), out.size());
  for (std::size_t i = 0; i < special.size(); ++i) {
    const double want = std::log(special[i]);
    CHECK((out[i] == want || (std::isnan(out[i]) && std::isnan(want)) ||
           std::abs(out[i] - want) <= std::abs(want) * std::numeric_limits<double>::epsilon()));
  }
}

TEST_CASE("exp_each: within 1 ulp of std::exp on |x| <= 708, std::exp itself beyond") {
  // Expected: std::exp (glibc, < 1 ulp); fdlibm's exp is < 1 ulp too. Outside [−708, 708]
  // (overflow, underflow to subnormals and 0, inf, NaN) the vector goes to std::exp.
  std::mt19937_64 generator(37);
  std::uniform_real_distribution<double> wide(-708.0, 708.0), narrow(-2.0, 2.0);
  std::vector<double> x;
  for (int i = 0; i < 200000; ++i) x.push_back(i % 2 == 0 ? wide(generator) : narrow(generator));
  for (const double v : {0.0, -0.0, 1.0, -1.0, 708.0, -708.0, 0.5 * std::numbers::ln2, -0.5 * std::numbers::ln2, 1e-300})
    x.push_back(v);
  for (const double v : {709.7, -745.0, 710.0, -746.0, 1e9, -1e9, std::numeric_limits<double>::infinity(),
                         std::numeric_limits<double>::quiet_NaN()})
    x.push_back(v);  // a lane vector out of range: std::exp for its lanes
  std::vector<double> got = x;
  povstat::detail::exp_each(got.data(), got.size());
  std::int64_t worst = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double want = std::exp(x[i]);
    if (std::isnan(want)) {
      CHECK(std::isnan(got[i]));
      continue;
    }
    std::int64_t a, b;
    std::memcpy(&a, &got[i], sizeof a);
    std::memcpy(&b, &want, sizeof b);
    worst = std::max(worst, a > b ? a - b : b - a);  // both >= +0: bit patterns order like values
  }
  MESSAGE("largest difference from std::exp: " << worst << " ulp over " << x.size() << " values");
  CHECK(worst <= 1);
}
