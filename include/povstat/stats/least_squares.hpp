#ifndef POVSTAT_STATS_LEAST_SQUARES_HPP
#define POVSTAT_STATS_LEAST_SQUARES_HPP

/// @file
/// General linear least squares, weighted or not, for any design matrix: Householder QR with
/// column pivoting on the centred and scaled design, computed in a wider type and refined
/// with compensated residuals until the solution is as accurate as the data allow.

#include <Eigen/Core>
#include <Eigen/Householder>
#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <numeric>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "povstat/core/check.hpp"
#include "povstat/core/error.hpp"
#include "povstat/detail/numeric_range.hpp"
#include "povstat/stats/summation.hpp"

POVSTAT_NAMESPACE_BEGIN

/// Options of `least_squares` and `polynomial_fit`, named with designated initialisers:
/// `least_squares(X, y, {.weights = w, .require_full_rank = true})`.
template <std::floating_point T>
struct least_squares_options {
  /// Empty (unweighted), or one weight per observation: finite and >= 0, not all 0. The fit
  /// minimises Σ wᵢ (yᵢ − xᵢᵀβ)²; rows of weight 0 are left out of the fit and do not count
  /// toward `n` or the degrees of freedom (as R's `lm`), but get fitted values and residuals.
  Eigen::VectorX<T> weights = {};
  /// Column k of the design is *aliased* when the part of it that the columns kept before it
  /// (and the constant column, if any) leave unexplained has norm <= rank_tolerance times the
  /// norm of the column (centred, when there is a constant column). Every column of the
  /// centred design being scaled to unit norm, that is |R_kk| <= rank_tolerance · |R_11| in
  /// its QR factorisation. In [0, 1). The default is R's `lm` tolerance, 1e-7, for double and
  /// long double; for float, whose data carry about 7 digits, √ε ≈ 3.5e-4, so that a kept
  /// column keeps at least half of them.
  T rank_tolerance = std::max(T(1e-7L), std::sqrt(std::numeric_limits<T>::epsilon()));
  /// Throw `invalid_input` naming the aliased columns instead of reporting a rank-deficient fit.
  bool require_full_rank = false;
};

/// A fitted linear model y = Xβ + e, as R's `lm` and `summary.lm` report it. Columns are
/// those of the design X (for `polynomial_fit`, the powers x⁰, x¹, …, x^degree).
///
/// An aliased column (see `least_squares_options::rank_tolerance`) is left out of the model:
/// its coefficient and standard error are NaN — R's NA — and so are its row and column of
/// `vcov`; fitted values use the kept columns only.
template <std::floating_point T>
struct least_squares_result {
  /// β̂, one per column; NaN for an aliased column.
  Eigen::VectorX<T> coef;
  /// Standard errors √vcov_jj; NaN for an aliased column.
  Eigen::VectorX<T> se;
  /// σ̂² · cov_unscaled.
  Eigen::MatrixX<T> vcov;
  /// (XᵀWX)⁻¹ over the kept columns; NaN rows and columns for aliased ones.
  Eigen::MatrixX<T> cov_unscaled;
  /// Residual standard deviation σ̂ = √(rss / df_residual).
  T sigma;
  /// Residual sum of squares Σ wᵢ rᵢ².
  T rss;
  /// 1 − rss / tss, with tss = Σ wᵢ (yᵢ − ȳ_w)² when the design has a constant column (ȳ_w
  /// the weighted mean), else tss = Σ wᵢ yᵢ².
  T r_squared;
  /// 1 − (1 − r_squared) (n − i) / df_residual, i = 1 with a constant column, else 0.
  T adj_r_squared;
  /// n − rank.
  Eigen::Index df_residual;
  /// The number of kept (non-aliased) columns.
  Eigen::Index rank;
  /// The number of observations of positive weight.
  Eigen::Index n;
  /// Whether the design has a constant column (then r_squared is centred).
  bool intercept;
  /// Xβ̂ for every row, rows of weight 0 included.
  Eigen::VectorX<T> fitted;
  /// yᵢ − fittedᵢ for every row (not multiplied by √wᵢ: R's `residuals`, not its
  /// `weighted.residuals`).
  Eigen::VectorX<T> residuals;
  /// The aliased columns, ascending; empty when the rank is the number of columns.
  std::vector<Eigen::Index> aliased;
};

