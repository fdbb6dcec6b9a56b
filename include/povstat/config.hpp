#ifndef POVSTAT_CONFIG_HPP
#define POVSTAT_CONFIG_HPP

/// @file
/// Namespace macros. Every public name lives in `povstat::POVSTAT_ABI_NAMESPACE`,
/// an inline namespace, so two incompatible versions linked into one program
/// cannot silently mix their types; users still write `povstat::name`.

#include "povstat/version.hpp"

#define POVSTAT_ABI_NAMESPACE v0

#define POVSTAT_NAMESPACE_BEGIN \
  namespace povstat {           \
  inline namespace POVSTAT_ABI_NAMESPACE {
#define POVSTAT_NAMESPACE_END \
  }                           \
  }

#endif  // POVSTAT_CONFIG_HPP
