// Every trend model, fit_best and fit_all on arbitrary series: a fit either returns or
// throws a povstat exception; a converged fit has finite coefficients; predict either
// returns or refuses. On arbitrary cohorts, fit_all_table gives the same bits on 1 and 2
// threads, its fit(cohort, r) is fit_all's, and a batch-fitted region agrees with the
// one-series fit.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "povstat/detail/fit_model.hpp"
#include "povstat/fit/best.hpp"
#include "povstat/fit/fit_all.hpp"
#include "povstat/fit/fit_table.hpp"

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

/// fit_all_table on a cohort of `regions` regions over `n` years read from `in` (some cells
/// missing): thread-count invariance, fit(cohort, r) == fit_all(...)[r], and agreement of
/// batch-fitted regions with the one-series fit.
void check_cohort(fuzz::input& in, std::size_t regions, const std::vector<double>& years) {
  const auto n = static_cast<Eigen::Index>(years.size());
  povstat::cohort_data<double> data;
  for (std::size_t r = 0; r < regions; ++r) data.regions.push_back("r" + std::to_string(r));
  data.years = years;
  data.poor.resize(static_cast<Eigen::Index>(regions), n);
  for (Eigen::Index j = 0; j < data.poor.size(); ++j)
    data.poor.data()[j] = in.byte() % 16 == 0 ? std::numeric_limits<double>::quiet_NaN() : in.number();
  const povstat::regional_cohort<double> cohort(std::move(data));
  const auto model = models[in.byte() % 3];  // linear, loglinear, poisson: the batch models
  const povstat::fit_all_options<double> one{};
  const povstat::fit_all_options<double> two{.execution = povstat::execution{2}};
  const auto table = povstat::fit_all_table(cohort, model, one);
  const auto table2 = povstat::fit_all_table(cohort, model, two);
  fuzz::require(table.status == table2.status && table.batched == table2.batched, "threads: same statuses");
  for (Eigen::Index j = 0; j < table.coef.size(); ++j) {
    const double a = table.coef.data()[j], b = table2.coef.data()[j];
    fuzz::require(a == b || (std::isnan(a) && std::isnan(b)), "threads: same coefficients");
  }
  const auto fits = povstat::fit_all(cohort, model, one);
  for (std::size_t r = 0; r < regions; ++r) {
    if (table.status[r] != povstat::fit_status::converged) continue;
    const auto rebuilt = table.fit(cohort, r);
    for (Eigen::Index k = 0; k < rebuilt.coef.size(); ++k)
      fuzz::require(rebuilt.coef(k) == fits[r].coef(k), "fit(cohort, r) is fit_all's");
    if (!table.batched[r]) continue;
    const auto single = povstat::detail::fit_model(cohort.series(r), model, std::optional<double>{}, povstat::dispersion::poisson);
    for (Eigen::Index k = 0; k < single.coef.size(); ++k) {
      const double scale = std::abs(single.coef(k)) + (std::isfinite(single.se(k)) ? single.se(k) : 0.0);
      fuzz::print("batch coef", table.coef(static_cast<Eigen::Index>(r), k));
      fuzz::print("single coef", single.coef(k));
      fuzz::require(std::abs(table.coef(static_cast<Eigen::Index>(r), k) - single.coef(k)) <= 1e-9 * scale,
                    "a batch-fitted region agrees with the one-series fit");
    }
  }
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
    if (choice == 254) {
      std::vector<double> cohort_years;
      for (std::size_t i = 0; i < n; ++i)
        if (i == 0 || years[i] > cohort_years.back()) cohort_years.push_back(years[i]);
      if (!cohort_years.empty()) check_cohort(in, 1 + in.count(40), cohort_years);
      return;
    }
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
