// years_to and years_to_zero: crossings derived by hand for every model family, each status,
// the interval shapes, the bootstrap's determinism, and every input they reject.

#include <doctest/doctest.h>

#include "special_values.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "povstat/fit/linear.hpp"
#include "povstat/fit/loglinear.hpp"
#include "povstat/fit/poisson.hpp"
#include "povstat/target/crossing.hpp"
#include "reference_table.hpp"

using povstat::crossing_method;
using povstat::crossing_status;
using povstat::interval_shape;
using povstat::invalid_input;
using povstat::population_series;
using povstat::trend_fit;
using povstat::trend_model;
using reference::message_of;

namespace {

using special::inf;
using special::not_a_number;

// A fit built by hand: `model` with coefficients `coef`, covariance `vcov`, fitted to
// `years` (only the last year matters for a crossing), Gaussian with df residual degrees of
// freedom and scale sigma.
trend_fit<double> hand_fit(trend_model model, povstat::trend_link link, std::vector<double> coef,
                           Eigen::MatrixXd vcov, std::vector<double> years, double origin) {
  trend_fit<double> fit{};
  fit.model = model;
  fit.link = link;
  fit.family = povstat::trend_family::gaussian;
  fit.coef = Eigen::Map<Eigen::VectorXd>(coef.data(), static_cast<Eigen::Index>(coef.size()));
  fit.vcov = std::move(vcov);
  fit.time_origin = origin;
  fit.years = std::move(years);
  fit.n = fit.years.size();
  fit.df_residual = 10;
  fit.sigma = 1;
  return fit;
}

Eigen::MatrixXd small_vcov(Eigen::Index k) { return Eigen::MatrixXd::Identity(k, k) * 1e-6; }

}  // namespace

TEST_CASE("an exact line crosses where it was built to") {
  // poor = 100 - 8 (t - 2010): 0 at 2022.5, 20 at 2020; observed 2010..2015, so both are
  // 7 and 4.5 years after 2015.
  const population_series<double> s{{2010, 2011, 2012, 2013, 2014, 2015}, {100, 92, 84, 76, 68, 60}};
  const auto fit = povstat::fit_linear(s);
  const auto zero = povstat::years_to_zero(fit);
  CHECK(zero.status == crossing_status::reached_in_future);
  CHECK(zero.level == 0);
  CHECK(zero.year == doctest::Approx(2022.5).epsilon(1e-13));
  CHECK(zero.years_after_last == doctest::Approx(7.5).epsilon(1e-12));
  CHECK(zero.last_year == 2015);
  CHECK(zero.method == crossing_method::fieller);  // the default for a straight line
  // sigma = 0: Fieller's set and the delta interval collapse to the point.
  CHECK(zero.shape == interval_shape::bounded);
  CHECK(zero.lower == doctest::Approx(2022.5).epsilon(1e-9));
  CHECK(zero.upper == doctest::Approx(2022.5).epsilon(1e-9));
  const auto twenty = povstat::years_to(fit, 20.0, {.method = crossing_method::delta});
  CHECK(twenty.year == doctest::Approx(2020).epsilon(1e-13));
  CHECK(twenty.upper - twenty.lower <= 1e-6);
}

TEST_CASE("an exact exponential decline reaches a level in log(level/start)/log(1 + rate) years") {
  // poor = 1000 · 0.8^(t − 2010): 1000, 800, 640, 512, 409.6. 100 is reached at
  // 2010 + log(0.1)/log(0.8) = 2020.318...; zero (0.5 persons) at 2010 + log(0.0005)/log(0.8).
  const population_series<double> s{{2010, 2011, 2012, 2013, 2014}, {1000, 800, 640, 512, 409.6}};
  for (const auto& fit : {povstat::fit_loglinear(s), povstat::fit_poisson(s)}) {
    INFO(povstat::to_string(fit.model));
    const auto hundred = povstat::years_to(fit, 100.0);
    CHECK(hundred.status == crossing_status::reached_in_future);
    CHECK(hundred.year == doctest::Approx(2010 + std::log(0.1) / std::log(0.8)).epsilon(1e-10));
    const auto zero = povstat::years_to_zero(fit);
    CHECK(zero.level == 0.5);
    CHECK(zero.year == doctest::Approx(2010 + std::log(0.0005) / std::log(0.8)).epsilon(1e-10));
    const auto custom = povstat::years_to_zero(fit, {.zero_level = 1.0});
    CHECK(custom.year == doctest::Approx(2010 + std::log(0.001) / std::log(0.8)).epsilon(1e-10));
  }
}

