#ifndef POVSTAT_AUDIT_MULTIPLE_TESTING_HPP
#define POVSTAT_AUDIT_MULTIPLE_TESTING_HPP

/// @file
/// `benjamini_hochberg`: p-values adjusted for multiple testing so that a large cohort does
/// not flag noise (false discovery rate).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <string_view>
#include <vector>

#include "povstat/core/check.hpp"
#include "povstat/core/error.hpp"
#include "povstat/detail/numeric_range.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Benjamini–Hochberg adjusted p-values ("q-values"), exactly R's `p.adjust(p, "BH")`.
///
/// With the m p-values sorted increasingly, p_(1) <= … <= p_(m),
/// q_(i) = min over j >= i of min(1, (m / j)·p_(j)), returned in the order of the input.
/// Rejecting every hypothesis with q <= alpha is the Benjamini–Hochberg step-up procedure:
/// it rejects H_(1), …, H_(k) for the largest k with p_(k) <= k·alpha/m, and keeps the
/// expected share of false rejections among all rejections (the false discovery rate) at
/// or below alpha·m0/m <= alpha when the tests are independent or positively dependent
/// (Benjamini & Yekutieli 2001). When every hypothesis is true, this is the chance of any
/// rejection at all. Ties keep their input order (they get equal q-values).
///
/// Sources: Y. Benjamini and Y. Hochberg (1995), "Controlling the false discovery rate: a
/// practical and powerful approach to multiple testing", J. R. Statist. Soc. B 57, 289–300;
/// Y. Benjamini and D. Yekutieli (2001), "The control of the false discovery rate in multiple
/// testing under dependency", Ann. Statist. 29, 1165–1188.
/// @param p_values any sized range of numbers in [0, 1]; empty gives an empty result.
/// @throws invalid_input when a p-value is NaN or outside [0, 1] (the message names it).
template <detail::numeric_range P>
std::vector<detail::range_floating_t<P>> benjamini_hochberg(const P& p_values) {
  using T = detail::range_floating_t<P>;
  const std::vector<T> p = detail::to_vector<T>(p_values);
  for (std::size_t i = 0; i < p.size(); ++i)
    if (!(p[i] >= T(0) && p[i] <= T(1)))
      detail::raise_value("benjamini_hochberg", detail::element_name("p_values", i), p[i], "in [0, 1]");
  const std::size_t m = p.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::ranges::stable_sort(order, [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  std::vector<T> q(m);
  T running = T(1);
  for (std::size_t rank = m; rank-- > 0;) {
    const std::size_t i = order[rank];
    running = std::min(running, static_cast<T>(m) / static_cast<T>(rank + 1) * p[i]);  // R: n/i * p
    q[i] = running;
  }
  return q;
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_AUDIT_MULTIPLE_TESTING_HPP
