#ifndef POVSTAT_TARGET_HPP
#define POVSTAT_TARGET_HPP

/// @file
/// Module header of target/: when a trend reaches a level (`years_to`, `years_to_zero`),
/// observed and required rates, target gaps with the probability of meeting the target and
/// published progress classes, for one series or every region, and who reaches a level last.

#include "povstat/target/crossing.hpp"
#include "povstat/target/last_to_reach.hpp"
#include "povstat/target/progress.hpp"
#include "povstat/target/rates.hpp"
#include "povstat/target/regional_target_gaps.hpp"
#include "povstat/target/target_gap.hpp"

#endif  // POVSTAT_TARGET_HPP
