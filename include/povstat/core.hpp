#ifndef POVSTAT_CORE_HPP
#define POVSTAT_CORE_HPP

/// @file
/// Module header of core/: error types, `execution` and progress callbacks, `population_series`, `regional_cohort`.

#include "povstat/core/check.hpp"
#include "povstat/core/error.hpp"
#include "povstat/core/execution.hpp"
#include "povstat/core/population_series.hpp"
#include "povstat/core/regional_cohort.hpp"

#endif  // POVSTAT_CORE_HPP
