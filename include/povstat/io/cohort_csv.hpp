#ifndef POVSTAT_IO_COHORT_CSV_HPP
#define POVSTAT_IO_COHORT_CSV_HPP

/// @file
/// A `regional_cohort` as CSV in long format: a header line naming `region,year,poor`
/// and optionally `population` and `parent`, then one line per region-year.

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <istream>
#include <limits>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "povstat/core/error.hpp"
#include "povstat/core/regional_cohort.hpp"
#include "povstat/detail/csv.hpp"
#include "povstat/io/file.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Reads a cohort from long-format CSV text: a header naming the columns `region`, `year`,
/// `poor` and optionally `population` and `parent` (any order), then one line per
/// region-year. Regions keep the order in which they first appear; the cohort's years are
/// the sorted years that appear. A `poor` or `population` field that is empty or `NA` is a
/// missing cell; a region-year without a line is missing too. `parent` is empty for a
/// top-level region and must be the same on every line of a region. LF or CRLF line ends,
/// RFC 4180 quoting (names with commas, quotes, line breaks) and a UTF-8 byte order mark
/// are accepted.
///
/// @param in      the CSV text.
/// @param source  how messages name the input (a file name, say).
/// @throws invalid_input naming the source, line and column when the input is empty, a
///         column is unknown, repeated or missing, a line has the wrong number of fields, a
///         number is malformed or not finite, a region-year repeats, a region's parent
///         changes between lines, or the data break a rule of `regional_cohort` (negative
///         count, unknown parent, a cycle of parents, population below poor ...).
/// @throws insufficient_data when there is a header but no data line.
/// Nothing is returned unless the whole input is valid.
template <std::floating_point T = double>
regional_cohort<T> read_cohort_csv(std::istream& in, std::string_view source = "<stream>") {
  constexpr std::string_view function = "read_cohort_csv";
  enum : std::size_t { region_col, year_col, poor_col, population_col, parent_col };
  const std::string src(source);
  detail::csv_reader reader(in, function, src);
  const auto header =
      detail::read_header(reader, function, src, "region,year,poor[,population][,parent]");
  const auto column = detail::match_header(function, src, header,
                                           {"region", "year", "poor", "population", "parent"}, 3);

  struct cell {
    std::size_t region;
    T year, poor, population;
  };
  std::vector<std::vector<detail::csv_field>> records;
  std::vector<cell> cells;
  std::vector<std::string> regions, parents;
  std::vector<std::size_t> region_record;  // first record of each region
  std::unordered_map<std::string, std::size_t> region_index;
  const auto field = [&](std::size_t record, std::size_t k) -> const detail::csv_field& {
    return records[record][*column[k]];
  };
  const auto subject = [&](std::size_t record, std::size_t k) {
    return detail::csv_subject(header[*column[k]].text, src, field(record, k));
  };
  const auto number = [&](std::size_t record, std::size_t k, bool missing_allowed) -> T {
    const std::string& text = field(record, k).text;
    if (missing_allowed && (text.empty() || text == "NA")) return std::numeric_limits<T>::quiet_NaN();
    if (auto value = detail::parse_finite<T>(text)) return *value;
    detail::raise_value(function, subject(record, k), text,
                        missing_allowed ? "a finite number, or empty or NA when missing"
                                        : "a finite number");
  };

  std::vector<detail::csv_field> fields;
  while (reader.next(fields)) {
    detail::check_field_count(function, src, fields, header.size());
    records.push_back(fields);
    const std::size_t record = records.size() - 1;
    const std::string& name = field(record, region_col).text;
    const std::string parent = column[parent_col] ? field(record, parent_col).text : std::string();
    const auto [it, fresh] = region_index.emplace(name, regions.size());
    if (fresh) {
      regions.push_back(name);
      parents.push_back(parent);
      region_record.push_back(record);
    } else if (parents[it->second] != parent) {
      detail::raise_value(function, subject(record, parent_col), parent,
                          detail::format_value(parents[it->second]) + " as on line " +
                              std::to_string(field(region_record[it->second], parent_col).line) +
                              " (one parent per region)");
    }
    cells.push_back({it->second, number(record, year_col, false), number(record, poor_col, true),
                     column[population_col] ? number(record, population_col, true) : T(0)});
  }
  if (cells.empty())
    detail::raise<insufficient_data>(function, src + " has a header line but no data line; a "
                                                     "cohort needs at least one region-year");

  std::vector<T> years;
  for (const cell& c : cells) years.push_back(c.year);
  std::ranges::sort(years);
  years.erase(std::unique(years.begin(), years.end()), years.end());
  const auto year_of = [&](T year) {
    return static_cast<std::size_t>(std::ranges::lower_bound(years, year) - years.begin());
  };

  constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
  const auto R = static_cast<Eigen::Index>(regions.size()), Y = static_cast<Eigen::Index>(years.size());
  const T nan = std::numeric_limits<T>::quiet_NaN();
  cohort_data<T> data{regions, years, regional_cohort<T>::matrix::Constant(R, Y, nan),
                      column[parent_col] ? parents : std::vector<std::string>{},
                      column[population_col] ? regional_cohort<T>::matrix::Constant(R, Y, nan)
                                             : typename regional_cohort<T>::matrix{}};
  std::vector<std::size_t> cell_record(regions.size() * years.size(), none);
  std::vector<std::size_t> year_record(years.size(), none);
  for (std::size_t record = 0; record < cells.size(); ++record) {
    const cell& c = cells[record];
    const std::size_t y = year_of(c.year);
    std::size_t& slot = cell_record[y * regions.size() + c.region];
    if (slot != none)
      detail::raise_value(function, subject(record, year_col), c.year,
                          "unique for region " + detail::format_value(regions[c.region]) +
                              " (line " + std::to_string(field(slot, year_col).line) +
                              " has it too)");
    slot = record;
    if (year_record[y] == none) year_record[y] = record;
    const auto r = static_cast<Eigen::Index>(c.region), yy = static_cast<Eigen::Index>(y);
    data.poor(r, yy) = c.poor;
    if (column[population_col]) data.population(r, yy) = c.population;
  }

  detail::check_cohort<T>(function, data.regions, data.years, data.poor, data.parents,
                          data.population,
                          [&](std::string_view argument, std::size_t r, std::size_t y) {
                            if (argument == "regions") return subject(region_record[r], region_col);
                            if (argument == "parents") return subject(region_record[r], parent_col);
                            if (argument == "years") return subject(year_record[y], year_col);
                            const std::size_t record = cell_record[y * regions.size() + r];
                            return subject(record, argument == "poor" ? poor_col : population_col);
                          });
  return regional_cohort<T>(std::move(data));
}

