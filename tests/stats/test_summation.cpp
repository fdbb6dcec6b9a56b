// Tests of stats/summation.hpp: compensated_sum gives exact or correctly rounded sums
// where naive summation loses digits, in float, double and long double, and merging
// two accumulators equals one accumulator over the concatenated terms.
//
// Each expected value is derived by hand in a comment. Where a test also computes the
// naive sum, it does so only to check its premise (that the case is hard).

#include "povstat/stats/summation.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

using povstat::compensated_sum;

namespace {

template <class T>
compensated_sum<T> sum_of(const std::vector<T>& terms, std::size_t from = 0,
                          std::size_t to = static_cast<std::size_t>(-1)) {
  compensated_sum<T> s;
  for (std::size_t i = from; i < terms.size() && i < to; ++i) s.add(terms[i]);
  return s;
}

template <class T>
T naive_sum(const std::vector<T>& terms) {
  T s = 0;
  for (T x : terms) s += x;
  return s;
}

}  // namespace

TEST_CASE_TEMPLATE("compensated_sum of no term is zero", T, float, double, long double) {
  CHECK(compensated_sum<T>{}.value() == T(0));
}

TEST_CASE_TEMPLATE("compensated_sum keeps small terms that a huge term cancels away", T, float, double,
                   long double) {
  // 1 + 2^100 + 1 - 2^100 = 2 exactly. Naive summation absorbs each 1 into 2^100 (far below
  // its ulp) and ends at 0.
  const T big = std::ldexp(T(1), 100);
  const std::vector<T> terms{1, big, 1, -big};
  REQUIRE(naive_sum(terms) == T(0));
  CHECK(sum_of(terms).value() == T(2));
}

TEST_CASE("compensated_sum of 1, 1e100, 1, -1e100 is 2") {
  const std::vector<double> terms{1.0, 1e100, 1.0, -1e100};
  REQUIRE(naive_sum(terms) == 0.0);
  CHECK(sum_of(terms).value() == 2.0);
}

TEST_CASE_TEMPLATE("compensated_sum counts ones added to 2^digits", T, float, double, long double) {
  // At 2^p (p = significand digits: 24, 53, 64) consecutive values are 2 apart, so
  // 2^p + 1 is a tie that rounds to even, back to 2^p: naive summation drops every one.
  // 2^p + 1000 is even, hence representable, and is the exact sum.
  const T big = std::ldexp(T(1), std::numeric_limits<T>::digits);
  std::vector<T> terms{big};
  terms.resize(1001, T(1));
  REQUIRE(naive_sum(terms) == big);
  CHECK(sum_of(terms).value() == big + T(1000));
}

TEST_CASE("compensated_sum of 1e7 additions of 0.1 is the correctly rounded sum") {
  // The double nearest 0.1 is 0.1 + 5.551115123125783e-18, so the exact sum of 1e7 copies is
  // 1e6 + 5.55e-11. Doubles are 2^-33 = 1.164e-10 apart at 1e6; 5.55e-11 is below half of
  // that (5.82e-11), so the correctly rounded sum is 1e6. The error bound of this algorithm
  // (Ogita, Rump and Oishi 2005, Sum2: u|S| + gamma_n^2 sum|x|, about 1.2e-12 here) keeps the
  // result on the right side of that midpoint. (1e8 additions would take ~0.7 s unoptimised.)
  constexpr long n = 10'000'000;
  compensated_sum<double> s;
  double naive = 0;
  for (long i = 0; i < n; ++i) {
    s.add(0.1);
    naive += 0.1;
  }
  REQUIRE(naive != 1e6);  // naive summation ends near 999999.9998
  CHECK(s.value() == 1e6);
}

TEST_CASE("compensated_sum of 1000 additions of 0.1f is the correctly rounded float sum") {
  // 0.1f = 13421773 * 2^-27 = 0.100000001490116...; 1000 copies sum to 100.0000014901...
  // Floats are 2^-17 = 7.63e-6 apart at 100, so the correctly rounded sum is 100.
  std::vector<float> terms(1000, 0.1f);
  REQUIRE(naive_sum(terms) != 100.0f);  // naive float summation ends near 99.999
  CHECK(sum_of(terms).value() == 100.0f);
}

