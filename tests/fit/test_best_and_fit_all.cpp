// fit_best (ranking by AICc) and fit_all (one model over every region of a cohort).

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "povstat/fit/best.hpp"
#include "povstat/fit/fit_all.hpp"
#include "povstat/io/cohort_csv.hpp"
#include "povstat/io/series_csv.hpp"

using povstat::population_series;
using povstat::trend_model;

namespace {
const std::filesystem::path data_dir(POVSTAT_EXAMPLE_DATA_DIR);
constexpr double missing = std::numeric_limits<double>::quiet_NaN();
}  // namespace

TEST_CASE("fit_best ranks by AICc with Akaike weights, and says why it skipped a model") {
  const auto china = povstat::read_series_csv(data_dir / "china_rural_poor.csv");  // 2020 is 0
  const auto ranking = povstat::fit_best(china);
  REQUIRE(ranking.ranked.size() >= 4);
  double total = 0;
  for (std::size_t i = 0; i < ranking.ranked.size(); ++i) {
    const auto& r = ranking.ranked[i];
    CHECK(r.aicc == *r.fit.aicc);
    if (i > 0) CHECK(ranking.ranked[i - 1].aicc <= r.aicc);
    CHECK(r.delta_aicc == doctest::Approx(r.aicc - ranking.ranked.front().aicc));
    total += r.akaike_weight;
  }
  CHECK(ranking.ranked.front().delta_aicc == 0);
  CHECK(total == doctest::Approx(1).epsilon(1e-14));
  // Weights by hand for the first two: w1 / w2 = exp(-(0 - d2) / 2) = exp(d2 / 2).
  const auto& second = ranking.ranked[1];
  CHECK(ranking.ranked[0].akaike_weight / second.akaike_weight ==
        doctest::Approx(std::exp(second.delta_aicc / 2)).epsilon(1e-12));
  CHECK(&ranking.best() == &ranking.ranked.front().fit);
  // The zero count rules out the log-linear model, with fit_loglinear's own reason.
  REQUIRE(ranking.skipped.size() == 1);
  CHECK(ranking.skipped[0].model == trend_model::loglinear);
  CHECK(ranking.skipped[0].reason ==
        "poor[10] (year 2020) is 0, but must be > 0 (the log of 0 is undefined; fit_poisson fits zero counts)");
}

TEST_CASE("fit_best prefers the model that generated the data") {
  // An exact 15 % yearly decline with a small multiplicative wobble: log-scale models win.
  std::vector<double> years, poor;
  const double wobble[] = {1.01, 0.99, 1.02, 0.98, 1.0, 1.01, 0.99, 1.02, 0.98, 1.0, 1.01, 0.99};
  for (int i = 0; i < 12; ++i) {
    years.push_back(2000 + i);
    poor.push_back(1e6 * std::pow(0.85, i) * wobble[i]);
  }
  const auto ranking = povstat::fit_best(population_series<double>(years, poor),
                                         {.candidates = {trend_model::linear, trend_model::loglinear}});
  CHECK(ranking.best().model == trend_model::loglinear);
  CHECK(ranking.ranked.size() == 2);
}

TEST_CASE("fit_best skips models without a likelihood and fails when nothing can be ranked") {
  const population_series<double> s{{2010, 2011, 2012, 2013, 2014}, {50, 44, 40, 33, 30}};
  const auto ranking = povstat::fit_best(s, {.candidates = {trend_model::linear, trend_model::theil_sen, trend_model::huber}});
  REQUIRE(ranking.ranked.size() == 1);
  REQUIRE(ranking.skipped.size() == 2);
  CHECK(ranking.skipped[0].reason == "no likelihood, so no AICc");
  // Four years: linear has k = 3 (two coefficients and sigma), and AICc needs n > k + 1 = 4;
  // Poisson has k = 2 (no scale parameter): 4 > 3, so it is ranked.
  const population_series<double> four{{2010, 2011, 2012, 2013}, {50, 44, 41, 35}};
  const auto small = povstat::fit_best(four, {.candidates = {trend_model::linear, trend_model::poisson}});
  REQUIRE(small.ranked.size() == 1);
  CHECK(small.ranked[0].fit.model == trend_model::poisson);
  REQUIRE(small.skipped.size() == 1);
  CHECK(small.skipped[0].reason == "AICc needs n > k + 1");
  const population_series<double> two{{2010, 2011}, {5, 4}};
  CHECK_THROWS_WITH_AS(povstat::fit_best(two), "povstat::fit_best: no candidate model could be ranked (6 skipped)",
                       povstat::insufficient_data);
}

