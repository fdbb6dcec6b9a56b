// Tests of io/series_csv.hpp: read_series_csv and write_series_csv.
//
// Every expected value below is written out by hand. Messages follow the one format of
// core/error.hpp, "povstat::<function>: <subject> is <value>, but must be <rule>", where a
// CSV field is named "<header name> (<source>, line <l>, column <c>)"; the column is the
// 1-based position of the field in its record. Numbers are written by std::to_chars in its
// shortest round-trip form, which takes fixed notation unless scientific is shorter (ties
// go to fixed) and spells exponents with a sign and at least two digits ("1e+300").

#include <doctest/doctest.h>

#include <filesystem>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "io_test_support.hpp"
#include "povstat/io/series_csv.hpp"

using io_test::check_series_rejects;
using io_test::read_series;
using io_test::write_series;
using povstat::population_series;

namespace {

/// The nearest T to 0.1, 0.0025 and 3.25, from literals of T itself (not rounded via double).
template <class T>
struct literals;
template <>
struct literals<float> {
  static constexpr float tenth = 0.1f, small = 0.0025f, three_quarters = 3.25f;
};
template <>
struct literals<double> {
  static constexpr double tenth = 0.1, small = 0.0025, three_quarters = 3.25;
};
template <>
struct literals<long double> {
  static constexpr long double tenth = 0.1L, small = 0.0025L, three_quarters = 3.25L;
};

}  // namespace

TEST_SUITE_BEGIN("read_series_csv");

TEST_CASE("read_series_csv reads the header year,poor from a stream") {
  const auto series = read_series("year,poor\n2010,165670000\n2011,122380000\n");
  CHECK(series == population_series<double>{{2010, 2011}, {165670000, 122380000}});
  CHECK_FALSE(series.has_population());
}

TEST_CASE("read_series_csv reads the header year,poor,population") {
  const auto series = read_series("year,poor,population\n2010,10,100\n2011,8,101.5\n");
  CHECK(series == population_series<double>{{2010, 2011}, {10, 8}, {100, 101.5}});
  CHECK(series.has_population());
}

TEST_CASE("read_series_csv takes the columns in any order") {
  const population_series<double> two{{2010, 2011}, {10, 8}};
  const population_series<double> three{{2010, 2011}, {10, 8}, {100, 101.5}};
  SUBCASE("poor,year") { CHECK(read_series("poor,year\n10,2010\n8,2011\n") == two); }
  SUBCASE("population,year,poor") {
    CHECK(read_series("population,year,poor\n100,2010,10\n101.5,2011,8\n") == three);
  }
  SUBCASE("poor,population,year") {
    CHECK(read_series("poor,population,year\n10,100,2010\n8,101.5,2011\n") == three);
  }
}

TEST_CASE("read_series_csv sorts lines that are out of year order") {
  SUBCASE("without population") {
    CHECK(read_series("year,poor\n2012,3\n2010,1\n2011,2\n") ==
          population_series<double>{{2010, 2011, 2012}, {1, 2, 3}});
  }
  SUBCASE("population moves with its year") {
    CHECK(read_series("year,poor,population\n2012,3,30\n2010,1,10\n2011,2,20\n") ==
          population_series<double>{{2010, 2011, 2012}, {1, 2, 3}, {10, 20, 30}});
  }
}

TEST_CASE("read_series_csv reads fractional years") {
  // 2010.25 and 2010.5 are exact in binary, so the literals are the values read.
  CHECK(read_series("year,poor\n2010.5,1\n2010.25,2\n2011,3\n") ==
        population_series<double>{{2010.25, 2010.5, 2011}, {2, 1, 3}});
}

