// Tests of audit/hierarchy.hpp: check_hierarchy on a three-level cohort built so that every
// kind of inconsistency occurs (each expected finding derived by hand in the comments), the
// tolerance, missing children, population sums, poor above population through the
// cohort_data overload, a cohort without parents, and every rejected input with its message.

#include "povstat/audit/hierarchy.hpp"

#include <doctest/doctest.h>

#include "special_values.hpp"

#include <Eigen/Core>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "reference_table.hpp"

using reference::message_of;

namespace {

using special::missing;

// Nation > {A, B}; A > {A1, A2}; B > {B1}; years 2018-2020.
//   (na: a missing cell)
//   A1  100  80  60       A   150 110  50   (2019: children 120; 2020: A2 missing, A1 alone 60 > 50)
//   A2   50  40  na       B    70  90  20   (2020: B1 30 > 20)
//   B1   70  90  30       Nation 220 200 na (A + B: 220, 200: consistent)
povstat::cohort_data<double> three_levels() {
  povstat::cohort_data<double> d{.regions = {"Nation", "A", "B", "A1", "A2", "B1"},
                                 .years = {2018, 2019, 2020},
                                 .poor = Eigen::MatrixXd(6, 3),
                                 .parents = {"", "Nation", "Nation", "A", "A", "B"}};
  d.poor << 220, 200, missing,  //
      150, 110, 50,        //
      70, 90, 20,          //
      100, 80, 60,         //
      50, 40, missing,     //
      70, 90, 30;
  return d;
}

}  // namespace

TEST_CASE("check_hierarchy finds every sum that does not add up and every child above its parent") {
  const povstat::regional_cohort<double> cohort(three_levels());
  const auto h = povstat::check_hierarchy(cohort);
  // Parent-years with the parent's count and at least one child's: A 3, B 3, Nation 2 (2020 missing).
  CHECK(h.parent_years_checked == 8);
  REQUIRE(h.poor_sums.size() == 3);
  const auto& a2019 = h.poor_sums[0];
  CHECK(a2019.parent == 1);
  CHECK(a2019.year == 1);
  CHECK(a2019.reported == 110);
  CHECK(a2019.children_sum == 120);
  CHECK(a2019.children == 2);
  CHECK(a2019.children_missing == 0);
  CHECK(a2019.difference == -10);
  CHECK(a2019.relative_difference == doctest::Approx(-10.0 / 120));
  const auto& a2020 = h.poor_sums[1];  // A2 missing: listed because A1 alone (60) exceeds A (50)
  CHECK(a2020.parent == 1);
  CHECK(a2020.year == 2);
  CHECK(a2020.children_sum == 60);
  CHECK(a2020.children_missing == 1);
  CHECK(a2020.relative_difference == doctest::Approx(-10.0 / 60));
  const auto& b2020 = h.poor_sums[2];
  CHECK(b2020.parent == 2);
  CHECK(b2020.year == 2);
  CHECK(b2020.difference == -10);
  REQUIRE(h.children_above_parent.size() == 2);
  CHECK(h.children_above_parent[0].child == 3);  // A1 2020: 60 > A's 50
  CHECK(h.children_above_parent[0].parent == 1);
  CHECK(h.children_above_parent[0].year == 2);
  CHECK(h.children_above_parent[1].child == 5);  // B1 2020: 30 > B's 20
  CHECK(h.children_above_parent[1].child_poor == 30);
  CHECK(h.children_above_parent[1].parent_poor == 20);
  CHECK(h.population_sums.empty());
  CHECK(h.poor_above_population.empty());
  CHECK_FALSE(h.consistent());
}

TEST_CASE("check_hierarchy: missing children are not counted against a parent above their sum") {
  auto d = three_levels();
  d.poor(1, 2) = 500;  // A 2020: A1 alone is 60, A2 is missing: 500 may be right
  d.poor(2, 2) = 30;   // B 2020 now adds up
  const auto h = povstat::check_hierarchy(povstat::regional_cohort<double>(d));
  REQUIRE(h.poor_sums.size() == 1);  // A 2019 only
  CHECK(h.poor_sums[0].year == 1);
  CHECK(h.children_above_parent.empty());
}

TEST_CASE("check_hierarchy: the tolerance is absolute + relative times the larger figure") {
  const povstat::regional_cohort<double> cohort(three_levels());
  // |difference| = 10 everywhere: an absolute tolerance of 10 allows it (the rule is "> tolerance").
  CHECK(povstat::check_hierarchy(cohort, {.absolute = 10}).poor_sums.empty());
  CHECK(povstat::check_hierarchy(cohort, {.absolute = 9.5}).poor_sums.size() == 3);
  // relative 0.1: A 2019 allows 0.1 · 120 = 12 (kept), A 2020 allows 6 and B 2020 3 (listed).
  const auto h = povstat::check_hierarchy(cohort, {.relative = 0.1});
  REQUIRE(h.poor_sums.size() == 2);
  CHECK(h.poor_sums[0].year == 2);
  CHECK(h.poor_sums[1].parent == 2);
  // The child-above-parent list needs no tolerance.
  CHECK(povstat::check_hierarchy(cohort, {.absolute = 100}).children_above_parent.size() == 2);
}

