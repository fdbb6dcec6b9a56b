// Tests of audit/multiple_testing.hpp: benjamini_hochberg against R's p.adjust(p, "BH")
// (tests/reference/audit.R, with ties, 0 and 1), small cases by hand, the step-up rule it is
// equivalent to (checked against a direct implementation of Benjamini & Hochberg's procedure on
// random p-values), and every rejected input with its message.
// Tolerance: 1e-15 relative — both sides do the same operations, (m / i) · p and running minima.

#include "povstat/audit/multiple_testing.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "audit_test_support.hpp"
#include "povstat/detail/random.hpp"

using reference::message_of;

TEST_CASE("benjamini_hochberg equals R's p.adjust(p, \"BH\")") {
  const auto p = audit_support::load("bh");
  const auto q = povstat::benjamini_hochberg(p);
  REQUIRE(q.size() == p.size());
  for (std::size_t i = 0; i < q.size(); ++i)
    reference::check_close(audit_support::R(), "bh", "q[" + std::to_string(i) + "]", q[i], 1e-15);
}

TEST_CASE("benjamini_hochberg by hand") {
  // {0.01, 0.02, 0.03}: (3/1)·0.01 = 0.03, (3/2)·0.02 = 0.03, (3/3)·0.03 = 0.03.
  const auto a = povstat::benjamini_hochberg(std::vector<double>{0.01, 0.02, 0.03});
  for (const double q : a) CHECK(q == doctest::Approx(0.03));
  // {0.04, 0.01}: sorted 0.01 -> 2·0.01 = 0.02; 0.04 -> 0.04; back in input order.
  const auto b = povstat::benjamini_hochberg(std::array{0.04, 0.01});
  CHECK(b[0] == doctest::Approx(0.04));
  CHECK(b[1] == doctest::Approx(0.02));
  // capped at 1, and a single p-value is its own q-value
  CHECK(povstat::benjamini_hochberg(std::vector<double>{0.9, 0.95})[0] == doctest::Approx(0.95));
  CHECK(povstat::benjamini_hochberg(std::vector<double>{0.3})[0] == 0.3);
  CHECK(povstat::benjamini_hochberg(std::vector<double>{}).empty());
  CHECK(povstat::benjamini_hochberg(std::vector<int>{0, 1}) == std::vector<double>{0, 1});
  const std::vector<float> f{0.01f, 0.02f};
  CHECK(povstat::benjamini_hochberg(f)[0] == doctest::Approx(0.02f));
}

TEST_CASE("q <= alpha rejects exactly Benjamini and Hochberg's step-up set") {
  std::mt19937_64 g(11);
  for (int trial = 0; trial < 50; ++trial) {
    const std::size_t m = 1 + povstat::detail::uniform_index(g, 200);
    std::vector<double> p(m);
    for (auto& v : p) {  // a mix of signals (small p) and nulls (uniform)
      const double u = povstat::detail::uniform_open01<double>(g);
      v = povstat::detail::uniform_index(g, 4) == 0 ? u * 1e-3 : u;
    }
    const auto q = povstat::benjamini_hochberg(p);
    for (const double alpha : {0.01, 0.05, 0.2}) {
      // The procedure: the largest k with p_(k) <= k alpha / m; reject p <= p_(k).
      std::vector<double> sorted = p;
      std::ranges::sort(sorted);
      double cut = -1;
      for (std::size_t k = m; k >= 1; --k)
        if (sorted[k - 1] <= static_cast<double>(k) * alpha / static_cast<double>(m)) {
          cut = sorted[k - 1];
          break;
        }
      for (std::size_t i = 0; i < m; ++i) {
        // Away from the boundary (floating rounding of k alpha / m versus (m / k) p).
        if (std::abs(q[i] - alpha) < 1e-12) continue;
        CHECK((q[i] <= alpha) == (p[i] <= cut));
      }
    }
  }
}

TEST_CASE("benjamini_hochberg rejects p-values outside [0, 1]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(povstat::benjamini_hochberg(std::vector<double>{0.1, nan}), povstat::invalid_input);
  CHECK(message_of([&] { povstat::benjamini_hochberg(std::vector<double>{0.1, nan}); }) ==
        "povstat::benjamini_hochberg: p_values[1] is nan, but must be in [0, 1]");
  CHECK(message_of([&] { povstat::benjamini_hochberg(std::vector<double>{-0.1}); }) ==
        "povstat::benjamini_hochberg: p_values[0] is -0.1, but must be in [0, 1]");
  CHECK(message_of([&] { povstat::benjamini_hochberg(std::vector<double>{0.5, 0.2, 1.5}); }) ==
        "povstat::benjamini_hochberg: p_values[2] is 1.5, but must be in [0, 1]");
}
