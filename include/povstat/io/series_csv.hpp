#ifndef POVSTAT_IO_SERIES_CSV_HPP
#define POVSTAT_IO_SERIES_CSV_HPP

/// @file
/// A `population_series` as CSV: a header line `year,poor` or `year,poor,population`
/// (columns in any order), then one line per year.

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <istream>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "povstat/core/error.hpp"
#include "povstat/core/population_series.hpp"
#include "povstat/detail/csv.hpp"
#include "povstat/io/file.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Reads a series from CSV text: a header naming the columns `year`, `poor` and optionally
/// `population` (any order), then one line per year with a finite number in each field.
/// Lines may come in any year order (the series is sorted by year); LF or CRLF line ends,
/// RFC 4180 quoting and a UTF-8 byte order mark are accepted.
///
/// @param in      the CSV text.
/// @param source  how messages name the input (a file name, say).
/// @throws invalid_input naming the source, line and column when the input is empty, a
///         column is unknown, repeated or missing, a line has the wrong number of fields, a
///         field is not a finite number, a year repeats, or a value breaks a rule of
///         `population_series` (e.g. `poor (poor.csv, line 4, column 2) is -2, but must be >= 0`).
/// @throws insufficient_data when there is a header but no data line.
/// Nothing is returned unless the whole input is valid.
template <std::floating_point T = double>
population_series<T> read_series_csv(std::istream& in, std::string_view source = "<stream>") {
  constexpr std::string_view function = "read_series_csv";
  const std::string src(source);
  detail::csv_reader reader(in, function, src);
  const auto header = detail::read_header(reader, function, src, "year,poor[,population]");
  const auto column = detail::match_header(function, src, header, {"year", "poor", "population"}, 2);
  const bool with_population = column[2].has_value();

  struct row {
    T year, poor, population;
    std::size_t record;  // index into `fields`
  };
  std::vector<row> rows;
  std::vector<std::vector<detail::csv_field>> fields;  // kept to name fields in messages
  std::vector<detail::csv_field> record;
  while (reader.next(record)) {
    detail::check_field_count(function, src, record, header.size());
    const auto number = [&](std::size_t k) -> T {
      const detail::csv_field& field = record[*column[k]];
      if (auto value = detail::parse_finite<T>(field.text)) return *value;
      detail::raise_value(function, detail::csv_subject(header[*column[k]].text, src, field),
                          field.text, "a finite number");
    };
    rows.push_back({number(0), number(1), with_population ? number(2) : T(0), fields.size()});
    fields.push_back(record);
  }
  if (rows.empty())
    detail::raise<insufficient_data>(function, src + " has a header line but no data line; a "
                                                     "series needs at least one year");

  std::ranges::stable_sort(rows, {}, &row::year);
  const auto field_of = [&](std::size_t i, std::size_t k) -> const detail::csv_field& {
    return fields[rows[i].record][*column[k]];
  };
  std::vector<T> years, poor, population;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i > 0 && rows[i - 1].year == rows[i].year)
      detail::raise_value(function, detail::csv_subject("year", src, field_of(i, 0)), rows[i].year,
                          "unique (line " + std::to_string(field_of(i - 1, 0).line) + " has it too)");
    years.push_back(rows[i].year);
    poor.push_back(rows[i].poor);
    if (with_population) population.push_back(rows[i].population);
  }
  detail::check_series<T>(function, years, poor, with_population, population,
                          [&](std::string_view argument, std::size_t i) {
                            const std::size_t k = argument == "years" ? 0 : argument == "poor" ? 1 : 2;
                            return detail::csv_subject(header[*column[k]].text, src, field_of(i, k));
                          });
  if (with_population) return population_series<T>(years, poor, population);
  return population_series<T>(years, poor);
}

/// Reads a series from a CSV file (see the stream overload for the format).
/// @throws invalid_input when the file cannot be opened, or as the stream overload.
template <std::floating_point T = double>
population_series<T> read_series_csv(const std::filesystem::path& path) {
  std::ifstream in = detail::open_for_reading("read_series_csv", path);
  return read_series_csv<T>(in, path.string());
}

/// Writes `series` as CSV: the header `year,poor` (or `year,poor,population`), then one
/// line per year, numbers in the shortest form that reads back exactly, lines ending in LF.
/// `read_series_csv` of the output equals `series` bit for bit.
/// @throws std::runtime_error when the stream fails.
template <std::floating_point T>
void write_series_csv(std::ostream& out, const population_series<T>& series) {
  out << (series.has_population() ? "year,poor,population\n" : "year,poor\n");
  for (std::size_t i = 0; i < series.size(); ++i) {
    detail::write_number(out, series.years()[i]);
    out << ',';
    detail::write_number(out, series.poor()[i]);
    if (series.has_population()) {
      out << ',';
      detail::write_number(out, series.population()[i]);
    }
    out << '\n';
  }
  detail::check_written("write_series_csv", out);
}

/// Writes `series` to a CSV file, replacing it (see the stream overload).
/// @throws std::runtime_error when the file cannot be written.
template <std::floating_point T>
void write_series_csv(const std::filesystem::path& path, const population_series<T>& series) {
  std::ofstream out = detail::open_for_writing("write_series_csv", path);
  write_series_csv(out, series);
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_IO_SERIES_CSV_HPP
