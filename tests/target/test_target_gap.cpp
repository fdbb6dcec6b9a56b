// target_gap: a case derived by hand, every input it rejects, and two seeded simulations
// from known models: the 95 % crossing interval covers the true crossing year 93–97 % of
// the time (linear/Fieller and Poisson), and the probability of meeting a target is
// calibrated (observed frequency within 5 points of the predicted in every populated bin).

#include <doctest/doctest.h>

#include "special_values.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "povstat/detail/random.hpp"
#include "povstat/fit/linear.hpp"
#include "povstat/fit/poisson.hpp"
#include "povstat/target/crossing.hpp"
#include "povstat/target/target_gap.hpp"
#include "reference_table.hpp"

using povstat::crossing;
using povstat::interval_shape;
using povstat::population_series;
using reference::message_of;

namespace {

using special::not_a_number;

// Poisson(mu) by inversion of the cumulative distribution (exact; fine for mu up to ~700).
double poisson_draw(std::mt19937_64& generator, double mu) {
  const double u = povstat::detail::uniform_open01<double>(generator);
  double k = 0, p = std::exp(-mu), cumulative = p;
  while (u > cumulative && p > 0) {
    k += 1;
    p *= mu / k;
    cumulative += p;
  }
  return k;
}

// Whether year t lies in the crossing's interval, read with its shape.
bool covers(const crossing<double>& c, double t) {
  switch (c.shape) {
    case interval_shape::bounded: return c.lower <= t && t <= c.upper;
    case interval_shape::unbounded_above: return c.lower <= t;
    case interval_shape::unbounded_below: return t <= c.upper;
    case interval_shape::whole_line: return true;
    case interval_shape::two_rays: return t <= c.lower || t >= c.upper;
    case interval_shape::none: return false;
  }
  return false;
}

std::vector<double> years_from(double first, int count) {
  std::vector<double> years;
  for (int i = 0; i < count; ++i) years.push_back(first + i);
  return years;
}

// Predicted probabilities and outcomes, binned by fifths of probability: every bin with at
// least 500 cases must have its observed frequency within 0.05 of its mean prediction (the
// binomial standard error of a bin's frequency is then at most 0.022).
void check_calibration(const std::vector<double>& predicted, const std::vector<bool>& met) {
  std::array<double, 5> sum_predicted{}, sum_met{};
  std::array<int, 5> count{};
  for (std::size_t i = 0; i < predicted.size(); ++i) {
    const auto bin = std::min<std::size_t>(4, static_cast<std::size_t>(predicted[i] * 5));
    sum_predicted[bin] += predicted[i];
    sum_met[bin] += met[i] ? 1 : 0;
    ++count[bin];
  }
  int populated = 0;
  for (std::size_t b = 0; b < 5; ++b) {
    if (count[b] < 500) continue;
    ++populated;
    const double p = sum_predicted[b] / count[b], f = sum_met[b] / count[b];
    MESSAGE("bin " << b << ": " << count[b] << " cases, predicted " << p << ", observed " << f);
    CHECK(std::abs(f - p) <= 0.05);
  }
  CHECK(populated >= 4);  // the test must span the range of probabilities
}

}  // namespace

TEST_CASE("an exact line: projection, gap, rates, classes and crossing by hand") {
  // 100 − 8 (t − 2010), 2010..2015 (last 60); goal: at most 25 by 2020.
  const population_series<double> s{{2010, 2011, 2012, 2013, 2014, 2015}, {100, 92, 84, 76, 68, 60}};
  const auto g = povstat::target_gap(s, povstat::fit_linear(s), {.year = 2020, .level = 25});
  CHECK(g.projection.estimate == doctest::Approx(20).epsilon(1e-12));
  CHECK(g.gap == doctest::Approx(-5).epsilon(1e-11));
  CHECK(g.relative_gap == doctest::Approx(-5.0 / 35).epsilon(1e-11));
  CHECK(g.base_year == 2010);
  CHECK(g.last_observed == 60);
  CHECK(g.trend_rate == doctest::Approx(std::pow(0.6, 0.2) - 1).epsilon(1e-12));
  REQUIRE(g.series_cagr);
  CHECK(*g.series_cagr == doctest::Approx(std::pow(0.6, 0.2) - 1).epsilon(1e-14));
  CHECK(g.required_rate == doctest::Approx(std::pow(25.0 / 60, 0.2) - 1).epsilon(1e-14));
  // A line's percentage decline accelerates: its constant-rate equivalent (−9.7 %) is only
  // 60 % of the rate required (−16.1 %), though the line itself meets the goal.
  CHECK(g.rate_ratio == doctest::Approx((std::pow(0.6, 0.2) - 1) / (std::pow(25.0 / 60, 0.2) - 1)).epsilon(1e-12));
  CHECK(g.eurostat == povstat::eurostat_progress::acceleration_needed);  // ratio 0.6046
  CHECK(g.un_ratio == doctest::Approx(80.0 / 75).epsilon(1e-12));
  CHECK(g.un == povstat::un_progress::met_or_almost_met);
  CHECK(g.probability == 1);  // sigma = 0: the projection 20 is certainly <= 25
  CHECK(g.years_to_target.year == doctest::Approx(2019.375).epsilon(1e-12));
  CHECK(g.years_to_target.status == povstat::crossing_status::reached_in_future);

  const auto met = povstat::target_gap(s, povstat::fit_linear(s), {.year = 2020, .level = 70});
  CHECK(met.eurostat == povstat::eurostat_progress::target_met);
  CHECK(std::isnan(met.relative_gap));
  CHECK(met.years_to_target.status == povstat::crossing_status::already_reached);
}

