#ifndef POVSTAT_VERSION_HPP
#define POVSTAT_VERSION_HPP

/// @file
/// The single source of povstat's version: CMake reads these three lines.

#define POVSTAT_VERSION_MAJOR 0
#define POVSTAT_VERSION_MINOR 1
#define POVSTAT_VERSION_PATCH 0

/// The version as one integer, major * 10000 + minor * 100 + patch.
#define POVSTAT_VERSION \
  (POVSTAT_VERSION_MAJOR * 10000 + POVSTAT_VERSION_MINOR * 100 + POVSTAT_VERSION_PATCH)

#endif  // POVSTAT_VERSION_HPP