/// Reads a cohort from a CSV file (see the stream overload for the format).
/// @throws invalid_input when the file cannot be opened, or as the stream overload.
template <std::floating_point T = double>
regional_cohort<T> read_cohort_csv(const std::filesystem::path& path) {
  std::ifstream in = detail::open_for_reading("read_cohort_csv", path);
  return read_cohort_csv<T>(in, path.string());
}

/// Writes `cohort` as long-format CSV: the header `region,year,poor`, then `,population`
/// when the cohort has population and `,parent` when any region has a parent; one line per
/// region-year with a value, regions in storage order and years ascending; missing values
/// as empty fields; numbers in the shortest form that reads back exactly; names quoted
/// when they hold a comma, quote or line break; lines ending in LF. A region or year
/// with no value at all still gets one line, so `read_cohort_csv` of the output equals
/// `cohort` exactly.
/// @throws std::runtime_error when the stream fails.
template <std::floating_point T>
void write_cohort_csv(std::ostream& out, const regional_cohort<T>& cohort) {
  const bool with_population = cohort.has_population(), with_parent = cohort.has_hierarchy();
  out << "region,year,poor" << (with_population ? ",population" : "")
      << (with_parent ? ",parent" : "") << '\n';
  const auto R = static_cast<Eigen::Index>(cohort.region_count());
  const auto Y = static_cast<Eigen::Index>(cohort.year_count());
  const auto present = [&](Eigen::Index r, Eigen::Index y) {
    return !std::isnan(cohort.poor()(r, y)) ||
           (with_population && !std::isnan(cohort.population()(r, y)));
  };
  std::vector<bool> year_seen(static_cast<std::size_t>(Y), false);
  for (Eigen::Index y = 0; y < Y; ++y)
    for (Eigen::Index r = 0; r < R; ++r) year_seen[static_cast<std::size_t>(y)] = year_seen[static_cast<std::size_t>(y)] || present(r, y);
  const auto write_value = [&](T value) {
    out << ',';
    if (!std::isnan(value)) detail::write_number(out, value);
  };
  for (Eigen::Index r = 0; r < R; ++r) {
    bool region_seen = false;
    for (Eigen::Index y = 0; y < Y; ++y) region_seen = region_seen || present(r, y);
    for (Eigen::Index y = 0; y < Y; ++y) {
      const bool keeps_region = !region_seen && y == 0;
      const bool keeps_year = !year_seen[static_cast<std::size_t>(y)] && r == 0;
      if (!present(r, y) && !keeps_region && !keeps_year) continue;
      detail::write_field(out, cohort.region_names()[static_cast<std::size_t>(r)]);
      out << ',';
      detail::write_number(out, cohort.years()[static_cast<std::size_t>(y)]);
      write_value(cohort.poor()(r, y));
      if (with_population) write_value(cohort.population()(r, y));
      if (with_parent) {
        out << ',';
        detail::write_field(out, cohort.parent(static_cast<std::size_t>(r)));
      }
      out << '\n';
    }
  }
  detail::check_written("write_cohort_csv", out);
}

/// Writes `cohort` to a CSV file, replacing it (see the stream overload).
/// @throws std::runtime_error when the file cannot be written.
template <std::floating_point T>
void write_cohort_csv(const std::filesystem::path& path, const regional_cohort<T>& cohort) {
  std::ofstream out = detail::open_for_writing("write_cohort_csv", path);
  write_cohort_csv(out, cohort);
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_IO_COHORT_CSV_HPP