TEST_CASE("target_gap rejects targets in the past, bad levels, bad options and unusable fits") {
  const population_series<double> s{{2010, 2011, 2012, 2013}, {40, 31, 20, 11}};
  const auto fit = povstat::fit_linear(s);
  CHECK(message_of([&] { povstat::target_gap(s, fit, {.year = 2013, .level = 0}); }) ==
        "povstat::target_gap: goal.year is 2013, but must be after the last year of the series, 2013");
  CHECK(message_of([&] { povstat::target_gap(s, fit, {.year = 2005, .level = 0}); }) ==
        "povstat::target_gap: goal.year is 2005, but must be after the last year of the series, 2013");
  CHECK(message_of([&] { povstat::target_gap(s, fit, {.year = not_a_number, .level = 0}); }) ==
        "povstat::target_gap: goal.year is nan, but must be finite");
  CHECK(message_of([&] { povstat::target_gap(s, fit, {.year = 2020, .level = -3}); }) ==
        "povstat::target_gap: goal.level is -3, but must be finite and >= 0");
  CHECK(message_of([&] { povstat::target_gap(s, fit, {.year = 2020, .level = 0}, {.simulations = 0}); }) ==
        "povstat::target_gap: options.simulations is 0, but must be >= 1");
  CHECK(message_of([&] { povstat::target_gap(s, fit, {.year = 2020, .level = 0}, {.level = 0}); }) ==
        "povstat::target_gap: options.level is 0, but must be in (0, 1)");
  auto stalled = fit;
  stalled.status = povstat::fit_status::stalled;
  CHECK(message_of([&] { povstat::target_gap(s, stalled, {.year = 2020, .level = 0}); }) ==
        "povstat::target_gap: the fit did not converge (status stalled), so its trend cannot be extrapolated");
  const population_series<double> with_population{{2010, 2011, 2012}, {40, 30, 20}, {400, 400, 400}};
  const auto rate = povstat::fit_poisson(with_population, {.rate = true});
  CHECK(message_of([&] { povstat::target_gap(with_population, rate, {.year = 2020, .level = 0}); }) ==
        "povstat::target_gap: the fit models a rate; target_gap works on counts");
}

TEST_CASE("simulated probabilities are seeded and deterministic") {
  const population_series<double> s{{2010, 2011, 2012, 2013, 2014}, {300, 240, 200, 150, 130}};
  const auto fit = povstat::fit_poisson(s, {.variance = povstat::dispersion::quasi});
  const auto a = povstat::target_gap(s, fit, {.year = 2018, .level = 60}, {.simulations = 500});
  const auto b = povstat::target_gap(s, fit, {.year = 2018, .level = 60}, {.simulations = 500});
  CHECK(a.probability == b.probability);
  CHECK(a.simulations == 500);
  CHECK(a.probability > 0.05);
  CHECK(a.probability < 0.95);
  CHECK(povstat::target_gap(s, fit, {.year = 2018, .level = 60}, {.simulations = 500, .seed = 9}).probability !=
        a.probability);
}

TEST_CASE("target_gap's simulations and bootstrap are bit-identical for 1, 2, 3 and 7 threads") {
  const population_series<double> s{{2010, 2011, 2012, 2013, 2014}, {300, 240, 200, 150, 130}};
  const auto fit = povstat::fit_poisson(s, {.variance = povstat::dispersion::quasi});
  povstat::target_gap_options<double> options{.simulations = 1500, .interval_method = povstat::crossing_method::bootstrap,
                                              .replicates = 700};
  const auto one = povstat::target_gap(s, fit, {.year = 2018, .level = 60}, options);
  CHECK(one.simulations == 1500);
  for (const std::size_t threads : {2u, 3u, 7u}) {
    CAPTURE(threads);
    options.execution = povstat::execution{threads};
    const auto many = povstat::target_gap(s, fit, {.year = 2018, .level = 60}, options);
    CHECK(many.probability == one.probability);
    CHECK(many.years_to_target.lower == one.years_to_target.lower);
    CHECK(many.years_to_target.upper == one.years_to_target.upper);
  }
  options.execution = povstat::execution{1};
  options.progress = [](std::size_t, std::size_t) { return false; };
  CHECK_THROWS_AS(povstat::target_gap(s, fit, {.year = 2018, .level = 60}, options), povstat::cancelled);
  CHECK(message_of([&] { povstat::target_gap(s, fit, {.year = 2018, .level = 60}, {.execution = povstat::execution{0}}); }) ==
        "povstat::target_gap: options.execution.threads is 0, but must be >= 1 (use execution::parallel() for every "
        "hardware thread)");
}

