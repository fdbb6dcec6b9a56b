// Poverty and inequality measures on arbitrary weighted samples: each returns a finite
// value or throws a povstat exception.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_support.hpp"
#include "povstat/measure/inequality.hpp"
#include "povstat/measure/poverty.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::input in(data, size);
  const auto n = in.count(40);
  std::vector<double> y(n), w(n);
  for (std::size_t i = 0; i < n; ++i) {
    y[i] = in.number();
    w[i] = in.number();
  }
  const double z = in.number(), alpha = in.number(), epsilon = in.number();
  fuzz::print("y", y);
  fuzz::print("w", w);
  fuzz::print("z", z);
  fuzz::print("alpha", alpha);
  fuzz::print("epsilon", epsilon);
  const auto finite = [](double v) {
    fuzz::print("value", v);
    fuzz::require(std::isfinite(v), "a measure is finite");
  };
  fuzz::accept_povstat_errors([&] { finite(povstat::fgt(y, w, z, alpha)); });
  fuzz::accept_povstat_errors([&] { finite(povstat::fgt(y, z, alpha)); });
  fuzz::accept_povstat_errors([&] { finite(povstat::watts(y, w, z)); });
  fuzz::accept_povstat_errors([&] {
    const auto m = povstat::poverty_measures(y, w, z);
    finite(m.headcount);
    finite(m.sen);
  });
  fuzz::accept_povstat_errors([&] { finite(povstat::gini(y, w)); });
  fuzz::accept_povstat_errors([&] { finite(povstat::theil_t(y, w)); });
  fuzz::accept_povstat_errors([&] { finite(povstat::atkinson(y, w, epsilon)); });
  fuzz::accept_povstat_errors([&] { finite(povstat::generalized_entropy(y, w, alpha)); });
  fuzz::accept_povstat_errors([&] { finite(povstat::palma(y, w)); });
  return 0;
}
