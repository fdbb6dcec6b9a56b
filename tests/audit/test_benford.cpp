// Tests of audit/benford.hpp: Benford's exact probabilities and every statistic of
// benford_test against tests/reference/audit.R (three data sets × first, second and first-two
// digits), a case derived by hand, the reading of digits, the small-sample flag at its exact
// boundary, the conformity classes, the seeded KS simulation (deterministic; p-values uniform
// under the law, minimal far from it), and every rejected input with its message.
//
// Tolerances (relative): chi-square and p-values 1e-10, z and MAD 1e-12 — the targets.
// Both sides compute the same sums in double (R with long-double accumulation, povstat with
// compensated sums) and p-values with independent implementations (R's pchisq/pnorm, Boost),
// which agree to ~1e-14 on these data.

#include "povstat/audit/benford.hpp"

#include <doctest/doctest.h>

#include <Eigen/Core>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "audit_test_support.hpp"
#include "povstat/detail/random.hpp"

using audit_support::R;
using povstat::benford_digits;
using reference::check_close;
using reference::message_of;

namespace {

const std::array<std::pair<benford_digits, const char*>, 3> all_digits{
    {{benford_digits::first, "first"}, {benford_digits::second, "second"}, {benford_digits::first_two, "first_two"}}};

}  // namespace

TEST_CASE("benford_probabilities are Benford's exact probabilities (R) and sum to 1") {
  for (const auto& [digits, name] : all_digits) {
    const auto p = povstat::benford_probabilities<double>(digits);
    const auto d = povstat::benford_digit_values(digits);
    REQUIRE(p.size() == d.size());
    double total = 0;
    for (std::size_t j = 0; j < p.size(); ++j) {
      check_close(R(), std::string("probabilities_") + name, "p[" + std::to_string(j) + "]", p[j], 1e-15);
      total += p[j];
    }
    CHECK(total == doctest::Approx(1.0).epsilon(1e-14));  // telescoping: log10(10) = log10(100/10) = 1
  }
  CHECK(povstat::benford_digit_values(benford_digits::first).front() == 1);
  CHECK(povstat::benford_digit_values(benford_digits::second).front() == 0);
  CHECK(povstat::benford_digit_values(benford_digits::first_two).back() == 99);
}

TEST_CASE("benford_test matches R on every data set and digit test") {
  for (const std::string data : {"lognormal", "uniform", "mixed"}) {
    const auto x = audit_support::load(data);
    for (const auto& [digits, name] : all_digits) {
      const std::string tag = data + "_" + name;
      INFO(tag);
      const auto b = povstat::benford_test(x, digits);
      CHECK(b.n == static_cast<std::size_t>(R()(tag, "n")));
      CHECK(b.excluded_nonpositive == static_cast<std::size_t>(R()(tag, "excluded_nonpositive")));
      CHECK(b.excluded_below_ten == static_cast<std::size_t>(R()(tag, "excluded_below_ten")));
      check_close(R(), tag, "chi_square", b.chi_square, 1e-10);
      check_close(R(), tag, "p_value", b.p_value, 1e-10);
      check_close(R(), tag, "mad", b.mad, 1e-12);
      check_close(R(), tag, "ks", b.ks, 1e-12);
      CHECK(b.df == b.digit.size() - 1);
      for (std::size_t j = 0; j < b.digit.size(); ++j) {
        const std::string k = "[" + std::to_string(j) + "]";
        CHECK(b.count[j] == static_cast<std::size_t>(R()(tag, "count" + k)));
        check_close(R(), tag, "z" + k, b.z[j], 1e-12);
        check_close(R(), tag, "z_p" + k, b.z_p_value[j], 1e-10);
      }
    }
  }
}

TEST_CASE("benford_test on ten values that all start with 1, by hand") {
  // counts (10, 0, ..., 0), p1 = log10 2: chi-square = (10 - 10 p1)^2/(10 p1) + Σ_{d>=2} 10 p_d
  // = 10 (1 - p1)^2 / p1 + 10 (1 - p1) = 10 (1 - p1) / p1; MAD = (|1 - p1| + (1 - p1)) / 9;
  // KS = 1 - p1 (the first cumulative difference is the largest); z_1 = ((1 - p1) - 1/20) /
  // sqrt(p1 (1 - p1) / 10); z_9 = p9 - 1/20 over its sd when p9 > 1/20, else p9 over it.
  const std::vector<int> x{1, 10, 100, 1000, 12, 19, 150, 1999, 10000, 17};
  const auto b = povstat::benford_test(x);
  const double p1 = std::log10(2.0), p9 = std::log10(10.0 / 9);
  CHECK(b.n == 10);
  CHECK(b.count[0] == 10);
  CHECK(b.chi_square == doctest::Approx(10 * (1 - p1) / p1).epsilon(1e-14));
  CHECK(b.mad == doctest::Approx(2 * (1 - p1) / 9).epsilon(1e-14));
  CHECK(b.ks == doctest::Approx(1 - p1).epsilon(1e-14));
  CHECK(b.z[0] == doctest::Approx(((1 - p1) - 0.05) / std::sqrt(p1 * (1 - p1) / 10)).epsilon(1e-14));
  // p9 = 0.0458 < 1/20 = 0.05: the correction is not smaller than the deviation, so it is dropped.
  CHECK(b.z[8] == doctest::Approx(p9 / std::sqrt(p9 * (1 - p9) / 10)).epsilon(1e-14));
  CHECK(b.conformity == povstat::benford_conformity::nonconformity);
  CHECK(b.small_sample);
  CHECK(b.min_expected_count == doctest::Approx(10 * p9).epsilon(1e-14));
}