namespace detail {

/// The type least squares computes in: double for float, long double for double and long
/// double (80-bit on x86; where long double is double, the refinement alone carries accuracy).
template <std::floating_point T>
using wider_t = std::conditional_t<std::same_as<T, float>, double, long double>;

/// The result type of a fit to data of element types X and Y: their common floating type,
/// double for integers.
template <class X, class Y>
using fit_floating_t = std::common_type_t<floating_of<X>, floating_of<Y>>;

/// An Eigen matrix or expression of numbers.
template <class D>
concept numeric_matrix = std::derived_from<D, Eigen::MatrixBase<D>> && number<typename D::Scalar>;

/// An Eigen vector (one row or one column at compile time) or vector expression of numbers.
template <class D>
concept numeric_vector = numeric_matrix<D> &&(D::IsVectorAtCompileTime == 1);

/// The result type of `least_squares(X, y)`.
template <class DX, class DY>
using least_squares_floating_t = fit_floating_t<typename DX::Scalar, typename DY::Scalar>;

/// a·b − fl(a·b), exactly (TwoProduct; Ogita, Rump & Oishi 2005, Algorithm 3.3): by FMA, or
/// for long double by Dekker's splitting (1971), since x86 has no long double FMA and the
/// software `fmal` is a thousand times slower than Dekker's 17 operations.
template <std::floating_point W>
W product_error(W a, W b, W product) {
  if constexpr (std::same_as<W, long double>) {
    constexpr W splitter = W(1ULL << ((std::numeric_limits<W>::digits + 1) / 2)) + 1;
    const auto split = [](W v) {
      const W scaled = splitter * v;
      const W high = scaled - (scaled - v);
      return std::pair{high, v - high};
    };
    const auto [a_high, a_low] = split(a);
    const auto [b_high, b_low] = split(b);
    return a_low * b_low - (((product - a_high * b_high) - a_low * b_high) - a_high * b_low);
  } else {
    return std::fma(a, b, -product);
  }
}

/// Adds −Σ_k a_k·b_k to `sum`, each product split exactly into its rounded value and error,
/// so that the sum is as accurate as if computed in twice W's precision (Dot2 of Ogita, Rump
/// & Oishi 2005, with `compensated_sum`).
template <std::floating_point W, class A, class B>
void subtract_products(compensated_sum<W>& sum, const A& a, const B& b) {
  for (Eigen::Index k = 0; k < b.size(); ++k) {
    const W product = a(k) * b(k);
    sum.add(-product);
    sum.add(-product_error<W>(a(k), b(k), product));
  }
}

/// Σ wᵢ vᵢ / Σ wᵢ, compensated.
template <std::floating_point W, class V>
W weighted_mean(const V& values, const Eigen::VectorX<W>& weights) {
  compensated_sum<W> numerator, denominator;
  for (Eigen::Index i = 0; i < weights.size(); ++i) {
    numerator.add(weights(i) * values(i));
    denominator.add(weights(i));
  }
  return numerator.value() / denominator.value();
}

/// The first column whose entries are all equal and nonzero, or -1.
template <std::floating_point W>
Eigen::Index constant_column(const Eigen::MatrixX<W>& X) {
  for (Eigen::Index j = 0; j < X.cols(); ++j)
    if (X(0, j) != W(0) && (X.col(j).array() == X(0, j)).all()) return j;
  return -1;
}

/// Householder QR, with R's limited column pivoting, of the weighted design √W·X once each
/// column is centred (when X has a constant column: the constant column is taken first and
/// every other column j becomes x_j − m_j, m_j its weighted mean) and scaled to unit norm:
///
///   √W·X·P·M·D = Q·R,   so   √W·X·P = Q·R·D⁻¹·M⁻¹,
///
/// with P the pivoting, M the unit triangular centring (x_c ← x_c − Σ_j (m_j/κ) x_j in
/// coefficient space, κ the constant) and D the column scaling. Columns are taken in order
/// (constant first); a column whose remaining norm is <= `tolerance` (its norm being 1) is
/// aliased and moved behind the others, as LINPACK's dqrdc as modified for R (dqrdc2)
/// does. Golub & Van Loan, Matrix Computations, 4th ed. (2013), Sec. 5.2 and 5.4.
template <std::floating_point W>
class pivoted_qr {
 public:
  using matrix = Eigen::MatrixX<W>;
  using vector = Eigen::VectorX<W>;

