#ifndef POVSTAT_CORE_REGIONAL_COHORT_HPP
#define POVSTAT_CORE_REGIONAL_COHORT_HPP

/// @file
/// `regional_cohort<T>`: a panel of regions × years of poor counts, with missing cells,
/// an optional hierarchy of regions and optional population.

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "povstat/core/check.hpp"
#include "povstat/core/error.hpp"
#include "povstat/core/population_series.hpp"
#include "povstat/stats/summation.hpp"

POVSTAT_NAMESPACE_BEGIN

namespace detail {

/// Marks "no region" or "no year" in a cohort subject call.
inline constexpr std::size_t no_index = static_cast<std::size_t>(-1);

/// Names cohort elements as the constructor's messages do: `"regions[1]"`, `"years[2]"`,
/// `"parents[1] (region 'East')"`, `"poor[1, 3] (region 'East', year 2016)"`.
template <std::floating_point T>
struct cohort_element_name {
  std::span<const std::string> regions;
  std::span<const T> years;

  std::string operator()(std::string_view argument, std::size_t r, std::size_t y) const {
    if (r == no_index) return element_name(argument, y);
    if (y == no_index) {
      std::string name = element_name(argument, r);
      if (argument != "regions") name.append(" (region '").append(regions[r]).append("')");
      return name;
    }
    std::string name(argument);
    name.append("[").append(std::to_string(r)).append(", ").append(std::to_string(y));
    name.append("] (region '").append(regions[r]).append("', year ");
    name.append(format_number(years[y])).append(")");
    return name;
  }
};

/// Checks the rules of `cohort_data`, in this order: at least one region and one year;
/// shapes of poor, parents and population; names non-empty and unique; years finite and
/// strictly increasing; parents known and acyclic; cells (poor finite >= 0, population
/// finite > 0 and >= poor, NaN = missing). `subject(argument, region, year)` names an
/// element in messages (`no_index` where a region or year does not apply).
template <std::floating_point T, class Subject>
void check_cohort(std::string_view function, std::span<const std::string> names,
                  std::span<const T> years,
                  const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>& poor,
                  std::span<const std::string> parents,
                  const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>& population,
                  const Subject& subject) {
  const std::size_t region_count = names.size(), year_count = years.size();
  const bool with_population = population.rows() != 0 || population.cols() != 0;
  check_min_size(function, "regions", region_count, 1, "(a cohort holds at least one region)");
  check_min_size(function, "years", year_count, 1, "(a cohort holds at least one year)");
  const auto check_shape = [&](std::string_view argument, const auto& m) {
    if (static_cast<std::size_t>(m.rows()) == region_count &&
        static_cast<std::size_t>(m.cols()) == year_count)
      return;
    raise(function, std::string(argument) + " is " + std::to_string(m.rows()) + " x " +
                        std::to_string(m.cols()) + ", but must be regions x years = " +
                        std::to_string(region_count) + " x " + std::to_string(year_count));
  };
  check_shape("poor", poor);
  if (!parents.empty()) check_same_size(function, "parents", parents.size(), "regions", region_count);
  if (with_population) check_shape("population", population);

  std::unordered_map<std::string_view, std::size_t> index;
  for (std::size_t r = 0; r < region_count; ++r) {
    if (names[r].empty()) raise_value(function, subject("regions", r, no_index), names[r], "a non-empty name");
    if (auto [it, fresh] = index.emplace(names[r], r); !fresh)
      raise_value(function, subject("regions", r, no_index), names[r],
                  "unique (it repeats " + subject("regions", it->second, no_index) + ")");
  }
  const auto year_subject = [&](std::size_t y) { return subject("years", no_index, y); };
  check_finite(function, years, year_subject);
  check_strictly_increasing(function, "years", years, year_subject);

  std::vector<std::size_t> parent_of(parents.size(), region_count);  // region_count: top level
  for (std::size_t r = 0; r < parents.size(); ++r) {
    if (parents[r].empty()) continue;
    const auto it = index.find(parents[r]);
    if (it == index.end())
      raise_value(function, subject("parents", r, no_index), parents[r], "the name of a region of the cohort");
    parent_of[r] = it->second;
  }
  // Colour walk: 0 unvisited, 1 on the current path, 2 known to reach the top level.
  std::vector<unsigned char> state(parents.size(), 0);
  for (std::size_t start = 0; start < parents.size(); ++start) {
    std::vector<std::size_t> path;
    std::size_t r = start;
    for (; r < region_count && state[r] == 0; r = parent_of[r]) {
      state[r] = 1;
      path.push_back(r);
    }
    if (r < region_count && state[r] == 1) {
      std::string cycle = "'" + names[r] + "'";
      for (std::size_t a = parent_of[r]; a != r; a = parent_of[a]) cycle += " -> '" + names[a] + "'";
      raise_value(function, subject("parents", r, no_index), parents[r],
                  "a region whose parents end at the top level (they cycle: " + cycle + " -> '" +
                      names[r] + "')");
    }
    for (std::size_t p : path) state[p] = 2;
  }

  const auto at = [](const auto& m, std::size_t r, std::size_t y) {
    return m(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(y));
  };
  for (std::size_t y = 0; y < year_count; ++y)
    for (std::size_t r = 0; r < region_count; ++r) {
      const T p = at(poor, r, y);
      if (!std::isnan(p)) {
        if (!std::isfinite(p)) raise_value(function, subject("poor", r, y), p, "finite or NaN (missing)");
        if (p < T(0)) raise_value(function, subject("poor", r, y), p, ">= 0");
      }
      if (!with_population) continue;
      const T n = at(population, r, y);
      if (std::isnan(n)) continue;
      if (!std::isfinite(n)) raise_value(function, subject("population", r, y), n, "finite or NaN (missing)");
      if (!(n > T(0))) raise_value(function, subject("population", r, y), n, "> 0");
      if (n < p)
        raise_value(function, subject("population", r, y), n,
                    ">= " + subject("poor", r, y) + " = " + format_number(p));
    }
}

}  // namespace detail