TEST_CASE("benford_test reads digits from the shortest decimal text") {
  // 0.29 is stored as 0.28999999999999998: its first two digits are still 2, 9.
  CHECK(povstat::benford_test(std::vector<double>{0.29}).count[1] == 1);                // digit 2
  const auto two = povstat::benford_test(std::vector<double>{29, 290, 2.9e300, 1.5e301},
                                         benford_digits::first_two);
  CHECK(two.count[29 - 10] == 3);
  CHECK(two.count[15 - 10] == 1);
  const auto second = povstat::benford_test(std::vector<double>{10, 100, 20, 35, 0.5, 7}, benford_digits::second);
  CHECK(second.count[0] == 3);  // 10, 100, 20
  CHECK(second.count[5] == 1);  // 35
  CHECK(second.excluded_below_ten == 2);
  CHECK(second.n == 4);
  // float data: 0.3f is 0.30000001192...: first digit 3.
  CHECK(povstat::benford_test(std::vector<float>{0.3f}).count[2] == 1);
}

TEST_CASE("benford_test: small_sample exactly when n times the rarest probability is below 5") {
  // first digit: the rarest is 9, p = log10(10/9) = 0.045757...: 109 p = 4.988, 110 p = 5.033.
  std::vector<double> x(109, 123.0);
  CHECK(povstat::benford_test(x).small_sample);
  x.push_back(5.0);
  CHECK_FALSE(povstat::benford_test(x).small_sample);
  // second digit: the rarest is 9, p = 0.085003...: 58 p = 4.93, 59 p = 5.02.
  std::vector<double> y(58, 55.0);
  CHECK(povstat::benford_test(y, benford_digits::second).small_sample);
  y.push_back(56.0);
  CHECK_FALSE(povstat::benford_test(y, benford_digits::second).small_sample);
  // first two: the rarest is 99, p = log10(100/99) = 0.0043648: 1146 p = 5.002 >= 5, 1145 p = 4.998.
  std::vector<double> z(1145, 99.0);
  CHECK(povstat::benford_test(z, benford_digits::first_two).small_sample);
  z.push_back(99.0);
  CHECK_FALSE(povstat::benford_test(z, benford_digits::first_two).small_sample);
}

TEST_CASE("benford_test: Nigrini's conformity classes and other bounds") {
  CHECK(povstat::nigrini_mad_bounds<double>(benford_digits::first) == std::array<double, 3>{0.006, 0.012, 0.015});
  CHECK(povstat::nigrini_mad_bounds<double>(benford_digits::second) == std::array<double, 3>{0.008, 0.010, 0.012});
  CHECK(povstat::nigrini_mad_bounds<double>(benford_digits::first_two) == std::array<double, 3>{0.0012, 0.0018, 0.0022});
  // The mixed second-digit data have MAD 0.087: nonconformity; bounds around it move the class.
  const auto x = audit_support::load("mixed");
  const double mad = R()("mixed_second", "mad");
  const auto classify = [&](std::array<double, 3> bounds) {
    return povstat::benford_test(x, benford_digits::second, {.replicates = 0, .mad_bounds = bounds}).conformity;
  };
  CHECK(classify({0.008, 0.010, 0.012}) == povstat::benford_conformity::nonconformity);
  CHECK(classify({0.008, 0.010, 0.011}) == povstat::benford_conformity::nonconformity);  // the 0.011 variant
  CHECK(classify({mad / 4, mad / 2, mad * 2}) == povstat::benford_conformity::marginal);
  CHECK(classify({mad / 4, mad * 1.5, mad * 2}) == povstat::benford_conformity::acceptable);
  CHECK(classify({mad, mad * 1.5, mad * 2}) == povstat::benford_conformity::close);  // bounds are inclusive
  CHECK(povstat::to_string(povstat::benford_conformity::marginal) == "marginally acceptable conformity");
  CHECK(povstat::to_string(benford_digits::first_two) == "first_two");
}

