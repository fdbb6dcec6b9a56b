#ifndef POVSTAT_STATS_HPP
#define POVSTAT_STATS_HPP

/// @file
/// Module header of stats/: numerical building blocks with no domain words.

#include "povstat/stats/summation.hpp"

#endif  // POVSTAT_STATS_HPP
