#ifndef POVSTAT_MEASURE_GROWTH_REDISTRIBUTION_HPP
#define POVSTAT_MEASURE_GROWTH_REDISTRIBUTION_HPP

/// @file
/// Growth and redistribution components of a change in poverty between two periods, from
/// the fitted Lorenz curves and means of the two periods: `datt_ravallion` (Datt & Ravallion
/// 1992, J. Dev. Econ. 38: 275–295; with a residual) and `shapley_growth_redistribution`
/// (Shorrocks 2013, J. Econ. Inequal. 11: 99–126; Kolenikov & Shorrocks 2005: no residual).
///
/// Notation: P(μ, L) is a poverty measure of the distribution with mean μ and Lorenz curve L
/// at the poverty line z (`lorenz_poverty` of the curve with its mean replaced by μ); period
/// t has mean μ_t and Lorenz curve L_t.

#include <cmath>
#include <concepts>
#include <string_view>
#include <type_traits>
#include <utility>

#include "povstat/core/error.hpp"
#include "povstat/measure/grouped_data.hpp"
#include "povstat/measure/lorenz_beta.hpp"
#include "povstat/measure/lorenz_gq.hpp"
#include "povstat/measure/lorenz_measures.hpp"

POVSTAT_NAMESPACE_BEGIN

/// The period whose Lorenz curve (for growth) and mean (for redistribution) are held fixed.
enum class reference_period {
  initial,  ///< period 1 (default; Datt & Ravallion 1992, eq. 1 with r = 1)
  final     ///< period 2 (r = 2)
};

/// The decomposition of one poverty measure: change = growth + redistribution + residual.
template <std::floating_point T>
struct growth_redistribution_components {
  T initial;         ///< P(μ1, L1)
  T final;           ///< P(μ2, L2)
  T change;          ///< P(μ2, L2) − P(μ1, L1)
  T growth;          ///< the growth (mean) component
  T redistribution;  ///< the redistribution (Lorenz) component
  T residual;        ///< change − growth − redistribution (0 for the Shapley version)
};

/// The four poverty evaluations behind a decomposition and the decomposition of each measure.
template <std::floating_point T>
struct growth_redistribution_result {
  lorenz_poverty_result<T> mean1_lorenz1;  ///< P(μ1, L1), period 1
  lorenz_poverty_result<T> mean2_lorenz1;  ///< P(μ2, L1): period 1's curve at period 2's mean
  lorenz_poverty_result<T> mean1_lorenz2;  ///< P(μ1, L2): period 2's curve at period 1's mean
  lorenz_poverty_result<T> mean2_lorenz2;  ///< P(μ2, L2), period 2
  growth_redistribution_components<T> headcount;    ///< of H
  growth_redistribution_components<T> poverty_gap;  ///< of PG
  growth_redistribution_components<T> severity;     ///< of P2
  growth_redistribution_components<T> watts;        ///< of Watts
};

namespace detail {

/// A fitted Lorenz curve with a mean and `lorenz_poverty` (GQ or beta).
template <class Fit>
concept lorenz_fit = requires(const Fit& fit) {
  { fit.mean } -> std::convertible_to<double>;
  lorenz_poverty(fit, fit.mean);
};

template <class Fit>
using lorenz_fit_floating_t = std::remove_cvref_t<decltype(std::declval<Fit>().mean)>;

template <class Fit, std::floating_point T>
lorenz_poverty_result<T> poverty_at_mean(Fit fit, T mean, T z) {
  fit.mean = mean;
  return lorenz_poverty(fit, z);
}

template <std::floating_point T>
void check_decomposition_means(std::string_view function, T mean1, T mean2) {
  if (!std::isfinite(mean1)) raise_value(function, "fit1.mean", mean1, "finite");
  if (!(mean1 > T(0))) raise_value(function, "fit1.mean", mean1, "> 0");
  if (!std::isfinite(mean2)) raise_value(function, "fit2.mean", mean2, "finite");
  if (!(mean2 > T(0))) raise_value(function, "fit2.mean", mean2, "> 0");
}

template <class Fit1, class Fit2, std::floating_point T>
growth_redistribution_result<T> growth_redistribution_evaluations(std::string_view function,
                                                                  const Fit1& fit1,
                                                                  const Fit2& fit2, T z) {
  check_decomposition_means(function, T(fit1.mean), T(fit2.mean));
  check_lorenz_poverty_line(function, z);
  growth_redistribution_result<T> r{};
  r.mean1_lorenz1 = lorenz_poverty(fit1, z);
  r.mean2_lorenz1 = poverty_at_mean(fit1, fit2.mean, z);
  r.mean1_lorenz2 = poverty_at_mean(fit2, fit1.mean, z);
  r.mean2_lorenz2 = lorenz_poverty(fit2, z);
  return r;
}

/// Applies `decompose(P11, P21, P12, P22)` to each measure.
template <std::floating_point T, class Decompose>
void decompose_each(growth_redistribution_result<T>& r, const Decompose& decompose) {
  const auto one = [&](auto member) {
    return decompose(r.mean1_lorenz1.*member, r.mean2_lorenz1.*member, r.mean1_lorenz2.*member,
                     r.mean2_lorenz2.*member);
  };
  r.headcount = one(&lorenz_poverty_result<T>::headcount);
  r.poverty_gap = one(&lorenz_poverty_result<T>::poverty_gap);
  r.severity = one(&lorenz_poverty_result<T>::severity);
  r.watts = one(&lorenz_poverty_result<T>::watts);
}

}  // namespace detail