  /// `X`: the rows of positive weight, unweighted; `weights`: their weights (all > 0).
  pivoted_qr(const matrix& X, const vector& weights, Eigen::Index constant, W tolerance)
      : order_(static_cast<std::size_t>(X.cols())) {
    const Eigen::Index n = X.rows(), p = X.cols();
    std::iota(order_.begin(), order_.end(), Eigen::Index{0});
    vector mean = vector::Zero(p);
    if (constant >= 0) {
      std::rotate(order_.begin(), order_.begin() + constant, order_.begin() + constant + 1);
      for (Eigen::Index j = 0; j < p; ++j)
        if (j != constant) mean(j) = weighted_mean(X.col(j), weights);
    }
    const vector root = weights.cwiseSqrt();
    matrix S(n, p);
    vector scale(p);
    for (Eigen::Index q = 0; q < p; ++q) {
      const Eigen::Index j = order_[static_cast<std::size_t>(q)];
      S.col(q) = root.cwiseProduct((X.col(j).array() - mean(j)).matrix());
      const W norm = S.col(q).norm();
      scale(j) = norm > W(0) ? W(1) / norm : W(1);
      S.col(q) *= scale(j);
    }

    vector tau(p), workspace(p);
    for (Eigen::Index q = 0; q < p; ++q) {
      // Aliased: what is left of the column is within the tolerance (or no row is left).
      if (S.col(q).tail(n - rank_).norm() <= tolerance) continue;
      S.col(q).swap(S.col(rank_));
      std::swap(order_[static_cast<std::size_t>(q)], order_[static_cast<std::size_t>(rank_)]);
      W beta;
      S.col(rank_).tail(n - rank_).makeHouseholderInPlace(tau(rank_), beta);
      S(rank_, rank_) = beta;
      S.bottomRightCorner(n - rank_, p - rank_ - 1)
          .applyHouseholderOnTheLeft(S.col(rank_).tail(n - rank_ - 1), tau(rank_),
                                     workspace.data());
      ++rank_;
    }
    S.conservativeResize(Eigen::NoChange, rank_);
    factor_ = std::move(S);
    tau_ = tau.head(rank_);
    scale_.resize(rank_);
    shift_.resize(rank_);
    for (Eigen::Index k = 0; k < rank_; ++k) {
      const Eigen::Index j = order_[static_cast<std::size_t>(k)];
      scale_(k) = scale(j);
      shift_(k) = constant >= 0 ? mean(j) / X(0, constant) : W(0);
    }
  }

  /// The number of kept columns.
  Eigen::Index rank() const noexcept { return rank_; }
  /// The kept columns of X in pivot order.
  std::vector<Eigen::Index> kept() const { return {order_.begin(), order_.begin() + rank_}; }
  /// The aliased columns of X, ascending.
  std::vector<Eigen::Index> aliased() const {
    std::vector<Eigen::Index> columns(order_.begin() + rank_, order_.end());
    std::sort(columns.begin(), columns.end());
    return columns;
  }

  /// One correction of the refinement below.
  struct correction {
    vector residual;
    vector coef;
  };

