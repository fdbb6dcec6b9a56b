#ifndef POVSTAT_POVSTAT_HPP
#define POVSTAT_POVSTAT_HPP

/// @file
/// Everything povstat offers. Include a module header (`povstat/core.hpp`, ...) or a
/// single file (`povstat/core/population_series.hpp`, ...) to pay only for what you use.

#include "povstat/audit.hpp"
#include "povstat/config.hpp"
#include "povstat/core.hpp"
#include "povstat/fit.hpp"
#include "povstat/io.hpp"
#include "povstat/measure.hpp"
#include "povstat/stats.hpp"
#include "povstat/target.hpp"
#include "povstat/version.hpp"

#endif  // POVSTAT_POVSTAT_HPP
