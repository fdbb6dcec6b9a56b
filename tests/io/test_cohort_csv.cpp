// Tests of io/cohort_csv.hpp: read_cohort_csv and write_cohort_csv.
//
// Every expected value below is written out by hand (sums are of small integers, exact in
// double). Messages follow core/error.hpp: "povstat::<function>: <subject> is <value>, but
// must be <rule>", a field named "<header name> (<source>, line <l>, column <c>)" with the
// column the 1-based position of the field in its record, and text values in single quotes.

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "io_test_support.hpp"
#include "povstat/io/cohort_csv.hpp"

using io_test::cells;
using io_test::check_cohort_rejects;
using io_test::missing;
using io_test::read_cohort;
using io_test::write_cohort;
using povstat::population_series;
using regional_cohort = povstat::regional_cohort<double>;

namespace {

regional_cohort make_cohort(povstat::cohort_data<double> data) {
  return regional_cohort(std::move(data));
}

using names = std::vector<std::string>;

}  // namespace

TEST_SUITE_BEGIN("read_cohort_csv");

TEST_CASE("read_cohort_csv reads the header region,year,poor") {
  const auto cohort =
      read_cohort("region,year,poor\nEast,2016,4900000\nEast,2017,3000000\nWest,2016,22510000\n");
  CHECK(cohort == make_cohort({.regions = {"East", "West"},
                               .years = {2016, 2017},
                               .poor = cells(2, 2, {4900000, 3000000, 22510000, missing})}));
  CHECK_FALSE(cohort.has_population());
  CHECK_FALSE(cohort.has_hierarchy());
}

TEST_CASE("read_cohort_csv reads population and parent columns in any order") {
  // Nation 2016: 100 of 1000, top level; A 2016: 30 of 400 and 2017: 20 of 390, under Nation.
  const auto expected = make_cohort({.regions = {"Nation", "A"},
                                     .years = {2016, 2017},
                                     .poor = cells(2, 2, {100, missing, 30, 20}),
                                     .parents = {"", "Nation"},
                                     .population = cells(2, 2, {1000, missing, 400, 390})});
  SUBCASE("region,year,poor,population,parent") {
    CHECK(read_cohort("region,year,poor,population,parent\nNation,2016,100,1000,\n"
                      "A,2016,30,400,Nation\nA,2017,20,390,Nation\n") == expected);
  }
  SUBCASE("parent,population,poor,year,region") {
    CHECK(read_cohort("parent,population,poor,year,region\n,1000,100,2016,Nation\n"
                      "Nation,400,30,2016,A\nNation,390,20,2017,A\n") == expected);
  }
  SUBCASE("year,parent,region,population,poor") {
    CHECK(read_cohort("year,parent,region,population,poor\n2016,,Nation,1000,100\n"
                      "2016,Nation,A,400,30\n2017,Nation,A,390,20\n") == expected);
  }
}

TEST_CASE("read_cohort_csv reads population without parent, and parent without population") {
  SUBCASE("population only") {
    const auto cohort =
        read_cohort("region,year,population,poor\nNation,2016,1000,100\nA,2017,390,20\n");
    CHECK(cohort == make_cohort({.regions = {"Nation", "A"},
                                 .years = {2016, 2017},
                                 .poor = cells(2, 2, {100, missing, missing, 20}),
                                 .population = cells(2, 2, {1000, missing, missing, 390})}));
    CHECK(cohort.has_population());
    CHECK_FALSE(cohort.has_hierarchy());
  }
  SUBCASE("parent only") {
    const auto cohort =
        read_cohort("region,parent,year,poor\nNation,,2016,100\nA,Nation,2016,30\n");
    CHECK(cohort == make_cohort({.regions = {"Nation", "A"},
                                 .years = {2016},
                                 .poor = cells(2, 1, {100, 30}),
                                 .parents = {"", "Nation"}}));
    CHECK_FALSE(cohort.has_population());
    CHECK(cohort.parent(1) == "Nation");
  }
  SUBCASE("a parent column in which every parent is empty") {
    const auto cohort = read_cohort("region,year,poor,parent\nA,2010,1,\nB,2010,2,\n");
    CHECK(cohort == make_cohort({.regions = {"A", "B"},
                                 .years = {2010},
                                 .poor = cells(2, 1, {1, 2}),
                                 .parents = {"", ""}}));
    CHECK_FALSE(cohort.has_hierarchy());
  }
}

