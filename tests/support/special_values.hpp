#ifndef POVSTAT_TESTS_SPECIAL_VALUES_HPP
#define POVSTAT_TESTS_SPECIAL_VALUES_HPP

// Non-finite doubles the tests feed to povstat. Defined once here because each suite is
// compiled as one translation unit: file-local copies would collide.

#include <limits>

namespace special {

/// A quiet NaN: a bad value, or a missing cell.
inline constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
/// A missing cell of a cohort or table (NaN).
inline constexpr double missing = not_a_number;
/// +infinity.
inline constexpr double inf = std::numeric_limits<double>::infinity();

}  // namespace special

#endif  // POVSTAT_TESTS_SPECIAL_VALUES_HPP