TEST_CASE("a level already reached, a rising trend, a flat trend and a far crossing") {
  const population_series<double> falling{{2010, 2011, 2012, 2013}, {40, 30, 20, 10}};
  const auto reached = povstat::years_to(povstat::fit_linear(falling), 25.0);
  CHECK(reached.status == crossing_status::already_reached);
  CHECK(reached.year == doctest::Approx(2011.5).epsilon(1e-13));  // 40 − 10 (t − 2010) = 25
  CHECK(reached.years_after_last == doctest::Approx(-1.5).epsilon(1e-12));

  const population_series<double> rising{{2010, 2011, 2012, 2013}, {10, 12, 14, 16}};
  const auto up = povstat::years_to(povstat::fit_linear(rising), 5.0, {.method = crossing_method::delta});
  CHECK(up.status == crossing_status::not_reached);
  CHECK(std::isnan(up.year));
  CHECK(up.shape == interval_shape::none);  // no crossing year, nothing to put an interval on

  const population_series<double> flat{{2010, 2011, 2012, 2013}, {10, 10, 10, 10}};
  CHECK(povstat::years_to(povstat::fit_linear(flat), 5.0).status == crossing_status::not_reached);

  // 1000 − 1 (t − 2010) reaches 0 at 3010: 997 years after 2013.
  const population_series<double> slow{{2010, 2011, 2012, 2013}, {1000, 999, 998, 997}};
  const auto far = povstat::years_to_zero(povstat::fit_linear(slow));
  CHECK(far.status == crossing_status::beyond_horizon);
  CHECK(far.year == doctest::Approx(3010).epsilon(1e-12));
  CHECK(povstat::years_to_zero(povstat::fit_linear(slow), {.horizon = 1000}).status ==
        crossing_status::reached_in_future);
}

TEST_CASE("Fieller's set is unbounded when the slope is not significant, and says so") {
  // Slope −1 with variance 4 (t = −0.5 at any level): a = b1² − q² v11 < 0.
  Eigen::MatrixXd v(2, 2);
  v << 1, 0, 0, 4;
  const auto fit = hand_fit(trend_model::linear, povstat::trend_link::identity, {50, -1}, v, {0, 1, 2}, 0);
  const auto c = povstat::years_to(fit, 40.0, {.method = crossing_method::fieller});
  // q = t(0.975, 10) = 2.2281388519862739 (R: qt(0.975, 10)); a = 1 − 4 q² < 0, B = 2·10·(−1) = −20, c = 100 − q²:
  // the discriminant 400 − 4 a c > 0, so the set is two rays outside the roots.
  const double q = 2.2281388519862739, a = 1 - 4 * q * q, B = -20, cc = 100 - q * q;
  const double r1 = (-B + std::sqrt(B * B - 4 * a * cc)) / (2 * a), r2 = (-B - std::sqrt(B * B - 4 * a * cc)) / (2 * a);
  CHECK(c.shape == interval_shape::two_rays);
  CHECK(c.lower == doctest::Approx(std::min(r1, r2)).epsilon(1e-12));
  CHECK(c.upper == doctest::Approx(std::max(r1, r2)).epsilon(1e-10));
  // With the intercept uncertain too (v00 = 400), no year can be excluded: the whole line.
  v << 400, 0, 0, 4;
  const auto wide = hand_fit(trend_model::linear, povstat::trend_link::identity, {50, -1}, v, {0, 1, 2}, 0);
  const auto w = povstat::years_to(wide, 40.0, {.method = crossing_method::fieller});
  CHECK(w.shape == interval_shape::whole_line);
  CHECK(w.lower == -inf);
  CHECK(w.upper == inf);
}