  /// Solves the augmented system [I A; Aᵀ 0][δr; δx] = [f; g] for A = √W·X·P (kept columns)
  /// through A = Q·R·D⁻¹·M⁻¹: Rᵀh = D·Mᵀ·g, d = Qᵀf, R·z = d₁ − h, δx = M·D·z,
  /// δr = Q·[h; d₂] (Björck 1967; Björck 1996, Sec. 2.9).
  correction solve_augmented(const vector& f, const vector& g) const {
    const auto R = factor_.topRows(rank_).template triangularView<Eigen::Upper>();
    const auto Q = Eigen::HouseholderSequence<matrix, vector>(factor_, tau_);
    vector h = g - shift_ * g(0);
    h = scale_.cwiseProduct(h);
    R.transpose().solveInPlace(h);
    vector d = f;
    d.applyOnTheLeft(Q.adjoint());
    vector z = d.head(rank_) - h;
    R.solveInPlace(z);
    d.head(rank_) = h;
    d.applyOnTheLeft(Q);
    return {std::move(d), unscaled(z)};
  }

  /// V = M·D·R⁻¹, so that (AᵀA)⁻¹ = V·Vᵀ.
  matrix inverse_factor() const {
    matrix V = matrix::Identity(rank_, rank_);
    factor_.topRows(rank_).template triangularView<Eigen::Upper>().solveInPlace(V);
    for (Eigen::Index k = 0; k < rank_; ++k) V.col(k) = unscaled(V.col(k));
    return V;
  }

 private:
  /// M·D·z: coefficients of the kept columns of X from those of the centred, scaled design.
  vector unscaled(const vector& z) const {
    vector x = scale_.cwiseProduct(z);
    x(0) -= shift_.dot(x);
    return x;
  }