/// What a `regional_cohort` is built from. Matrices are regions × years; NaN marks a
/// missing cell. Name the members with designated initialisers:
/// `{.regions = {"East", "West"}, .years = {2016, 2019}, .poor = m}`.
template <std::floating_point T>
struct cohort_data {
  using matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
  /// Region names: unique and non-empty.
  std::vector<std::string> regions;
  /// The common time points: finite, strictly increasing.
  std::vector<T> years;
  /// Poor counts, regions × years: finite and >= 0, or NaN when missing.
  matrix poor;
  /// Empty, or one parent name per region: "" for a top-level region, else another region.
  std::vector<std::string> parents = {};
  /// Empty (0 × 0), or regions × years: finite, > 0 and >= poor, or NaN when missing.
  matrix population = {};
};

/// Many regions over a common set of years (a panel), with missing cells allowed, an
/// optional parent of each region (nation > province > prefecture > county) and optional
/// population. Storage is one column per year, contiguous across regions, so batch kernels
/// vectorise across regions. Validated once, in the constructor.
///
/// @throws invalid_input when the data break a rule of `cohort_data` (sizes, duplicate or
///         empty names, unknown parent, a cycle of parents, non-finite years, negative counts,
///         population below poor); messages name the region and year.
/// @throws insufficient_data when there is no region or no year.
template <std::floating_point T>
class regional_cohort {
 public:
  using value_type = T;
  using matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;

  /// Validates and stores `data`.
  explicit regional_cohort(cohort_data<T> data)
      : names_(std::move(data.regions)),
        years_(std::move(data.years)),
        poor_(std::move(data.poor)),
        parents_(std::move(data.parents)),
        population_(std::move(data.population)) {
    detail::check_cohort<T>("regional_cohort", names_, years_, poor_, parents_, population_,
                            detail::cohort_element_name<T>{names_, years_});
    if (!has_hierarchy()) parents_.clear();  // all top level: one representation
  }