TEST_CASE("read_cohort_csv keeps regions in first-appearance order and sorts the union of years") {
  const auto cohort = read_cohort(
      "region,year,poor\nWest,2018,3\nEast,2016,1\nWest,2012,5\nCentral,2017.5,6\n"
      "Central,2017,2\nEast,2018,4\n");
  // Years: {2012, 2016, 2017, 2017.5, 2018}; a region-year without a line is missing.
  CHECK(cohort == make_cohort({.regions = {"West", "East", "Central"},
                               .years = {2012, 2016, 2017, 2017.5, 2018},
                               .poor = cells(3, 5,
                                             {5, missing, missing, missing, 3,  //
                                              missing, 1, missing, missing, 4,  //
                                              missing, missing, 2, 6, missing})}));
}

TEST_CASE("read_cohort_csv reads empty and NA cells, and absent lines, as missing") {
  const auto cohort = read_cohort(
      "region,year,poor,population\nA,2010,,100\nA,2011,NA,NA\nA,2012,5,\nB,2010,1,NA\n"
      "B,2012,\"\",\"\"\n");
  CHECK(cohort == make_cohort({.regions = {"A", "B"},
                               .years = {2010, 2011, 2012},
                               .poor = cells(2, 3, {missing, missing, 5, 1, missing, missing}),
                               .population = cells(
                                   2, 3, {100, missing, missing, missing, missing, missing})}));
  // Only the exact text NA marks a missing cell.
  check_cohort_rejects("region,year,poor\nA,2010,na\n",
                       "povstat::read_cohort_csv: poor (regions.csv, line 2, column 3) is 'na', "
                       "but must be a finite number, or empty or NA when missing");
}

TEST_CASE("read_cohort_csv reads names with commas, quotes, line breaks and UTF-8") {
  SUBCASE("quoted and unquoted spellings of the same names") {
    const auto cohort = read_cohort(
        "region,year,poor,parent\n"
        "\"内蒙古\",2016,1,\n"
        "\"Côte d'Ivoire\",2016,2,\n"
        "\"Say \"\"hi\"\"\",2016,3,\"内蒙古\"\n"
        "\"Two\nlines\",2016,4,\"Say \"\"hi\"\"\"\n"
        "\"A, B\",2016,5,Côte d'Ivoire\n"
        "Côte d'Ivoire,2017,6,\n"
        "内蒙古,2017,7,\n");
    CHECK(cohort ==
          make_cohort({.regions = {"内蒙古", "Côte d'Ivoire", "Say \"hi\"", "Two\nlines", "A, B"},
                       .years = {2016, 2017},
                       .poor = cells(5, 2, {1, 7, 2, 6, 3, missing, 4, missing, 5, missing}),
                       .parents = {"", "", "内蒙古", "Say \"hi\"", "Côte d'Ivoire"}}));
    CHECK(cohort.children("内蒙古") == names{"Say \"hi\""});
  }
  SUBCASE("a CRLF inside a quoted name is part of the name") {
    const auto cohort = read_cohort("region,year,poor\r\n\"Two\r\nlines\",2016,4\r\n");
    CHECK(cohort ==
          make_cohort({.regions = {"Two\r\nlines"}, .years = {2016}, .poor = cells(1, 1, {4})}));
  }
}

