#ifndef POVSTAT_IO_HPP
#define POVSTAT_IO_HPP

/// @file
/// Module header of io/: CSV in and out for series and cohorts (the only code that
/// touches files).

#include "povstat/io/cohort_csv.hpp"
#include "povstat/io/series_csv.hpp"

#endif  // POVSTAT_IO_HPP