TEST_CASE("read_series_csv reads integer-looking, decimal and exponent numbers") {
  // "1e6" = 1000000, "2.5E-3" = 0.0025 (nearest double, as the literal), "1E+2" = 100,
  // "2010.0" = 2010, "007" = 7, ".5" = 0.5.
  const auto series = read_series(
      "year,poor,population\n2010.0,1e6,2.5E7\n2011,2.5E-3,1000000\n2012,007,1E+2\n2013,.5,1\n");
  CHECK(series == population_series<double>{
                      {2010, 2011, 2012, 2013}, {1e6, 0.0025, 7, 0.5}, {2.5e7, 1e6, 100, 1}});
}

TEST_CASE_TEMPLATE("read_series_csv and write_series_csv work in float, double and long double", T,
                   float, double, long double) {
  const std::string text = "year,poor,population\n2010,0.1,1e3\n2011.5,2.5E-3,3.25\n";
  const auto series = read_series<T>(text);
  const population_series<T> expected{{T(2010), T(2011.5)},
                                      {literals<T>::tenth, literals<T>::small},
                                      {T(1000), literals<T>::three_quarters}};
  CHECK(series == expected);
  // Shortest forms: 0.1 (not 0.1000000015 for float), 0.0025 (6 characters) beats 2.5e-03,
  // 1000 (4) beats 1e+03 (5), 2011.5 and 3.25 have no shorter scientific form.
  CHECK(write_series(series) == "year,poor,population\n2010,0.1,1000\n2011.5,0.0025,3.25\n");
}

TEST_CASE("read_series_csv<float> rejects a number beyond the range of float") {
  // 1e39 > FLT_MAX = 3.4028235e38: std::from_chars reports it out of range.
  check_series_rejects<povstat::invalid_input, float>(
      "year,poor\n2010,1e39\n",
      "povstat::read_series_csv: poor (series.csv, line 2, column 2) is '1e39', but must be a "
      "finite number");
}

TEST_CASE("read_series_csv reads a file path, and its messages name the file") {
  const io_test::temp_path file;
  SUBCASE("a valid file") {
    file.write("year,poor,population\r\n2011,2,20\r\n2010,1,10");
    CHECK(povstat::read_series_csv(file.path()) ==
          population_series<double>{{2010, 2011}, {1, 2}, {10, 20}});
  }
  SUBCASE("an invalid file") {
    file.write("year,poor\n2010,1\n2011,x\n");
    const std::string message = "povstat::read_series_csv: poor (" + file.string() +
                                ", line 3, column 2) is 'x', but must be a finite number";
    CHECK_THROWS_WITH_AS(povstat::read_series_csv(file.path()), message.c_str(),
                         povstat::invalid_input);
  }
  SUBCASE("a float file") {
    file.write("year,poor\n2010,0.1\n");
    CHECK(povstat::read_series_csv<float>(file.path()) == population_series<float>{{2010}, {0.1f}});
  }
}

TEST_CASE("read_series_csv rejects a path that cannot be opened") {
  const io_test::temp_path directory("");  // never created
  const auto absent = directory.path() / "missing.csv";
  const std::string message =
      "povstat::read_series_csv: path is '" + absent.string() + "', but must be a readable file";
  CHECK_THROWS_WITH_AS(povstat::read_series_csv(absent), message.c_str(), povstat::invalid_input);
}

TEST_CASE("read_series_csv rejects empty input") {
  const std::string message =
      "povstat::read_series_csv: series.csv is empty, but must start with the header line "
      "year,poor[,population]";
  SUBCASE("no bytes") { check_series_rejects("", message); }
  SUBCASE("only blank lines") { check_series_rejects("\n\r\n\n", message); }
  SUBCASE("only a byte order mark") { check_series_rejects("\xEF\xBB\xBF", message); }
}

TEST_CASE("read_series_csv rejects a start that looks like, but is not, a byte order mark") {
  check_series_rejects(
      "\xEF\xBB"
      "Byear,poor\n2010,1\n",
      "povstat::read_series_csv: series.csv starts with bytes that are not a "
      "UTF-8 byte order mark");
}