TEST_CASE("logistic, Gompertz and segmented trends cross where their formulas say") {
  // Logistic K = 1000, r = 0.5, m = 2015: 100 at m + log(9)/r.
  const auto logistic = hand_fit(trend_model::logistic, povstat::trend_link::identity, {1000, 0.5, 2015},
                                 small_vcov(3), {2010, 2011, 2012}, 2010);
  const auto l = povstat::years_to(logistic, 100.0);
  CHECK(l.status == crossing_status::reached_in_future);
  CHECK(l.year == doctest::Approx(2015 + std::log(9.0) / 0.5).epsilon(1e-13));
  CHECK(l.method == crossing_method::bootstrap);  // the default for curved trends
  CHECK(l.shape == interval_shape::bounded);
  CHECK(l.lower < l.year);
  CHECK(l.upper > l.year);
  CHECK(povstat::years_to_zero(logistic).year == doctest::Approx(2015 + std::log(1999.0) / 0.5).epsilon(1e-13));
  // Gompertz K = 1000, r = 0.3, m = 2012: 100 at m + log(log(10))/r.
  const auto gompertz = hand_fit(trend_model::gompertz, povstat::trend_link::identity, {1000, 0.3, 2012},
                                 small_vcov(3), {2010, 2011}, 2010);
  CHECK(povstat::years_to(gompertz, 100.0).year ==
        doctest::Approx(2012 + std::log(std::log(10.0)) / 0.3).epsilon(1e-13));
  // Segmented: 100 − 2x until 2015 (x = t − 2010), then slope −2 − 8 = −10: 90 at 2015,
  // 0 at 2024; a level of 95 is crossed on the first segment (2012.5, already reached).
  const auto segmented = hand_fit(trend_model::segmented, povstat::trend_link::identity, {100, -2, -8, 2015},
                                  small_vcov(4), {2010, 2011, 2012, 2013, 2014, 2015, 2016}, 2010);
  const auto z = povstat::years_to_zero(segmented, {.method = crossing_method::delta});
  CHECK(z.year == doctest::Approx(2024).epsilon(1e-13));
  // delta: se = sqrt(gᵀVg)/|slope| with g = (1, 14, 14 − 5, 8) at 2024 and V = 1e-6 I.
  const double se = std::sqrt(1e-6 * (1 + 14.0 * 14 + 9.0 * 9 + 64)) / 10;
  CHECK(z.upper - z.year == doctest::Approx(2.2281388519862739 * se).epsilon(1e-9));
  const auto early = povstat::years_to(segmented, 95.0);
  CHECK(early.status == crossing_status::already_reached);
  CHECK(early.year == doctest::Approx(2012.5).epsilon(1e-13));
}

TEST_CASE("bootstrap intervals are deterministic, seeded, and open when replicates never arrive") {
  const population_series<double> s{{2010, 2011, 2012, 2013, 2014, 2015}, {100, 93, 85, 80, 70, 66}};
  const auto fit = povstat::fit_loglinear(s);
  const povstat::crossing_options<double> options{.method = crossing_method::bootstrap, .replicates = 500};
  const auto a = povstat::years_to(fit, 20.0, options);
  const auto b = povstat::years_to(fit, 20.0, options);
  CHECK(a.lower == b.lower);
  CHECK(a.upper == b.upper);
  CHECK(a.replicates == 500);
  CHECK(a.lower < a.year);
  CHECK(a.upper > a.year);
  auto other_seed = options;
  other_seed.seed = 7;
  CHECK(povstat::years_to(fit, 20.0, other_seed).lower != a.lower);
  // With many degrees of freedom (t ≈ normal) the parametric bootstrap agrees with Fieller
  // to within its own noise: 40 years of a 10 % decline with a deterministic wobble.
  std::vector<double> years, poor;
  for (int i = 0; i < 40; ++i) {
    years.push_back(1980 + i);
    poor.push_back(1e6 * std::pow(0.9, i) * std::exp(0.05 * std::sin(1.7 * i)));
  }
  const auto long_fit = povstat::fit_loglinear(population_series<double>(years, poor));
  const auto boot = povstat::years_to(long_fit, 100.0, {.method = crossing_method::bootstrap, .replicates = 4000});
  const auto fieller = povstat::years_to(long_fit, 100.0, {.method = crossing_method::fieller});
  CHECK(boot.lower == doctest::Approx(fieller.lower).epsilon(2e-5));
  CHECK(boot.upper == doctest::Approx(fieller.upper).epsilon(2e-5));

  auto residual = options;
  residual.scheme = povstat::bootstrap_scheme::residual;
  const auto r = povstat::years_to(fit, 20.0, residual);
  CHECK(r.replicates + r.failed_replicates == 500);
  CHECK(r.lower < r.year);
  CHECK(r.upper > r.year);
  CHECK(povstat::years_to(fit, 20.0, residual).upper == r.upper);

  // A slope barely below zero: many draws rise and never reach the level.
  Eigen::MatrixXd v(2, 2);
  v << 1e-4, 0, 0, 1;
  const auto weak = hand_fit(trend_model::linear, povstat::trend_link::identity, {50, -0.5}, v, {0, 1, 2}, 0);
  const auto open = povstat::years_to(weak, 10.0, options);
  CHECK(open.shape == interval_shape::unbounded_above);
  CHECK(open.upper == inf);
}

