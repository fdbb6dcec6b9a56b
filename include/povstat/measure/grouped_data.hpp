#ifndef POVSTAT_MEASURE_GROUPED_DATA_HPP
#define POVSTAT_MEASURE_GROUPED_DATA_HPP

/// @file
/// `grouped_data<T>`: a distribution known only by its empirical Lorenz curve — cumulative
/// population shares p, cumulative welfare shares L — and its mean, as published tables give
/// it; validated once, in the constructor. The input of `fit_lorenz_gq`, `fit_lorenz_beta`
/// and `grouped_poverty` (Datt 1998; the World Bank's PovcalNet / PIP).

#include <cmath>
#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "povstat/core/check.hpp"
#include "povstat/core/error.hpp"
#include "povstat/detail/numeric_range.hpp"
#include "povstat/stats/summation.hpp"

POVSTAT_NAMESPACE_BEGIN

namespace detail {

/// How far the last cumulative share may be from 1 and still be read as 1: the rounding of a
/// cumulated sum (a share computed as cumsum(w) / sum(w) may end at 1 ± a few ulps).
template <std::floating_point T>
constexpr T share_end_tolerance() {
  return T(1e-9) > 64 * std::numeric_limits<T>::epsilon() ? T(1e-9)
                                                           : 64 * std::numeric_limits<T>::epsilon();
}

/// How much a slope of the Lorenz curve may fall below the slope before it (relative) and
/// still count as convex: classes of equal mean give equal slopes up to rounding.
template <std::floating_point T>
constexpr T convexity_tolerance() {
  return T(1e-9) > 64 * std::numeric_limits<T>::epsilon() ? T(1e-9)
                                                          : 64 * std::numeric_limits<T>::epsilon();
}

/// Checks a cumulative share vector: finite, > 0, strictly increasing, last value 1 (within
/// `share_end_tolerance`). `argument` is "p" or "lorenz".
template <std::floating_point T>
void check_cumulative_shares(std::string_view function, std::string_view argument,
                             std::span<const T> shares) {
  const auto subject = [argument](std::size_t i) { return element_name(argument, i); };
  check_finite(function, shares, subject);
  check_positive(function, shares, subject);
  check_strictly_increasing(function, argument, shares, subject);
  const std::size_t last = shares.size() - 1;
  if (!(std::abs(shares[last] - T(1)) <= share_end_tolerance<T>()))
    raise_value(function, subject(last), shares[last],
                "1 (the shares are cumulative and end with the whole population and all of "
                "its welfare; give fractions, not percentages)");
}

/// The invariants of grouped data, in this order: sizes (lorenz as many as p, at least 4
/// points), p (finite, > 0, strictly increasing, ends at 1), lorenz (the same), lorenz[i] <
/// p[i] below the top, convexity, mean (finite, > 0).
template <std::floating_point T>
void check_grouped_data(std::string_view function, std::span<const T> p,
                        std::span<const T> lorenz, T mean) {
  check_same_size(function, "lorenz", lorenz.size(), "p", p.size());
  check_min_size(function, "p", p.size(), 4,
                 "(the top point (1, 1) and three below it: each Lorenz curve has three "
                 "parameters, fitted to the points below the top)");
  check_cumulative_shares(function, "p", p);
  check_cumulative_shares(function, "lorenz", lorenz);
  const std::size_t n = p.size();
  for (std::size_t i = 0; i + 1 < n; ++i)
    if (!(lorenz[i] < p[i]))
      raise_value(function, element_name("lorenz", i), lorenz[i],
                  "< p[" + std::to_string(i) + "] = " + format_number(p[i]) +
                      " (strictly below the line of equality; a Lorenz curve touches it only "
                      "when every share of welfare equals its share of population)");
  // Convexity: the slope of each segment (the class mean over the overall mean) is >= the one
  // before it; the first segment starts at (0, 0).
  T previous = lorenz[0] / p[0];
  for (std::size_t i = 1; i < n; ++i) {
    const T slope = (lorenz[i] - lorenz[i - 1]) / (p[i] - p[i - 1]);
    if (slope < previous * (T(1) - convexity_tolerance<T>())) {
      const std::string from = i == 1 ? "(0, 0)" : "point " + std::to_string(i - 1);
      raise_value(function,
                  "the slope of the Lorenz curve from point " + std::to_string(i - 1) +
                      " to point " + std::to_string(i),
                  slope,
                  ">= " + format_number(previous) + ", the slope of the segment before it (a "
                      "Lorenz curve is convex: the classes must be in increasing order of mean "
                      "welfare)");
    }
    previous = slope;
  }
  if (!std::isfinite(mean)) raise_value(function, "mean", mean, "finite");
  if (!(mean > T(0))) raise_value(function, "mean", mean, "> 0");
}

}  // namespace detail

