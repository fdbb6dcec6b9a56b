#ifndef POVSTAT_CORE_FIT_STATUS_HPP
#define POVSTAT_CORE_FIT_STATUS_HPP

/// @file
/// How an iterative fit ended, reported in every fit result.

#include <string_view>

#include "povstat/config.hpp"

POVSTAT_NAMESPACE_BEGIN

/// How an iterative fit ended. Closed-form fits report `converged`.
enum class fit_status {
  converged,       ///< the convergence criteria were met
  max_iterations,  ///< the iteration limit was reached first
  stalled,         ///< no further progress was possible (step or improvement below round-off)
  insufficient_data,  ///< too few points for the model; only batch fits report this (single fits throw)
};

/// The name of a status, e.g. "max_iterations".
constexpr std::string_view to_string(fit_status status) noexcept {
  switch (status) {
    case fit_status::converged: return "converged";
    case fit_status::max_iterations: return "max_iterations";
    case fit_status::stalled: return "stalled";
    case fit_status::insufficient_data: return "insufficient_data";
  }
  return "unknown";
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_CORE_FIT_STATUS_HPP