TEST_CASE("read_series_csv needs at least one data line (insufficient_data)") {
  const std::string message =
      "povstat::read_series_csv: series.csv has a header line but no data line; a series needs "
      "at least one year";
  SUBCASE("header only") {
    check_series_rejects<povstat::insufficient_data>("year,poor\n", message);
  }
  SUBCASE("header and blank lines") {
    check_series_rejects<povstat::insufficient_data>("year,poor,population\r\n\r\n\n", message);
  }
}

TEST_CASE("read_series_csv rejects an unknown header column") {
  const std::string rule = "', but must be one of year,poor[,population]";
  SUBCASE("pop") {
    check_series_rejects("year,poor,pop\n2010,1,2\n",
                         "povstat::read_series_csv: header column (series.csv, line 1, column 3) "
                         "is 'pop" +
                             rule);
  }
  SUBCASE("names are case-sensitive") {
    check_series_rejects("Year,poor\n2010,1\n",
                         "povstat::read_series_csv: header column (series.csv, line 1, column 1) "
                         "is 'Year" +
                             rule);
  }
  SUBCASE("names are not trimmed") {
    check_series_rejects("year, poor\n2010,1\n",
                         "povstat::read_series_csv: header column (series.csv, line 1, column 2) "
                         "is ' poor" +
                             rule);
  }
  SUBCASE("an empty column after a trailing comma") {
    check_series_rejects("year,poor,\n2010,1,\n",
                         "povstat::read_series_csv: header column (series.csv, line 1, column 3) "
                         "is '" +
                             rule);
  }
}

TEST_CASE("read_series_csv rejects a repeated header column") {
  SUBCASE("year twice") {
    check_series_rejects("year,poor,year\n2010,1,2010\n",
                         "povstat::read_series_csv: header column (series.csv, line 1, column 3) "
                         "is 'year', but must be unique (it repeats column 1)");
  }
  SUBCASE("poor twice, after population") {
    check_series_rejects("poor,year,population,poor\n1,2010,5,1\n",
                         "povstat::read_series_csv: header column (series.csv, line 1, column 4) "
                         "is 'poor', but must be unique (it repeats column 1)");
  }
}

TEST_CASE("read_series_csv rejects a header without a required column") {
  SUBCASE("no poor") {
    check_series_rejects("year\n2010\n",
                         "povstat::read_series_csv: the header (series.csv, line 1) has no column "
                         "'poor', but must have the columns year,poor[,population]");
  }
  SUBCASE("no year") {
    check_series_rejects("poor,population\n1,2\n",
                         "povstat::read_series_csv: the header (series.csv, line 1) has no column "
                         "'year', but must have the columns year,poor[,population]");
  }
}

TEST_CASE("read_series_csv rejects a line with too few or too many fields") {
  SUBCASE("one field of two") {
    check_series_rejects("year,poor\n2010,1\n2011\n",
                         "povstat::read_series_csv: line 3 of series.csv has 1 field, but must "
                         "have 2 (as many as the header)");
  }
  SUBCASE("three fields of two") {
    check_series_rejects("year,poor\n2010,1,2\n",
                         "povstat::read_series_csv: line 2 of series.csv has 3 fields, but must "
                         "have 2 (as many as the header)");
  }
  SUBCASE("a trailing comma adds an empty field") {
    check_series_rejects("year,poor\n2010,1,\n",
                         "povstat::read_series_csv: line 2 of series.csv has 3 fields, but must "
                         "have 2 (as many as the header)");
  }
  SUBCASE("two fields of three") {
    check_series_rejects("year,poor,population\n2010,1\n",
                         "povstat::read_series_csv: line 2 of series.csv has 2 fields, but must "
                         "have 3 (as many as the header)");
  }
}