TEST_CASE("read_cohort_csv reads a hierarchy: children, total and aggregate_to_parents") {
  // North and South are top level; N1 and N2 are under North, S1 under South, N1a under N1
  // (listed after N1). N1 has no line for 2018; South's 2017 count is NA.
  const auto cohort = read_cohort(
      "region,year,poor,population,parent\n"
      "North,2016,100,1000,\nNorth,2017,90,1000,\nNorth,2018,80,1000,\n"
      "N1,2016,60,600,North\nN1,2017,50,600,North\n"
      "N2,2018,30,450,North\nN2,2016,45,450,North\nN2,2017,35,450,North\n"
      "South,2016,200,2000,\nSouth,2017,NA,2000,\nSouth,2018,150,2000,\n"
      "S1,2016,190,1900,South\nS1,2017,170,1900,South\nS1,2018,140,1900,South\n"
      "N1a,2016,55,500,N1\nN1a,2017,52,500,N1\nN1a,2018,40,500,N1\n");
  const names regions{"North", "N1", "N2", "South", "S1", "N1a"};
  const names parents{"", "North", "North", "", "South", "N1"};
  CHECK(cohort == make_cohort({.regions = regions,
                               .years = {2016, 2017, 2018},
                               .poor = cells(6, 3,
                                             {100, 90, 80,        // North
                                              60, 50, missing,    // N1
                                              45, 35, 30,         // N2
                                              200, missing, 150,  // South
                                              190, 170, 140,      // S1
                                              55, 52, 40}),       // N1a
                               .parents = parents,
                               .population = cells(6, 3,
                                                   {1000, 1000, 1000,    // North
                                                    600, 600, missing,   // N1
                                                    450, 450, 450,       // N2
                                                    2000, 2000, 2000,    // South
                                                    1900, 1900, 1900,    // S1
                                                    500, 500, 500})}));  // N1a
  CHECK(cohort.has_hierarchy());
  CHECK(cohort.children("North") == names{"N1", "N2"});
  CHECK(cohort.children("N1") == names{"N1a"});
  CHECK(cohort.children("South") == names{"S1"});
  CHECK(cohort.children("S1").empty());

  // Total over the top level (North + South); 2017 is left out because South's is missing:
  // 2016: 100 + 200 = 300 of 1000 + 2000 = 3000; 2018: 80 + 150 = 230 of 3000.
  CHECK(cohort.total() == population_series<double>{{2016, 2018}, {300, 230}, {3000, 3000}});

  // Bottom-up: N1 = N1a = 55, 52, 40 (of 500); North = N1 + N2 = 100, 87, 70 (of 950);
  // South = S1 = 190, 170, 140 (of 1900); leaves keep their values.
  const auto aggregated = cohort.aggregate_to_parents();
  CHECK(aggregated == make_cohort({.regions = regions,
                                   .years = {2016, 2017, 2018},
                                   .poor = cells(6, 3,
                                                 {100, 87, 70,    // North
                                                  55, 52, 40,     // N1
                                                  45, 35, 30,     // N2
                                                  190, 170, 140,  // South
                                                  190, 170, 140,  // S1
                                                  55, 52, 40}),   // N1a
                                   .parents = parents,
                                   .population = cells(6, 3,
                                                       {950, 950, 950,       // North
                                                        500, 500, 500,       // N1
                                                        450, 450, 450,       // N2
                                                        1900, 1900, 1900,    // South
                                                        1900, 1900, 1900,    // S1
                                                        500, 500, 500})}));  // N1a
  // Its total: 100 + 190 = 290, 87 + 170 = 257, 70 + 140 = 210, of 950 + 1900 = 2850.
  CHECK(aggregated.total() ==
        population_series<double>{{2016, 2017, 2018}, {290, 257, 210}, {2850, 2850, 2850}});
}

TEST_CASE("read_cohort_csv counts the line break inside a quoted field in its line numbers") {
  SUBCASE("the next record") {
    // Line 1 header, lines 2-3 the record with "Two\nlines", line 4 the bad record.
    check_cohort_rejects("region,year,poor\n\"Two\nlines\",2016,1\nC,2016,-1\n",
                         "povstat::read_cohort_csv: poor (regions.csv, line 4, column 3) is -1, "
                         "but must be >= 0");
  }
  SUBCASE("a CRLF inside the quotes counts once") {
    check_cohort_rejects("region,year,poor\r\n\"Two\r\nlines\",2016,1\r\nC,2016,-1\r\n",
                         "povstat::read_cohort_csv: poor (regions.csv, line 4, column 3) is -1, "
                         "but must be >= 0");
  }
  SUBCASE("a field after the line break is on the later line") {
    check_cohort_rejects("region,year,poor\n\"Two\nlines\",20x6,1\n",
                         "povstat::read_cohort_csv: year (regions.csv, line 3, column 2) is "
                         "'20x6', but must be a finite number");
  }
  SUBCASE("a wrong field count names the line the record starts on") {
    check_cohort_rejects("region,year,poor\n\"Two\nlines\",2016\n",
                         "povstat::read_cohort_csv: line 2 of regions.csv has 2 fields, but must "
                         "have 3 (as many as the header)");
  }
  SUBCASE("a repeated region-year names both lines") {
    check_cohort_rejects("region,year,poor\n\"Two\nlines\",2016,1\n\"Two\nlines\",2016,2\n",
                         "povstat::read_cohort_csv: year (regions.csv, line 5, column 2) is 2016, "
                         "but must be unique for region 'Two\nlines' (line 3 has it too)");
  }
}

