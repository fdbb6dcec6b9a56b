// Tests of core/regional_cohort.hpp: construction through cohort_data, the accessors and
// storage layout, the hierarchy (find, index, parent, children), series, total,
// aggregate_to_parents, equality, and every rule the constructor enforces, each with its
// exception type and full message.
//
// Every expected number is written out by hand, with its arithmetic in a comment.

#include "povstat/core/regional_cohort.hpp"

#include <doctest/doctest.h>

#include "special_values.hpp"

#include <Eigen/Core>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

using povstat::insufficient_data;
using povstat::invalid_input;
using povstat::population_series;

namespace {

using cohort = povstat::regional_cohort<double>;
using data = povstat::cohort_data<double>;
using matrix = Eigen::MatrixXd;

constexpr double missing = std::numeric_limits<double>::quiet_NaN();
using special::inf;

std::vector<std::string> names(const cohort& c) {
  return {c.region_names().begin(), c.region_names().end()};
}

// Three regions, no hierarchy; 2018 is simply absent from the years.
//            poor            population
//   East   10   8   5     100  100  NaN   population missing at an observed year
//   West   20  NaN 12     200  NaN  205   population missing only where poor is
//   North  30  25  21     300  300  310
data panel_data() {
  return {.regions = {"East", "West", "North"},
          .years = {2016, 2017, 2019},
          .poor = matrix{{10, 8, 5}, {20, missing, 12}, {30, 25, 21}},
          .population = matrix{{100, 100, missing}, {200, missing, 205}, {300, 300, 310}}};
}

// nation > province > county, stored out of order so that a parent often precedes its
// children. The reported values of the nation and the provinces deliberately differ from
// the sums of their children.
//   region   parent    poor          population
//   County1  ProvA      1   2   3     100 100 100
//   Nation   -         16  18  40    5000 5000 5000
//   ProvA    Nation    60  60  60     600 600 600
//   County3  ProvB     10 NaN  30      50  60 NaN
//   ProvB    Nation    90  90  90     900 900 900
//   County2  ProvA      4   5   6      40  40  40
data hierarchy_data() {
  return {.regions = {"County1", "Nation", "ProvA", "County3", "ProvB", "County2"},
          .years = {2018, 2019, 2020},
          .poor = matrix{{1, 2, 3},
                         {16, 18, 40},
                         {60, 60, 60},
                         {10, missing, 30},
                         {90, 90, 90},
                         {4, 5, 6}},
          .parents = {"ProvA", "", "Nation", "ProvB", "Nation", "ProvA"},
          .population = matrix{{100, 100, 100},
                               {5000, 5000, 5000},
                               {600, 600, 600},
                               {50, 60, missing},
                               {900, 900, 900},
                               {40, 40, 40}}};
}

// Two regions, two years, every rule satisfied; each rule test below breaks one thing.
data valid_data() {
  return {.regions = {"East", "West"},
          .years = {2016, 2019},
          .poor = matrix{{10, 8}, {20, 12}},
          .parents = {"", ""},
          .population = matrix{{100, 100}, {200, 210}}};
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Construction and accessors

TEST_CASE("a cohort is built from cohort_data with designated initialisers") {
  const cohort c(panel_data());
  CHECK(c.region_count() == 3);
  CHECK(c.year_count() == 3);
  CHECK(names(c) == std::vector<std::string>{"East", "West", "North"});
  CHECK(std::vector<double>(c.years().begin(), c.years().end()) == std::vector<double>{2016, 2017, 2019});
  CHECK(c.has_population());
  CHECK_FALSE(c.has_hierarchy());
  CHECK(c.poor().rows() == 3);
  CHECK(c.poor().cols() == 3);
  CHECK(c.poor()(2, 1) == 25);  // North, 2017
  CHECK(std::isnan(c.poor()(1, 1)));  // West, 2017: missing
  CHECK(c.population()(1, 2) == 205);  // West, 2019
}

TEST_CASE("a cohort without population or parents") {
  const cohort c(data{.regions = {"East"}, .years = {2016}, .poor = matrix{{7}}});
  CHECK_FALSE(c.has_population());
  CHECK(c.population().size() == 0);
  CHECK_FALSE(c.has_hierarchy());
  CHECK(c.parent(0).empty());
  CHECK(c.children("East").empty());
}

TEST_CASE("storage is column-major: each year is contiguous across regions") {
  const cohort c(panel_data());
  static_assert(!cohort::matrix::IsRowMajor);
  const double* poor = c.poor().data();
  // Year 2016 for East, West, North, then year 2017, then 2019.
  CHECK(poor[0] == 10);
  CHECK(poor[1] == 20);
  CHECK(poor[2] == 30);
  CHECK(poor[3] == 8);
  CHECK(std::isnan(poor[4]));
  CHECK(poor[5] == 25);
  CHECK(poor[6] == 5);
  CHECK(poor[7] == 12);
  CHECK(poor[8] == 21);
  CHECK(&c.poor()(1, 0) == &c.poor()(0, 0) + 1);  // next region, same year: next element
  CHECK(&c.poor()(0, 1) == &c.poor()(0, 0) + 3);  // same region, next year: one column on
  const double* population = c.population().data();
  CHECK(population[0] == 100);
  CHECK(population[1] == 200);
  CHECK(population[2] == 300);
  CHECK(population[8] == 310);
}

TEST_CASE_TEMPLATE("regional_cohort works in float, double and long double", T, float, double,
                   long double) {
  using M = typename povstat::cohort_data<T>::matrix;
  const povstat::regional_cohort<T> c(povstat::cohort_data<T>{
      .regions = {"East", "West"}, .years = {2016, 2019}, .poor = M{{T(1.5), 4}, {T(2.25), 8}}});
  static_assert(std::is_same_v<typename decltype(c)::value_type, T>);
  // 1.5 + 2.25 = 3.75 and 4 + 8 = 12, exact in every type.
  CHECK(c.total() == population_series<T>{{2016, 2019}, {T(3.75), 12}});
  CHECK(c.series("West") == population_series<T>{{2016, 2019}, {T(2.25), 8}});

  // Messages show each type's own shortest digits.
  CHECK_THROWS_WITH_AS(
      povstat::regional_cohort<T>(povstat::cohort_data<T>{
          .regions = {"East", "West"}, .years = {2016, 2019}, .poor = M{{1, 2}, {static_cast<T>(-0.1L), 3}}}),
      "povstat::regional_cohort: poor[1, 0] (region 'West', year 2016) is -0.1, but must be >= 0",
      invalid_input);
}

// ---------------------------------------------------------------------------------------
// Hierarchy: find, index, parent, children

TEST_CASE("find and index locate a region by name") {
  const cohort c(panel_data());
  CHECK(c.find("East") == std::optional<std::size_t>(0));
  CHECK(c.find("North") == std::optional<std::size_t>(2));
  CHECK(c.find("South") == std::nullopt);
  CHECK(c.find("east") == std::nullopt);  // names are case-sensitive
  CHECK(c.index("West") == 1);
  CHECK_THROWS_WITH_AS(c.index("South"),
                       "povstat::regional_cohort::index: there is no region named 'South'",
                       invalid_input);
}

TEST_CASE("parent and children follow the hierarchy") {
  const cohort c(hierarchy_data());
  CHECK(c.has_hierarchy());
  CHECK(c.parent(c.index("Nation")).empty());
  CHECK(c.parent(c.index("ProvB")) == "Nation");
  CHECK(c.parent(c.index("County3")) == "ProvB");
  // Children in storage order.
  CHECK(c.children("Nation") == std::vector<std::string>{"ProvA", "ProvB"});
  CHECK(c.children("ProvA") == std::vector<std::string>{"County1", "County2"});
  CHECK(c.children("ProvB") == std::vector<std::string>{"County3"});
  CHECK(c.children("County2").empty());
}

TEST_CASE("parents all empty means no hierarchy") {
  const cohort c(valid_data());
  CHECK_FALSE(c.has_hierarchy());
  CHECK(c.parent(1).empty());
  CHECK(c.children("East").empty());
}

TEST_CASE("parent rejects a region index out of range") {
  const cohort c(panel_data());
  CHECK_THROWS_WITH_AS(c.parent(3),
                       "povstat::regional_cohort::parent: region is 3, but must be < 3 (the number "
                       "of regions)",
                       invalid_input);
}

TEST_CASE("children rejects an unknown name") {
  const cohort c(hierarchy_data());
  CHECK_THROWS_WITH_AS(c.children("County4"),
                       "povstat::regional_cohort::children: there is no region named 'County4'",
                       invalid_input);
}

// ---------------------------------------------------------------------------------------
// series

TEST_CASE("series leaves missing years out") {
  const cohort c(panel_data());
  // North: every year observed, population everywhere.
  CHECK(c.series("North") ==
        population_series<double>{{2016, 2017, 2019}, {30, 25, 21}, {300, 300, 310}});
  // West: 2017 missing; population present at both observed years (2016, 2019).
  CHECK(c.series("West") == population_series<double>{{2016, 2019}, {20, 12}, {200, 205}});
  CHECK(c.series(1) == c.series("West"));
}

TEST_CASE("series drops population when it is missing at an observed year") {
  const cohort c(panel_data());
  // East: poor observed in 2016, 2017, 2019, population missing in 2019.
  const auto east = c.series("East");
  CHECK_FALSE(east.has_population());
  CHECK(east == population_series<double>{{2016, 2017, 2019}, {10, 8, 5}});
}

TEST_CASE("series of a cohort without population has no population") {
  const cohort c(data{.regions = {"East", "West"}, .years = {2016, 2019}, .poor = matrix{{1, 2}, {3, 4}}});
  CHECK(c.series(1) == population_series<double>{{2016, 2019}, {3, 4}});
}

TEST_CASE("series of a region with no observed year is insufficient_data") {
  auto d = panel_data();
  d.poor.row(1).setConstant(missing);
  const cohort c(d);
  CHECK_THROWS_WITH_AS(c.series("West"),
                       "povstat::regional_cohort::series: region 'West' has no observed year",
                       insufficient_data);
  CHECK_THROWS_WITH_AS(c.series(1),
                       "povstat::regional_cohort::series: region 'West' has no observed year",
                       insufficient_data);
}

TEST_CASE("series rejects an unknown name and an index out of range") {
  const cohort c(panel_data());
  CHECK_THROWS_WITH_AS(c.series("South"),
                       "povstat::regional_cohort::series: there is no region named 'South'",
                       invalid_input);
  CHECK_THROWS_WITH_AS(c.series(7),
                       "povstat::regional_cohort::series: region is 7, but must be < 3 (the number "
                       "of regions)",
                       invalid_input);
}

// ---------------------------------------------------------------------------------------
// total

TEST_CASE("total sums the top-level regions and leaves out years with a missing top-level cell") {
  const cohort c(panel_data());
  // 2016: 10 + 20 + 30 = 60; 2017 left out (West missing); 2019: 5 + 12 + 21 = 38.
  // Population in 2019: 100 is missing for East, so the total carries no population.
  CHECK(c.total() == population_series<double>{{2016, 2019}, {60, 38}});
}

TEST_CASE("total carries population when every top-level region has it at every included year") {
  auto d = panel_data();
  d.population(0, 2) = 110;  // East 2019 now present
  const cohort c(d);
  // poor: 2016: 10 + 20 + 30 = 60; 2019: 5 + 12 + 21 = 38.
  // population: 2016: 100 + 200 + 300 = 600; 2019: 110 + 205 + 310 = 625.
  // (West's population is missing in 2017, a year the total leaves out anyway.)
  CHECK(c.total() == population_series<double>{{2016, 2019}, {60, 38}, {600, 625}});
}

TEST_CASE("total counts only top-level regions") {
  const cohort c(hierarchy_data());
  // Only Nation is top-level: its reported values, including 2019 although County3 is
  // missing there.
  CHECK(c.total() ==
        population_series<double>{{2018, 2019, 2020}, {16, 18, 40}, {5000, 5000, 5000}});
}

TEST_CASE("total sums without losing digits") {
  // One region of 1e16 followed by four regions of 1. Doubles are 2 apart at 1e16, so
  // naive left-to-right summation rounds each 1e16 + 1 (a tie) back to 1e16 (ties to even)
  // and ends at 1e16. The exact total, 1e16 + 4 = 10000000000000004, is a double.
  double naive = 1e16;
  for (int i = 0; i < 4; ++i) naive += 1;
  REQUIRE(naive == 1e16);  // the premise: naive summation loses the four ones

  const cohort c(data{.regions = {"Big", "A", "B", "C", "D"},
                      .years = {2020, 2021},
                      .poor = matrix{{1e16, 0}, {1, 1}, {1, 2}, {1, 3}, {1, 4}}});
  // 2021: 0 + 1 + 2 + 3 + 4 = 10.
  CHECK(c.total() == population_series<double>{{2020, 2021}, {10000000000000004.0, 10}});
}

TEST_CASE("total with a missing top-level cell in every year is insufficient_data") {
  auto d = panel_data();
  // West 2017 is missing already; add East 2016 and North 2019.
  d.poor(0, 0) = missing;
  d.poor(2, 2) = missing;
  const cohort c(d);
  CHECK_THROWS_WITH_AS(c.total(),
                       "povstat::regional_cohort::total: every year has a missing count in some "
                       "top-level region, so no total exists",
                       insufficient_data);
}

// ---------------------------------------------------------------------------------------
// aggregate_to_parents

TEST_CASE("aggregate_to_parents rebuilds every parent, bottom-up, from its children") {
  const cohort c(hierarchy_data());
  // ProvA  = County1 + County2:  poor 1+4 = 5, 2+5 = 7, 3+6 = 9;  population 100+40 = 140 each
  // ProvB  = County3:            poor 10, NaN, 30;                population 50, 60, NaN
  // Nation = ProvA + ProvB:      poor 5+10 = 15, 7+NaN = NaN, 9+30 = 39;
  //                              population 140+50 = 190, 140+60 = 200, 140+NaN = NaN
  // Counties (leaves) keep their values. Parents stay in storage order.
  const cohort expected(data{.regions = {"County1", "Nation", "ProvA", "County3", "ProvB", "County2"},
                             .years = {2018, 2019, 2020},
                             .poor = matrix{{1, 2, 3},
                                            {15, missing, 39},
                                            {5, 7, 9},
                                            {10, missing, 30},
                                            {10, missing, 30},
                                            {4, 5, 6}},
                             .parents = {"ProvA", "", "Nation", "ProvB", "Nation", "ProvA"},
                             .population = matrix{{100, 100, 100},
                                                  {190, 200, missing},
                                                  {140, 140, 140},
                                                  {50, 60, missing},
                                                  {50, 60, missing},
                                                  {40, 40, 40}}});
  const cohort aggregated = c.aggregate_to_parents();
  CHECK(aggregated == expected);
  CHECK(aggregated.poor()(1, 0) == 15);  // Nation 2018: from the rebuilt provinces, not 60 + 90
  CHECK(std::isnan(aggregated.poor()(1, 1)));  // Nation 2019: County3 missing
  CHECK(c == cohort(hierarchy_data()));  // the original is untouched
  // The total is now Nation's rebuilt values: 2019 left out; population missing in 2020.
  CHECK(aggregated.total() == population_series<double>{{2018, 2020}, {15, 39}});
}

TEST_CASE("aggregate_to_parents of a cohort without population rebuilds poor only") {
  auto d = hierarchy_data();
  d.population = matrix{};
  const cohort aggregated = cohort(d).aggregate_to_parents();
  CHECK_FALSE(aggregated.has_population());
  CHECK(aggregated.series("Nation") == population_series<double>{{2018, 2020}, {15, 39}});
  CHECK(aggregated.series("ProvA") == population_series<double>{{2018, 2019, 2020}, {5, 7, 9}});
}

TEST_CASE("aggregate_to_parents without a hierarchy changes nothing") {
  const cohort c(panel_data());
  CHECK(c.aggregate_to_parents() == c);
}

// ---------------------------------------------------------------------------------------
// Equality

TEST_CASE("cohorts are equal cell by cell, with a missing cell equal to a missing cell") {
  const cohort a(panel_data());
  CHECK(a == cohort(panel_data()));  // panel_data has NaN cells in poor and population

  SUBCASE("a different count") {
    auto d = panel_data();
    d.poor(2, 2) = 22;
    CHECK_FALSE(a == cohort(d));
  }
  SUBCASE("a missing cell against a present one") {
    auto d = panel_data();
    d.poor(1, 1) = 0;
    CHECK_FALSE(a == cohort(d));
  }
  SUBCASE("a different population, or none") {
    auto d = panel_data();
    d.population(0, 0) = 101;
    CHECK_FALSE(a == cohort(d));
    d.population = matrix{};
    CHECK_FALSE(a == cohort(d));
  }
  SUBCASE("different names or years") {
    auto d = panel_data();
    d.regions[2] = "South";
    CHECK_FALSE(a == cohort(d));
    d = panel_data();
    d.years[2] = 2018;
    CHECK_FALSE(a == cohort(d));
  }
  SUBCASE("different parents") {
    auto d = panel_data();
    d.parents = {"", "", "East"};
    CHECK_FALSE(a == cohort(d));
  }
  SUBCASE("all parents empty is the same as no parents") {
    auto d = panel_data();
    d.parents = {"", "", ""};
    CHECK(a == cohort(d));
  }
}

// ---------------------------------------------------------------------------------------
// Rules: sizes and shapes

TEST_CASE("the valid data used below is accepted") {
  CHECK_NOTHROW(cohort{valid_data()});
}

TEST_CASE("a cohort without any region is insufficient_data") {
  CHECK_THROWS_WITH_AS(cohort(data{.regions = {}, .years = {2016}, .poor = matrix(0, 1)}),
                       "povstat::regional_cohort: regions has 0 values, but needs at least 1 (a "
                       "cohort holds at least one region)",
                       insufficient_data);
}

TEST_CASE("a cohort without any year is insufficient_data") {
  CHECK_THROWS_WITH_AS(cohort(data{.regions = {"East"}, .years = {}, .poor = matrix(1, 0)}),
                       "povstat::regional_cohort: years has 0 values, but needs at least 1 (a "
                       "cohort holds at least one year)",
                       insufficient_data);
}

TEST_CASE("poor must be regions x years") {
  auto d = valid_data();
  d.poor = matrix::Zero(2, 3);
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: poor is 2 x 3, but must be regions x years = 2 x 2",
                       invalid_input);
  d.poor = matrix::Zero(1, 2);
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: poor is 1 x 2, but must be regions x years = 2 x 2",
                       invalid_input);
  d.poor = matrix::Zero(2, 2);  // the right shape is accepted
  CHECK_NOTHROW(cohort{d});
}

