// Tests of audit/bunching.hpp: threshold_bunching against tests/reference/audit.R (window
// counts, binom.test, and McCrary's test written out from the paper with R's lm) on smooth and
// bunched rates, with default and given bin width and bandwidth; window counts by hand (a rate
// at the threshold counts above); the cases where the density cannot be estimated; and every
// rejected input with its message.
//
// Tolerances (relative): 1e-10 for the binomial p-value, the bin width and everything computed
// with a given bandwidth (the local linear fits are well conditioned); 1e-8 for the default
// bandwidth and what depends on it: R fits the quartic on raw powers of rates near 0.03
// (condition number ~1e5 after scaling), povstat on powers of (X − c)/b in long double, so R's
// side carries ~1e-11 relative error that the fifth root and the fits pass on.

#include "povstat/audit/bunching.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "audit_test_support.hpp"

using audit_support::R;
using reference::check_close;
using reference::message_of;

TEST_CASE("threshold_bunching matches R on smooth and bunched rates") {
  struct run {
    const char* name;
    const char* data;
    povstat::bunching_options<double> options;
    double tolerance;
  };
  const run runs[] = {{"smooth_rates", "smooth_rates", {}, 1e-8},
                      {"bunched_rates", "bunched_rates", {}, 1e-8},
                      {"bunched_given", "bunched_rates", {.window = 0.004, .bin_width = 0.001, .bandwidth = 0.01}, 1e-10}};
  for (const auto& one : runs) {  // (clang 14 cannot capture structured bindings in INFO's lambda)
    const std::string name = one.name;
    const double tolerance = one.tolerance;
    INFO(name);
    const auto b = povstat::threshold_bunching(audit_support::load(one.data), 0.03, one.options);
    CHECK(b.below == static_cast<std::size_t>(R()(name, "below")));
    CHECK(b.above == static_cast<std::size_t>(R()(name, "above")));
    check_close(R(), name, "binomial_p_value", b.binomial_p_value, 1e-10);
    REQUIRE(b.density);
    const auto& d = *b.density;
    CHECK(b.density_note.empty());
    check_close(R(), name, "bin_width", d.bin_width, 1e-10);
    CHECK(d.bin_midpoint.size() == static_cast<std::size_t>(R()(name, "bins")));
    check_close(R(), name, "bandwidth", d.bandwidth, tolerance);
    check_close(R(), name, "density_below", d.density_below, tolerance);
    check_close(R(), name, "density_above", d.density_above, tolerance);
    check_close(R(), name, "log_difference", d.log_difference, tolerance);
    check_close(R(), name, "se", d.se, tolerance);
    check_close(R(), name, "z", d.z, tolerance);
    check_close(R(), name, "p_value", d.p_value, tolerance);
    check_close(R(), name, "p_value_bunching", d.p_value_bunching, tolerance);
  }
}

TEST_CASE("threshold_bunching: window counts by hand; a rate at the threshold counts above") {
  // c = 0.03, w = 0.005: below [0.025, 0.03) holds 0.029 and 0.0251; above [0.03, 0.035) holds
  // 0.03 and 0.031; 0.0249 and 0.035 are outside. P(X >= 2 | 4, 1/2) = 11/16.
  const std::vector<double> r{0.029, 0.03, 0.031, 0.0249, 0.0251, 0.035, 0.2, 0.0};
  const auto b = povstat::threshold_bunching(r, 0.03);
  CHECK(b.n == 8);
  CHECK(b.below == 2);
  CHECK(b.above == 2);
  REQUIRE(b.share_below);
  CHECK(*b.share_below == 0.5);
  CHECK(b.binomial_p_value == doctest::Approx(11.0 / 16).epsilon(1e-14));
  // Nobody near the line: no share, and no evidence (p = 1).
  const auto far = povstat::threshold_bunching(std::vector<double>{0.2, 0.3}, 0.03);
  CHECK_FALSE(far.share_below);
  CHECK(far.binomial_p_value == 1.0);
}

