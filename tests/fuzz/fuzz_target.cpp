// The target functions on fits of arbitrary series with arbitrary levels and options:
// each returns or throws a povstat exception, and what it returns keeps its promises
// (a probability in [0, 1], a crossing status consistent with its year).

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "fuzz_support.hpp"
#include "povstat/detail/fit_model.hpp"
#include "povstat/target/crossing.hpp"
#include "povstat/target/rates.hpp"
#include "povstat/target/target_gap.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::input in(data, size);
  const auto n = in.count(10);
  std::vector<double> years(n), poor(n);
  double year = 2000;
  for (std::size_t i = 0; i < n; ++i) {
    year += 1 + in.byte() % 2;
    years[i] = year;
    poor[i] = in.number();
  }
  constexpr povstat::trend_model models[] = {povstat::trend_model::linear, povstat::trend_model::loglinear,
                                             povstat::trend_model::poisson, povstat::trend_model::logistic,
                                             povstat::trend_model::segmented};
  const auto model = models[in.byte() % 5];
  const double level = in.number(), goal_year = in.number(), goal_level = in.number();
  povstat::crossing_options<double> options;
  options.level = in.byte() / 255.0;
  options.method = static_cast<povstat::crossing_method>(in.byte() % 4);
  options.scheme = in.byte() % 2 ? povstat::bootstrap_scheme::residual : povstat::bootstrap_scheme::parametric;
  options.replicates = in.count(40);
  options.horizon = in.number();
  options.zero_level = in.number();
  fuzz::print("years", years);
  fuzz::print("poor", poor);
  fuzz::print("model", static_cast<double>(model));
  fuzz::print("level", level);
  fuzz::print("goal_year", goal_year);
  fuzz::print("goal_level", goal_level);
  fuzz::accept_povstat_errors([&] {
    const povstat::population_series<double> series(years, poor);
    fuzz::accept_povstat_errors([&] { (void)povstat::annual_changes(series); });
    fuzz::accept_povstat_errors([&] { (void)povstat::cagr(series, years.front(), years.back()); });
    fuzz::accept_povstat_errors([&] { (void)povstat::required_rate(level, goal_level, goal_year, options.zero_level); });
    const auto fit = povstat::detail::fit_model(series, model, std::optional<double>(), povstat::dispersion::quasi);
    fuzz::accept_povstat_errors([&] {
      const auto c = povstat::years_to(fit, level, options);
      fuzz::require(c.status != povstat::crossing_status::reached_in_future || std::isfinite(c.year),
                    "a future crossing has a year");
    });
    fuzz::accept_povstat_errors([&] { (void)povstat::years_to_zero(fit, options); });
    fuzz::accept_povstat_errors([&] {
      const auto g = povstat::target_gap(series, fit, {.year = goal_year, .level = goal_level},
                                         {.simulations = 1 + in.count(50)});
      fuzz::print("probability", g.probability);
      fuzz::require(g.probability >= 0 && g.probability <= 1, "probability in [0, 1]");
    });
  });
  return 0;
}
