// Crossing intervals (Fieller, delta method), prediction intervals at the target year and
// the Student t probability of meeting a target, against R (tests/reference/targets.R:
// lm / glm coefficients and vcov, Fieller's quadratic and the delta method written out in R).

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "povstat/fit/linear.hpp"
#include "povstat/fit/loglinear.hpp"
#include "povstat/fit/poisson.hpp"
#include "povstat/io/series_csv.hpp"
#include "povstat/target/crossing.hpp"
#include "povstat/target/target_gap.hpp"
#include "reference_table.hpp"

using povstat::crossing_method;
using povstat::interval_shape;
using povstat::population_series;
using reference::check_close;

namespace {

const reference::table& expected() {
  static const reference::table table({
#include "targets.inc"
  });
  return table;
}

population_series<double> series_named(const std::string& name) {
  if (name == "china2015")
    return povstat::read_series_csv<double>(std::string(POVSTAT_EXAMPLE_DATA_DIR) + "/china_rural_poor.csv")
        .slice(2010, 2015);
  if (name == "noisy")
    return {{2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008}, {120, 95, 130, 101, 118, 90, 112, 99}};
  return {{2000, 2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009}, {50, 41, 30, 22, 18, 9, 7, 3, 1, 0}};
}

constexpr double tolerance = 1e-8;

// Checks the crossing year and both interval methods of `fit` at `level` against R's case.
void check_crossing(const std::string& case_name, const povstat::trend_fit<double>& fit, double level) {
  const auto& r = expected();
  const auto fieller = povstat::years_to(fit, level, {.method = crossing_method::fieller});
  INFO(case_name);
  check_close(r, case_name, "year", fieller.year, tolerance);
  check_close(r, case_name, "fieller_lower", fieller.lower, tolerance);
  check_close(r, case_name, "fieller_upper", fieller.upper, tolerance);
  CHECK(fieller.shape == (r(case_name, "fieller_a") > 0 ? interval_shape::bounded : interval_shape::two_rays));
  const auto delta = povstat::years_to(fit, level, {.method = crossing_method::delta});
  check_close(r, case_name, "delta_lower", delta.lower, tolerance);
  check_close(r, case_name, "delta_upper", delta.upper, tolerance);
}

}  // namespace

TEST_CASE("crossing years, Fieller sets and delta intervals agree with R") {
  const auto& r = expected();
  for (const std::string name : {"china2015", "noisy", "small"}) {
    const auto s = series_named(name);
    const double level = r(name, "level");
    const auto linear = povstat::fit_linear(s);
    check_crossing(name + "_linear_zero", linear, 0.0);
    check_crossing(name + "_linear_level", linear, level);
    if (name != "small") check_crossing(name + "_loglinear_level", povstat::fit_loglinear(s), level);
    check_crossing(name + "_poisson_level", povstat::fit_poisson(s), level);
    check_crossing(name + "_quasi_level", povstat::fit_poisson(s, {.variance = povstat::dispersion::quasi}), level);
  }
}

TEST_CASE("the projection and the probability of meeting a target agree with predict.lm") {
  const auto& r = expected();
  for (const std::string name : {"china2015", "noisy", "small"}) {
    INFO(name);
    const auto s = series_named(name);
    const double year = r(name, "target_year"), level = r(name, "level");
    const auto linear = povstat::fit_linear(s);
    const auto gap = povstat::target_gap(s, linear, {.year = year, .level = level});
    check_close(r, name, "linear_fit", gap.projection.estimate, tolerance);
    check_close(r, name, "linear_conf_lower", gap.projection.confidence.lower, tolerance);
    check_close(r, name, "linear_conf_upper", gap.projection.confidence.upper, tolerance);
    check_close(r, name, "linear_pred_lower", gap.projection.prediction.lower, tolerance);
    check_close(r, name, "linear_pred_upper", gap.projection.prediction.upper, tolerance);
    check_close(r, name, "linear_probability_level", gap.probability, tolerance);
    CHECK(gap.simulations == 0);  // exact, not simulated
    // A target of 0 is met when the count rounds to zero: P(Y < 0.5).
    const auto zero = povstat::target_gap(s, linear, {.year = year, .level = 0.0});
    check_close(r, name, "linear_probability_zero", zero.probability, tolerance);
    if (name != "small") {
      const auto loglinear = povstat::target_gap(s, povstat::fit_loglinear(s), {.year = year, .level = level});
      check_close(r, name, "loglinear_probability_level", loglinear.probability, tolerance);
    }
  }
}