  std::vector<Eigen::Index> order_;  // columns of X in pivot order: kept, then aliased
  Eigen::Index rank_ = 0;
  matrix factor_;  // Householder vectors below the diagonal, R on and above it
  vector tau_;     // Householder coefficients
  vector scale_;   // D, in pivot order
  vector shift_;   // m_j / κ in pivot order (0 for the constant column, and without one)
};

/// Refinement stops after this many steps at the latest (on NIST StRD it needs 1 or 2).
inline constexpr int max_refinement_steps = 10;

/// Minimises ‖b − A·x‖ by iterative refinement of the augmented system
/// [I A; Aᵀ 0][r; x] = [b; 0] (Björck 1967). Starting from the QR solution (x, r), each step
/// computes f = b − r − A·x and g = −Aᵀr with compensated dot products (as if in twice W's
/// precision) and corrects r and x by the solution of [I A; Aᵀ 0][δr; δx] = [f; g] from the
/// QR factors. It stops when ‖δx‖∞ <= ε_T ‖x‖∞ — the error left is then about κ·u_W times
/// that, far below T's rounding — or when a correction is more than half the previous one
/// (then it is not applied: the iteration no longer converges).
/// Björck, "Iterative refinement of linear least squares solutions I", BIT 7 (1967) 257–278;
/// Björck, Numerical Methods for Least Squares Problems, SIAM (1996), Sec. 2.9; Higham,
/// Accuracy and Stability of Numerical Algorithms, 2nd ed. (2002), Sec. 20.5.
template <std::floating_point T, std::floating_point W>
Eigen::VectorX<W> refined_solution(const pivoted_qr<W>& qr, const Eigen::MatrixX<W>& A,
                                   const Eigen::VectorX<W>& b) {
  const Eigen::Index n = A.rows(), rank = A.cols();
  if (rank == 0) return Eigen::VectorX<W>(0);
  auto [r, x] = qr.solve_augmented(b, Eigen::VectorX<W>::Zero(rank));
  W previous = x.template lpNorm<Eigen::Infinity>();
  Eigen::VectorX<W> f(n), g(rank);
  for (int step = 1; step < max_refinement_steps; ++step) {
    for (Eigen::Index i = 0; i < n; ++i) {
      compensated_sum<W> sum;
      sum.add(b(i));
      sum.add(-r(i));
      subtract_products(sum, A.row(i), x);
      f(i) = sum.value();
    }
    for (Eigen::Index k = 0; k < rank; ++k) {
      compensated_sum<W> sum;
      subtract_products(sum, A.col(k), r);
      g(k) = sum.value();
    }
    const auto correction = qr.solve_augmented(f, g);
    const W size = correction.coef.template lpNorm<Eigen::Infinity>();
    if (size > previous / 2) break;
    x += correction.coef;
    r += correction.residual;
    previous = size;
    if (size <= W(std::numeric_limits<T>::epsilon()) * x.template lpNorm<Eigen::Infinity>()) break;
  }
  return x;
}

/// Sizes, then values: `weights` empty or one per row of the data (`rows`, named `reference`).
inline void check_weight_count(std::string_view function, std::size_t weights, std::size_t rows,
                               std::string_view reference) {
  if (weights != 0) check_same_size(function, "weights", weights, reference, rows);
}

/// Weights finite, >= 0 and not all 0; rank_tolerance in [0, 1).
template <std::floating_point T>
void check_least_squares_options(std::string_view function,
                                 const least_squares_options<T>& options) {
  const std::span<const T> weights(options.weights.data(),
                                   static_cast<std::size_t>(options.weights.size()));
  const auto subject = [](std::size_t i) { return element_name("weights", i); };
  check_finite(function, weights, subject);
  check_nonnegative(function, weights, subject);
  if (!weights.empty() && std::ranges::none_of(weights, [](T w) { return w > T(0); }))
    raise_value(function, "the sum of weights", 0, "> 0");
  if (!(options.rank_tolerance >= T(0) && options.rank_tolerance < T(1)))
    raise_value(function, "rank_tolerance", options.rank_tolerance, "in [0, 1)");
}

/// The number of observations that count: those of positive weight (all `rows` unweighted).
template <std::floating_point T>
std::size_t weighted_count(const Eigen::VectorX<T>& weights, std::size_t rows) {
  return weights.size() == 0 ? rows : static_cast<std::size_t>((weights.array() > T(0)).count());
}

/// The fit behind `least_squares` and `polynomial_fit`, on checked data given in the wider
/// type W: X (N × p, p >= 1, finite), y (N, finite), options checked, at least p rows of
/// positive weight. `design` names X in messages and `column_name(j)` its column j. With
/// `coefficients_only`, the result holds coef, rank, aliased and n only (the same bits as the
/// full fit's; for iterations that need nothing else, e.g. IRLS steps).
template <std::floating_point T, class ColumnName>
least_squares_result<T> fit_least_squares(std::string_view function, std::string_view design,
                                          const Eigen::MatrixX<wider_t<T>>& X,
                                          const Eigen::VectorX<wider_t<T>>& y,
                                          const least_squares_options<T>& options,
                                          const ColumnName& column_name, bool coefficients_only = false) {
  using W = wider_t<T>;
  using vector = Eigen::VectorX<W>;
  constexpr T nan = std::numeric_limits<T>::quiet_NaN();
  const Eigen::Index p = X.cols();

  const vector all_weights = options.weights.size() == 0
                                 ? vector(vector::Ones(X.rows()))
                                 : vector(options.weights.template cast<W>());
  std::vector<Eigen::Index> observed;
  for (Eigen::Index i = 0; i < X.rows(); ++i)
    if (all_weights(i) > W(0)) observed.push_back(i);
  const Eigen::MatrixX<W> Xo = X(observed, Eigen::all);
  const vector yo = y(observed), weights = all_weights(observed);
  const Eigen::Index n = Xo.rows(), constant = constant_column(Xo);

  const pivoted_qr<W> qr(Xo, weights, constant, W(options.rank_tolerance));
  const Eigen::Index rank = qr.rank();
  const std::vector<Eigen::Index> kept = qr.kept(), aliased = qr.aliased();
  if (options.require_full_rank && rank < p) {
    std::string rule = std::to_string(p) + " (require_full_rank; aliased: ";
    for (const Eigen::Index j : aliased)
      rule.append(j == aliased.front() ? "" : ", ").append(column_name(j));
    raise_value(function, "the rank of " + std::string(design), rank, rule + ")");
  }

  const vector root = weights.cwiseSqrt();
  const vector beta =
      refined_solution<T>(qr, Eigen::MatrixX<W>(root.asDiagonal() * Xo(Eigen::all, kept)),
                          vector(root.cwiseProduct(yo)));

  least_squares_result<T> result;
  result.coef = Eigen::VectorX<T>::Constant(p, nan);
  result.coef(kept) = beta.template cast<T>();
  result.rank = rank;
  result.n = n;
  result.aliased = aliased;
  if (coefficients_only) return result;
  result.fitted.resize(X.rows());
  result.residuals.resize(X.rows());
  vector residuals(X.rows());
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    compensated_sum<W> sum;
    subtract_products(sum, X(i, kept), beta);
    result.fitted(i) = static_cast<T>(-sum.value());
    sum.add(y(i));
    residuals(i) = sum.value();
  }
  result.residuals = residuals.template cast<T>();