TEST_CASE("read_cohort_csv accepts CRLF line ends, a byte order mark and blank lines") {
  const auto expected = make_cohort(
      {.regions = {"N", "A"}, .years = {2010}, .poor = cells(2, 1, {3, 1}), .parents = {"", "N"}});
  SUBCASE("BOM and CRLF") {
    CHECK(read_cohort("\xEF\xBB\xBFregion,year,poor,parent\r\nN,2010,3,\r\nA,2010,1,N\r\n") ==
          expected);
  }
  SUBCASE("blank lines and no final newline") {
    CHECK(read_cohort("region,year,poor,parent\n\nN,2010,3,\r\n\r\nA,2010,1,N") == expected);
  }
}

TEST_CASE("read_cohort_csv reads a file path, and its messages name the file") {
  const io_test::temp_path file;
  SUBCASE("a valid file") {
    file.write("\xEF\xBB\xBFregion,year,poor\r\n\"内蒙古\",2016,1\r\n");
    CHECK(povstat::read_cohort_csv(file.path()) ==
          make_cohort({.regions = {"内蒙古"}, .years = {2016}, .poor = cells(1, 1, {1})}));
  }
  SUBCASE("an invalid file") {
    file.write("region,year,poor\nA,2016,1\nA,2016,2\n");
    const std::string message = "povstat::read_cohort_csv: year (" + file.string() +
                                ", line 3, column 2) is 2016, but must be unique for region 'A' "
                                "(line 2 has it too)";
    CHECK_THROWS_WITH_AS(povstat::read_cohort_csv(file.path()), message.c_str(),
                         povstat::invalid_input);
  }
  SUBCASE("a path that does not exist") {
    const io_test::temp_path directory("");  // never created
    const auto absent = directory.path() / "missing.csv";
    const std::string message =
        "povstat::read_cohort_csv: path is '" + absent.string() + "', but must be a readable file";
    CHECK_THROWS_WITH_AS(povstat::read_cohort_csv(absent), message.c_str(), povstat::invalid_input);
  }
}

TEST_CASE("read_cohort_csv rejects empty input and a header without data") {
  SUBCASE("empty") {
    check_cohort_rejects("",
                         "povstat::read_cohort_csv: regions.csv is empty, but must start with the "
                         "header line region,year,poor[,population][,parent]");
  }
  SUBCASE("header only (insufficient_data)") {
    check_cohort_rejects<povstat::insufficient_data>(
        "region,year,poor\n\n",
        "povstat::read_cohort_csv: regions.csv has a header line but no data line; a cohort "
        "needs at least one region-year");
  }
}

TEST_CASE("read_cohort_csv rejects an unknown, missing or repeated header column") {
  const std::string known = ", but must be one of region,year,poor[,population][,parent]";
  const std::string required = ", but must have the columns region,year,poor[,population][,parent]";
  SUBCASE("unknown: pop") {
    check_cohort_rejects("region,year,poor,pop\nA,2010,1,2\n",
                         "povstat::read_cohort_csv: header column (regions.csv, line 1, column 4) "
                         "is 'pop'" +
                             known);
  }
  SUBCASE("unknown: parents") {
    check_cohort_rejects("parents,region,year,poor\n,A,2010,1\n",
                         "povstat::read_cohort_csv: header column (regions.csv, line 1, column 1) "
                         "is 'parents'" +
                             known);
  }
  SUBCASE("missing year") {
    check_cohort_rejects("region,poor\nA,1\n",
                         "povstat::read_cohort_csv: the header (regions.csv, line 1) has no column "
                         "'year'" +
                             required);
  }
  SUBCASE("missing region") {
    check_cohort_rejects("year,poor,parent\n2010,1,\n",
                         "povstat::read_cohort_csv: the header (regions.csv, line 1) has no column "
                         "'region'" +
                             required);
  }
  SUBCASE("missing poor") {
    check_cohort_rejects("region,year,population\nA,2010,5\n",
                         "povstat::read_cohort_csv: the header (regions.csv, line 1) has no column "
                         "'poor'" +
                             required);
  }
  SUBCASE("repeated region") {
    check_cohort_rejects("region,year,poor,parent,region\nA,2010,1,,A\n",
                         "povstat::read_cohort_csv: header column (regions.csv, line 1, column 5) "
                         "is 'region', but must be unique (it repeats column 1)");
  }
  SUBCASE("repeated population") {
    check_cohort_rejects("region,year,population,poor,population\nA,2010,5,1,5\n",
                         "povstat::read_cohort_csv: header column (regions.csv, line 1, column 5) "
                         "is 'population', but must be unique (it repeats column 3)");
  }
}

