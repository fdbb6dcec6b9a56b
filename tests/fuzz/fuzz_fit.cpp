// Every trend model, fit_best and fit_all on arbitrary series: a fit either returns or
// throws a povstat exception; a converged fit has finite coefficients; predict either
// returns or refuses.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "fuzz_support.hpp"
#include "povstat/detail/fit_model.hpp"
#include "povstat/fit/best.hpp"
#include "povstat/fit/fit_all.hpp"

namespace {

constexpr povstat::trend_model models[] = {
    povstat::trend_model::linear,   povstat::trend_model::loglinear, povstat::trend_model::poisson,
    povstat::trend_model::theil_sen, povstat::trend_model::huber,    povstat::trend_model::logistic,
    povstat::trend_model::gompertz, povstat::trend_model::segmented};

void check_fit(const povstat::trend_fit<double>& fit, fuzz::input& in) {
  if (fit.status != povstat::fit_status::converged) return;
  if (fuzz::trace) fuzz::print("coef", std::vector<double>(fit.coef.data(), fit.coef.data() + fit.coef.size()));
  for (Eigen::Index j = 0; j < fit.coef.size(); ++j) fuzz::require(std::isfinite(fit.coef(j)), "converged coef finite");
  fuzz::accept_povstat_errors([&] {
    const double year = in.number();
    fuzz::print("predict at", year);
    const auto p = fit.predict(year, in.byte() / 256.0);
    fuzz::require(!std::isnan(p.estimate) || !std::isfinite(p.year), "prediction is a number");
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::input in(data, size);
  const auto n = in.count(14);
  std::vector<double> years(n), poor(n);
  double year = 1990 + in.byte() % 20;
  for (std::size_t i = 0; i < n; ++i) {
    // Mostly increasing years (so that fits run), sometimes arbitrary.
    year = in.byte() % 8 == 0 ? in.number() : year + 1 + in.byte() % 3;
    years[i] = year;
    poor[i] = in.number();
  }
  const auto choice = in.byte();
  fuzz::print("years", years);
  fuzz::print("poor", poor);
  fuzz::print("choice", choice);
  fuzz::accept_povstat_errors([&] {
    const povstat::population_series<double> series(years, poor);
    if (choice == 255) {
      const auto ranking = povstat::fit_best(series);
      for (const auto& r : ranking.ranked) check_fit(r.fit, in);
      return;
    }
    const auto model = models[choice % 8];
    const std::optional<double> origin = choice & 8 ? std::optional<double>(in.number()) : std::nullopt;
    const auto variance = choice & 16 ? povstat::dispersion::quasi : povstat::dispersion::poisson;
    check_fit(povstat::detail::fit_model(series, model, origin, variance), in);
  });
  return 0;
}
