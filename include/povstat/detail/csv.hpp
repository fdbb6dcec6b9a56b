#ifndef POVSTAT_DETAIL_CSV_HPP
#define POVSTAT_DETAIL_CSV_HPP

/// @file
/// The CSV machinery behind io/: an RFC 4180 record reader that remembers where each
/// field came from, exact number parsing and formatting, header matching, and quoting.

#include <algorithm>
#include <charconv>
#ifdef __GLIBC__
#include <locale.h>
#include <stdlib.h>
#endif
#include <cmath>
#include <concepts>
#include <cstddef>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "povstat/core/check.hpp"
#include "povstat/core/error.hpp"

POVSTAT_NAMESPACE_BEGIN
namespace detail {

/// One field of a record, with its 1-based position in the source.
struct csv_field {
  std::string text;
  std::size_t line = 0;
  std::size_t column = 0;
};

/// `"<argument> (<source>, line <l>, column <c>)"`: how messages name a field.
inline std::string csv_subject(std::string_view argument, std::string_view source,
                               const csv_field& field) {
  std::string subject(argument);
  subject.append(" (").append(source).append(", line ").append(std::to_string(field.line));
  subject.append(", column ").append(std::to_string(field.column)).append(")");
  return subject;
}

/// Reads RFC 4180 records: comma-separated fields; a field in double quotes may hold
/// commas, line breaks and doubled quotes (""); lines end in LF or CRLF; a UTF-8 byte
/// order mark at the start is skipped; empty lines are skipped.
class csv_reader {
 public:
  csv_reader(std::istream& in, std::string_view function, std::string_view source)
      : in_(in), function_(function), source_(source) {
    if (in_.peek() == 0xEF) {
      char bom[3] = {};
      in_.read(bom, 3);
      if (std::string_view(bom, static_cast<std::size_t>(in_.gcount())) != "\xEF\xBB\xBF")
        raise(function_, source_ + " starts with bytes that are not a UTF-8 byte order mark");
    }
  }

  /// Reads the next non-empty record into `fields`; false at the end of the input.
  /// @throws invalid_input on an unterminated quoted field or text after a closing quote.
  bool next(std::vector<csv_field>& fields) {
    fields.clear();
    for (;;) {
      int c = in_.peek();
      if (c == std::char_traits<char>::eof()) {
        check_stream();
        return false;
      }
      if (c == '\n' || c == '\r') {  // an empty line
        read_line_end();
        continue;
      }
      break;
    }
    for (;;) {
      csv_field field{std::string(), line_, column_};
      int c = in_.peek();
      if (c == '"') {
        read_quoted(field);
      } else {
        while ((c = in_.peek()) != std::char_traits<char>::eof() && c != ',' && c != '\n' &&
               c != '\r') {
          if (c == '"')
            raise(function_, "field (" + source_ + ", line " + std::to_string(line_) +
                                 ", column " + std::to_string(field.column) +
                                 ") has a quote inside an unquoted field, but quotes may only "
                                 "enclose a whole field");
          field.text.push_back(static_cast<char>(in_.get()));
        }
      }
      fields.push_back(std::move(field));
      c = in_.peek();
      if (c == ',') {
        in_.get();
        ++column_;
        continue;
      }
      if (c != std::char_traits<char>::eof()) read_line_end();
      check_stream();
      return true;
    }
  }

  /// The line of the next record.
  std::size_t line() const noexcept { return line_; }

 private:
  /// @throws invalid_input when the stream failed (a read error, not the end of the input).
  void check_stream() const {
    if (in_.bad())
      raise(function_, "reading " + source_ + " failed at line " + std::to_string(line_) +
                           " (the stream reported a read error)");
  }

  void read_line_end() {
    if (in_.get() == '\r' && in_.peek() == '\n') in_.get();
    ++line_;
    column_ = 1;
  }

  void read_quoted(csv_field& field) {
    in_.get();  // opening quote
    for (;;) {
      const int c = in_.get();
      if (c == std::char_traits<char>::eof())
        raise(function_, "field (" + source_ + ", line " + std::to_string(field.line) +
                             ", column " + std::to_string(field.column) +
                             ") opens a quote that is never closed");
      if (c == '"') {
        if (in_.peek() == '"') {
          field.text.push_back(static_cast<char>(in_.get()));
          continue;
        }
        const int next = in_.peek();
        if (next != ',' && next != '\n' && next != '\r' && next != std::char_traits<char>::eof())
          raise(function_, "field (" + source_ + ", line " + std::to_string(field.line) +
                               ", column " + std::to_string(field.column) +
                               ") has text after its closing quote");
        return;
      }
      if (c == '\n') ++line_;
      field.text.push_back(static_cast<char>(c));
    }
  }