TEST_CASE("read_cohort_csv rejects a line with the wrong number of fields") {
  SUBCASE("too few") {
    check_cohort_rejects("region,year,poor\nA,2010,1\nA,2011\n",
                         "povstat::read_cohort_csv: line 3 of regions.csv has 2 fields, but must "
                         "have 3 (as many as the header)");
  }
  SUBCASE("too many") {
    check_cohort_rejects("region,year,poor\nA,2010,1,x\n",
                         "povstat::read_cohort_csv: line 2 of regions.csv has 4 fields, but must "
                         "have 3 (as many as the header)");
  }
  SUBCASE("a parent field left out") {
    check_cohort_rejects("region,year,poor,parent\nA,2010,1\n",
                         "povstat::read_cohort_csv: line 2 of regions.csv has 3 fields, but must "
                         "have 4 (as many as the header)");
  }
}

TEST_CASE("read_cohort_csv rejects a year that is not a finite number") {
  SUBCASE("each bad text") {
    // A year is never missing: empty and NA are errors too.
    for (const std::string bad : {"abc", "", "NA", "inf", "missing", "2010x", " 2010"}) {
      check_cohort_rejects("region,year,poor\nA," + bad + ",1\n",
                           "povstat::read_cohort_csv: year (regions.csv, line 2, column 2) is '" +
                               bad + "', but must be a finite number");
    }
  }
}

TEST_CASE("read_cohort_csv rejects a poor or population field that is not a number") {
  const std::string rule = "', but must be a finite number, or empty or NA when missing";
  SUBCASE("poor") {
    for (const std::string bad : {"abc", "1.5x", " 1", "inf", "-inf", "missing", "N/A"}) {
      check_cohort_rejects(
          "region,year,poor\nA,2010," + bad + "\n",
          "povstat::read_cohort_csv: poor (regions.csv, line 2, column 3) is '" + bad + rule);
    }
  }
  SUBCASE("population") {
    for (const std::string bad : {"x", "inf", "1e400"}) {
      check_cohort_rejects("region,year,poor,population\nA,2010,1,2\nA,2011,1," + bad + "\n",
                           "povstat::read_cohort_csv: population (regions.csv, line 3, column 4) "
                           "is '" +
                               bad + rule);
    }
  }
}

TEST_CASE("read_cohort_csv rejects a repeated region-year and names both lines") {
  SUBCASE("values present") {
    check_cohort_rejects("region,year,poor\nA,2010,1\nB,2010,2\nA,2010,3\n",
                         "povstat::read_cohort_csv: year (regions.csv, line 4, column 2) is 2010, "
                         "but must be unique for region 'A' (line 2 has it too)");
  }
  SUBCASE("even when the first is missing") {
    check_cohort_rejects("region,year,poor\nA,2010.5,NA\nA,2010.5,1\n",
                         "povstat::read_cohort_csv: year (regions.csv, line 3, column 2) is "
                         "2010.5, but must be unique for region 'A' (line 2 has it too)");
  }
}

TEST_CASE("read_cohort_csv rejects a region whose parent changes between lines") {
  SUBCASE("from a parent to none") {
    check_cohort_rejects("region,year,poor,parent\nN,2010,1,\nA,2010,1,N\nA,2011,1,\n",
                         "povstat::read_cohort_csv: parent (regions.csv, line 4, column 4) is '', "
                         "but must be 'N' as on line 3 (one parent per region)");
  }
  SUBCASE("from one parent to another") {
    check_cohort_rejects("region,year,poor,parent\nN,2010,1,\nM,2010,1,\nA,2010,1,N\nA,2011,1,M\n",
                         "povstat::read_cohort_csv: parent (regions.csv, line 5, column 4) is 'M', "
                         "but must be 'N' as on line 4 (one parent per region)");
  }
}

TEST_CASE("read_cohort_csv rejects an unknown parent") {
  check_cohort_rejects("region,year,poor,parent\nA,2010,1,\nB,2010,1,Nowhere\n",
                       "povstat::read_cohort_csv: parent (regions.csv, line 3, column 4) is "
                       "'Nowhere', but must be the name of a region of the cohort");
}