  /// The number of regions.
  std::size_t region_count() const noexcept { return names_.size(); }
  /// The number of years.
  std::size_t year_count() const noexcept { return years_.size(); }
  /// Region names in storage order.
  std::span<const std::string> region_names() const noexcept { return names_; }
  /// The common years, strictly increasing.
  std::span<const T> years() const noexcept { return years_; }
  /// Poor counts, regions × years, NaN where missing.
  const matrix& poor() const noexcept { return poor_; }
  /// Population, regions × years with NaN where missing; 0 × 0 when the cohort has none.
  const matrix& population() const noexcept { return population_; }
  /// Whether the cohort carries population.
  bool has_population() const noexcept { return population_.rows() != 0 || population_.cols() != 0; }
  /// Whether any region has a parent.
  bool has_hierarchy() const noexcept {
    return std::ranges::any_of(parents_, [](const std::string& p) { return !p.empty(); });
  }

  /// The index of region `name`, or nothing when there is no such region.
  std::optional<std::size_t> find(std::string_view name) const {
    const auto it = std::ranges::find(names_, name);
    if (it == names_.end()) return std::nullopt;
    return static_cast<std::size_t>(it - names_.begin());
  }

  /// The index of region `name`.
  /// @throws invalid_input when there is no such region.
  std::size_t index(std::string_view name) const { return index_of("regional_cohort::index", name); }

  /// The parent of region `region` ("" for a top-level region).
  /// @throws invalid_input when `region` >= region_count().
  const std::string& parent(std::size_t region) const {
    check_region("regional_cohort::parent", region);
    static const std::string top_level;
    return parents_.empty() ? top_level : parents_[region];
  }

  /// The direct children of region `name`, in storage order.
  /// @throws invalid_input when there is no such region.
  std::vector<std::string> children(std::string_view name) const {
    index_of("regional_cohort::children", name);
    std::vector<std::string> result;
    for (std::size_t r = 0; r < parents_.size(); ++r)
      if (parents_[r] == name) result.push_back(names_[r]);
    return result;
  }

  /// One region's series: the years where its poor count is present. Population is
  /// included when the cohort has population and it is present at every one of those years.
  /// @throws invalid_input when `region` >= region_count().
  /// @throws insufficient_data when the region has no observed year.
  population_series<T> series(std::size_t region) const {
    check_region("regional_cohort::series", region);
    std::vector<std::size_t> columns;
    for (std::size_t y = 0; y < years_.size(); ++y)
      if (!std::isnan(poor_(index_t(region), index_t(y)))) columns.push_back(y);
    if (columns.empty())
      detail::raise<insufficient_data>("regional_cohort::series",
                                       "region '" + names_[region] + "' has no observed year");
    return extract(columns, [&](const matrix& m, std::size_t y) {
      return m(index_t(region), index_t(y));
    });
  }

  /// One region's series by name (see `series(std::size_t)`).
  /// @throws invalid_input when there is no such region.
  population_series<T> series(std::string_view name) const {
    return series(index_of("regional_cohort::series", name));
  }

  /// The total over the top-level regions (those without a parent), as a series. A year in
  /// which any top-level region's count is missing is left out. Population is included when
  /// the cohort has population and every top-level region has it at every included year.
  /// Sums are compensated (no digits lost over many regions).
  /// @throws insufficient_data when every year has a missing top-level cell.
  population_series<T> total() const {
    std::vector<std::size_t> top;
    for (std::size_t r = 0; r < names_.size(); ++r)
      if (parent(r).empty()) top.push_back(r);
    const auto sum = [&](const matrix& m, std::size_t y) {
      compensated_sum<T> s;
      for (std::size_t r : top) s.add(m(index_t(r), index_t(y)));
      return s.value();  // NaN when any top-level cell is missing
    };
    std::vector<std::size_t> columns;
    for (std::size_t y = 0; y < years_.size(); ++y)
      if (!std::isnan(sum(poor_, y))) columns.push_back(y);
    if (columns.empty())
      detail::raise<insufficient_data>(
          "regional_cohort::total",
          "every year has a missing count in some top-level region, so no total exists");
    return extract(columns, sum);
  }

