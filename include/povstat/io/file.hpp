#ifndef POVSTAT_IO_FILE_HPP
#define POVSTAT_IO_FILE_HPP

/// @file
/// Opening files for the CSV readers and writers, with povstat's error messages.

#include <filesystem>
#include <fstream>
#include <ostream>
#include <stdexcept>
#include <string_view>
#include <system_error>

#include "povstat/core/error.hpp"

POVSTAT_NAMESPACE_BEGIN
namespace detail {

/// @throws invalid_input when `path` cannot be opened for reading.
inline std::ifstream open_for_reading(std::string_view function, const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ignored;
  if (!in || std::filesystem::is_directory(path, ignored))
    raise_value(function, "path", path.string(), "a readable file");
  return in;
}

/// @throws std::runtime_error when `path` cannot be opened for writing.
inline std::ofstream open_for_writing(std::string_view function, const std::filesystem::path& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) raise_value<std::runtime_error>(function, "path", path.string(), "a writable file");
  return out;
}

/// @throws std::runtime_error when a write to `out` failed.
inline void check_written(std::string_view function, std::ostream& out) {
  out.flush();
  if (!out) raise<std::runtime_error>(function, "writing the CSV failed (the stream is in a failed state)");
}

}  // namespace detail
POVSTAT_NAMESPACE_END

#endif  // POVSTAT_IO_FILE_HPP
