// The C++ peers of benchmarks/compare, built from Debian packages: GSL (gsl_fit_linear for
// the W1 least-squares fits, gsl_multifit_nlinear for W3) and Ceres Solver (W3). Same data,
// same protocol as the other peers (benchmarks/peers/result_protocol.hpp); a binary separate
// from compare_povstat so that povstat's memory measurements do not include these libraries.
//
//   compare_cpeers W1      gsl: ols, loglin (gsl_fit_linear per series, loglin on y > 0)
//   compare_cpeers W3      gsl: logistic LM; ceres: autodiff and analytic Jacobian
//
// The W3 model is the peers' a / (1 + exp(b (t − c))), t = 0..14, from w3_start. Stopping
// rules are set to the NumPy reference's (relative step 1e-10, relative cost change 1e-15).

#include <ceres/ceres.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_vector.h>

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "peers/result_protocol.hpp"

namespace {

using compare::emit;
using compare::time_reps;
using compare::years;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t n_years = 15;
static_assert(n_years == compare::years);

double t_of(std::size_t i) { return static_cast<double>(i); }

// ------------------------------------------------------------------ W1 (GSL)
int run_w1(const compare::sizes& n) {
  const auto Y = compare::read_file<double>("w1_counts.f64", n.M * years);
  double x[n_years];
  for (std::size_t i = 0; i < years; ++i) x[i] = t_of(i);

  std::vector<double> out(3 * n.M);
  auto seconds = time_reps([&] {
    for (std::size_t s = 0; s < n.M; ++s) {
      double c0, c1, cov00, cov01, cov11, sumsq;
      gsl_fit_linear(x, 1, Y.data() + s * years, 1, years, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
      out[3 * s] = c0;
      out[3 * s + 1] = c1;
      out[3 * s + 2] = std::sqrt(cov11);
    }
  });
  emit("gsl", "W1", "ols", n.M, n.M, seconds, out, 3, "gsl_fit_linear per series");

  seconds = time_reps([&] {
    double xs[n_years], ly[n_years];
    for (std::size_t s = 0; s < n.M; ++s) {
      std::size_t k = 0;
      for (std::size_t i = 0; i < years; ++i) {
        const double y = Y[s * years + i];
        if (y > 0) {
          xs[k] = x[i];
          ly[k++] = std::log(y);
        }
      }
      double c0, c1, cov00, cov01, cov11, sumsq;
      gsl_fit_linear(xs, 1, ly, 1, k, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
      out[3 * s] = c0;
      out[3 * s + 1] = c1;
      out[3 * s + 2] = std::sqrt(cov11);
    }
  });
  emit("gsl", "W1", "loglin", n.M, n.M, seconds, out, 3, "gsl_fit_linear per series on log y, y > 0");
  return 0;
}

// ------------------------------------------------------------------ W3 (GSL)
struct series_view {
  const double* y;
};

int logistic_f(const gsl_vector* p, void* data, gsl_vector* f) {
  const double* y = static_cast<series_view*>(data)->y;
  const double a = gsl_vector_get(p, 0), b = gsl_vector_get(p, 1), c = gsl_vector_get(p, 2);
  for (std::size_t i = 0; i < n_years; ++i) gsl_vector_set(f, i, a / (1 + std::exp(b * (t_of(i) - c))) - y[i]);
  return GSL_SUCCESS;
}

int logistic_df(const gsl_vector* p, void*, gsl_matrix* J) {
  const double a = gsl_vector_get(p, 0), b = gsl_vector_get(p, 1), c = gsl_vector_get(p, 2);
  for (std::size_t i = 0; i < n_years; ++i) {
    const double d = t_of(i) - c, e = std::exp(b * d), u = 1 / (1 + e), euu = e * u * u;
    gsl_matrix_set(J, i, 0, u);
    gsl_matrix_set(J, i, 1, -a * euu * d);
    gsl_matrix_set(J, i, 2, a * b * euu);
  }
  return GSL_SUCCESS;
}

void run_w3_gsl(const compare::sizes& n, const std::vector<double>& Y, const std::vector<double>& P0) {
  gsl_set_error_handler_off();
  std::vector<double> out(3 * n.R, nan);
  double iterations = 0;
  std::size_t failed = 0;
  const auto seconds = time_reps([&] {
    iterations = 0;
    failed = 0;
    series_view view{nullptr};
    gsl_multifit_nlinear_fdf fdf;
    fdf.f = logistic_f;
    fdf.df = logistic_df;
    fdf.fvv = nullptr;
    fdf.n = n_years;
    fdf.p = 3;
    fdf.params = &view;
    const gsl_multifit_nlinear_parameters params = gsl_multifit_nlinear_default_parameters();  // LM, More scaling, QR
    gsl_multifit_nlinear_workspace* w = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &params, n_years, 3);
    gsl_vector* p = gsl_vector_alloc(3);
    for (std::size_t s = 0; s < n.R; ++s) {
      view.y = Y.data() + s * years;
      for (std::size_t k = 0; k < 3; ++k) gsl_vector_set(p, k, P0[3 * s + k]);
      gsl_multifit_nlinear_init(p, &fdf, w);
      int info = 0;
      const int status = gsl_multifit_nlinear_driver(200, 1e-10, 1e-10, 1e-15, nullptr, nullptr, &info, w);
      const gsl_vector* x = gsl_multifit_nlinear_position(w);
      for (std::size_t k = 0; k < 3; ++k) out[3 * s + k] = gsl_vector_get(x, k);
      iterations += static_cast<double>(gsl_multifit_nlinear_niter(w));
      if (status != GSL_SUCCESS) ++failed;
    }
    gsl_vector_free(p);
    gsl_multifit_nlinear_free(w);
  });
  emit("gsl", "W3", "multifit_nlinear", n.R, n.R, seconds, out, 3,
       compare::cat("gsl_multifit_nlinear (trust region LM, More scaling, QR), analytic Jacobian, workspace reused; ",
                   std::to_string(failed), " not converged in 200 iterations"),
       compare::cat(", \"lm_iter_mean\": ", compare::number(iterations / static_cast<double>(n.R), "%.4f")));
}

// ------------------------------------------------------------------ W3 (Ceres)
struct logistic_residual {  // for ceres::AutoDiffCostFunction
  const double* y;
  template <class J>
  bool operator()(const J* const p, J* residual) const {
    for (std::size_t i = 0; i < n_years; ++i)
      residual[i] = p[0] / (J(1) + exp(p[1] * (J(t_of(i)) - p[2]))) - J(y[i]);
    return true;
  }
};

class logistic_cost final : public ceres::SizedCostFunction<static_cast<int>(n_years), 3> {
 public:
  const double* y = nullptr;
  bool Evaluate(double const* const* parameters, double* residuals, double** jacobians) const override {
    const double a = parameters[0][0], b = parameters[0][1], c = parameters[0][2];
    for (std::size_t i = 0; i < n_years; ++i) {
      const double d = t_of(i) - c, e = std::exp(b * d), u = 1 / (1 + e);
      residuals[i] = a * u - y[i];
      if (jacobians != nullptr && jacobians[0] != nullptr) {
        const double euu = e * u * u;
        jacobians[0][3 * i] = u;
        jacobians[0][3 * i + 1] = -a * euu * d;
        jacobians[0][3 * i + 2] = a * b * euu;
      }
    }
    return true;
  }
};

ceres::Solver::Options ceres_options() {
  ceres::Solver::Options o;
  o.minimizer_type = ceres::TRUST_REGION;
  o.trust_region_strategy_type = ceres::LEVENBERG_MARQUARDT;
  o.linear_solver_type = ceres::DENSE_QR;
  o.max_num_iterations = 200;
  o.function_tolerance = 1e-15;
  o.parameter_tolerance = 1e-10;
  o.gradient_tolerance = 1e-10;
  o.num_threads = 1;
  o.logging_type = ceres::SILENT;
  o.minimizer_progress_to_stdout = false;
  return o;
}

void run_w3_ceres(const compare::sizes& n, const std::vector<double>& Y, const std::vector<double>& P0) {
  const ceres::Solver::Options options = ceres_options();
  std::vector<double> out(3 * n.R, nan);
  double iterations = 0;
  std::size_t failed = 0;

  // The tutorial way: one Problem per series, automatic differentiation.
  auto seconds = time_reps([&] {
    iterations = 0;
    failed = 0;
    for (std::size_t s = 0; s < n.R; ++s) {
      double* p = out.data() + 3 * s;
      for (std::size_t k = 0; k < 3; ++k) p[k] = P0[3 * s + k];
      ceres::Problem problem;
      problem.AddResidualBlock(
          new ceres::AutoDiffCostFunction<logistic_residual, static_cast<int>(n_years), 3>(
              new logistic_residual{Y.data() + s * years}),
          nullptr, p);
      ceres::Solver::Summary summary;
      ceres::Solve(options, &problem, &summary);
      iterations += static_cast<double>(summary.iterations.size());
      if (summary.termination_type != ceres::CONVERGENCE) ++failed;
    }
  });
  emit("ceres", "W3", "autodiff", n.R, n.R, seconds, out, 3,
       compare::cat("ceres::Problem per series, AutoDiffCostFunction (15 residuals, 3 parameters), LM + DENSE_QR; ",
                   std::to_string(failed), " not converged"),
       compare::cat(", \"lm_iter_mean\": ", compare::number(iterations / static_cast<double>(n.R), "%.4f")));

  // Tuned: analytic Jacobian, one Problem reused (the cost function's data pointer moves).
  seconds = time_reps([&] {
    iterations = 0;
    failed = 0;
    double p[3];
    auto* cost = new logistic_cost;  // owned by the problem
    ceres::Problem problem;
    problem.AddResidualBlock(cost, nullptr, p);
    for (std::size_t s = 0; s < n.R; ++s) {
      for (std::size_t k = 0; k < 3; ++k) p[k] = P0[3 * s + k];
      cost->y = Y.data() + s * years;
      ceres::Solver::Summary summary;
      ceres::Solve(options, &problem, &summary);
      for (std::size_t k = 0; k < 3; ++k) out[3 * s + k] = p[k];
      iterations += static_cast<double>(summary.iterations.size());
      if (summary.termination_type != ceres::CONVERGENCE) ++failed;
    }
  });
  emit("ceres", "W3", "analytic", n.R, n.R, seconds, out, 3,
       compare::cat("ceres SizedCostFunction with analytic Jacobian, one Problem reused for every series, LM + DENSE_QR; ",
                   std::to_string(failed), " not converged"),
       compare::cat(", \"lm_iter_mean\": ", compare::number(iterations / static_cast<double>(n.R), "%.4f")));
}

int run_w3(const compare::sizes& n) {
  const auto Y = compare::read_file<double>("w3_y.f64", n.R * years);
  const auto P0 = compare::read_file<double>("w3_start.f64", n.R * 3);
  run_w3_gsl(n, Y, P0);
  run_w3_ceres(n, Y, P0);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() != 1) {
      std::fprintf(stderr, "usage: compare_cpeers W1 | W3\n");
      return 2;
    }
    const auto n = compare::read_sizes();
    if (args[0] == "W1") return run_w1(n);
    if (args[0] == "W3") return run_w3(n);
    throw std::runtime_error("unknown workload " + args[0]);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "compare_cpeers: %s\n", error.what());
    return 1;
  }
}