TEST_CASE("years_to rejects bad levels, options and fits, naming the rule") {
  const population_series<double> s{{2010, 2011, 2012, 2013}, {40, 31, 20, 11}};
  const auto fit = povstat::fit_linear(s);
  CHECK(message_of([&] { povstat::years_to(fit, -1.0); }) ==
        "povstat::years_to: level is -1, but must be finite and >= 0");
  CHECK(message_of([&] { povstat::years_to(fit, not_a_number); }) ==
        "povstat::years_to: level is nan, but must be finite and >= 0");
  CHECK(message_of([&] { povstat::years_to(fit, inf); }) ==
        "povstat::years_to: level is inf, but must be finite and >= 0");
  CHECK(message_of([&] { povstat::years_to(povstat::fit_loglinear(s), 0.0); }) ==
        "povstat::years_to: level is 0, which a loglinear trend never reaches; use years_to_zero (it stops at "
        "options.zero_level)");
  CHECK(message_of([&] { povstat::years_to(fit, 1.0, {.level = 1.0}); }) ==
        "povstat::years_to: options.level is 1, but must be in (0, 1)");
  CHECK(message_of([&] { povstat::years_to(fit, 1.0, {.horizon = 0.0}); }) ==
        "povstat::years_to: options.horizon is 0, but must be finite and > 0");
  CHECK(message_of([&] { povstat::years_to_zero(fit, {.zero_level = -0.5}); }) ==
        "povstat::years_to_zero: options.zero_level is -0.5, but must be finite and > 0");
  CHECK(message_of([&] { povstat::years_to(fit, 1.0, {.method = crossing_method::bootstrap, .replicates = 1}); }) ==
        "povstat::years_to: options.replicates is 1, but must be >= 2");
  const auto logistic = hand_fit(trend_model::logistic, povstat::trend_link::identity, {1000, 0.5, 2015},
                                 small_vcov(3), {2010}, 2010);
  CHECK(message_of([&] { povstat::years_to(logistic, 1.0, {.method = crossing_method::fieller}); }) ==
        "povstat::years_to: options.method is fieller, which needs a straight-line trend, but the model is "
        "logistic; use delta or bootstrap");
  auto stalled = fit;
  stalled.status = povstat::fit_status::max_iterations;
  CHECK(message_of([&] { povstat::years_to(stalled, 1.0); }) ==
        "povstat::years_to: the fit did not converge (status max_iterations), so its trend cannot be extrapolated");
  auto empty = fit;
  empty.status = povstat::fit_status::insufficient_data;
  CHECK_THROWS_AS(povstat::years_to(empty, 1.0), povstat::insufficient_data);
  auto aliased = fit;
  aliased.vcov(1, 1) = not_a_number;
  CHECK(message_of([&] { povstat::years_to(aliased, 1.0); }) ==
        "povstat::years_to: fit.vcov(1, 1) is nan, but must be finite (the fit has no usable covariance, e.g. an "
        "aliased coefficient)");
  population_series<double> with_population{{2010, 2011, 2012}, {40, 30, 20}, {400, 400, 400}};
  const auto rate = povstat::fit_poisson(with_population, {.rate = true});
  CHECK(message_of([&] { povstat::years_to_zero(rate); }) ==
        "povstat::years_to_zero: the fit models a rate, for which there is no count that rounds to zero; use "
        "years_to with a rate");
  CHECK(message_of([&] {
          povstat::years_to(rate, 0.01, {.method = crossing_method::bootstrap, .scheme = povstat::bootstrap_scheme::residual});
        }) == "povstat::years_to: the residual bootstrap cannot refit a rate model; use bootstrap_scheme::parametric");
}

