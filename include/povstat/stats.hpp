#ifndef POVSTAT_STATS_HPP
#define POVSTAT_STATS_HPP

/// @file
/// Module header of stats/: numerical building blocks with no domain words.

#include "povstat/stats/least_squares.hpp"
#include "povstat/stats/nonlinear_least_squares.hpp"
#include "povstat/stats/polynomial_fit.hpp"
#include "povstat/stats/summation.hpp"
#include "povstat/stats/weighted_quantile.hpp"

#endif  // POVSTAT_STATS_HPP
