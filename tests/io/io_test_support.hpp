#ifndef POVSTAT_TESTS_IO_IO_TEST_SUPPORT_HPP
#define POVSTAT_TESTS_IO_IO_TEST_SUPPORT_HPP

// Helpers shared by the io/ test files: reading from and writing to text, temporary
// files, hand-built matrices, and doctest printers so that a failed CHECK(a == b) shows
// both objects. The printers use iostreams with max_digits10, not the writers under test.

#include <doctest/doctest.h>

#include <Eigen/Core>
#include <bit>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iomanip>
#include <iterator>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "povstat/io.hpp"

namespace io_test {

/// A missing cell.
inline constexpr double missing = std::numeric_limits<double>::quiet_NaN();

/// read_series_csv of `text`, named `source` in messages.
template <std::floating_point T = double>
povstat::population_series<T> read_series(std::string_view text,
                                          std::string_view source = "series.csv") {
  std::istringstream in{std::string(text)};
  return povstat::read_series_csv<T>(in, source);
}

/// read_cohort_csv of `text`, named `source` in messages.
template <std::floating_point T = double>
povstat::regional_cohort<T> read_cohort(std::string_view text,
                                        std::string_view source = "regions.csv") {
  std::istringstream in{std::string(text)};
  return povstat::read_cohort_csv<T>(in, source);
}

/// The text write_series_csv produces for `series`.
template <std::floating_point T>
std::string write_series(const povstat::population_series<T>& series) {
  std::ostringstream out;
  povstat::write_series_csv(out, series);
  return out.str();
}

/// The text write_cohort_csv produces for `cohort`.
template <std::floating_point T>
std::string write_cohort(const povstat::regional_cohort<T>& cohort) {
  std::ostringstream out;
  povstat::write_cohort_csv(out, cohort);
  return out.str();
}

/// A regions × years matrix from its values listed row by row (one row per region).
template <std::floating_point T = double>
Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> cells(
    Eigen::Index regions, Eigen::Index years,
    std::type_identity_t<std::initializer_list<T>> row_major) {
  REQUIRE(static_cast<Eigen::Index>(row_major.size()) == regions * years);
  Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> m(regions, years);
  auto it = row_major.begin();
  for (Eigen::Index r = 0; r < regions; ++r)
    for (Eigen::Index y = 0; y < years; ++y) m(r, y) = *it++;
  return m;
}

/// The bytes of a file.
inline std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// A path under the system's temporary directory that no other run uses, removed (with
/// anything written there) when the object goes out of scope.
class temp_path {
 public:
  explicit temp_path(std::string_view suffix = ".csv") {
    static std::mt19937_64 names{std::random_device{}()};
    static unsigned counter = 0;
    std::ostringstream name;
    name << "povstat_test_io_" << std::hex << names() << '_' << std::dec << ++counter << suffix;
    path_ = std::filesystem::temp_directory_path() / name.str();
  }
  temp_path(const temp_path&) = delete;
  temp_path& operator=(const temp_path&) = delete;
  ~temp_path() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const noexcept { return path_; }
  std::string string() const { return path_.string(); }

  /// Writes `bytes` to the path, exactly (binary).
  void write(std::string_view bytes) const {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    REQUIRE(out.good());
  }