TEST_CASE("years_to's bootstrap is bit-identical for 1, 2, 3 and 7 threads, reports progress and cancels") {
  const population_series<double> s{{2010, 2011, 2012, 2013, 2014, 2015, 2016}, {100, 93, 85, 80, 70, 66, 61}};
  const auto fit = povstat::fit_loglinear(s);
  for (const auto scheme : {povstat::bootstrap_scheme::parametric, povstat::bootstrap_scheme::residual}) {
    povstat::crossing_options<double> options{.method = crossing_method::bootstrap, .scheme = scheme, .replicates = 1000};
    const auto one = povstat::years_to(fit, 20.0, options);
    for (const std::size_t threads : {2u, 3u, 7u}) {
      CAPTURE(threads);
      options.execution = povstat::execution{threads};
      const auto many = povstat::years_to(fit, 20.0, options);
      CHECK(many.lower == one.lower);
      CHECK(many.upper == one.upper);
      CHECK(many.replicates == one.replicates);
      CHECK(many.failed_replicates == one.failed_replicates);
    }
    std::vector<std::size_t> seen;
    options.progress = [&](std::size_t done, std::size_t total) {
      CHECK(total == 1000);
      seen.push_back(done);
      return true;
    };
    povstat::years_to(fit, 20.0, options);
    REQUIRE(!seen.empty());
    CHECK(std::is_sorted(seen.begin(), seen.end()));
    CHECK(seen.back() == 1000);
    // Cancellation is offered when the calling thread finishes a block (core/execution.hpp),
    // which only one thread guarantees.
    options.execution = povstat::execution{1};
    options.progress = [](std::size_t, std::size_t) { return false; };
    CHECK(message_of([&] { povstat::years_to(fit, 20.0, options); }) == "povstat::years_to: cancelled by the progress callback");
    CHECK_THROWS_AS(povstat::years_to(fit, 20.0, options), povstat::cancelled);
  }
  CHECK(message_of([&] { povstat::years_to(fit, 20.0, {.execution = povstat::execution{0}}); }) ==
        "povstat::years_to: options.execution.threads is 0, but must be >= 1 (use execution::parallel() for every "
        "hardware thread)");
}

