#ifndef POVSTAT_AUDIT_ANOMALIES_HPP
#define POVSTAT_AUDIT_ANOMALIES_HPP

/// @file
/// `flag_anomalies`: region-years whose change is implausible against the region's own
/// robust trend or against its peers in the same year, regions whose decline is too smooth
/// for counted figures, and regions whose decline turned suspiciously steep just before a
/// deadline.

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "povstat/audit/multiple_testing.hpp"
#include "povstat/core/error.hpp"
#include "povstat/core/population_series.hpp"
#include "povstat/core/regional_cohort.hpp"
#include "povstat/detail/audit_support.hpp"
#include "povstat/fit/huber.hpp"
#include "povstat/fit/theil_sen.hpp"
#include "povstat/fit/trend_fit.hpp"
#include "povstat/stats/distributions.hpp"
#include "povstat/stats/summation.hpp"

POVSTAT_NAMESPACE_BEGIN

/// The robust straight line fitted to each region's log counts.
enum class robust_trend {
  theil_sen,  ///< `fit_theil_sen`: median of pairwise slopes (closed form, fast)
  huber,      ///< `fit_huber`: Huber's M-estimator (IRLS, about 15 times slower)
};

/// Which regions a region is compared with.
enum class peer_group {
  same_level,   ///< every region at the same depth of the hierarchy (counties with counties)
  same_parent,  ///< the region's siblings (the top-level regions form one group)
};

/// The tests of `flag_anomalies`.
enum class anomaly_kind {
  own_trend,              ///< a year far from the region's own robust trend
  peer_change,            ///< a year's change far from what the region's pace and its peers imply
  smooth_decline,         ///< a decline smoother than counting noise allows
  steep_before_deadline,  ///< a decline that steepened before the deadline far beyond the peers'
};

/// "own_trend", "peer_change", "smooth_decline", "steep_before_deadline".
constexpr std::string_view to_string(anomaly_kind kind) noexcept {
  switch (kind) {
    case anomaly_kind::own_trend: return "own_trend";
    case anomaly_kind::peer_change: return "peer_change";
    case anomaly_kind::smooth_decline: return "smooth_decline";
    case anomaly_kind::steep_before_deadline: return "steep_before_deadline";
  }
  return "unknown";
}

/// Options of `flag_anomalies`.
template <std::floating_point T>
struct anomaly_options {
  /// The robust line of the own-trend and deadline tests.
  robust_trend trend = robust_trend::theil_sen;
  /// Who a region's peers are.
  peer_group peers = peer_group::same_level;
  /// Years with a positive count a region needs for its own-trend, peer-change and
  /// smoothness tests; >= 4 (a line, a left-out year and one degree of freedom).
  std::size_t min_years = 5;
  /// Regions a peer comparison needs (per group and year); >= 3.
  std::size_t min_peers = 10;
  /// The year by which poverty had to be eliminated (e.g. 2020); none: no deadline test. Must
  /// be one of the cohort's years, and so must deadline − deadline_window.
  std::optional<T> deadline = std::nullopt;
  /// Years before the deadline over which the decline is compared; >= 1.
  std::size_t deadline_window = 2;
  /// False discovery rate of the Benjamini–Hochberg adjustment behind `flagged`, in (0, 1).
  T fdr = T(0.05);
};

/// One test of one region (and year). `observed`, `expected` and `peer_median` depend on the
/// kind:
/// - own_trend: the reported count; the trend's count; none.
/// - peer_change: the year's change of log count (per year); the change the region's own pace
///   and the peers imply (slope + peer_median); the peers' median of (change − own slope).
/// - smooth_decline: Pearson's X² around the smooth path; its expectation under counting noise,
///   df; the peers' median X²/df on the same path (context: it is not used in the p-value).
/// - steep_before_deadline: the acceleration (change of log count per year over the window
///   minus the pace before it); the peers' median acceleration; the same median.
template <std::floating_point T>
struct anomaly_test {
  anomaly_kind kind;
  std::size_t region;               ///< region index
  std::optional<std::size_t> year;  ///< index into the cohort's years (none for smooth_decline)
  T statistic;                      ///< t (own_trend), z (peer_change, steep_before_deadline),
                                    ///< X² (smooth_decline)
  std::optional<T> df;              ///< degrees of freedom of a t or chi-square statistic
  T p_value;
  T q_value;                        ///< Benjamini–Hochberg over every test of the result
  T observed;
  T expected;
  std::optional<T> peer_median;     ///< see above; none for own_trend, and for smooth_decline
                                    ///< when the group has fewer than min_peers regions
};