TEST_CASE("population must be regions x years when given") {
  auto d = valid_data();
  d.population = matrix::Constant(2, 1, 500);
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: population is 2 x 1, but must be regions x years "
                       "= 2 x 2",
                       invalid_input);
  d.population = matrix::Constant(3, 2, 500);
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: population is 3 x 2, but must be regions x years "
                       "= 2 x 2",
                       invalid_input);
  d.population = matrix(2, 0);  // empty, but not 0 x 0: a wrong shape, not "no population"
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: population is 2 x 0, but must be regions x years "
                       "= 2 x 2",
                       invalid_input);
}

TEST_CASE("parents must be empty or one per region") {
  auto d = valid_data();
  d.parents = {""};
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: parents has 1 value, but must have 2 (as many as "
                       "regions)",
                       invalid_input);
  d.parents = {"", "", ""};
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: parents has 3 values, but must have 2 (as many "
                       "as regions)",
                       invalid_input);
}

TEST_CASE("sizes are checked before values") {
  auto d = valid_data();
  d.poor = matrix::Constant(2, 3, -1);  // wrong shape and negative counts
  d.years[1] = missing;                 // and a NaN year
  d.regions[1] = "East";                // and a duplicate name
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: poor is 2 x 3, but must be regions x years = 2 x 2",
                       invalid_input);
}