TEST_CASE("compensated_sum of 1e5 additions of 0.1L is the correctly rounded long double sum") {
  // With a 64-bit significand, 0.1 (binary 0.000110011...) rounds up to 0.1 + 0.2 * 2^-67
  // = 0.1 + 1.36e-21; 1e5 copies sum to 1e4 + 1.36e-16. Long doubles are 2^-50 = 8.9e-16
  // apart at 1e4, so the correctly rounded sum is 1e4.
  if constexpr (std::numeric_limits<long double>::digits != 64) {
    MESSAGE("long double is not the x87 80-bit format here; the hand derivation does not apply");
    return;
  }
  std::vector<long double> terms(100'000, 0.1L);
  CHECK(sum_of(terms).value() == 10000.0L);
}

TEST_CASE("merging two accumulators equals one accumulator over the concatenation") {
  SUBCASE("1, 1e100, 1, -1e100 split at every point") {
    const std::vector<double> terms{1.0, 1e100, 1.0, -1e100};
    const double whole = sum_of(terms).value();
    CHECK(whole == 2.0);
    for (std::size_t k = 0; k <= terms.size(); ++k) {
      CAPTURE(k);
      auto left = sum_of(terms, 0, k);
      left.merge(sum_of(terms, k));
      CHECK(left.value() == whole);
    }
  }
  SUBCASE("2^53, a thousand ones, -2^53, 0.25 split at several points") {
    // 2^53 + 1000 - 2^53 + 0.25 = 1000.25, exact in double.
    const double big = 9007199254740992.0;  // 2^53
    std::vector<double> terms{big};
    terms.resize(1001, 1.0);
    terms.push_back(-big);
    terms.push_back(0.25);
    const double whole = sum_of(terms).value();
    CHECK(whole == 1000.25);
    for (std::size_t k : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{500},
                          std::size_t{1001}, std::size_t{1002}, terms.size()}) {
      CAPTURE(k);
      auto left = sum_of(terms, 0, k);
      left.merge(sum_of(terms, k));
      CHECK(left.value() == whole);
      // The other way round: the right part first.
      auto right = sum_of(terms, k);
      right.merge(sum_of(terms, 0, k));
      CHECK(right.value() == whole);
    }
  }
  SUBCASE("ten chunks of 1e5 additions of 0.1, merged") {
    // Exact sum of 1e6 copies of the double nearest 0.1: 1e5 + 5.55e-12. Doubles are
    // 2^-36 = 1.455e-11 apart at 1e5, half of that is 7.3e-12, so the correctly rounded sum is 1e5.
    const std::vector<double> chunk(100'000, 0.1);
    compensated_sum<double> merged;
    compensated_sum<double> single;
    for (int c = 0; c < 10; ++c) {
      merged.merge(sum_of(chunk));
      for (double x : chunk) single.add(x);
    }
    CHECK(single.value() == 1e5);
    CHECK(merged.value() == 1e5);
  }
}

TEST_CASE_TEMPLATE("merging an empty accumulator changes nothing", T, float, double, long double) {
  const T big = std::ldexp(T(1), 100);
  const std::vector<T> terms{1, big, 1, -big};
  auto s = sum_of(terms);
  s.merge(compensated_sum<T>{});
  CHECK(s.value() == T(2));
  compensated_sum<T> empty;
  empty.merge(sum_of(terms));
  CHECK(empty.value() == T(2));
}

// Float terms are accumulated in double, so 1e6 additions of 0.1f (exact sum
// 1e6 * 0.100000001490116... = 100000.00149011612) are correct to the final rounding to
// float: |error| <= u_float * 1e5 + gamma_{1e6}(double)^2 * 1e5 = 2^-24 * 1e5 + ~1e-15
// = 0.00596. (Accumulated in float, the compensation itself drifts by about 6.)
TEST_CASE("float sum of 1e6 terms stays within the documented error bound") {
  const std::vector<float> terms(1'000'000, 0.1f);
  const double exact = 1e6 * static_cast<double>(0.1f);  // 100000.00149011612, exact in double
  const double bound = 0.00596;
  CHECK(std::abs(static_cast<double>(sum_of(terms).value()) - exact) <= bound);
}

// Plain summation's answers for infinite terms and overflow: the compensation (which would
// compute inf - inf) is ignored once the running sum is no longer finite.
TEST_CASE("a sum with an infinite term or an overflow is infinite") {
  const double infinity = std::numeric_limits<double>::infinity();
  const double max = std::numeric_limits<double>::max();
  CHECK(sum_of(std::vector<double>{1, infinity}).value() == infinity);
  CHECK(sum_of(std::vector<double>{1, -infinity, 2}).value() == -infinity);
  CHECK(sum_of(std::vector<double>{max, max}).value() == infinity);  // max + max overflows to infinity
}