  /// A copy in which every region that has children is rebuilt, bottom-up, as the sum of
  /// its children (poor and, if present, population). A parent's cell is missing (NaN) in a
  /// year where any of its children's cells is missing. Regions without children keep their
  /// values.
  regional_cohort aggregate_to_parents() const {
    const std::vector<std::size_t> order = bottom_up_order();
    std::vector<std::vector<std::size_t>> kids(names_.size());
    for (std::size_t r = 0; r < parents_.size(); ++r)
      if (!parents_[r].empty()) kids[*find(parents_[r])].push_back(r);
    cohort_data<T> data{names_, years_, poor_, parents_, population_};
    const auto rebuild = [&](matrix& m) {
      for (std::size_t r : order) {
        if (kids[r].empty()) continue;
        for (std::size_t y = 0; y < years_.size(); ++y) {
          compensated_sum<T> s;
          for (std::size_t k : kids[r]) s.add(m(index_t(k), index_t(y)));
          m(index_t(r), index_t(y)) = s.value();
        }
      }
    };
    rebuild(data.poor);
    if (has_population()) rebuild(data.population);
    return regional_cohort(std::move(data));
  }

  /// Equal when names, years, cells (NaN equal to NaN), parents and population are equal.
  friend bool operator==(const regional_cohort& a, const regional_cohort& b) {
    const auto same = [](const matrix& x, const matrix& y) {
      if (x.rows() != y.rows() || x.cols() != y.cols()) return false;
      for (Eigen::Index i = 0; i < x.size(); ++i) {
        const T u = x.data()[i], v = y.data()[i];
        if (!(u == v || (std::isnan(u) && std::isnan(v)))) return false;
      }
      return true;
    };
    return a.names_ == b.names_ && a.years_ == b.years_ && a.parents_ == b.parents_ &&
           same(a.poor_, b.poor_) && same(a.population_, b.population_);
  }

 private:
  static Eigen::Index index_t(std::size_t i) noexcept { return static_cast<Eigen::Index>(i); }

  std::size_t index_of(std::string_view function, std::string_view name) const {
    if (auto r = find(name)) return *r;
    detail::raise(function, "there is no region named '" + std::string(name) + "'");
  }

  void check_region(std::string_view function, std::size_t region) const {
    if (region >= names_.size())
      detail::raise_value(function, "region", region,
                          "< " + std::to_string(names_.size()) + " (the number of regions)");
  }

  /// The series made of `columns`, with values `value(matrix, column)`.
  template <class Value>
  population_series<T> extract(const std::vector<std::size_t>& columns, const Value& value) const {
    std::vector<T> years, poor, population;
    bool with_population = has_population();
    for (std::size_t y : columns) {
      years.push_back(years_[y]);
      poor.push_back(value(poor_, y));
      if (with_population) {
        population.push_back(value(population_, y));
        with_population = !std::isnan(population.back());
      }
    }
    if (!with_population) return population_series<T>(years, poor);
    return population_series<T>(years, poor, population);
  }

  /// Regions ordered so that every child comes before its parent (deepest first).
  std::vector<std::size_t> bottom_up_order() const {
    std::vector<std::size_t> depth(names_.size(), 0);
    for (std::size_t r = 0; r < parents_.size(); ++r)
      for (std::size_t a = r; !parents_[a].empty(); a = *find(parents_[a])) ++depth[r];
    std::vector<std::size_t> order(names_.size());
    for (std::size_t r = 0; r < order.size(); ++r) order[r] = r;
    std::ranges::stable_sort(order, [&](std::size_t a, std::size_t b) { return depth[a] > depth[b]; });
    return order;
  }

  std::vector<std::string> names_;
  std::vector<T> years_;
  matrix poor_;
  std::vector<std::string> parents_;
  matrix population_;
};

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_CORE_REGIONAL_COHORT_HPP
