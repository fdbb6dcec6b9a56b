// The CSV readers on arbitrary text: a file is either read or refused with invalid_input,
// and whatever is read is written and read back to the same series or cohort, bit for bit.

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "fuzz_support.hpp"
#include "povstat/io/cohort_csv.hpp"
#include "povstat/io/series_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  fuzz::accept_povstat_errors([&] {
    std::istringstream in(text);
    const auto series = povstat::read_series_csv<double>(in, "fuzz");
    std::ostringstream out;
    povstat::write_series_csv(out, series);
    std::istringstream again(out.str());
    fuzz::require(povstat::read_series_csv<double>(again, "written") == series, "series CSV round trip is exact");
  });
  fuzz::accept_povstat_errors([&] {
    std::istringstream in(text);
    const auto cohort = povstat::read_cohort_csv<double>(in, "fuzz");
    std::ostringstream out;
    povstat::write_cohort_csv(out, cohort);
    std::istringstream again(out.str());
    fuzz::require(povstat::read_cohort_csv<double>(again, "written") == cohort, "cohort CSV round trip is exact");
  });
  return 0;
}