 private:
  std::filesystem::path path_;
};

/// Bit pattern of a double (distinguishes -0 from 0 and keeps every last bit).
inline std::uint64_t bits(double value) { return std::bit_cast<std::uint64_t>(value); }

/// "" when `a` and `b` hold the same names, parents, years and cells bit for bit (NaN
/// cells: both NaN), else a description of the first difference.
inline std::string first_difference(const povstat::regional_cohort<double>& a,
                                    const povstat::regional_cohort<double>& b) {
  if (a.region_count() != b.region_count() || a.year_count() != b.year_count())
    return "shapes differ";
  if (a.has_population() != b.has_population()) return "has_population differs";
  for (std::size_t r = 0; r < a.region_count(); ++r) {
    if (a.region_names()[r] != b.region_names()[r]) return "name of region " + std::to_string(r);
    if (a.parent(r) != b.parent(r)) return "parent of region " + std::to_string(r);
  }
  for (std::size_t y = 0; y < a.year_count(); ++y)
    if (bits(a.years()[y]) != bits(b.years()[y])) return "year " + std::to_string(y);
  const auto same = [](double u, double v) {
    return (std::isnan(u) && std::isnan(v)) || bits(u) == bits(v);
  };
  for (Eigen::Index r = 0; r < a.poor().rows(); ++r)
    for (Eigen::Index y = 0; y < a.poor().cols(); ++y) {
      const std::string cell = std::to_string(r) + ", " + std::to_string(y);
      if (!same(a.poor()(r, y), b.poor()(r, y))) return "poor " + cell;
      if (a.has_population() && !same(a.population()(r, y), b.population()(r, y)))
        return "population " + cell;
    }
  return "";
}

/// "" when `a` and `b` hold the same years, poor and population bit for bit.
inline std::string first_difference(const povstat::population_series<double>& a,
                                    const povstat::population_series<double>& b) {
  if (a.size() != b.size()) return "sizes differ";
  if (a.has_population() != b.has_population()) return "has_population differs";
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (bits(a.years()[i]) != bits(b.years()[i])) return "year " + std::to_string(i);
    if (bits(a.poor()[i]) != bits(b.poor()[i])) return "poor " + std::to_string(i);
    if (a.has_population() && bits(a.population()[i]) != bits(b.population()[i]))
      return "population " + std::to_string(i);
  }
  return "";
}

/// Checks that read_series_csv of `text` (source "series.csv") throws exactly `Error`
/// with exactly `message`.
template <class Error = povstat::invalid_input, std::floating_point T = double>
void check_series_rejects(std::string_view text, const std::string& message) {
  const std::string input(text);
  CAPTURE(input);
  CHECK_THROWS_WITH_AS(read_series<T>(text), message.c_str(), Error);
}

/// Checks that read_cohort_csv of `text` (source "regions.csv") throws exactly `Error`
/// with exactly `message`.
template <class Error = povstat::invalid_input, std::floating_point T = double>
void check_cohort_rejects(std::string_view text, const std::string& message) {
  const std::string input(text);
  CAPTURE(input);
  CHECK_THROWS_WITH_AS(read_cohort<T>(text), message.c_str(), Error);
}

}  // namespace io_test

// Printers for failed CHECKs (doctest prints "{?}" for types it cannot show).
namespace doctest {

template <class T>
struct StringMaker<povstat::population_series<T>> {
  static String convert(const povstat::population_series<T>& s) {
    std::ostringstream out;
    out << std::setprecision(std::numeric_limits<T>::max_digits10) << "series{";
    for (std::size_t i = 0; i < s.size(); ++i) {
      out << (i ? "; " : "") << s.years()[i] << ": " << s.poor()[i];
      if (s.has_population()) out << " / " << s.population()[i];
    }
    out << "}";
    return out.str().c_str();
  }
};

template <class T>
struct StringMaker<povstat::regional_cohort<T>> {
  static String convert(const povstat::regional_cohort<T>& c) {
    std::ostringstream out;
    out << std::setprecision(std::numeric_limits<T>::max_digits10) << "cohort{years";
    for (T y : c.years()) out << ' ' << y;
    for (std::size_t r = 0; r < c.region_count(); ++r) {
      out << "; " << std::quoted(c.region_names()[r]) << " < " << std::quoted(c.parent(r)) << ':';
      for (std::size_t y = 0; y < c.year_count(); ++y) {
        const auto rr = static_cast<Eigen::Index>(r), yy = static_cast<Eigen::Index>(y);
        out << ' ' << c.poor()(rr, yy);
        if (c.has_population()) out << '/' << c.population()(rr, yy);
      }
    }
    out << "}";
    return out.str().c_str();
  }
};

}  // namespace doctest

#endif  // POVSTAT_TESTS_IO_IO_TEST_SUPPORT_HPP
