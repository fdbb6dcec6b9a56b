#ifndef POVSTAT_FIT_HPP
#define POVSTAT_FIT_HPP

/// @file
/// Module header of fit/: trend models on a population_series, their common result
/// `trend_fit`, model ranking and batch fitting of cohorts.

#include "povstat/fit/best.hpp"
#include "povstat/fit/fit_all.hpp"
#include "povstat/fit/fit_table.hpp"
#include "povstat/fit/gompertz.hpp"
#include "povstat/fit/huber.hpp"
#include "povstat/fit/linear.hpp"
#include "povstat/fit/logistic.hpp"
#include "povstat/fit/loglinear.hpp"
#include "povstat/fit/poisson.hpp"
#include "povstat/fit/segmented.hpp"
#include "povstat/fit/theil_sen.hpp"
#include "povstat/fit/trend_fit.hpp"

#endif  // POVSTAT_FIT_HPP