TEST_CASE("fit_all fits every region as the single-series function does") {
  const auto cohort = povstat::read_cohort_csv(data_dir / "china_regions.csv");
  const auto fits = povstat::fit_all(cohort, trend_model::poisson);
  REQUIRE(fits.size() == cohort.region_count());
  for (std::size_t r = 0; r < cohort.region_count(); ++r) {
    CAPTURE(cohort.region_names()[r]);
    const auto single = povstat::fit_poisson(cohort.series(r));
    CHECK(fits[r].status == povstat::fit_status::converged);
    // Complete regions run in the batch kernel (closed-form weighted least squares in
    // double, against QR in long double): equal within 1e-12 relative (see fit_all_table).
    for (Eigen::Index j = 0; j < 2; ++j) {
      CHECK(std::abs(fits[r].coef(j) - single.coef(j)) <= 1e-12 * std::abs(single.coef(j)));
      CHECK(std::abs(fits[r].se(j) - single.se(j)) <= 1e-12 * std::abs(single.se(j)));
    }
    CHECK(fits[r].years == single.years);
  }
}

TEST_CASE("fit_all gives regions with too few years a status, not an exception") {
  using matrix = Eigen::MatrixXd;
  const povstat::regional_cohort<double> cohort({.regions = {"A", "B", "C"},
                                                 .years = {2010, 2011, 2012, 2013},
                                                 .poor = matrix{{10, 8, 7, 5}, {4, missing, 3, missing}, {missing, missing, missing, missing}}});
  const auto fits = povstat::fit_all(cohort, trend_model::linear, {.time_origin = 2010.0});
  REQUIRE(fits.size() == 3);
  CHECK(fits[0].status == povstat::fit_status::converged);
  CHECK(fits[0].coef(1) == doctest::Approx(-1.6));  // see test_trend_basics: slope of 10, 8, 7, 5
  CHECK(fits[1].status == povstat::fit_status::insufficient_data);
  CHECK(fits[1].n == 2);
  CHECK(fits[1].years == std::vector<double>{2010, 2012});
  CHECK(fits[1].observed == std::vector<double>{4, 3});
  CHECK(fits[1].coef.size() == 0);
  CHECK(fits[2].status == povstat::fit_status::insufficient_data);
  CHECK(fits[2].n == 0);
}

TEST_CASE("fit_all names the region whose data do not suit the model") {
  using matrix = Eigen::MatrixXd;
  const povstat::regional_cohort<double> cohort(
      {.regions = {"North", "South"}, .years = {2010, 2011, 2012}, .poor = matrix{{9, 8, 7}, {3, 1, 0}}});
  CHECK_THROWS_WITH_AS(povstat::fit_all(cohort, trend_model::loglinear),
                       "povstat::fit_all: region 'South': poor[2] (year 2012) is 0, but must be > 0 (the log "
                       "of 0 is undefined; fit_poisson fits zero counts)",
                       povstat::invalid_input);
}

TEST_CASE("fit_best skips a sigmoid that converges to a degenerate fit") {
  // China 2010-2018: Gompertz converges with K near 6e12 and m near 1896, where its
  // covariance is not finite; it must not be ranked (its intervals would be NaN).
  const auto china = povstat::read_series_csv<double>(std::string(POVSTAT_EXAMPLE_DATA_DIR) + "/china_rural_poor.csv")
                         .slice(2010, 2018);
  const auto ranking = povstat::fit_best(china);
  for (const auto& r : ranking.ranked) CHECK(r.fit.vcov.allFinite());
  bool gompertz_skipped = false;
  for (const auto& s : ranking.skipped)
    if (s.model == povstat::trend_model::gompertz)
      gompertz_skipped = s.reason == "converged to a degenerate fit: its covariance is not finite";
  CHECK(gompertz_skipped);
}
