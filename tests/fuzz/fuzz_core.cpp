// population_series and regional_cohort built from arbitrary numbers: either constructed
// (and then every accessor and derived view works) or refused with a povstat exception.

#include <Eigen/Core>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "povstat/core/population_series.hpp"
#include "povstat/core/regional_cohort.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::input in(data, size);
  const auto n = in.count(12);
  std::vector<double> years(n), poor(n), population;
  for (std::size_t i = 0; i < n; ++i) {
    years[i] = in.number();
    poor[i] = in.number();
  }
  if (in.byte() % 2)
    for (std::size_t i = 0; i < n; ++i) population.push_back(in.number());
  fuzz::accept_povstat_errors([&] {
    const auto s = population.empty() ? povstat::population_series<double>(years, poor)
                                      : povstat::population_series<double>(years, poor, population);
    fuzz::require(s.size() == n, "a series keeps every year");
    if (s.has_population())
      for (double r : s.headcount_ratio()) fuzz::require(r >= 0 && r <= 1, "headcount ratio in [0, 1]");
    if (n > 0) (void)s.slice(s.years().front(), s.years().back());
  });

  povstat::cohort_data<double> c;
  const auto regions = in.count(5);
  const auto periods = in.count(6);
  for (std::size_t r = 0; r < regions; ++r) c.regions.push_back(std::string(1, static_cast<char>('A' + in.count(6))));
  for (std::size_t y = 0; y < periods; ++y) c.years.push_back(in.number());
  c.poor.resize(static_cast<Eigen::Index>(regions), static_cast<Eigen::Index>(periods));
  for (Eigen::Index i = 0; i < c.poor.size(); ++i) c.poor.data()[i] = in.byte() % 4 == 0 ? NAN : in.number();
  if (in.byte() % 2)
    for (std::size_t r = 0; r < regions; ++r) {
      const auto p = in.count(regions);
      c.parents.push_back(p == regions ? std::string() : std::string(1, static_cast<char>('A' + in.count(6))));
    }
  fuzz::accept_povstat_errors([&] {
    const povstat::regional_cohort<double> cohort(c);
    fuzz::require(cohort.region_count() == regions, "a cohort keeps every region");
    const auto rebuilt = cohort.aggregate_to_parents();
    fuzz::require(rebuilt.region_count() == regions, "re-aggregation keeps every region");
    for (std::size_t r = 0; r < cohort.region_count(); ++r) (void)cohort.series(r);
  });
  return 0;
}