  compensated_sum<W> rss, tss;
  const W y_mean = constant >= 0 ? weighted_mean(yo, weights) : W(0);
  for (Eigen::Index i = 0; i < n; ++i) {
    const W r = residuals(observed[static_cast<std::size_t>(i)]);
    rss.add(weights(i) * r * r);
    tss.add(weights(i) * (yo(i) - y_mean) * (yo(i) - y_mean));
  }
  const Eigen::Index df = n - rank;
  const W sigma = df > 0 ? std::sqrt(rss.value() / W(df)) : W(nan);
  const W r_squared = tss.value() > W(0) ? 1 - rss.value() / tss.value() : W(nan);
  const Eigen::Index intercept = constant >= 0 ? 1 : 0;

  const Eigen::MatrixX<W> V = qr.inverse_factor();
  const Eigen::MatrixX<W> cov_unscaled = V * V.transpose();
  result.cov_unscaled = Eigen::MatrixX<T>::Constant(p, p, nan);
  result.cov_unscaled(kept, kept) = cov_unscaled.template cast<T>();
  result.vcov = Eigen::MatrixX<T>::Constant(p, p, nan);
  result.vcov(kept, kept) = (sigma * sigma * cov_unscaled).template cast<T>();
  result.se = Eigen::VectorX<T>::Constant(p, nan);
  result.se(kept) = (sigma * V.rowwise().norm()).template cast<T>();
  result.rss = finite_result(function, "the residual sum of squares", static_cast<T>(rss.value()));
  result.sigma = df > 0 ? finite_result(function, "the residual scale", static_cast<T>(sigma)) : nan;
  result.r_squared = static_cast<T>(r_squared);
  result.adj_r_squared =
      df > 0 ? static_cast<T>(1 - (1 - r_squared) * W(n - intercept) / W(df)) : nan;
  result.df_residual = df;
  result.intercept = constant >= 0;
  return result;
}

/// `least_squares` (or, with `coefficients_only`, its coefficients): the checks, then the fit.
template <numeric_matrix DX, numeric_vector DY>
least_squares_result<least_squares_floating_t<DX, DY>> checked_least_squares(
    const Eigen::MatrixBase<DX>& X, const Eigen::MatrixBase<DY>& y,
    const least_squares_options<least_squares_floating_t<DX, DY>>& options, bool coefficients_only) {
  using T = least_squares_floating_t<DX, DY>;
  using W = wider_t<T>;
  constexpr std::string_view function = "least_squares";
  const auto rows = static_cast<std::size_t>(X.rows());
  check_same_size(function, "y", static_cast<std::size_t>(y.size()), "the rows of X", rows);
  check_weight_count(function, static_cast<std::size_t>(options.weights.size()), rows, "the rows of X");
  if (X.cols() == 0) raise_value(function, "the number of columns of X", 0, ">= 1");

  const Eigen::MatrixX<W> Xw = X.template cast<W>();
  const Eigen::VectorX<W> yw = y.template cast<W>();
  check_finite(function, std::span<const W>(Xw.data(), static_cast<std::size_t>(Xw.size())), [rows](std::size_t i) {
    return "X[" + std::to_string(i % rows) + ", " + std::to_string(i / rows) + "]";
  });
  check_finite(function, std::span<const W>(yw.data(), rows), [](std::size_t i) { return element_name("y", i); });
  check_least_squares_options(function, options);
  check_min_size(function, options.weights.size() == 0 ? "y" : "y (counting rows of positive weight)",
                 weighted_count(options.weights, rows), static_cast<std::size_t>(X.cols()), "(one per column of X)");

  return fit_least_squares<T>(
      function, "X", Xw, yw, options, [](Eigen::Index j) { return "column " + std::to_string(j); }, coefficients_only);
}

}  // namespace detail