TEST_CASE("read_cohort_csv rejects a cycle of parents") {
  const std::string rule =
      ", but must be a region whose parents end at the top level (they cycle: ";
  SUBCASE("a region that is its own parent") {
    check_cohort_rejects("region,year,poor,parent\nA,2010,1,A\n",
                         "povstat::read_cohort_csv: parent (regions.csv, line 2, column 4) is 'A'" +
                             rule + "'A' -> 'A')");
  }
  SUBCASE("a 2-cycle") {
    check_cohort_rejects("region,year,poor,parent\nA,2010,1,B\nB,2010,1,A\n",
                         "povstat::read_cohort_csv: parent (regions.csv, line 2, column 4) is 'B'" +
                             rule + "'A' -> 'B' -> 'A')");
  }
  SUBCASE("a 3-cycle after a top-level region") {
    check_cohort_rejects(
        "region,year,poor,parent\nTop,2010,1,\nA,2010,1,B\nB,2010,1,C\nC,2010,1,A\n",
        "povstat::read_cohort_csv: parent (regions.csv, line 3, column 4) is 'B'" + rule +
            "'A' -> 'B' -> 'C' -> 'A')");
  }
  SUBCASE("a region leading into a 2-cycle: the cycle is named") {
    check_cohort_rejects("region,year,poor,parent\nD,2010,1,A\nA,2010,1,B\nB,2010,1,A\n",
                         "povstat::read_cohort_csv: parent (regions.csv, line 3, column 4) is 'B'" +
                             rule + "'A' -> 'B' -> 'A')");
  }
}

TEST_CASE("read_cohort_csv rejects negative counts and bad populations") {
  SUBCASE("negative poor") {
    check_cohort_rejects("region,year,poor\nA,2010,1\nA,2011,-1\n",
                         "povstat::read_cohort_csv: poor (regions.csv, line 3, column 3) is -1, "
                         "but must be >= 0");
  }
  SUBCASE("population below poor") {
    check_cohort_rejects("region,year,poor,population\nA,2010,6,5\n",
                         "povstat::read_cohort_csv: population (regions.csv, line 2, column 4) is "
                         "5, but must be >= poor (regions.csv, line 2, column 3) = 6");
  }
  SUBCASE("population below poor, columns reordered") {
    check_cohort_rejects("population,poor,year,region\n10,1,2010,A\n5,6,2011,A\n",
                         "povstat::read_cohort_csv: population (regions.csv, line 3, column 1) is "
                         "5, but must be >= poor (regions.csv, line 3, column 2) = 6");
  }
  SUBCASE("population zero where poor is missing") {
    check_cohort_rejects("region,year,poor,population\nA,2010,NA,0\n",
                         "povstat::read_cohort_csv: population (regions.csv, line 2, column 4) is "
                         "0, but must be > 0");
  }
}

TEST_CASE("read_cohort_csv rejects an empty region name") {
  SUBCASE("unquoted") {
    check_cohort_rejects("region,year,poor\nA,2010,1\n,2011,2\n",
                         "povstat::read_cohort_csv: region (regions.csv, line 3, column 1) is '', "
                         "but must be a non-empty name");
  }
  SUBCASE("quoted") {
    check_cohort_rejects("year,region,poor\n2010,\"\",1\n",
                         "povstat::read_cohort_csv: region (regions.csv, line 2, column 2) is '', "
                         "but must be a non-empty name");
  }
}

TEST_CASE("read_cohort_csv rejects broken quoting") {
  SUBCASE("an unterminated quote") {
    check_cohort_rejects("region,year,poor\nA,2010,1\n\"B,2010,2\n",
                         "povstat::read_cohort_csv: field (regions.csv, line 3, column 1) opens a "
                         "quote that is never closed");
  }
  SUBCASE("text after a closing quote") {
    check_cohort_rejects("region,year,poor\n\"A\"B,2010,1\n",
                         "povstat::read_cohort_csv: field (regions.csv, line 2, column 1) has text "
                         "after its closing quote");
  }
  SUBCASE("a quote inside an unquoted name") {
    check_cohort_rejects("region,year,poor\nSay \"hi\",2010,1\n",
                         "povstat::read_cohort_csv: field (regions.csv, line 2, column 1) has a "
                         "quote inside an unquoted field, but quotes may only enclose a whole "
                         "field");
  }
}

