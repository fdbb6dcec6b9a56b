#ifndef POVSTAT_CORE_HPP
#define POVSTAT_CORE_HPP

/// @file
/// Module header of core/: error types, `population_series`, `regional_cohort`.

#include "povstat/core/check.hpp"
#include "povstat/core/error.hpp"
#include "povstat/core/population_series.hpp"
#include "povstat/core/regional_cohort.hpp"

#endif  // POVSTAT_CORE_HPP