TEST_CASE("read_series_csv rejects a field that is not a number") {
  SUBCASE("in the poor column") {
    // Each bad text in the poor column of line 2; from_chars takes no leading space or '+',
    // no trailing text, and no hexadecimal prefix. "1,5" is quoted (else it is two fields).
    for (const std::string bad : {"abc", "1.5x", " 1", "1 ", "", "+1", "0x10", "1e", "NA", "1,5"}) {
      const std::string field = bad.find(',') != std::string::npos ? '"' + bad + '"' : bad;
      check_series_rejects("year,poor\n2010," + field + "\n",
                           "povstat::read_series_csv: poor (series.csv, line 2, column 2) is '" +
                               bad + "', but must be a finite number");
    }
  }
  SUBCASE("in the year column") {
    check_series_rejects("year,poor\n2010,1\n20x1,2\n",
                         "povstat::read_series_csv: year (series.csv, line 3, column 1) is "
                         "'20x1', but must be a finite number");
  }
  SUBCASE("in the population column") {
    check_series_rejects("year,poor,population\n2010,1,\n",
                         "povstat::read_series_csv: population (series.csv, line 2, column 3) is "
                         "'', but must be a finite number");
  }
}

TEST_CASE("read_series_csv rejects nan and infinities") {
  SUBCASE("as poor counts") {
    // from_chars reads all of these (1e400 overflows double), none is finite.
    for (const std::string bad : {"nan", "NaN", "-nan", "inf", "-inf", "Infinity", "1e400"}) {
      check_series_rejects("year,poor\n2010," + bad + "\n",
                           "povstat::read_series_csv: poor (series.csv, line 2, column 2) is '" +
                               bad + "', but must be a finite number");
    }
  }
  SUBCASE("a nan year") {
    check_series_rejects("year,poor\nnan,1\n",
                         "povstat::read_series_csv: year (series.csv, line 2, column 1) is 'nan', "
                         "but must be a finite number");
  }
  SUBCASE("an infinite population") {
    check_series_rejects("year,poor,population\n2010,1,inf\n",
                         "povstat::read_series_csv: population (series.csv, line 2, column 3) is "
                         "'inf', but must be a finite number");
  }
}

TEST_CASE("read_series_csv rejects a repeated year and names both lines") {
  SUBCASE("in year order") {
    check_series_rejects("year,poor\n2010,1\n2011,2\n2010,3\n",
                         "povstat::read_series_csv: year (series.csv, line 4, column 1) is 2010, "
                         "but must be unique (line 2 has it too)");
  }
  SUBCASE("after sorting, the later line is named") {
    check_series_rejects("year,poor\n2011,1\n2010,2\n2011,3\n",
                         "povstat::read_series_csv: year (series.csv, line 4, column 1) is 2011, "
                         "but must be unique (line 2 has it too)");
  }
  SUBCASE("the same number spelt twice") {
    check_series_rejects("year,poor\n2010.5,1\n2010.50,2\n",
                         "povstat::read_series_csv: year (series.csv, line 3, column 1) is "
                         "2010.5, but must be unique (line 2 has it too)");
  }
}

TEST_CASE("read_series_csv rejects a negative poor count") {
  SUBCASE("in order") {
    check_series_rejects("year,poor\n2010,1\n2011,-2\n",
                         "povstat::read_series_csv: poor (series.csv, line 3, column 2) is -2, "
                         "but must be >= 0");
  }
  SUBCASE("the line is the file's, not the sorted position") {
    check_series_rejects("year,poor\n2012,3\n2010,-0.5\n2011,1\n",
                         "povstat::read_series_csv: poor (series.csv, line 3, column 2) is -0.5, "
                         "but must be >= 0");
  }
}

TEST_CASE("read_series_csv rejects a population that is not positive") {
  SUBCASE("zero") {
    check_series_rejects("year,poor,population\n2010,0,0\n",
                         "povstat::read_series_csv: population (series.csv, line 2, column 3) is "
                         "0, but must be > 0");
  }
  SUBCASE("negative") {
    check_series_rejects("year,poor,population\n2010,0,1\n2011,0,-5\n",
                         "povstat::read_series_csv: population (series.csv, line 3, column 3) is "
                         "-5, but must be > 0");
  }
}