/// Datt & Ravallion (1992) decomposition of P(μ2, L2) − P(μ1, L1), for the headcount,
/// poverty gap, severity and Watts index of the fitted Lorenz curves (GQ or beta; the two
/// periods may use different forms):
///
///   reference period 1:  growth = P(μ2, L1) − P(μ1, L1),  redistribution = P(μ1, L2) − P(μ1, L1),
///   reference period 2:  growth = P(μ2, L2) − P(μ1, L2),  redistribution = P(μ2, L2) − P(μ2, L1),
///   residual = change − growth − redistribution (the residual of reference 2 is minus that of
///   reference 1).
///
/// @param fit1, fit2  fitted curves of the two periods (`fit_lorenz_gq`, `make_lorenz_gq`,
///                    `fit_lorenz_beta` ...), each carrying its period's mean (in the same
///                    unit as z; means in real terms when the periods' prices differ).
/// @param z           poverty line, finite and > 0.
/// @throws invalid_input when z or a mean is not finite or <= 0.
template <detail::lorenz_fit Fit1, detail::lorenz_fit Fit2>
growth_redistribution_result<detail::lorenz_fit_floating_t<Fit1>> datt_ravallion(
    const Fit1& fit1, const Fit2& fit2, std::type_identity_t<detail::lorenz_fit_floating_t<Fit1>> z,
    reference_period reference = reference_period::initial) {
  using T = detail::lorenz_fit_floating_t<Fit1>;
  auto r = detail::growth_redistribution_evaluations<Fit1, Fit2, T>("datt_ravallion", fit1,
                                                                    fit2, z);
  detail::decompose_each(r, [reference](T p11, T p21, T p12, T p22) {
    growth_redistribution_components<T> c{};
    c.initial = p11;
    c.final = p22;
    c.change = p22 - p11;
    if (reference == reference_period::initial) {
      c.growth = p21 - p11;
      c.redistribution = p12 - p11;
    } else {
      c.growth = p22 - p12;
      c.redistribution = p22 - p21;
    }
    c.residual = c.change - c.growth - c.redistribution;
    return c;
  });
  return r;
}

/// The Shapley decomposition (Shorrocks 2013; Kolenikov & Shorrocks 2005) of the same change:
/// the average of the two Datt–Ravallion references,
///
///   growth         = ½ [(P(μ2, L1) − P(μ1, L1)) + (P(μ2, L2) − P(μ1, L2))],
///   redistribution = ½ [(P(μ1, L2) − P(μ1, L1)) + (P(μ2, L2) − P(μ2, L1))],
///
/// which sum to the change (the residual is 0 by construction: `residual` reports the
/// rounding difference change − growth − redistribution, of order 1e-16).
/// @throws as `datt_ravallion`.
template <detail::lorenz_fit Fit1, detail::lorenz_fit Fit2>
growth_redistribution_result<detail::lorenz_fit_floating_t<Fit1>> shapley_growth_redistribution(
    const Fit1& fit1, const Fit2& fit2,
    std::type_identity_t<detail::lorenz_fit_floating_t<Fit1>> z) {
  using T = detail::lorenz_fit_floating_t<Fit1>;
  auto r = detail::growth_redistribution_evaluations<Fit1, Fit2, T>(
      "shapley_growth_redistribution", fit1, fit2, z);
  detail::decompose_each(r, [](T p11, T p21, T p12, T p22) {
    growth_redistribution_components<T> c{};
    c.initial = p11;
    c.final = p22;
    c.change = p22 - p11;
    c.growth = ((p21 - p11) + (p22 - p12)) / 2;
    c.redistribution = ((p12 - p11) + (p22 - p21)) / 2;
    c.residual = c.change - c.growth - c.redistribution;
    return c;
  });
  return r;
}

/// `datt_ravallion` from the grouped data of the two periods, each fitted with the GQ curve
/// (`fit_lorenz_gq`, Datt & Ravallion's own choice).
/// @throws as `fit_lorenz_gq` and `datt_ravallion`.
template <std::floating_point T>
growth_redistribution_result<T> datt_ravallion(const grouped_data<T>& period1,
                                               const grouped_data<T>& period2,
                                               std::type_identity_t<T> z,
                                               reference_period reference =
                                                   reference_period::initial) {
  return datt_ravallion(fit_lorenz_gq(period1), fit_lorenz_gq(period2), z, reference);
}

/// `shapley_growth_redistribution` from grouped data, each period fitted with the GQ curve.
template <std::floating_point T>
growth_redistribution_result<T> shapley_growth_redistribution(const grouped_data<T>& period1,
                                                              const grouped_data<T>& period2,
                                                              std::type_identity_t<T> z) {
  return shapley_growth_redistribution(fit_lorenz_gq(period1), fit_lorenz_gq(period2), z);
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_MEASURE_GROWTH_REDISTRIBUTION_HPP