/// The result of `flag_anomalies`: every test that was run, and notes on those that were not.
template <std::floating_point T>
struct anomaly_result {
  std::vector<anomaly_test<T>> tests;
  std::vector<std::string> notes;  ///< tests not run, and why
  T fdr;                           ///< the false discovery rate of `flagged`

  /// The tests with q_value <= fdr.
  std::vector<anomaly_test<T>> flagged() const {
    std::vector<anomaly_test<T>> out;
    for (const auto& t : tests)
      if (t.q_value <= fdr) out.push_back(t);
    return out;
  }
};

namespace detail::anomalies {

/// The fitted values of the weighted least-squares quadratic of y on x: a QR factorisation
/// of sqrt(w)·[1, x, x²] by modified Gram–Schmidt, each column orthogonalised twice
/// (x centred and scaled by the caller, so the columns are well conditioned).
template <std::floating_point T>
std::vector<T> weighted_quadratic(const std::vector<T>& x, const std::vector<T>& y, const std::vector<T>& w) {
  const std::size_t n = x.size();
  std::vector<std::vector<T>> q;
  std::vector<T> root(n), target(n), fitted_w(n, T(0));
  for (std::size_t i = 0; i < n; ++i) {
    root[i] = std::sqrt(w[i]);
    target[i] = root[i] * y[i];
  }
  const auto dot = [&](const std::vector<T>& a, const std::vector<T>& b) {
    compensated_sum<T> s;
    for (std::size_t i = 0; i < n; ++i) s.add(a[i] * b[i]);
    return s.value();
  };
  for (int power = 0; power <= 2; ++power) {
    std::vector<T> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = root[i] * (power == 0 ? T(1) : power == 1 ? x[i] : x[i] * x[i]);
    for (int pass = 0; pass < 2; ++pass)
      for (const auto& e : q) {
        const T c = dot(v, e);
        for (std::size_t i = 0; i < n; ++i) v[i] -= c * e[i];
      }
    const T norm = std::sqrt(dot(v, v));
    for (auto& value : v) value /= norm;
    const T c = dot(target, v);
    for (std::size_t i = 0; i < n; ++i) fitted_w[i] += c * v[i];
    q.push_back(std::move(v));
  }
  for (std::size_t i = 0; i < n; ++i) fitted_w[i] /= root[i];
  return fitted_w;
}

/// Pearson's X² of counts y around two smooth paths, each a quadratic in time fitted by
/// Poisson-weighted least squares (two passes, weights from the first fit): on the log scale
/// (constant-pace declines and their gentle bends) and on the count scale (constant-amount
/// declines). Fitted counts below 1/2 count as 1/2.
template <std::floating_point T>
std::pair<T, T> smoothness_statistics(const std::vector<T>& t, const std::vector<T>& y, const std::vector<T>& z) {
  const std::size_t n = t.size();
  compensated_sum<T> sum;
  for (const T v : t) sum.add(v);
  const T mean = sum.value() / static_cast<T>(n);
  compensated_sum<T> squares;
  for (const T v : t) squares.add((v - mean) * (v - mean));
  const T scale = std::sqrt(squares.value() / static_cast<T>(n));
  std::vector<T> x(n), w(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = (t[i] - mean) / scale;
  const auto pearson = [&](const std::vector<T>& mu) {
    compensated_sum<T> s;
    for (std::size_t i = 0; i < n; ++i) s.add((y[i] - mu[i]) * (y[i] - mu[i]) / mu[i]);
    return s.value();
  };
  std::vector<T> mu(n);
  w = y;  // var(log y) ≈ 1/mu
  for (int pass = 0; pass < 2; ++pass) {
    const auto f = weighted_quadratic(x, z, w);
    for (std::size_t i = 0; i < n; ++i) w[i] = mu[i] = std::max(T(0.5), std::exp(f[i]));
  }
  const T log_path = pearson(mu);
  for (std::size_t i = 0; i < n; ++i) w[i] = 1 / std::max(T(0.5), y[i]);  // var(y) ≈ mu
  for (int pass = 0; pass < 2; ++pass) {
    const auto f = weighted_quadratic(x, y, w);
    for (std::size_t i = 0; i < n; ++i) {
      mu[i] = std::max(T(0.5), f[i]);
      w[i] = 1 / mu[i];
    }
  }
  return {log_path, pearson(mu)};
}

/// A robust straight line through (t, z): slope, fitted values and the slope's standard error.
template <std::floating_point T>
struct line {
  T slope;
  T slope_se;
  std::vector<T> fitted;
};

/// The robust line of `trend` through the log counts z (shifted to be >= 0 for
/// `population_series`, which Theil–Sen and Huber are equivariant to); nothing when Huber's
/// fit has no standard errors.
template <std::floating_point T>
std::optional<line<T>> robust_line(robust_trend trend, const std::vector<T>& t, const std::vector<T>& z) {
  const T shift = *std::ranges::min_element(z);
  std::vector<T> shifted(z.size());
  for (std::size_t i = 0; i < z.size(); ++i) shifted[i] = z[i] - shift;
  const population_series<T> series(t, shifted);
  std::optional<trend_fit<T>> fit;
  if (trend == robust_trend::theil_sen) {
    fit = fit_theil_sen(series);
  } else {
    try {
      fit = fit_huber(series);
    } catch (const invalid_input&) {  // every residual beyond k scales: no standard errors
      return std::nullopt;
    }
  }
  line<T> l{fit->coef(1), fit->se(1), {}};
  for (const T f : fit->fitted) l.fitted.push_back(f + shift);
  return l;
}

/// Robust z statistics of values x with counting variances v against their group:
/// z_i = (x_i − m) / sqrt(v_i + τ²), m the median of x, τ² = max(0, s² − median v) the
/// spread between regions beyond counting noise, s the normalised MAD of x.
template <std::floating_point T>
struct peer_scores {
  T centre;
  std::vector<T> z;
};

template <std::floating_point T>
peer_scores<T> robust_z(const std::vector<T>& x, const std::vector<T>& v) {
  peer_scores<T> out{audit::median(x), {}};
  const T s = audit::normalized_mad(x, out.centre);
  const T tau2 = std::max(T(0), s * s - audit::median(v));
  for (std::size_t i = 0; i < x.size(); ++i) {
    const T d = x[i] - out.centre, scale = std::sqrt(v[i] + tau2);
    out.z.push_back(scale > T(0) ? d / scale : d == T(0) ? T(0) : std::copysign(std::numeric_limits<T>::infinity(), d));
  }
  return out;
}

/// Checks the options that do not depend on the cohort, named `<prefix>min_years` ... .
template <std::floating_point T>
void check_options(std::string_view function, std::string_view prefix, const anomaly_options<T>& options) {
  const auto name = [&](std::string_view member) { return std::string(prefix).append(member); };
  if (options.min_years < 4)
    raise_value(function, name("min_years"), options.min_years, ">= 4 (a line, a left-out year and one degree of freedom)");
  if (options.min_peers < 3) raise_value(function, name("min_peers"), options.min_peers, ">= 3");
  if (options.deadline_window == 0) raise_value(function, name("deadline_window"), options.deadline_window, ">= 1");
  if (!(options.fdr > T(0) && options.fdr < T(1))) raise_value(function, name("fdr"), options.fdr, "in (0, 1)");
  if (options.deadline && !std::isfinite(*options.deadline)) raise_value(function, name("deadline"), *options.deadline, "finite");
}


/// The body of `flag_anomalies`; messages come from `function` and name options
/// `<prefix>member`.
template <std::floating_point T>
anomaly_result<T> run(std::string_view function, std::string_view prefix, const regional_cohort<T>& cohort,
                      const anomaly_options<T>& options) {
  namespace an = detail::anomalies;
  check_options(function, prefix, options);
  const auto option = [&](std::string_view member) { return std::string(prefix).append(member); };
  const auto years = cohort.years();
  const auto year_index = [&](T year) -> std::optional<std::size_t> {
    const auto it = std::ranges::find(years, year);
    if (it == years.end()) return std::nullopt;
    return static_cast<std::size_t>(it - years.begin());
  };
  std::optional<std::size_t> deadline, start;
  if (options.deadline) {
    const T d = *options.deadline;
    deadline = year_index(d);
    if (!deadline)
      detail::raise_value(function, option("deadline"), d,
                          "one of the cohort's years (" + detail::format_number(years.front()) + " to " +
                              detail::format_number(years.back()) + ")");
    const T s = d - static_cast<T>(options.deadline_window);
    start = year_index(s);
    if (!start)
      detail::raise_value(function, option("deadline") + " - " + option("deadline_window"), s,
                          "one of the cohort's years (the window starts there)");
  }

  const std::size_t regions = cohort.region_count();
  const auto names = cohort.region_names();
  const auto levels = detail::audit::region_levels(cohort);
  const auto group_of = [&](std::size_t r) -> std::size_t {
    if (options.peers == peer_group::same_level) return levels[r];
    const std::string& parent = cohort.parent(r);
    return parent.empty() ? regions : *cohort.find(parent);
  };
  const auto group_name = [&](std::size_t g) -> std::string {
    if (options.peers == peer_group::same_level)
      return g == 0 ? std::string("the top-level regions") : "the regions at level " + std::to_string(g);
    return g == regions ? std::string("the top-level regions") : "the children of '" + names[g] + "'";
  };

  anomaly_result<T> result{};
  result.fdr = options.fdr;
  const auto& poor = cohort.poor();
  struct region_data {
    std::vector<std::size_t> index;  // cohort year indices with a positive count
    std::vector<T> t, y, z, fitted;
    T slope = 0;
    bool fitted_ok = false;
    T x2_log = 0, x2_count = 0;
  };
  std::vector<region_data> data(regions);
  std::size_t zeros = 0;
  std::vector<std::string> too_short, no_fit;
  for (std::size_t r = 0; r < regions; ++r) {
    auto& d = data[r];
    for (std::size_t y = 0; y < years.size(); ++y) {
      const T v = poor(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(y));
      if (std::isnan(v)) continue;
      if (v == T(0)) {
        ++zeros;
        continue;
      }
      d.index.push_back(y);
      d.t.push_back(years[y]);
      d.y.push_back(v);
      d.z.push_back(std::log(v));
    }
    if (d.index.size() < options.min_years) {
      too_short.push_back(names[r]);
      continue;
    }
    const auto l = an::robust_line(options.trend, d.t, d.z);
    if (!l) {
      no_fit.push_back(names[r]);
      continue;
    }
    d.fitted = l->fitted;
    d.slope = l->slope;
    d.fitted_ok = true;
    // own_trend
    const std::size_t n = d.t.size();
    const T count = static_cast<T>(n);
    compensated_sum<T> t_sum, e_squares;
    for (std::size_t i = 0; i < n; ++i) {
      t_sum.add(d.t[i]);
      e_squares.add((d.z[i] - d.fitted[i]) * (d.z[i] - d.fitted[i]));
    }
    const T t_mean = t_sum.value() / count;
    compensated_sum<T> sxx;
    for (const T v : d.t) sxx.add((v - t_mean) * (v - t_mean));
    const T df = count - 3;
    for (std::size_t i = 0; i < n; ++i) {
      const T e = d.z[i] - d.fitted[i];
      const T h = 1 / count + (d.t[i] - t_mean) * (d.t[i] - t_mean) / sxx.value();
      const T s2 = std::max(T(0), e_squares.value() - e * e) / df;
      const T variance = std::max(s2, std::exp(-d.fitted[i]));
      const T u = e / std::sqrt(variance * (1 - h));
      result.tests.push_back({anomaly_kind::own_trend, r, d.index[i], u, df, student_t_two_sided_p(u, df), T(1),
                              d.y[i], std::exp(d.fitted[i]), std::nullopt});
    }
    const auto [x2_log, x2_count] = an::smoothness_statistics(d.t, d.y, d.z);
    d.x2_log = x2_log;
    d.x2_count = x2_count;
  }
  if (zeros > 0)
    result.notes.push_back(detail::count_text(zeros, "region-year") +
                           " with 0 poor left out of every test (the tests work on log counts)");
  if (!too_short.empty())
    result.notes.push_back("own_trend, peer_change and smooth_decline not run for " +
                           detail::audit::name_list(too_short) + ": fewer than " + std::to_string(options.min_years) +
                           " years with a positive count (" + option("min_years") + ")");
  if (!no_fit.empty())
    result.notes.push_back("own_trend, peer_change and smooth_decline not run for " + detail::audit::name_list(no_fit) +
                           ": Huber's fit leaves no residual within k scales (no standard errors)");

  // peer_change: group by (peer group, year).
  struct change {
    std::size_t region, year;
    T delta, x, variance;
  };
  std::map<std::pair<std::size_t, std::size_t>, std::vector<change>> changes;
  for (std::size_t r = 0; r < regions; ++r) {
    const auto& d = data[r];
    if (!d.fitted_ok) continue;
    for (std::size_t i = 1; i < d.index.size(); ++i) {
      if (d.index[i] != d.index[i - 1] + 1) continue;
      const T dt = d.t[i] - d.t[i - 1];
      const T delta = (d.z[i] - d.z[i - 1]) / dt;
      const T variance = (std::exp(-d.fitted[i]) + std::exp(-d.fitted[i - 1])) / (dt * dt);
      changes[{group_of(r), d.index[i]}].push_back({r, d.index[i], delta, delta - d.slope, variance});
    }
  }
  std::map<std::size_t, std::size_t> skipped_groups;  // group -> largest count seen
  for (const auto& [key, list] : changes) {
    if (list.size() < options.min_peers) {
      auto& largest = skipped_groups[key.first];
      largest = std::max(largest, list.size());
      continue;
    }
    std::vector<T> x, v;
    for (const auto& c : list) {
      x.push_back(c.x);
      v.push_back(c.variance);
    }
    const auto scores = an::robust_z(x, v);
    for (std::size_t k = 0; k < list.size(); ++k) {
      const T z = scores.z[k];
      result.tests.push_back({anomaly_kind::peer_change, list[k].region, list[k].year, z, std::nullopt,
                              2 * normal_upper_tail(std::abs(z)), T(1), list[k].delta,
                              data[list[k].region].slope + scores.centre, scores.centre});
    }
  }
  for (const auto& [group, largest] : skipped_groups)
    result.notes.push_back("peer_change not run in some years for " + group_name(group) + ": at most " +
                           detail::count_text(largest, "region") + " with the year's change observed, needs " +
                           std::to_string(options.min_peers) + " (" + option("min_peers") + ")");

  // smooth_decline: against counting noise; the peers' median dispersion is reported beside it.
  std::map<std::size_t, std::vector<std::size_t>> smooth_groups;
  for (std::size_t r = 0; r < regions; ++r)
    if (data[r].fitted_ok) smooth_groups[group_of(r)].push_back(r);
  for (const auto& [group, members] : smooth_groups) {
    std::optional<T> peers_log, peers_count;  // the peers' median X²/df on each path
    if (members.size() >= options.min_peers) {
      std::vector<T> phi_log, phi_count;
      for (const std::size_t r : members) {
        const T df = static_cast<T>(data[r].t.size() - 3);
        phi_log.push_back(data[r].x2_log / df);
        phi_count.push_back(data[r].x2_count / df);
      }
      peers_log = detail::audit::median(phi_log);
      peers_count = detail::audit::median(phi_count);
    }
    for (const std::size_t r : members) {
      const auto& d = data[r];
      const T df = static_cast<T>(d.t.size() - 3);
      const T p_log = detail::audit::chi_squared_lower_tail(d.x2_log, df);
      const T p_count = detail::audit::chi_squared_lower_tail(d.x2_count, df);
      const bool log_side = p_log <= p_count;
      const T x2 = log_side ? d.x2_log : d.x2_count;
      const std::optional<T> peers = log_side ? peers_log : peers_count;
      result.tests.push_back({anomaly_kind::smooth_decline, r, std::nullopt, x2, df,
                              std::min(T(1), 2 * std::min(p_log, p_count)), T(1), x2, df, peers});
    }
  }

  // steep_before_deadline.
  if (deadline) {
    const T span = years[*deadline] - years[*start];
    std::map<std::size_t, std::vector<std::size_t>> members;
    std::vector<T> acceleration(regions), variance(regions);
    std::vector<std::string> missing;
    for (std::size_t r = 0; r < regions; ++r) {
      const T y_d = poor(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(*deadline));
      const T y_s = poor(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(*start));
      std::vector<T> t, z;
      for (std::size_t y = 0; y <= *start; ++y) {
        const T v = poor(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(y));
        if (v > T(0)) {
          t.push_back(years[y]);
          z.push_back(std::log(v));
        }
      }
      if (!(y_d > T(0) && y_s > T(0)) || t.size() < 3) {
        missing.push_back(names[r]);
        continue;
      }
      const auto l = an::robust_line(options.trend, t, z);
      if (!l) {
        missing.push_back(names[r]);
        continue;
      }
      acceleration[r] = (std::log(y_d) - std::log(y_s)) / span - l->slope;
      variance[r] = (1 / y_d + 1 / y_s) / (span * span) + l->slope_se * l->slope_se;
      members[group_of(r)].push_back(r);
    }
    if (!missing.empty())
      result.notes.push_back("steep_before_deadline not run for " + detail::audit::name_list(missing) +
                             ": no positive count in " + detail::format_number(years[*start]) + " or " +
                             detail::format_number(years[*deadline]) + ", or fewer than 3 years with one up to " +
                             detail::format_number(years[*start]));
    for (const auto& [group, list] : members) {
      if (list.size() < options.min_peers) {
        result.notes.push_back("steep_before_deadline not run for " + group_name(group) + ": " +
                               detail::count_text(list.size(), "region") + ", needs " +
                               std::to_string(options.min_peers) + " (" + option("min_peers") + ")");
        continue;
      }
      std::vector<T> x, v;
      for (const std::size_t r : list) {
        x.push_back(acceleration[r]);
        v.push_back(variance[r]);
      }
      const auto scores = an::robust_z(x, v);
      for (std::size_t k = 0; k < list.size(); ++k)
        result.tests.push_back({anomaly_kind::steep_before_deadline, list[k], *deadline, scores.z[k], std::nullopt,
                                normal_upper_tail(-scores.z[k]), T(1), x[k], scores.centre, scores.centre});
    }
  }

  std::vector<T> p;
  p.reserve(result.tests.size());
  for (const auto& t : result.tests) p.push_back(t.p_value);
  const auto q = benjamini_hochberg(p);
  for (std::size_t i = 0; i < q.size(); ++i) result.tests[i].q_value = q[i];
  return result;
}

}  // namespace detail::anomalies

/// Flags implausible figures in a cohort's poor counts, region by region. Counts are
/// analysed on the log scale, where a decline at a constant pace is a straight line and
/// counting noise has variance about 1/μ (Poisson, delta method); region-years with 0 poor
/// are left out (no logarithm; a note says how many). For each region with at least
/// `min_years` years with a positive count (n of them, at years t_i, z_i = ln y_i):
///
/// - **own_trend**, each year: a robust line through (t_i, z_i) (`fit_theil_sen` or
///   `fit_huber`), fitted values f_i, residuals e_i; the externally studentised residual
///   u_i = e_i / sqrt(max(s²_(i), e^(−f_i)) · (1 − h_i)), with s²_(i) = Σ_{j≠i} e_j² / (n − 3)
///   the residual variance without year i, e^(−f_i) the counting variance of a Poisson count of
///   mean e^(f_i) on the log scale (a floor: figures cannot vary less than counting does), and
///   h_i = 1/n + (t_i − t̄)²/Σ(t − t̄)² the leverage. p = 2 P(T_{n−3} > |u_i|), Student's t as
///   for least-squares externally studentised residuals (Cook & Weisberg 1982, §2.2); the
///   robust line keeps one wild year from hiding itself. Measured on clean simulated cohorts
///   (docs/audit.md) the p-values are conservative.
/// - **peer_change**, each year j whose previous cohort year is observed too: the year's
///   change Δ = (z_j − z_{j−1})/(t_j − t_{j−1}) minus the region's own pace (the line's
///   slope), x = Δ − b, compared with the same quantity of its peers (`peers`) in the same
///   year: z = (x − median x) / sqrt(v + τ²), v = (e^(−f_j) + e^(−f_{j−1}))/(t_j − t_{j−1})²
///   the counting variance, τ² = max(0, MAD² − median v) the spread between peers beyond
///   counting noise (MAD normalised, 1.4826·median|x − median x|). This is a robust z across
///   regions that also knows each region's own noise; a year in which every region changed
///   pace is not an anomaly. p = 2 P(Z > |z|). Needs `min_peers` regions in the group that
///   year.
/// - **smooth_decline**, each region: Pearson's X² = Σ (y_i − μ_i)²/μ_i of the counts around
///   a smooth path μ, a quadratic in time fitted by Poisson-weighted least squares, on the log
///   scale and on the count scale (so that constant-pace and constant-amount paths, and
///   gentle bends of either, are smooth paths). Counted figures vary around any smooth path
///   by at least their counting noise, X² ≈ χ²_{n−3}; figures written down from a smooth
///   curve vary far less (the lower tail, as R. A. Fisher (1936) found Mendel's data too good
///   to be true). p = min(1, 2·min over the two paths of P(χ²_{n−3} <= X²)) (Bonferroni over
///   the paths). Counting noise is the yardstick because it binds every region; the peers'
///   median X²/(n − 3) is reported beside it (`peer_median`, when the group has `min_peers`
///   regions) but not used: how far real figures stray from a quadratic depends on each
///   region's size and shape, and scaling by the peers' median made the test flag clean
///   regions (measured on simulated cohorts, docs/audit.md).
/// - **steep_before_deadline**, each region, when `deadline` D is given with window W
///   (S = D − W): the acceleration a = (z_D − z_S)/(D − S) − b_pre, b_pre the slope of the
///   robust line through the years <= S (at least 3 of them), with variance v = (1/y_D +
///   1/y_S)/(D − S)² + se(b_pre)²; a robust z across the peers as for peer_change, and the
///   one-sided p = P(Z <= z) (steeper than the peers). Everyone sped up before the real
///   deadlines; this asks who sped up far more than the rest.
///
/// q-values are Benjamini–Hochberg over every test of the result (`benjamini_hochberg`);
/// `flagged()` keeps those with q <= fdr. `audit` adjusts these tests again together with its
/// other checks.
///
/// Sources: H. Theil (1950), P. K. Sen (1968) and P. J. Huber (1964) for the lines (see
/// fit/theil_sen.hpp, fit/huber.hpp); R. D. Cook and S. Weisberg (1982), Residuals and
/// Influence in Regression, Chapman & Hall; F. R. Hampel (1974), "The influence curve and its
/// role in robust estimation", JASA 69, 383–393 (the MAD); R. A. Fisher (1936), "Has Mendel's
/// work been rediscovered?", Annals of Science 1, 115–137; U. Simonsohn (2013), "Just post it:
/// the lesson from two cases of fabricated data detected by statistics alone", Psychological
/// Science 24, 1875–1888 (too little variation as evidence of fabrication).
/// @throws invalid_input when min_years < 4, min_peers < 3, deadline_window = 0, fdr is not
///         in (0, 1), or the deadline or deadline − deadline_window is not a year of the cohort.
template <std::floating_point T>
anomaly_result<T> flag_anomalies(const regional_cohort<T>& cohort, const anomaly_options<T>& options = {}) {
  return detail::anomalies::run("flag_anomalies", "options.", cohort, options);
}

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_AUDIT_ANOMALIES_HPP
