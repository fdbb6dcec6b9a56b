// The audit on arbitrary numbers and cohorts: every check returns or throws a povstat
// exception, p-values lie in [0, 1], and the report's adjusted q-values too.

#include <Eigen/Core>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "povstat/audit.hpp"

namespace {
void check_p(double p) { fuzz::require(p >= 0 && p <= 1, "a p-value lies in [0, 1]"); }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::input in(data, size);
  const auto values = in.numbers(60);
  const auto digits = static_cast<povstat::benford_digits>(in.byte() % 3);
  const double threshold = in.number();
  fuzz::print("values", values);
  fuzz::print("threshold", threshold);
  fuzz::accept_povstat_errors([&] {
    const auto b = povstat::benford_test(values, digits, {.replicates = 50});
    check_p(b.p_value);
  });
  fuzz::accept_povstat_errors([&] { check_p(povstat::last_digit_test(values).last.p_value); });
  fuzz::accept_povstat_errors([&] { (void)povstat::threshold_bunching(values, threshold); });
  fuzz::accept_povstat_errors([&] {
    for (double q : povstat::benjamini_hochberg(values)) check_p(q);
  });

  // A small two-level cohort: one parent, up to 6 children, up to 6 years.
  povstat::cohort_data<double> c;
  const auto children = 1 + in.count(5);
  const auto years = 1 + in.count(5);
  c.regions.push_back("P");
  c.parents.push_back("");
  for (std::size_t r = 0; r < children; ++r) {
    c.regions.push_back("C" + std::to_string(r));
    c.parents.push_back("P");
  }
  for (std::size_t y = 0; y < years; ++y) c.years.push_back(2010.0 + static_cast<double>(y));
  c.poor.resize(static_cast<Eigen::Index>(children + 1), static_cast<Eigen::Index>(years));
  for (Eigen::Index i = 0; i < c.poor.size(); ++i) c.poor.data()[i] = in.byte() % 5 == 0 ? NAN : in.number();
  if (in.byte() % 2) {
    c.population.resize(c.poor.rows(), c.poor.cols());
    for (Eigen::Index i = 0; i < c.population.size(); ++i) c.population.data()[i] = in.number();
  }
  fuzz::accept_povstat_errors([&] {
    const povstat::regional_cohort<double> cohort(c);
    povstat::audit_options<double> options;
    if (in.byte() % 2) options.exit_threshold = threshold;
    const auto report = povstat::audit(cohort, options);
    for (const auto& f : report.flags) {
      if (f.p_value) check_p(*f.p_value);
      if (f.q_value) check_p(*f.q_value);
    }
  });
  return 0;
}
