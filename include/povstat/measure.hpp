#ifndef POVSTAT_MEASURE_HPP
#define POVSTAT_MEASURE_HPP

/// @file
/// Module header of measure/: poverty and inequality measures.

#include "povstat/measure/alkire_foster.hpp"
#include "povstat/measure/bootstrap.hpp"
#include "povstat/measure/conventions.hpp"
#include "povstat/measure/decomposition.hpp"
#include "povstat/measure/grouped_data.hpp"
#include "povstat/measure/grouped_poverty.hpp"
#include "povstat/measure/growth_redistribution.hpp"
#include "povstat/measure/inequality.hpp"
#include "povstat/measure/lorenz_beta.hpp"
#include "povstat/measure/lorenz_curve.hpp"
#include "povstat/measure/lorenz_gq.hpp"
#include "povstat/measure/lorenz_measures.hpp"
#include "povstat/measure/poverty.hpp"
#include "povstat/measure/relative_poverty.hpp"

#endif  // POVSTAT_MEASURE_HPP
