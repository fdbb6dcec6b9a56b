// A downstream program: it sees povstat only through <povstat/povstat.hpp> and the
// povstat::povstat target. It exits with 0 only if the library computes what it should.
#include <cmath>
#include <cstdio>
#include <povstat/povstat.hpp>

int main() {
  // China's rural poor under the 2010 national line, millions (NBS, 2016 to 2019).
  const povstat::population_series<double> rural_poor{{2016, 2017, 2018, 2019},
                                                      {43.35, 30.46, 16.60, 5.51}};
  povstat::compensated_sum<double> person_years;
  for (const double poor : rural_poor.poor()) person_years.add(poor);
  const auto in_2018 = rural_poor.value_at(2018);

  std::printf("povstat %d.%d.%d: %zu years; %.2f million rural poor in 2018; sum %.2f\n",
              POVSTAT_VERSION_MAJOR, POVSTAT_VERSION_MINOR, POVSTAT_VERSION_PATCH,
              rural_poor.size(), in_2018.value_or(-1.0), person_years.value());

  const bool ok = rural_poor.size() == 4 && in_2018 && *in_2018 == 16.60 &&
                  !rural_poor.value_at(2015) && std::abs(person_years.value() - 95.92) < 1e-12;
  if (!ok) std::puts("unexpected result");
  return ok ? 0 : 1;
}