TEST_CASE("read_series_csv rejects a population below the poor count") {
  SUBCASE("header order year,poor,population") {
    check_series_rejects("year,poor,population\n2010,6,5\n",
                         "povstat::read_series_csv: population (series.csv, line 2, column 3) is "
                         "5, but must be >= poor (series.csv, line 2, column 2) = 6");
  }
  SUBCASE("header order population,poor,year") {
    check_series_rejects("population,poor,year\n10,1,2011\n5,6,2010\n",
                         "povstat::read_series_csv: population (series.csv, line 3, column 1) is "
                         "5, but must be >= poor (series.csv, line 3, column 2) = 6");
  }
}

TEST_CASE("read_series_csv rejects broken quoting") {
  SUBCASE("an unterminated quote") {
    check_series_rejects("year,poor\n2010,\"5\n2011,6\n",
                         "povstat::read_series_csv: field (series.csv, line 2, column 2) opens a "
                         "quote that is never closed");
  }
  SUBCASE("text after a closing quote") {
    check_series_rejects("year,poor\n2010,\"5\"x\n",
                         "povstat::read_series_csv: field (series.csv, line 2, column 2) has text "
                         "after its closing quote");
  }
  SUBCASE("a space after a closing quote") {
    check_series_rejects("year,poor\n\"2010\" ,5\n",
                         "povstat::read_series_csv: field (series.csv, line 2, column 1) has text "
                         "after its closing quote");
  }
  SUBCASE("a quote inside an unquoted field") {
    check_series_rejects("year,poor\n2010,5\"\n",
                         "povstat::read_series_csv: field (series.csv, line 2, column 2) has a "
                         "quote inside an unquoted field, but quotes may only enclose a whole "
                         "field");
  }
}

TEST_CASE("read_series_csv accepts CRLF line ends, a byte order mark and no final newline") {
  const population_series<double> expected{{2010, 2011}, {1, 2}};
  SUBCASE("CRLF") { CHECK(read_series("year,poor\r\n2010,1\r\n2011,2\r\n") == expected); }
  SUBCASE("byte order mark") {
    CHECK(read_series("\xEF\xBB\xBFyear,poor\n2010,1\n2011,2\n") == expected);
  }
  SUBCASE("byte order mark and CRLF") {
    CHECK(read_series("\xEF\xBB\xBFyear,poor\r\n2010,1\r\n2011,2\r\n") == expected);
  }
  SUBCASE("no newline at the end") { CHECK(read_series("year,poor\n2010,1\n2011,2") == expected); }
  SUBCASE("no newline at the end after a quoted field") {
    CHECK(read_series("year,poor\n2010,1\n2011,\"2\"") == expected);
  }
}

TEST_CASE("read_series_csv accepts quoted fields") {
  const population_series<double> expected{{2010, 2011}, {1, 2}};
  SUBCASE("quoted numbers") {
    CHECK(read_series("year,poor\n\"2010\",\"1\"\n2011,\"2\"\n") == expected);
  }
  SUBCASE("a quoted header") {
    CHECK(read_series("\"year\",\"poor\"\r\n2010,1\r\n\"2011\",2\r\n") == expected);
  }
  SUBCASE("a quoted number with a comma is not a number") {
    check_series_rejects("year,poor\n2010,\"1,000\"\n",
                         "povstat::read_series_csv: poor (series.csv, line 2, column 2) is "
                         "'1,000', but must be a finite number");
  }
}

TEST_CASE("read_series_csv skips blank lines and still counts them") {
  CHECK(read_series("year,poor\n\n2010,1\n\r\n\n2011,2\n\n") ==
        population_series<double>{{2010, 2011}, {1, 2}});
  // Lines: 1 header, 2 blank, 3 "2010,1", 4 blank (CRLF), 5 blank, 6 "2011,-2".
  check_series_rejects("year,poor\n\n2010,1\n\r\n\n2011,-2\n",
                       "povstat::read_series_csv: poor (series.csv, line 6, column 2) is -2, but "
                       "must be >= 0");
}

