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
  fuzz::accept_povstat_errors([&] {  // one pass = the one-measure functions, bit for bit; any thread count
    const auto m = povstat::fgt_watts(y, w, z);
    fuzz::require(m.headcount == povstat::fgt(y, w, z, 0.0) && m.poverty_gap == povstat::fgt(y, w, z, 1.0) &&
                      m.poverty_severity == povstat::fgt(y, w, z, 2.0) && m.watts == povstat::watts(y, w, z),
                  "fgt_watts equals fgt and watts");
    const auto m2 = povstat::fgt_watts(y, w, z, {.execution = povstat::execution{2}});
    fuzz::require(m2.headcount == m.headcount && m2.watts == m.watts, "fgt_watts: same bits on 2 threads");
  });
  fuzz::accept_povstat_errors([&] {
    const double g = povstat::gini(y, w);
    finite(g);
    fuzz::require(povstat::gini(y, w, {.execution = povstat::execution{2}}) == g, "gini: same bits on 2 threads");
  });
  fuzz::accept_povstat_errors([&] { finite(povstat::theil_t(y, w)); });
  fuzz::accept_povstat_errors([&] { finite(povstat::atkinson(y, w, epsilon)); });
  fuzz::accept_povstat_errors([&] { finite(povstat::generalized_entropy(y, w, alpha)); });
  fuzz::accept_povstat_errors([&] { finite(povstat::palma(y, w)); });
  return 0;
}