  std::istream& in_;
  std::string function_;
  std::string source_;
  std::size_t line_ = 1;
  std::size_t column_ = 1;
};

/// The whole of `text` as a finite number of type T (shortest round-trip text reads back
/// exactly), or nothing.
template <std::floating_point T>
std::optional<T> parse_finite(std::string_view text) {
  T value{};
  const char* first = text.data();
  const char* last = first + text.size();
  auto [end, ec] = std::from_chars(first, last, value);
#ifdef __GLIBC__
  // libstdc++'s from_chars(long double) reports a subnormal as out of range (it wraps
  // strtold, which sets ERANGE there); read it with strtold in the C locale instead.
  if constexpr (std::same_as<T, long double>) {
    if (ec == std::errc::result_out_of_range) {
      const std::string copy(text);
      const locale_t c_locale = newlocale(LC_ALL_MASK, "C", locale_t{});
      char* stop = nullptr;
      value = strtold_l(copy.c_str(), &stop, c_locale);
      freelocale(c_locale);
      const bool whole = stop == copy.c_str() + copy.size();
      if (whole && value != 0 && std::isfinite(value)) ec = std::errc{}, end = last;
    }
  }
#endif
  if (ec != std::errc{} || end != last || text.empty() || !std::isfinite(value)) return std::nullopt;
  return value;
}

/// Writes `text` as a CSV field, quoted when it holds a comma, quote or line break.
inline void write_field(std::ostream& out, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out << text;
    return;
  }
  out << '"';
  for (char c : text) {
    if (c == '"') out << '"';
    out << c;
  }
  out << '"';
}

/// `"<source>, line <l>"` of a record.
inline std::string source_line(std::string_view source, const std::vector<csv_field>& record) {
  return std::string(source) + ", line " + std::to_string(record.front().line);
}

/// Which header column holds each expected name. `names` lists the known columns, the
/// first `required` of them mandatory. @throws invalid_input on an unknown, repeated or
/// missing column.
inline std::vector<std::optional<std::size_t>> match_header(
    std::string_view function, std::string_view source, const std::vector<csv_field>& header,
    const std::vector<std::string_view>& names, std::size_t required) {
  std::string expected;  // e.g. "year,poor[,population]"
  for (std::size_t k = 0; k < names.size(); ++k) {
    const std::string name = (k == 0 ? "" : ",") + std::string(names[k]);
    expected.append(k < required ? name : "[" + name + "]");
  }
  std::vector<std::optional<std::size_t>> position(names.size());
  for (std::size_t i = 0; i < header.size(); ++i) {
    const auto it = std::ranges::find(names, std::string_view(header[i].text));
    if (it == names.end())
      raise_value(function, csv_subject("header column", source, header[i]), header[i].text,
                  "one of " + expected);
    auto& slot = position[static_cast<std::size_t>(it - names.begin())];
    if (slot)
      raise_value(function, csv_subject("header column", source, header[i]), header[i].text,
                  "unique (it repeats column " + std::to_string(*slot + 1) + ")");
    slot = i;
  }
  for (std::size_t k = 0; k < required; ++k)
    if (!position[k])
      raise(function, "the header (" + source_line(source, header) + ") has no column '" +
                          std::string(names[k]) + "', but must have the columns " + expected);
  return position;
}

/// The first record, which must be a header. @throws invalid_input on empty input.
inline std::vector<csv_field> read_header(csv_reader& reader, std::string_view function,
                                          std::string_view source, std::string_view expected) {
  std::vector<csv_field> header;
  if (!reader.next(header))
    raise(function, std::string(source) + " is empty, but must start with the header line " +
                        std::string(expected));
  return header;
}

/// @throws invalid_input unless `record` has as many fields as the header.
inline void check_field_count(std::string_view function, std::string_view source,
                              const std::vector<csv_field>& record, std::size_t header_size) {
  if (record.size() != header_size)
    raise(function, "line " + std::to_string(record.front().line) + " of " + std::string(source) +
                        " has " + count_text(record.size(), "field") + ", but must have " +
                        std::to_string(header_size) + " (as many as the header)");
}

/// Writes a number so that it reads back exactly (shortest round-trip form).
template <std::floating_point T>
void write_number(std::ostream& out, T value) {
  out << format_number(value);
}

}  // namespace detail
POVSTAT_NAMESPACE_END

#endif  // POVSTAT_DETAIL_CSV_HPP