TEST_CASE("read_series_csv names the source it is given, or <stream> by default") {
  std::istringstream in("year,poor\n2010,-1\n");
  CHECK_THROWS_WITH_AS(povstat::read_series_csv(in),
                       "povstat::read_series_csv: poor (<stream>, line 2, column 2) is -1, but "
                       "must be >= 0",
                       povstat::invalid_input);
  check_series_rejects("year,poor\n2010,-1\n",
                       "povstat::read_series_csv: poor (series.csv, line 2, column 2) is -1, but "
                       "must be >= 0");
}

TEST_SUITE_END();

TEST_SUITE_BEGIN("write_series_csv");

TEST_CASE("write_series_csv writes year,poor with shortest round-trip numbers") {
  // 2015 -> "2015" (4 characters; "2.015e+03" is longer); 0.1 -> "0.1"; 1e300 -> "1e+300"
  // (fixed would take 301 digits); 5e-324 is the smallest subnormal, whose shortest digits are
  // "5"; 2016.5 is exact.
  const population_series<double> series{{2015, 2016.5, 2017}, {0.1, 1e300, 5e-324}};
  CHECK(write_series(series) == "year,poor\n2015,0.1\n2016.5,1e+300\n2017,5e-324\n");
}

TEST_CASE("write_series_csv writes year,poor,population when the series has population") {
  // DBL_MAX = 1.7976931348623157e308 needs all 17 digits; 2000000.5 in fixed (9 characters)
  // is shorter than 2.0000005e+06; 0 -> "0"; 1234.5 -> "1234.5".
  const population_series<double> series{
      {2010, 2011}, {0, 1234.5}, {std::numeric_limits<double>::max(), 2000000.5}};
  CHECK(write_series(series) ==
        "year,poor,population\n2010,0,1.7976931348623157e+308\n2011,1234.5,2000000.5\n");
}

TEST_CASE("write_series_csv keeps the sign of a negative year and of a zero count") {
  const population_series<double> series{{-1.5, 0}, {-0.0, 0}};
  CHECK(write_series(series) == "year,poor\n-1.5,-0\n0,0\n");
}

TEST_CASE("write_series_csv writes to a path, and read_series_csv reads it back") {
  const io_test::temp_path file;
  const population_series<double> series{{2010, 2010.5}, {0.1, 3}, {1, 7.25}};
  povstat::write_series_csv(file.path(), series);
  CHECK(io_test::file_bytes(file.path()) == "year,poor,population\n2010,0.1,1\n2010.5,3,7.25\n");
  CHECK(povstat::read_series_csv(file.path()) == series);
  SUBCASE("writing again replaces the file") {
    povstat::write_series_csv(file.path(), population_series<double>{{1}, {2}});
    CHECK(io_test::file_bytes(file.path()) == "year,poor\n1,2\n");
  }
}

TEST_CASE("write_series_csv reports a file or stream it cannot write") {
  const population_series<double> series{{2010}, {1}};
  SUBCASE("a path in a directory that does not exist") {
    const io_test::temp_path directory("");  // never created
    const auto path = directory.path() / "out.csv";
    const std::string message =
        "povstat::write_series_csv: path is '" + path.string() + "', but must be a writable file";
    CHECK_THROWS_WITH_AS(povstat::write_series_csv(path, series), message.c_str(),
                         std::runtime_error);
  }
  SUBCASE("a stream in a failed state") {
    std::ostringstream out;
    out.setstate(std::ios::badbit);
    CHECK_THROWS_WITH_AS(povstat::write_series_csv(out, series),
                         "povstat::write_series_csv: writing the CSV failed (the stream is in a "
                         "failed state)",
                         std::runtime_error);
  }
}

TEST_SUITE_END();