TEST_CASE("benford_test: the simulated KS p-value is seeded, valid under the law and small far from it") {
  const auto x = audit_support::load("lognormal");
  const auto a = povstat::benford_test(x, benford_digits::first, {.replicates = 500, .seed = 7});
  const auto b = povstat::benford_test(x, benford_digits::first, {.replicates = 500, .seed = 7});
  REQUIRE(a.ks_p_value);
  CHECK(*a.ks_p_value == *b.ks_p_value);
  CHECK(a.replicates == 500);
  CHECK(a.seed == 7);
  CHECK_FALSE(povstat::benford_test(x, benford_digits::first, {.replicates = 0}).ks_p_value);
  // 500 three-digit uniform values are far from Benford: no simulated sample is as far.
  const auto u = povstat::benford_test(audit_support::load("uniform"), benford_digits::first, {.replicates = 199});
  CHECK(*u.ks_p_value == doctest::Approx(1.0 / 200));
  // Under the law the p-value is uniform: 300 samples of 150 Benford values (10^U, U uniform
  // on [0, 3)) with 99 replicates each; P(p <= 0.1) = 0.1 (p takes the values k/100), so the
  // count of p <= 0.1 is Binomial(300, 0.1): mean 30, sd 5.2; the check allows 4 sd.
  std::mt19937_64 g(2024);
  std::size_t small = 0, samples = 300;
  for (std::size_t s = 0; s < samples; ++s) {
    std::vector<double> values;
    for (int i = 0; i < 150; ++i) values.push_back(std::pow(10.0, 3 * povstat::detail::uniform_open01<double>(g)));
    const auto r = povstat::benford_test(values, benford_digits::first, {.replicates = 99, .seed = s + 1});
    if (*r.ks_p_value <= 0.1) ++small;
  }
  CHECK(small >= 9);
  CHECK(small <= 51);
}

TEST_CASE("benford_test takes integers, floats and Eigen vectors") {
  const std::vector<int> ints{1, 22, 333, 4444};
  CHECK(povstat::benford_test(ints).n == 4);
  Eigen::VectorXd v(3);
  v << 5, 50, 500;
  CHECK(povstat::benford_test(v).count[4] == 3);
  const std::vector<float> f{1.5f, 2.5f};
  const povstat::benford_result<float> r = povstat::benford_test(f);
  CHECK(r.n == 2);
}

TEST_CASE("benford_test rejects bad input with messages naming it") {
  const std::vector<double> none;
  CHECK_THROWS_AS(povstat::benford_test(none), povstat::insufficient_data);
  CHECK(message_of([&] { povstat::benford_test(none); }) ==
        "povstat::benford_test: values has 0 values, but needs at least 1 (an empty sample has no digits)");
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  CHECK_THROWS_AS(povstat::benford_test(std::vector<double>{1, nan}), povstat::invalid_input);
  CHECK(message_of([&] { povstat::benford_test(std::vector<double>{1, nan}); }) ==
        "povstat::benford_test: values[1] is nan, but must be finite");
  CHECK(message_of([&] { povstat::benford_test(std::vector<double>{1, 2, -inf}); }) ==
        "povstat::benford_test: values[2] is -inf, but must be finite");
  CHECK_THROWS_AS(povstat::benford_test(std::vector<double>{0, -1, 5}, benford_digits::first_two),
                  povstat::insufficient_data);
  CHECK(message_of([&] { povstat::benford_test(std::vector<double>{0, -1, 5}, benford_digits::first_two); }) ==
        "povstat::benford_test: no value is left to test: 2 values <= 0 and 1 value below 10 of 3 (the "
        "first_two-digit test reads values >= 10)");
  CHECK(message_of([&] { povstat::benford_test(std::vector<double>{0, -1}); }) ==
        "povstat::benford_test: no value is left to test: 2 values <= 0 of 2 (the first-digit test reads values > 0)");
  const std::vector<double> x{1, 2, 3};
  CHECK_THROWS_AS(povstat::benford_test(x, benford_digits::first, {.mad_bounds = std::array{0.01, 0.005, 0.02}}),
                  povstat::invalid_input);
  CHECK(message_of([&] { povstat::benford_test(x, benford_digits::first, {.mad_bounds = std::array{0.01, 0.005, 0.02}}); }) ==
        "povstat::benford_test: options.mad_bounds[1] is 0.005, but must be > options.mad_bounds[0] = 0.01 (increasing)");
  CHECK(message_of([&] { povstat::benford_test(x, benford_digits::first, {.mad_bounds = std::array{0.0, 0.005, 0.02}}); }) ==
        "povstat::benford_test: options.mad_bounds[0] is 0, but must be > 0");
  CHECK(message_of([&] { povstat::benford_test(x, benford_digits::first, {.mad_bounds = std::array{0.01, 0.02, nan}}); }) ==
        "povstat::benford_test: options.mad_bounds[2] is nan, but must be > options.mad_bounds[1] = 0.02 (increasing)");
}
