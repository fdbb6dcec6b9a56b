#ifndef POVSTAT_MEASURE_CONVENTIONS_HPP
#define POVSTAT_MEASURE_CONVENTIONS_HPP

/// @file
/// The conventions of the field that the microdata measures share, each an explicit option
/// with a documented default: who counts as poor, and what measures that take logarithms
/// or powers of incomes do with incomes <= 0.

#include "povstat/config.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Who is poor at poverty line z.
enum class poor_rule {
  strict,  ///< y < z (default): World Bank PIP, laeken, ineq, Foster–Greer–Thorbecke (1984)
  weak     ///< y <= z: convey (svyfgt), the "at or below the line" reading
};

/// What a measure that takes logarithms (Watts, MLD, Theil) or powers of incomes
/// (generalized entropy, Atkinson) does with an income y <= 0.
enum class nonpositive_income {
  /// Throw `invalid_input` naming the first such income (default).
  error,
  /// Leave the income's term out. Poverty measures (Watts) keep the person in the population
  /// and, for the FGT measures computed beside Watts, among the poor — exactly what the World
  /// Bank's PIP does (wbpip::md_compute_watts sums log(z / y) over the poor with y > 0 and
  /// divides by the total weight). Inequality measures drop the observation from the sample
  /// altogether (weight, mean and sum), as wbpip::md_compute_mld2(drop = TRUE): the index is
  /// then that of the positive incomes.
  exclude
};

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_MEASURE_CONVENTIONS_HPP