TEST_SUITE_END();

TEST_SUITE_BEGIN("write_cohort_csv");

TEST_CASE("write_cohort_csv writes region,year,poor for a cohort without population or parents") {
  const auto cohort = make_cohort({.regions = {"East", "West"},
                                   .years = {2015, 2016},
                                   .poor = cells(2, 2, {1, 2, missing, 0.5})});
  CHECK(write_cohort(cohort) == "region,year,poor\nEast,2015,1\nEast,2016,2\nWest,2016,0.5\n");
}

TEST_CASE("write_cohort_csv adds population and parent columns only when the cohort has them") {
  SUBCASE("population without parents") {
    const auto cohort = make_cohort({.regions = {"East"},
                                     .years = {2015, 2016},
                                     .poor = cells(1, 2, {missing, 1}),
                                     .population = cells(1, 2, {5, missing})});
    CHECK(write_cohort(cohort) == "region,year,poor,population\nEast,2015,,5\nEast,2016,1,\n");
  }
  SUBCASE("parents without population") {
    const auto cohort = make_cohort({.regions = {"N", "E"},
                                     .years = {2015},
                                     .poor = cells(2, 1, {3, 1}),
                                     .parents = {"", "N"}});
    CHECK(write_cohort(cohort) == "region,year,poor,parent\nN,2015,3,\nE,2015,1,N\n");
  }
}

TEST_CASE("write_cohort_csv quotes only names that need it") {
  // Quoted: a comma, a quote (doubled), LF, CR. Not quoted: spaces, an apostrophe, UTF-8.
  const auto cohort =
      make_cohort({.regions = {" x ", "it's", "内蒙古", "a,b", "Say \"hi\"", "a\rb", "a\nb"},
                   .years = {2015},
                   .poor = cells(7, 1, {1, 2, 3, 4, 5, 6, 7})});
  CHECK(write_cohort(cohort) ==
        "region,year,poor\n x ,2015,1\nit's,2015,2\n内蒙古,2015,3\n\"a,b\",2015,4\n"
        "\"Say \"\"hi\"\"\",2015,5\n\"a\rb\",2015,6\n\"a\nb\",2015,7\n");
  CHECK(read_cohort(write_cohort(cohort)) == cohort);
}

TEST_CASE("write_cohort_csv writes everything, and read_cohort_csv reads it back") {
  // Year 2017 has no value in any region, region Empty has none in any year: each still gets
  // one line (2017 with the first region, Empty with the first year) with empty cells.
  // 0.1 -> "0.1", 1e300 -> "1e+300", 5e-324 (smallest subnormal) -> "5e-324".
  const auto cohort =
      make_cohort({.regions = {"Nation", "A, B", "Say \"hi\"", "Two\nlines", "Côte d'Ivoire",
                               "内蒙古", "Empty"},
                   .years = {2015, 2016, 2017},
                   .poor = cells(7, 3, {10,      0.1,     missing,    // Nation
                                        4,       missing, missing,    // A, B
                                        missing, 0.25,    missing,    // Say "hi"
                                        1e300,   5e-324,  missing,    // Two\nlines
                                        2,       missing, missing,    // Côte d'Ivoire
                                        missing, 7,       missing,    // 内蒙古
                                        missing, missing, missing}),  // Empty
                   .parents = {"", "Nation", "Nation", "A, B", "", "Côte d'Ivoire", ""},
                   .population = cells(7, 3, {100,     missing, missing,      // Nation
                                              8,       missing, missing,      // A, B
                                              missing, missing, missing,      // Say "hi"
                                              1e300,   1,       missing,      // Two\nlines
                                              3,       missing, missing,      // Côte d'Ivoire
                                              missing, missing, missing,      // 内蒙古
                                              missing, missing, missing})});  // Empty
  const std::string expected =
      "region,year,poor,population,parent\n"
      "Nation,2015,10,100,\n"
      "Nation,2016,0.1,,\n"
      "Nation,2017,,,\n"
      "\"A, B\",2015,4,8,Nation\n"
      "\"Say \"\"hi\"\"\",2016,0.25,,Nation\n"
      "\"Two\nlines\",2015,1e+300,1e+300,\"A, B\"\n"
      "\"Two\nlines\",2016,5e-324,1,\"A, B\"\n"
      "Côte d'Ivoire,2015,2,3,\n"
      "内蒙古,2016,7,,Côte d'Ivoire\n"
      "Empty,2015,,,\n";
  CHECK(write_cohort(cohort) == expected);
  const auto back = read_cohort(expected);
  CHECK(back == cohort);
  CHECK(io_test::first_difference(back, cohort) == "");
}