TEST_CASE("rules are checked in order: names, then years, then parents, then cells") {
  auto d = valid_data();
  d.regions[1] = "East";       // duplicate name
  d.years[1] = 2015;           // years not increasing
  d.parents = {"", "Nowhere"};  // unknown parent
  d.poor(0, 0) = -1;           // negative count
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: regions[1] is 'East', but must be unique (it "
                       "repeats regions[0])",
                       invalid_input);
  d.regions[1] = "West";
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: years[1] is 2015, but must be > years[0] = 2016 "
                       "(strictly increasing)",
                       invalid_input);
  d.years[1] = 2019;
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: parents[1] (region 'West') is 'Nowhere', but must "
                       "be the name of a region of the cohort",
                       invalid_input);
  d.parents = {"", "East"};
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: poor[0, 0] (region 'East', year 2016) is -1, but "
                       "must be >= 0",
                       invalid_input);
}

// ---------------------------------------------------------------------------------------
// Rules: names and parents

TEST_CASE("region names must be non-empty") {
  auto d = valid_data();
  d.regions[1] = "";
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: regions[1] is '', but must be a non-empty name",
                       invalid_input);
}

TEST_CASE("region names must be unique") {
  const data d{.regions = {"East", "West", "East"}, .years = {2016}, .poor = matrix{{1}, {2}, {3}}};
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: regions[2] is 'East', but must be unique (it "
                       "repeats regions[0])",
                       invalid_input);
}

