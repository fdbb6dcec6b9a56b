#ifndef POVSTAT_MEASURE_GROUPED_POVERTY_HPP
#define POVSTAT_MEASURE_GROUPED_POVERTY_HPP

/// @file
/// `grouped_poverty`: poverty and distribution measures from grouped data, as PovcalNet / the
/// World Bank's PIP computes them — both Lorenz curves fitted, and for each set of measures
/// the curve PIP's rules choose (wbpip gd_select_lorenz).

#include <concepts>
#include <limits>
#include <type_traits>

#include "povstat/measure/grouped_data.hpp"
#include "povstat/measure/lorenz_beta.hpp"
#include "povstat/measure/lorenz_gq.hpp"
#include "povstat/measure/lorenz_measures.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Which Lorenz curve a set of measures comes from.
enum class lorenz_form {
  general_quadratic,  ///< the GQ curve (`fit_lorenz_gq`)
  beta,               ///< the beta curve (`fit_lorenz_beta`)
  none,               ///< neither qualifies; the measures are NaN (PIP reports NA)
};

/// Both fits, the measures of each, and the measures of the chosen curves.
template <std::floating_point T>
struct grouped_poverty_result {
  lorenz_gq_fit<T> gq;                            ///< the GQ fit
  lorenz_beta_fit<T> beta;                        ///< the beta fit
  lorenz_poverty_result<T> gq_poverty;            ///< poverty measures of the GQ curve
  lorenz_poverty_result<T> beta_poverty;          ///< poverty measures of the beta curve
  lorenz_distribution_result<T> gq_distribution;  ///< distribution measures of the GQ curve
  lorenz_distribution_result<T> beta_distribution;  ///< distribution measures of the beta curve
  lorenz_form poverty_form;        ///< the curve `poverty` comes from
  lorenz_form distribution_form;   ///< the curve `distribution` comes from
  lorenz_poverty_result<T> poverty;            ///< the chosen poverty measures
  lorenz_distribution_result<T> distribution;  ///< the chosen distribution measures
};

namespace detail {

/// PIP's table for poverty measures (wbpip use_lq_for_poverty), from the flags Qv (GQ
/// pip_valid), Bv (beta valid), Qn (GQ pip_normal), Bn (beta line_within_range):
/// flag = 8 Qv + 4 Bv + 2 Qn + Bn; beta for flags 13, 9, 7, 5, 4, 1; the smaller ssez for 15
/// and 3 (GQ on ties); GQ otherwise. In words: a normal curve over one that is not; between
/// two normal curves, a valid one over one that is not, else the smaller error below the
/// headcount; with neither normal, beta if it is valid (PIP then reports no poverty measures).
inline bool use_gq_for_poverty(bool gq_valid, bool beta_valid, bool gq_normal, bool beta_normal,
                               bool gq_ssez_smaller_or_equal) {
  const int flag = 8 * gq_valid + 4 * beta_valid + 2 * gq_normal + beta_normal;
  switch (flag) {
    case 13: case 9: case 7: case 5: case 4: case 1: return false;
    case 15: case 3: return gq_ssez_smaller_or_equal;
    default: return true;
  }
}

template <std::floating_point T>
lorenz_poverty_result<T> missing_poverty(T poverty_line) {
  constexpr T nan = std::numeric_limits<T>::quiet_NaN();
  return {poverty_line, nan, nan, nan, nan, nan, false};
}

template <std::floating_point T>
lorenz_distribution_result<T> missing_distribution() {
  constexpr T nan = std::numeric_limits<T>::quiet_NaN();
  return {nan, nan, nan, nan};
}

}  // namespace detail

/// Poverty and distribution measures of grouped data for the poverty line z, as PovcalNet /
/// PIP computes them (Datt 1998; wbpip gd_compute_pip_stats, gd_select_lorenz): fits the GQ
/// and the beta Lorenz curves (`fit_lorenz_gq`, `fit_lorenz_beta`), computes the measures of
/// each (`lorenz_poverty`, `lorenz_distribution`), and chooses as PIP does:
///
/// - poverty measures (headcount, poverty gap, severity, Watts): by PIP's table over the
///   flags GQ valid / beta valid / GQ normal / beta normal — see `detail::use_gq_for_poverty`;
///   when both curves qualify alike, the one with the smaller sum of squared errors up to the
///   headcount (`ssez`, the error where the poor are). GQ valid and normal are PIP's
///   (`pip_valid()`, `pip_normal()`); beta valid is `valid()` (PIP's grid checks) and beta
///   normal is `line_within_range` (PIP: the headcount root exists). When neither curve is
///   normal, `poverty_form` is `none` and the measures NaN (PIP: NA);
/// - distribution measures (Gini, median, MLD, polarization): the valid curve (GQ
///   `pip_valid()`, beta `valid()`) with the smaller total `sse` (GQ on ties); the only valid
///   one if just one is; `none` and NaN if neither (PIP: NA).
///
/// Departures from wbpip, where it is not a choice of method but a numerical shortcut: every
/// measure is the exact value of its definition for the fitted curve (PIP's Watts and MLD are
/// grid sums, its beta Gini Simpson's rule, its beta headcount a root to 1e-4), PIP's patch of
/// a headcount above 1 (to 0.99999) is not needed (H is in [0, 1] by construction), and PIP's
/// fallback to the other curve's Watts when one is negative is not needed (Watts >= 0 here).
///
/// @param data          grouped data.
/// @param z             the poverty line, finite and > 0, in the unit of the data's mean.
/// @throws invalid_input when z is not finite or <= 0, or a Lorenz regression is
///         rank-deficient (see `fit_lorenz_gq`, `fit_lorenz_beta`).
template <std::floating_point T>
grouped_poverty_result<T> grouped_poverty(const grouped_data<T>& data,
                                          std::type_identity_t<T> z) {
  detail::check_lorenz_poverty_line("grouped_poverty", z);
  grouped_poverty_result<T> result{};
  result.gq = fit_lorenz_gq(data);
  result.beta = fit_lorenz_beta(data);
  result.gq_poverty = lorenz_poverty(result.gq, z);
  result.beta_poverty = lorenz_poverty(result.beta, z);
  result.gq_distribution = lorenz_distribution(result.gq);
  result.beta_distribution = lorenz_distribution(result.beta);

  const bool gq_valid = result.gq.pip_valid(), beta_valid = result.beta.valid();
  const bool gq_normal = result.gq.pip_normal();
  const bool beta_normal = result.beta_poverty.line_within_range;
  if (!gq_normal && !beta_normal) {
    result.poverty_form = lorenz_form::none;
    result.poverty = detail::missing_poverty<T>(z);
  } else if (detail::use_gq_for_poverty(gq_valid, beta_valid, gq_normal, beta_normal,
                                        result.gq_poverty.ssez <= result.beta_poverty.ssez)) {
    result.poverty_form = lorenz_form::general_quadratic;
    result.poverty = result.gq_poverty;
  } else {
    result.poverty_form = lorenz_form::beta;
    result.poverty = result.beta_poverty;
  }

  if (gq_valid && (!beta_valid || result.gq.sse <= result.beta.sse)) {
    result.distribution_form = lorenz_form::general_quadratic;
    result.distribution = result.gq_distribution;
  } else if (beta_valid) {
    result.distribution_form = lorenz_form::beta;
    result.distribution = result.beta_distribution;
  } else {
    result.distribution_form = lorenz_form::none;
    result.distribution = detail::missing_distribution<T>();
  }
  return result;
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_MEASURE_GROUPED_POVERTY_HPP