/// Weighted linear least squares: β̂ = argmin_β Σᵢ wᵢ (yᵢ − xᵢᵀβ)² for a design X (n × p)
/// of any content — with or without a constant (intercept) column — as R's `lm.wfit` and
/// `summary.lm` report it: coefficients, standard errors se_j = σ̂ √[(XᵀWX)⁻¹]_jj,
/// σ̂ = √(rss / (n − rank)), R² (centred when X has a constant column, else uncentred, as R
/// and NIST), adjusted R², fitted values and residuals, rank and aliased columns.
///
/// Method: Householder QR with column pivoting of √W·X centred (when a constant column is
/// found) and scaled to unit column norms; rank decided on it by `options.rank_tolerance`
/// (aliased columns: coefficient and se NaN, like R's NA); the solution then refined on the
/// augmented system [I A; Aᵀ 0][r; β] = [√W y; 0] with residuals accumulated in twice the
/// working precision. Factorisation and refinement run in double for float data and in long
/// double for double data. Never the normal equations; (XᵀWX)⁻¹ = V·Vᵀ with V from the
/// triangular factor. Accuracy (docs/accuracy.md): on the NIST StRD linear data sets, 13 or
/// more correct digits in every certified value, except Filip's 7.9 from powers of x
/// rounded to double (10.9 by `polynomial_fit`, which forms them in long double).
///
/// @param X        design, n × p, any Eigen expression of numbers, finite; p >= 1.
/// @param y        response, an Eigen vector of n finite numbers.
/// @param options  weights, rank tolerance, require_full_rank (see `least_squares_options`).
/// @return a `least_squares_result<T>`, T the common floating type of X and y (double for
///         integers). With df_residual = 0, sigma, se, vcov and adj_r_squared are NaN; with
///         tss = 0, r_squared and adj_r_squared are NaN.
/// @throws invalid_input when y or the weights do not have one value per row of X, X has no
///         column, a value of X or y is NaN or infinite (the message names row and column),
///         a weight is negative or not finite, all weights are 0, rank_tolerance is outside
///         [0, 1), or — with require_full_rank — X is rank-deficient (the message names the
///         aliased columns).
/// @throws invalid_input when the residual sum of squares or scale overflows the floating type.
/// @throws insufficient_data when fewer observations of positive weight than columns.
///
/// Sources: Golub & Van Loan, Matrix Computations, 4th ed. (2013), Sec. 5.2–5.4 (QR with
/// column pivoting, least squares); R's dqrdc2 (limited pivoting, tolerance 1e-7);
/// Björck, BIT 7 (1967) 257–278, and Numerical Methods for Least Squares Problems (1996),
/// Sec. 2.9 (iterative refinement); Ogita, Rump & Oishi, SIAM J. Sci. Comput. 26 (2005)
/// (compensated dot products).
template <detail::numeric_matrix DX, detail::numeric_vector DY>
least_squares_result<detail::least_squares_floating_t<DX, DY>> least_squares(
    const Eigen::MatrixBase<DX>& X, const Eigen::MatrixBase<DY>& y,
    const least_squares_options<detail::least_squares_floating_t<DX, DY>>& options = {}) {
  return detail::checked_least_squares(X, y, options, false);
}

namespace detail {

/// The coefficients of `least_squares(X, y, options)`, bit for bit, with its checks and
/// errors, without the rest of the result (fitted values, residuals, rss, covariance): for
/// iterations that refit and use only the coefficients (IRLS).
template <numeric_matrix DX, numeric_vector DY>
Eigen::VectorX<least_squares_floating_t<DX, DY>> least_squares_coefficients(
    const Eigen::MatrixBase<DX>& X, const Eigen::MatrixBase<DY>& y,
    const least_squares_options<least_squares_floating_t<DX, DY>>& options) {
  return checked_least_squares(X, y, options, true).coef;
}

}  // namespace detail

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_STATS_LEAST_SQUARES_HPP