TEST_CASE("a parent must name a region of the cohort") {
  auto d = valid_data();
  d.parents = {"", "Nowhere"};
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: parents[1] (region 'West') is 'Nowhere', but must "
                       "be the name of a region of the cohort",
                       invalid_input);
}

TEST_CASE("a region cannot be its own parent") {
  auto d = valid_data();
  d.parents = {"", "West"};
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: parents[1] (region 'West') is 'West', but must be "
                       "a region whose parents end at the top level (they cycle: 'West' -> 'West')",
                       invalid_input);
}

TEST_CASE("parents cannot form a cycle, and the message lists the cycle") {
  SUBCASE("a 3-cycle A -> B -> C -> A") {
    const data d{.regions = {"A", "B", "C", "Top"},
                 .years = {2016},
                 .poor = matrix{{1}, {2}, {3}, {4}},
                 .parents = {"B", "C", "A", ""}};
    CHECK_THROWS_WITH_AS(cohort{d},
                         "povstat::regional_cohort: parents[0] (region 'A') is 'B', but must be a "
                         "region whose parents end at the top level (they cycle: 'A' -> 'B' -> 'C' "
                         "-> 'A')",
                         invalid_input);
  }
  SUBCASE("a 3-cycle reached from a region outside it lists only the cycle") {
    const data d{.regions = {"Tail", "A", "B", "C"},
                 .years = {2016},
                 .poor = matrix{{1}, {2}, {3}, {4}},
                 .parents = {"A", "B", "C", "A"}};
    CHECK_THROWS_WITH_AS(cohort{d},
                         "povstat::regional_cohort: parents[1] (region 'A') is 'B', but must be a "
                         "region whose parents end at the top level (they cycle: 'A' -> 'B' -> 'C' "
                         "-> 'A')",
                         invalid_input);
  }
}