TEST_CASE("threshold_bunching says why the density cannot be estimated") {
  const auto one = povstat::threshold_bunching(std::vector<double>{0.02}, 0.03);
  CHECK_FALSE(one.density);
  CHECK(one.density_note == "one rate has no standard deviation, so no default bin width; give options.bin_width");
  const auto equal = povstat::threshold_bunching(std::vector<double>{0.02, 0.02, 0.02}, 0.03);
  CHECK(equal.density_note == "all rates are equal, so there is no default bin width; give options.bin_width");
  // Bins of 0.01 over [0, 0.06): 3 below and 3 above the line, too few for the quartic.
  const std::vector<double> few{0.001, 0.012, 0.025, 0.028, 0.031, 0.045, 0.059};
  const auto b = povstat::threshold_bunching(few, 0.03, {.bin_width = 0.01});
  CHECK(b.density_note ==
        "McCrary's default bandwidth needs a quartic fit with curvature on each side, from at least 6 bins (3 below "
        "the threshold, 3 above); give options.bandwidth");
  // A bandwidth narrower than one bin leaves one bin per side.
  const auto narrow = povstat::threshold_bunching(few, 0.03, {.bin_width = 0.01, .bandwidth = 0.012});
  CHECK(narrow.density_note ==
        "the bandwidth 0.012 leaves fewer than two bins with weight on a side of the threshold; give a wider "
        "options.bandwidth");
  // With a given bandwidth the estimate exists.
  CHECK(povstat::threshold_bunching(few, 0.03, {.bin_width = 0.01, .bandwidth = 0.03}).density);
}

TEST_CASE("threshold_bunching takes float rates") {
  const std::vector<float> r{0.029f, 0.031f, 0.028f};
  const povstat::bunching_result<float> b = povstat::threshold_bunching(r, 0.03f);
  CHECK(b.below == 2);
  CHECK(b.above == 1);
}

TEST_CASE("threshold_bunching rejects bad input with messages naming it") {
  const std::vector<double> none, ok{0.01, 0.02};
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  CHECK_THROWS_AS(povstat::threshold_bunching(none, 0.03), povstat::insufficient_data);
  CHECK(message_of([&] { povstat::threshold_bunching(none, 0.03); }) ==
        "povstat::threshold_bunching: rates has 0 values, but needs at least 1 (an empty sample has no density)");
  CHECK_THROWS_AS(povstat::threshold_bunching(std::vector<double>{0.01, nan}, 0.03), povstat::invalid_input);
  CHECK(message_of([&] { povstat::threshold_bunching(std::vector<double>{0.01, nan}, 0.03); }) ==
        "povstat::threshold_bunching: rates[1] is nan, but must be in [0, 1] (a headcount ratio)");
  CHECK(message_of([&] { povstat::threshold_bunching(std::vector<double>{-0.1}, 0.03); }) ==
        "povstat::threshold_bunching: rates[0] is -0.1, but must be in [0, 1] (a headcount ratio)");
  CHECK(message_of([&] { povstat::threshold_bunching(std::vector<double>{0.5, 1.5}, 0.03); }) ==
        "povstat::threshold_bunching: rates[1] is 1.5, but must be in [0, 1] (a headcount ratio)");
  for (const double c : {0.0, 1.0, -0.2, nan}) {
    CHECK_THROWS_AS(povstat::threshold_bunching(ok, c), povstat::invalid_input);
  }
  CHECK(message_of([&] { povstat::threshold_bunching(ok, 1.0); }) ==
        "povstat::threshold_bunching: threshold is 1, but must be in (0, 1)");
  CHECK(message_of([&] { povstat::threshold_bunching(ok, 0.0); }) ==
        "povstat::threshold_bunching: threshold is 0, but must be in (0, 1)");
  CHECK(message_of([&] { povstat::threshold_bunching(ok, 0.03, {.window = 0}); }) ==
        "povstat::threshold_bunching: options.window is 0, but must be finite and > 0");
  CHECK(message_of([&] { povstat::threshold_bunching(ok, 0.03, {.bin_width = -1.0}); }) ==
        "povstat::threshold_bunching: options.bin_width is -1, but must be finite and > 0");
  CHECK(message_of([&] { povstat::threshold_bunching(ok, 0.03, {.bandwidth = inf}); }) ==
        "povstat::threshold_bunching: options.bandwidth is inf, but must be finite and > 0");
}