TEST_CASE("check_hierarchy compares populations too; a parent whose children sum to 0 has an infinite relative difference") {
  auto d = three_levels();
  d.population = Eigen::MatrixXd(6, 3);
  d.population << 2200, 2300, missing,  // 2019: 1500 + 700 = 2200, reported 2300
      1500, 1500, 1500,            //
      700, 700, 700,               //
      1000, 1000, 1000,            //
      500, 500, missing,                //
      700, 700, 700;
  auto h = povstat::check_hierarchy(povstat::regional_cohort<double>(d));
  REQUIRE(h.population_sums.size() == 1);
  CHECK(h.population_sums[0].parent == 0);
  CHECK(h.population_sums[0].year == 1);
  CHECK(h.population_sums[0].difference == 100);
  CHECK(h.population_sums[0].relative_difference == doctest::Approx(100.0 / 2200));
  povstat::cohort_data<double> zero{.regions = {"P", "C"}, .years = {2019}, .poor = Eigen::MatrixXd(2, 1), .parents = {"", "P"}};
  zero.poor << 5, 0;
  h = povstat::check_hierarchy(povstat::regional_cohort<double>(zero));
  REQUIRE(h.poor_sums.size() == 1);
  CHECK(h.poor_sums[0].relative_difference == std::numeric_limits<double>::infinity());
}

TEST_CASE("check_hierarchy on cohort_data lists poor above population, which a regional_cohort refuses") {
  povstat::cohort_data<double> d{.regions = {"P", "C1", "C2"},
                                 .years = {2018, 2019},
                                 .poor = Eigen::MatrixXd(3, 2),
                                 .parents = {"", "P", "P"},
                                 .population = Eigen::MatrixXd(3, 2)};
  d.poor << 150, 120, 100, 80, 50, 40;
  d.population << 1500, 1500, 90, 1000, 500, 500;  // C1 2018: 100 poor, population 90
  CHECK_THROWS_AS(povstat::regional_cohort<double>{d}, povstat::invalid_input);
  const auto h = povstat::check_hierarchy(d);
  REQUIRE(h.poor_above_population.size() == 1);
  CHECK(h.poor_above_population[0].region == 1);
  CHECK(h.poor_above_population[0].year == 0);
  CHECK(h.poor_above_population[0].poor == 100);
  CHECK(h.poor_above_population[0].population == 90);
  // The population sums use the figures as given: P 2018 reports 1500, C1 + C2 = 590.
  REQUIRE(h.population_sums.size() == 1);
  CHECK(h.population_sums[0].children_sum == 590);
  CHECK(h.poor_sums.empty());
}

TEST_CASE("check_hierarchy of a cohort without parents finds nothing and checks nothing") {
  povstat::cohort_data<double> d{.regions = {"A", "B"}, .years = {2019}, .poor = Eigen::MatrixXd(2, 1)};
  d.poor << 10, 20;
  const auto h = povstat::check_hierarchy(povstat::regional_cohort<double>(d));
  CHECK(h.consistent());
  CHECK(h.parent_years_checked == 0);
}

TEST_CASE("check_hierarchy rejects bad tolerances and bad cohort data, naming them") {
  const povstat::regional_cohort<double> cohort(three_levels());
  CHECK_THROWS_AS(povstat::check_hierarchy(cohort, {.absolute = -1}), povstat::invalid_input);
  CHECK(message_of([&] { povstat::check_hierarchy(cohort, {.absolute = -1}); }) ==
        "povstat::check_hierarchy: tolerance.absolute is -1, but must be finite and >= 0");
  CHECK(message_of([&] { povstat::check_hierarchy(cohort, {.absolute = missing}); }) ==
        "povstat::check_hierarchy: tolerance.absolute is nan, but must be finite and >= 0");
  CHECK(message_of([&] { povstat::check_hierarchy(cohort, {.relative = 1}); }) ==
        "povstat::check_hierarchy: tolerance.relative is 1, but must be in [0, 1)");
  auto unknown = three_levels();
  unknown.parents[2] = "Z";
  CHECK_THROWS_AS(povstat::check_hierarchy(unknown), povstat::invalid_input);
  CHECK(message_of([&] { povstat::check_hierarchy(unknown); }) ==
        "povstat::check_hierarchy: parents[2] (region 'B') is 'Z', but must be the name of a region of the cohort");
  povstat::cohort_data<double> negative{.regions = {"A"}, .years = {2018}, .poor = Eigen::MatrixXd::Constant(1, 1, 3),
                                        .population = Eigen::MatrixXd::Constant(1, 1, -5)};
  CHECK(message_of([&] { povstat::check_hierarchy(negative); }) ==
        "povstat::check_hierarchy: population[0, 0] (region 'A', year 2018) is -5, but must be > 0");
  auto negative_poor = three_levels();
  negative_poor.poor(4, 0) = -3;
  CHECK_THROWS_AS(povstat::check_hierarchy(negative_poor), povstat::invalid_input);
  CHECK(message_of([&] { povstat::check_hierarchy(negative_poor); }) ==
        "povstat::check_hierarchy: poor[4, 0] (region 'A2', year 2018) is -3, but must be >= 0");
  const povstat::cohort_data<double> empty{};
  CHECK_THROWS_AS(povstat::check_hierarchy(empty), povstat::insufficient_data);
  CHECK(message_of([&] { povstat::check_hierarchy(empty); }) ==
        "povstat::check_hierarchy: regions has 0 values, but needs at least 1 (a cohort holds at least one region)");
}