// ---------------------------------------------------------------------------------------
// Rules: years

TEST_CASE("years must be finite") {
  auto d = valid_data();
  d.years[1] = missing;
  CHECK_THROWS_WITH_AS(cohort{d}, "povstat::regional_cohort: years[1] is nan, but must be finite",
                       invalid_input);
  d.years = {-inf, 2019};
  CHECK_THROWS_WITH_AS(cohort{d}, "povstat::regional_cohort: years[0] is -inf, but must be finite",
                       invalid_input);
}

TEST_CASE("years must be strictly increasing") {
  auto d = valid_data();
  d.years = {2016, 2016};
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: years[1] is 2016, but must be > years[0] = 2016 "
                       "(strictly increasing)",
                       invalid_input);
  d.years = {2017, 2016.5};
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: years[1] is 2016.5, but must be > years[0] = 2017 "
                       "(strictly increasing)",
                       invalid_input);
}

// ---------------------------------------------------------------------------------------
// Rules: cells

TEST_CASE("poor must be >= 0") {
  auto d = valid_data();
  d.poor(1, 0) = -3;
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: poor[1, 0] (region 'West', year 2016) is -3, but "
                       "must be >= 0",
                       invalid_input);
}

TEST_CASE("poor must be finite or NaN") {
  auto d = valid_data();
  d.poor(0, 1) = inf;
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: poor[0, 1] (region 'East', year 2019) is inf, but "
                       "must be finite or NaN (missing)",
                       invalid_input);
  d.poor(0, 1) = -inf;
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: poor[0, 1] (region 'East', year 2019) is -inf, "
                       "but must be finite or NaN (missing)",
                       invalid_input);
}

