// cagr, annual_changes, required_rate, required_annual_reduction and the progress classes:
// values derived by hand and every input they reject.

#include <doctest/doctest.h>

#include "special_values.hpp"

#include <cmath>
#include <limits>

#include "povstat/target/progress.hpp"
#include "povstat/target/rates.hpp"
#include "reference_table.hpp"

using povstat::population_series;
using reference::message_of;

namespace {
using special::not_a_number;
}

TEST_CASE("cagr is the constant rate joining two years") {
  // 1000 → 640 in two years: (0.64)^(1/2) − 1 = −0.2; 1000 → 512 in three: −0.2.
  const population_series<double> s{{2010, 2011, 2012, 2013, 2015}, {1000, 900, 640, 512, 0}};
  CHECK(povstat::cagr(s, 2010.0, 2012.0) == doctest::Approx(-0.2).epsilon(1e-14));
  CHECK(povstat::cagr(s, 2010.0, 2013.0) == doctest::Approx(-0.2).epsilon(1e-14));
  CHECK(povstat::cagr(s, 2011.0, 2012.0) == doctest::Approx(640.0 / 900 - 1).epsilon(1e-14));
  CHECK(message_of([&] { povstat::cagr(s, 2010.0, 2015.0); }) ==
        "povstat::cagr: poor in 2015 is 0, so there is no compound rate; fit a trend and use years_to_zero");
  CHECK(message_of([&] { povstat::cagr(s, 2010.0, 2014.0); }) ==
        "povstat::cagr: to_year is 2014, but must be a year of the series");
  CHECK(message_of([&] { povstat::cagr(s, 2012.0, 2010.0); }) ==
        "povstat::cagr: to_year is 2010, but must be > from_year = 2012");
  CHECK(message_of([&] { povstat::cagr(s, not_a_number, 2010.0); }) ==
        "povstat::cagr: from_year is nan, but must be a year of the series");
}

TEST_CASE("annual_changes gives absolute and compound changes per year, over gaps too") {
  const population_series<double> s{{2010, 2011, 2013, 2014}, {100, 80, 20, 0}};
  const auto changes = povstat::annual_changes(s);
  REQUIRE(changes.size() == 3);
  CHECK(changes[0].absolute == -20);
  CHECK(changes[0].rate == doctest::Approx(-0.2).epsilon(1e-14));
  CHECK(changes[1].from_year == 2011);
  CHECK(changes[1].to_year == 2013);
  CHECK(changes[1].absolute == -30);                               // −60 over two years
  CHECK(changes[1].rate == doctest::Approx(-0.5).epsilon(1e-14));  // 80 · 0.5² = 20
  CHECK(changes[2].rate == -1);                                    // 20 → 0
  const population_series<double> one{{2010}, {5}};
  CHECK(povstat::annual_changes(one).empty());
  const population_series<double> from_zero{{2010, 2011}, {0, 5}};
  CHECK(std::isnan(povstat::annual_changes(from_zero)[0].rate));
}

TEST_CASE("required_rate and required_annual_reduction meet the target exactly") {
  // 5.51 million to 0 in one year: to 0.5 persons, 0.5/5.51e6 − 1.
  CHECK(povstat::required_rate(5.51e6, 0.0, 1.0) == doctest::Approx(0.5 / 5.51e6 - 1).epsilon(1e-14));
  CHECK(povstat::required_rate(1000.0, 250.0, 2.0) == doctest::Approx(-0.5).epsilon(1e-14));
  CHECK(povstat::required_rate(1000.0, 0.0, 2.0, 10.0) == doctest::Approx(0.1 - 1).epsilon(1e-14));
  CHECK(povstat::required_rate(100.0, 121.0, 2.0) == doctest::Approx(0.1).epsilon(1e-14));  // a target above
  CHECK(povstat::required_annual_reduction(55.75e6, 0.0, 5.0) == doctest::Approx(11.15e6).epsilon(1e-14));
  CHECK(message_of([] { povstat::required_rate(0.0, 0.0, 1.0); }) ==
        "povstat::required_rate: current is 0, but must be finite and > 0");
  CHECK(message_of([] { povstat::required_rate(10.0, -1.0, 1.0); }) ==
        "povstat::required_rate: target_level is -1, but must be finite and >= 0");
  CHECK(message_of([] { povstat::required_rate(10.0, 1.0, 0.0); }) ==
        "povstat::required_rate: years is 0, but must be finite and > 0");
  CHECK(message_of([] { povstat::required_rate(10.0, 1.0, 2.0, 0.0); }) ==
        "povstat::required_rate: zero_level is 0, but must be finite and > 0");
  CHECK(message_of([] { povstat::required_annual_reduction(10.0, 1.0, -3.0); }) ==
        "povstat::required_annual_reduction: years is -3, but must be finite and > 0");
}

TEST_CASE("progress classes follow the published thresholds") {
  using povstat::eurostat_progress;
  using povstat::un_progress;
  CHECK(povstat::classify_eurostat(1.2) == eurostat_progress::on_track);
  CHECK(povstat::classify_eurostat(0.95) == eurostat_progress::on_track);
  CHECK(povstat::classify_eurostat(0.9499) == eurostat_progress::acceleration_needed);
  CHECK(povstat::classify_eurostat(0.60) == eurostat_progress::acceleration_needed);
  CHECK(povstat::classify_eurostat(0.5999) == eurostat_progress::limited_progress);
  CHECK(povstat::classify_eurostat(0.0) == eurostat_progress::limited_progress);
  CHECK(povstat::classify_eurostat(-0.01) == eurostat_progress::deterioration);
  CHECK(povstat::classify_un(0.95) == un_progress::met_or_almost_met);
  CHECK(povstat::classify_un(0.94) == un_progress::fair_progress);
  CHECK(povstat::classify_un(0.10) == un_progress::fair_progress);
  CHECK(povstat::classify_un(0.0999) == un_progress::stagnation_or_regression);
  CHECK(povstat::classify_un(-2.0) == un_progress::stagnation_or_regression);
  CHECK(povstat::to_string(eurostat_progress::acceleration_needed) == "acceleration needed");
  CHECK(povstat::to_string(un_progress::fair_progress) == "fair progress");
  CHECK(message_of([] { povstat::classify_eurostat(not_a_number); }) ==
        "povstat::classify_eurostat: ratio is nan, but must be a number");
  CHECK(message_of([] { povstat::classify_un(not_a_number); }) ==
        "povstat::classify_un: ratio is nan, but must be a number");
}