namespace {

struct full_refit_interval {
  double lower = 0, upper = 0;
  std::size_t failed = 0;
};

// The residual bootstrap of a linear or loglinear `fit` rebuilt from the full fits: the draws
// of crossing_of (blocks of replicate_block_size, one generator per block), each replicate
// refitted by fit_linear / fit_loglinear (a series or fit that throws counts as failed).
full_refit_interval full_refit_bootstrap(const trend_fit<double>& fit, double level,
                                         const povstat::crossing_options<double>& options) {
  const bool log_scale = fit.link == povstat::trend_link::log;
  const double ell = log_scale ? std::log(level) : level;
  const std::size_t n = fit.years.size();
  std::vector<double> residual(n);
  for (std::size_t i = 0; i < n; ++i)
    residual[i] = log_scale ? std::log(fit.observed[i]) - std::log(fit.fitted[i]) : fit.observed[i] - fit.fitted[i];
  full_refit_interval out;
  std::vector<double> years;
  const std::size_t block_size = povstat::detail::replicate_block_size;
  for (std::size_t begin = 0, block = 0; begin < options.replicates; begin += block_size, ++block) {
    auto generator = povstat::detail::replicate_block_generator(options.seed, block);
    for (std::size_t r = begin; r < std::min(options.replicates, begin + block_size); ++r) {
      std::vector<double> sample(n);
      for (std::size_t i = 0; i < n; ++i) {
        const double e = residual[static_cast<std::size_t>(povstat::detail::uniform_index(generator, n))];
        sample[i] = log_scale ? std::exp(std::log(fit.fitted[i]) + e) : fit.fitted[i] + e;
      }
      try {
        const population_series<double> series(fit.years, sample);
        const auto refit = log_scale ? povstat::fit_loglinear(series, {.time_origin = fit.time_origin})
                                     : povstat::fit_linear(series, {.time_origin = fit.time_origin});
        years.push_back(povstat::detail::crossing_statistic(
            povstat::detail::locate_crossing(refit.model, refit.time_origin, refit.coef, ell, fit.years.back())));
      } catch (const std::invalid_argument&) {
        ++out.failed;
      }
    }
  }
  interval_shape shape{};
  povstat::detail::set_percentile_interval(years, options.level, out.lower, out.upper, shape);
  return out;
}

bool same_bound(double a, double b) {
  if (std::isinf(a) || std::isinf(b)) return a == b;
  return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

}  // namespace

TEST_CASE("the closed-form residual bootstrap of straight lines matches refitting with the full fits") {
  struct line_case {
    population_series<double> series;
    bool log_scale;
    double level;
    double origin;
  };
  const std::vector<line_case> cases{
      // linear decline with noise, to zero
      {{{2000, 2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009},
        {120, 111, 104, 99, 88, 83, 71, 69, 58, 52}}, false, 0, 2000},
      // 15-point log-linear decline, uneven noise, origin inside the range
      {{{2005, 2006, 2007, 2008, 2009, 2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019},
        {1000, 930, 790, 760, 650, 600, 510, 500, 420, 380, 345, 300, 280, 240, 215}}, true, 50, 2011.5},
      // uneven years, log scale, large residuals
      {{{1990, 1993, 1999, 2002, 2008, 2011, 2015}, {5000, 3100, 2600, 900, 1300, 400, 380}}, true, 10, 1990},
      // small counts with large residuals: many draws go negative, so replicates fail
      {{{2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017}, {40, 22, 35, 14, 20, 6, 9, 1}}, false, 0, 2010},
  };
  std::size_t any_failed = 0;
  for (std::size_t c = 0; c < cases.size(); ++c) {
    CAPTURE(c);
    const auto& k = cases[c];
    const auto fit = k.log_scale ? povstat::fit_loglinear(k.series, {.time_origin = k.origin})
                                 : povstat::fit_linear(k.series, {.time_origin = k.origin});
    povstat::crossing_options<double> options{.method = crossing_method::bootstrap,
                                              .scheme = povstat::bootstrap_scheme::residual,
                                              .replicates = 700,
                                              .seed = 77 + c};
    const auto fast = k.level == 0 ? povstat::years_to_zero(fit, options) : povstat::years_to(fit, k.level, options);
    const double level = k.level == 0 ? (k.log_scale ? options.zero_level : 0.0) : k.level;
    const auto full = full_refit_bootstrap(fit, level, options);
    CHECK(same_bound(fast.lower, full.lower));
    CHECK(same_bound(fast.upper, full.upper));
    CHECK(fast.failed_replicates == full.failed);
    CHECK(fast.replicates + fast.failed_replicates == options.replicates);
    any_failed += full.failed;
    options.execution = povstat::execution{2};
    const auto two = k.level == 0 ? povstat::years_to_zero(fit, options) : povstat::years_to(fit, k.level, options);
    CHECK(two.lower == fast.lower);
    CHECK(two.upper == fast.upper);
    CHECK(two.failed_replicates == fast.failed_replicates);
  }
  CHECK(any_failed > 0);
}

TEST_CASE("selected_quantile equals the type-7 quantile of the sorted values, infinities and ties included") {
  // Expected: sort, then R's type 7, h = (n − 1) p, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]),
  // an interpolation touching an infinity being that infinity.
  const auto type7 = [](std::vector<double> x, double p) {
    std::sort(x.begin(), x.end());
    const double h = static_cast<double>(x.size() - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const double frac = h - std::floor(h);
    if (frac == 0 || lo + 1 == x.size() || x[lo] == x[lo + 1] || std::isinf(x[lo])) return x[lo];
    if (std::isinf(x[lo + 1])) return x[lo + 1];
    return x[lo] + frac * (x[lo + 1] - x[lo]);
  };
  std::mt19937_64 generator(11);
  for (int trial = 0; trial < 300; ++trial) {
    const std::size_t n = 1 + generator() % 40;
    std::vector<double> values(n);
    for (double& v : values) {
      const auto kind = generator() % 10;
      v = kind == 0 ? inf : kind == 1 ? -inf : kind < 4 ? static_cast<double>(generator() % 5) : 2020 + static_cast<double>(generator() % 1000) / 7;
    }
    for (const double p : {0.0, 0.025, 0.1, 0.5, 0.9, 0.975, 1.0}) {
      CAPTURE(trial);
      CAPTURE(p);
      std::vector<double> work = values;
      const double got = povstat::detail::selected_quantile(work, p);
      const double want = type7(values, p);
      CHECK((got == want || (std::isnan(got) && std::isnan(want))));
    }
  }
}
