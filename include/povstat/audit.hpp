#ifndef POVSTAT_AUDIT_HPP
#define POVSTAT_AUDIT_HPP

/// @file
/// Module header of audit/: evidence that reported figures were made up, rounded, smoothed
/// or pushed under a threshold — digit tests, hierarchy consistency, trend anomalies,
/// bunching at an exit line, and one report that adjusts them all for multiple testing.

#include "povstat/audit/anomalies.hpp"
#include "povstat/audit/benford.hpp"
#include "povstat/audit/bunching.hpp"
#include "povstat/audit/digit_heaping.hpp"
#include "povstat/audit/hierarchy.hpp"
#include "povstat/audit/multiple_testing.hpp"
#include "povstat/audit/report.hpp"

#endif  // POVSTAT_AUDIT_HPP