/// A distribution given as grouped data: the points (p_i, L_i) of its empirical Lorenz curve
/// — p_i the cumulative share of the population in classes 1..i (classes ordered by mean
/// welfare), L_i the cumulative share of their welfare — and the mean welfare μ.
///
/// Invariants, checked once by the constructor (in this order), after which every function
/// trusts them:
/// - `lorenz` has as many values as `p`, and there are at least 4 points: the top (1, 1) and
///   three below it, since each parametric Lorenz curve (GQ, beta) has three parameters
///   fitted by least squares to the points below the top (`insufficient_data` otherwise);
/// - p finite, > 0, strictly increasing, and ending at 1; the same for lorenz. The last point
///   must be the top (1, 1): it is not added, because a table whose shares do not end at 1 is
///   percentages, truncated or mis-cumulated, and adding the top would hide that. A last
///   value within 1e-9 of 1 (the rounding of a cumulated sum) is read as exactly 1;
/// - lorenz[i] < p[i] for every point below the top: strictly below the line of equality
///   (a convex Lorenz curve that touches it anywhere inside is the line of equality itself,
///   which neither curve can fit);
/// - convex: the slope of each segment, (L_i − L_{i−1}) / (p_i − p_{i−1}) — the mean of
///   class i over μ — is >= the slope of the segment before it (from (0, 0) for the first),
///   up to a relative 1e-9 for rounding;
/// - mean finite and > 0.
///
/// Any sized range of numbers is accepted (std::vector, std::array, std::span, Eigen
/// vectors; integers give double). `from_classes` builds the same from class shares and class
/// means, as Datt's (1998) tables give them.
///
/// @throws invalid_input when a size or value breaks an invariant; the message names the
///         argument, the index and the rule, e.g.
///         `"povstat::grouped_data: p[12] is 100, but must be 1 (the shares are cumulative ...)"`.
/// @throws insufficient_data when there are fewer than 4 points.
///
/// Source: Datt, G. (1998), "Computational Tools for Poverty Measurement and Analysis",
/// FCND Discussion Paper 50, IFPRI (the rural India 1983 example: classes and their means).
template <std::floating_point T>
class grouped_data {
 public:
  using value_type = T;

  /// From cumulative shares: `p` of the population, `lorenz` of welfare, and the mean.
  template <detail::numeric_range P, detail::numeric_range L>
  grouped_data(const P& p, const L& lorenz, T mean)
      : grouped_data(detail::to_vector<T>(p), detail::to_vector<T>(lorenz), mean, "grouped_data") {}

  /// Braced lists: `grouped_data<double>{{0.1, 0.5, 0.9, 1}, {0.02, 0.3, 0.75, 1}, 100}`.
  grouped_data(std::initializer_list<T> p, std::initializer_list<T> lorenz, T mean)
      : grouped_data(std::vector<T>(p), std::vector<T>(lorenz), mean, "grouped_data") {}

  /// From classes, as Datt (1998) tabulates them: `population` the size of each class in any
  /// unit (persons, households, % of persons: only the shares matter), `class_mean` the mean
  /// welfare of each class, classes in increasing order of mean. Then p_i = Σ_{j<=i} w_j / Σ w,
  /// L_i = Σ_{j<=i} w_j x_j / Σ w x (compensated sums) and the mean is Σ w x / Σ w.
  ///
  /// @throws invalid_input when the sizes differ, a population is not finite or <= 0, a class
  ///         mean is not finite or <= 0, the class means decrease, or all are equal.
  /// @throws insufficient_data when there are fewer than 4 classes.
  template <detail::numeric_range Population, detail::numeric_range ClassMean>
  static grouped_data from_classes(const Population& population, const ClassMean& class_mean) {
    return make_from_classes(detail::to_vector<T>(population), detail::to_vector<T>(class_mean),
                             nullptr);
  }