TEST_CASE("population must be > 0") {
  auto d = valid_data();
  d.poor(1, 1) = 0;
  d.population(1, 1) = 0;
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: population[1, 1] (region 'West', year 2019) is "
                       "0, but must be > 0",
                       invalid_input);
  d.population(1, 1) = -5;
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: population[1, 1] (region 'West', year 2019) is "
                       "-5, but must be > 0",
                       invalid_input);
}

TEST_CASE("population must be finite or NaN") {
  auto d = valid_data();
  d.population(0, 0) = inf;
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: population[0, 0] (region 'East', year 2016) is "
                       "inf, but must be finite or NaN (missing)",
                       invalid_input);
}

TEST_CASE("population must be >= poor") {
  auto d = valid_data();
  d.poor(0, 0) = 6;
  d.population(0, 0) = 5;
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: population[0, 0] (region 'East', year 2016) is 5, "
                       "but must be >= poor[0, 0] (region 'East', year 2016) = 6",
                       invalid_input);
  d.population(0, 0) = 6;  // equal is allowed
  CHECK_NOTHROW(cohort{d});
}

TEST_CASE("missing cells are allowed in poor and population") {
  auto d = valid_data();
  d.poor(0, 0) = missing;
  d.population(1, 1) = missing;
  CHECK_NOTHROW(cohort{d});
}

TEST_CASE("population is checked also where poor is missing") {
  auto d = valid_data();
  d.poor(1, 1) = missing;
  d.population(1, 1) = -5;
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: population[1, 1] (region 'West', year 2019) is "
                       "-5, but must be > 0",
                       invalid_input);
  d.population(1, 1) = inf;
  CHECK_THROWS_WITH_AS(cohort{d},
                       "povstat::regional_cohort: population[1, 1] (region 'West', year 2019) is "
                       "inf, but must be finite or NaN (missing)",
                       invalid_input);
  d.population(1, 1) = 1;  // any positive population is fine when poor is missing
  CHECK_NOTHROW(cohort{d});
}
