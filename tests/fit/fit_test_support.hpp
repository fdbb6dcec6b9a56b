#ifndef POVSTAT_TESTS_FIT_TEST_SUPPORT_HPP
#define POVSTAT_TESTS_FIT_TEST_SUPPORT_HPP

// Data shared by the fit tests: the bundled China series and the robust-trend cases with
// their R reference table (tests/reference/robust_trends.R made robust_trends.inc), used by
// both the Huber and the Theil–Sen tests.

#include <filesystem>
#include <string>

#include "povstat/core/population_series.hpp"
#include "povstat/io/series_csv.hpp"
#include "reference_table.hpp"

namespace fit_test {

/// China's rural poor, end of 2010 to end of 2020 (examples/data/china_rural_poor.csv).
inline povstat::population_series<double> china_series() {
  return povstat::read_series_csv(std::filesystem::path(POVSTAT_EXAMPLE_DATA_DIR) / "china_rural_poor.csv");
}

/// R's rlm and Theil–Sen results for the series of `robust_series`.
inline const reference::table robust_R({
#include "robust_trends.inc"
});

/// The series of tests/reference/robust_trends.R, by case name.
inline povstat::population_series<double> robust_series(const std::string& name) {
  const auto china = china_series();
  if (name == "china") return china.slice(2010, 2019);
  if (name == "china_zero") return china;
  if (name == "outlier")
    return povstat::population_series<double>{{2000, 2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009, 2010, 2011},
                                              {995, 961, 913, 893, 843, 793, 1064, 726, 685, 638, 612, 563}};
  return povstat::population_series<double>{{2001, 2002, 2003, 2004.5, 2006, 2007, 2008, 2009},
                                            {12, 15, 15, 19, 26, 26, 26, 31}};
}

}  // namespace fit_test

#endif  // POVSTAT_TESTS_FIT_TEST_SUPPORT_HPP