  /// From classes with the survey mean given (as PovcalNet/PIP does: the Lorenz curve from
  /// the table, the mean from the survey). Datt's rural India 1983 example uses μ = 109.9,
  /// while its classes average 109.885. @throws also when mean is not finite or <= 0.
  template <detail::numeric_range Population, detail::numeric_range ClassMean>
  static grouped_data from_classes(const Population& population, const ClassMean& class_mean,
                                   T mean) {
    return make_from_classes(detail::to_vector<T>(population), detail::to_vector<T>(class_mean),
                             &mean);
  }

  /// The cumulative population shares p, strictly increasing, ending at 1.
  std::span<const T> p() const noexcept { return p_; }
  /// The cumulative welfare shares L (the empirical Lorenz curve at p), ending at 1.
  std::span<const T> lorenz() const noexcept { return lorenz_; }
  /// The mean welfare μ.
  T mean() const noexcept { return mean_; }
  /// The number of points, the top (1, 1) included.
  std::size_t size() const noexcept { return p_.size(); }

  /// Equal when p, lorenz and mean are equal.
  friend bool operator==(const grouped_data&, const grouped_data&) = default;

 private:
  grouped_data(std::vector<T> p, std::vector<T> lorenz, T mean, std::string_view function)
      : p_(std::move(p)), lorenz_(std::move(lorenz)), mean_(mean) {
    detail::check_grouped_data<T>(function, p_, lorenz_, mean_);
    p_.back() = T(1);
    lorenz_.back() = T(1);
  }

  static grouped_data make_from_classes(const std::vector<T>& population,
                                        const std::vector<T>& class_mean, const T* mean) {
    constexpr std::string_view function = "grouped_data::from_classes";
    detail::check_same_size(function, "class_mean", class_mean.size(), "population",
                            population.size());
    detail::check_min_size(function, "population", population.size(), 4,
                           "(classes: three below the top one, since each Lorenz curve has "
                           "three parameters fitted to the points below the top)");
    const auto named = [](std::string_view argument) {
      return [argument](std::size_t i) { return detail::element_name(argument, i); };
    };
    detail::check_finite<T>(function, population, named("population"));
    detail::check_positive<T>(function, population, named("population"));
    detail::check_finite<T>(function, class_mean, named("class_mean"));
    detail::check_positive<T>(function, class_mean, named("class_mean"));
    for (std::size_t i = 1; i < class_mean.size(); ++i)
      if (class_mean[i] < class_mean[i - 1])
        detail::raise_value(function, detail::element_name("class_mean", i), class_mean[i],
                            ">= class_mean[" + std::to_string(i - 1) + "] = " +
                                detail::format_number(class_mean[i - 1]) +
                                " (classes in increasing order of mean welfare)");
    if (class_mean.front() == class_mean.back())
      detail::raise(function,
                    "every class has the same mean (" + detail::format_number(class_mean.front()) +
                        "), so the Lorenz curve is the line of equality, which neither "
                        "parametric Lorenz curve can fit");
    if (mean != nullptr) {
      if (!std::isfinite(*mean)) detail::raise_value(function, "mean", *mean, "finite");
      if (!(*mean > T(0))) detail::raise_value(function, "mean", *mean, "> 0");
    }

    compensated_sum<T> persons, welfare;
    for (std::size_t i = 0; i < population.size(); ++i) {
      persons.add(population[i]);
      welfare.add(population[i] * class_mean[i]);
    }
    const T total_persons = persons.value(), total_welfare = welfare.value();
    std::vector<T> p(population.size()), lorenz(population.size());
    compensated_sum<T> cumulative_persons, cumulative_welfare;
    for (std::size_t i = 0; i < population.size(); ++i) {
      cumulative_persons.add(population[i]);
      cumulative_welfare.add(population[i] * class_mean[i]);
      p[i] = cumulative_persons.value() / total_persons;
      lorenz[i] = cumulative_welfare.value() / total_welfare;
    }
    return grouped_data(std::move(p), std::move(lorenz),
                        mean != nullptr ? *mean : total_welfare / total_persons, function);
  }

  std::vector<T> p_;
  std::vector<T> lorenz_;
  T mean_;
};

template <detail::numeric_range P, detail::numeric_range L, class M>
  requires detail::number<M>
grouped_data(const P&, const L&, M) -> grouped_data<detail::range_floating_t<L>>;

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_MEASURE_GROUPED_DATA_HPP