TEST_CASE("write_cohort_csv keeps a region and a year without any value") {
  // Region Empty (first) has no value; 2015 and 2017 have none either. Empty gets a line at
  // the first year 2015 (which also keeps 2015) and one at 2017; Full its one value.
  const auto cohort =
      make_cohort({.regions = {"Empty", "Full"},
                   .years = {2015, 2016, 2017},
                   .poor = cells(2, 3, {missing, missing, missing, missing, 1, missing})});
  const std::string text = write_cohort(cohort);
  CHECK(text == "region,year,poor\nEmpty,2015,\nEmpty,2017,\nFull,2016,1\n");
  const auto back = read_cohort(text);
  CHECK(back == cohort);
  CHECK(back.region_count() == 2);
  CHECK(back.year_count() == 3);
}

TEST_CASE("write_cohort_csv writes to a path, and read_cohort_csv reads it back") {
  const io_test::temp_path file;
  const auto cohort = make_cohort({.regions = {"内蒙古", "Hinggan, League"},
                                   .years = {2016, 2016.5},
                                   .poor = cells(2, 2, {10, 9, 2, missing}),
                                   .parents = {"", "内蒙古"}});
  povstat::write_cohort_csv(file.path(), cohort);
  CHECK(io_test::file_bytes(file.path()) ==
        "region,year,poor,parent\n内蒙古,2016,10,\n内蒙古,2016.5,9,\n"
        "\"Hinggan, League\",2016,2,内蒙古\n");
  CHECK(povstat::read_cohort_csv(file.path()) == cohort);
}

TEST_CASE("write_cohort_csv reports a file or stream it cannot write") {
  const auto cohort = make_cohort({.regions = {"A"}, .years = {2010}, .poor = cells(1, 1, {1})});
  SUBCASE("a path in a directory that does not exist") {
    const io_test::temp_path directory("");  // never created
    const auto path = directory.path() / "out.csv";
    const std::string message =
        "povstat::write_cohort_csv: path is '" + path.string() + "', but must be a writable file";
    CHECK_THROWS_WITH_AS(povstat::write_cohort_csv(path, cohort), message.c_str(),
                         std::runtime_error);
  }
  SUBCASE("a stream in a failed state") {
    std::ostringstream out;
    out.setstate(std::ios::badbit);
    CHECK_THROWS_WITH_AS(povstat::write_cohort_csv(out, cohort),
                         "povstat::write_cohort_csv: writing the CSV failed (the stream is in a "
                         "failed state)",
                         std::runtime_error);
  }
}

// The writer omits the parent column when no region has a parent and the reader then gives
// no parents, while a parent column of empty fields (or parents {"", ""}) names one empty
// parent per region; both mean "all top level" and must compare equal after a round trip.
TEST_CASE("write_cohort_csv round-trips a cohort whose regions are all explicitly top level") {
  SUBCASE("read from a parent column of empty fields") {
    const auto first = read_cohort("region,year,poor,parent\nA,2010,1,\nB,2010,2,\n");
    CHECK(read_cohort(write_cohort(first)) == first);
  }
  SUBCASE("built with parents {\"\", \"\"}") {
    const auto cohort = make_cohort(
        {.regions = {"A", "B"}, .years = {2010}, .poor = cells(2, 1, {1, 2}), .parents = {"", ""}});
    CHECK(read_cohort(write_cohort(cohort)) == cohort);
  }
}

// std::to_chars's shortest form takes scientific notation whenever it is shorter ("3e+06", 5
// characters against 7); counts of people must be written in plain digits, as the bundled data is.
TEST_CASE("write_cohort_csv writes a whole count such as 3000000 in plain digits") {
  const auto cohort = make_cohort({.regions = {"China", "East"},
                                   .years = {2017},
                                   .poor = cells(2, 1, {30460000, 3000000}),
                                   .parents = {"", "China"}});
  CHECK(write_cohort(cohort) ==
        "region,year,poor,parent\nChina,2017,30460000,\nEast,2017,3000000,China\n");
}

TEST_SUITE_END();