TEST_CASE("coverage: the 95 % crossing interval covers the true year 93-97 % of the time") {
  std::mt19937_64 generator(20201231);
  const auto years = years_from(2000, 10);
  constexpr int series_count = 2000;
  SUBCASE("linear trend, normal errors, Fieller") {
    // 300 − 20 (t − 2000) + N(0, 15²): zero at 2015.
    int covered = 0;
    for (int k = 0; k < series_count; ++k) {
      std::vector<double> poor;
      for (int i = 0; i < 10; ++i) poor.push_back(300 - 20.0 * i + 15 * povstat::detail::standard_normal<double>(generator));
      const auto c = povstat::years_to(povstat::fit_linear(population_series<double>(years, poor)), 0.0);
      covered += covers(c, 2015) ? 1 : 0;
    }
    const double coverage = covered / double(series_count);
    MESSAGE("linear Fieller coverage: " << coverage);
    CHECK(coverage >= 0.93);
    CHECK(coverage <= 0.97);
  }
  SUBCASE("Poisson counts, log-linear mean, Fieller on the log scale") {
    // mean 500 exp(−0.2 (t − 2000)): 20 at 2000 + log(25)/0.2.
    const double truth = 2000 + std::log(25.0) / 0.2;
    int covered = 0;
    for (int k = 0; k < series_count; ++k) {
      std::vector<double> poor;
      for (int i = 0; i < 10; ++i) poor.push_back(poisson_draw(generator, 500 * std::exp(-0.2 * i)));
      const auto c = povstat::years_to(povstat::fit_poisson(population_series<double>(years, poor)), 20.0);
      covered += covers(c, truth) ? 1 : 0;
    }
    const double coverage = covered / double(series_count);
    MESSAGE("Poisson Fieller coverage: " << coverage);
    CHECK(coverage >= 0.93);
    CHECK(coverage <= 0.97);
  }
}

TEST_CASE("calibration: predicted probabilities of meeting a target match observed frequencies") {
  std::mt19937_64 generator(2030);
  const auto years = years_from(2000, 10);
  constexpr int series_count = 5000;
  std::vector<double> predicted;
  std::vector<bool> met;
  SUBCASE("linear trend, normal errors (Student t, exact)") {
    // 300 − 20 (t − 2000) + N(0, 15²); goal by 2012 (mean 60): a level drawn in [20, 100].
    for (int k = 0; k < series_count; ++k) {
      std::vector<double> poor;
      for (int i = 0; i < 10; ++i) poor.push_back(300 - 20.0 * i + 15 * povstat::detail::standard_normal<double>(generator));
      const population_series<double> s(years, poor);
      const double level = 20 + 80 * povstat::detail::uniform_open01<double>(generator);
      const auto g = povstat::target_gap(s, povstat::fit_linear(s), {.year = 2012, .level = level});
      predicted.push_back(g.probability);
      met.push_back(60 + 15 * povstat::detail::standard_normal<double>(generator) <= level);
    }
  }
  SUBCASE("Poisson counts (parameter simulation, exact Poisson outcome)") {
    // mean 300 exp(−0.25 (t − 2000)); goal by 2012 (mean 300 e^−3 = 14.94): a level in 5..25.
    const double mean_2012 = 300 * std::exp(-3.0);
    for (int k = 0; k < series_count; ++k) {
      std::vector<double> poor;
      for (int i = 0; i < 10; ++i) poor.push_back(poisson_draw(generator, 300 * std::exp(-0.25 * i)));
      const population_series<double> s(years, poor);
      const double level = 5 + static_cast<double>(povstat::detail::uniform_index(generator, 21));
      const auto g = povstat::target_gap(s, povstat::fit_poisson(s), {.year = 2012, .level = level},
                                         {.simulations = 100, .seed = static_cast<std::uint64_t>(k)});
      predicted.push_back(g.probability);
      met.push_back(poisson_draw(generator, mean_2012) <= level);
    }
  }
  check_calibration(predicted, met);
}
