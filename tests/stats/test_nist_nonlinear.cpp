// Accuracy of nonlinear_least_squares on the 27 NIST StRD nonlinear regression problems,
// from both of NIST's starting points, with one set of default options.
//
// Each model and its analytic Jacobian are written below from the Model block of the .dat
// file (derivatives by hand; a test checks each against central differences computed here).
// Accuracy is NIST's log relative error (LRE, tests/support/nist_strd.hpp) against the
// certified values (11 significant digits): the tests require LRE >= 6 for every parameter,
// for the residual sum of squares and for every standard error, and print the tables
// recorded in docs/accuracy.md. Two exceptions, each asserted as what it is:
//  - Lanczos1 in double: its rss (1.4e-25) is below what double arithmetic can resolve (see
//    `attainable_rss_digits`); a long double run shows 6+ digits there.
//  - BoxBOD from Start 1 with finite differences (see the test).
//
// Regenerate the tables with
//   ./build/tests/stats/test_stats -tc="NIST StRD nonlinear*"
// (the MESSAGE lines are the tables of docs/accuracy.md).

#include "povstat/stats/nonlinear_least_squares.hpp"

#include <doctest/doctest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "nist_strd.hpp"

using Eigen::ArrayXd;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

constexpr double pi = 3.141592653589793238462643383279;

// A model of the NIST collection: predictions and Jacobian at parameters b for the predictor
// columns x (file order). Parameters b1..bp of the .dat file are b(0)..b(p-1).
struct nist_model {
  std::function<VectorXd(const VectorXd&, const MatrixXd&)> predict;
  std::function<MatrixXd(const VectorXd&, const MatrixXd&)> jacobian;
  bool log_response = false;  // Nelson's model is for log[y]
};

// y = b1*(1-exp[-b2*x])  (Misra1a, BoxBOD)
const nist_model exponential_rise{
    [](const VectorXd& b, const MatrixXd& x) -> VectorXd { return b(0) * (1 - (-b(1) * x.col(0).array()).exp()); },
    [](const VectorXd& b, const MatrixXd& x) -> MatrixXd {
      const ArrayXd t = x.col(0).array(), e = (-b(1) * t).exp();
      MatrixXd j(t.size(), 2);
      j.col(0) = 1 - e;
      j.col(1) = b(0) * t * e;
      return j;
    }};

// y = exp[-b1*x]/(b2+b3*x)  (Chwirut1, Chwirut2)
const nist_model chwirut{
    [](const VectorXd& b, const MatrixXd& x) -> VectorXd {
      const ArrayXd t = x.col(0).array();
      return (-b(0) * t).exp() / (b(1) + b(2) * t);
    },
    [](const VectorXd& b, const MatrixXd& x) -> MatrixXd {
      const ArrayXd t = x.col(0).array(), e = (-b(0) * t).exp(), d = b(1) + b(2) * t;
      MatrixXd j(t.size(), 3);
      j.col(0) = -t * e / d;
      j.col(1) = -e / d.square();
      j.col(2) = -t * e / d.square();
      return j;
    }};

// y = b1*exp(-b2*x) + b3*exp(-b4*x) + b5*exp(-b6*x)  (Lanczos1-3)
const nist_model lanczos{
    [](const VectorXd& b, const MatrixXd& x) -> VectorXd {
      const ArrayXd t = x.col(0).array();
      return b(0) * (-b(1) * t).exp() + b(2) * (-b(3) * t).exp() + b(4) * (-b(5) * t).exp();
    },
    [](const VectorXd& b, const MatrixXd& x) -> MatrixXd {
      const ArrayXd t = x.col(0).array();
      MatrixXd j(t.size(), 6);
      for (int k = 0; k < 3; ++k) {
        const ArrayXd e = (-b(2 * k + 1) * t).exp();
        j.col(2 * k) = e;
        j.col(2 * k + 1) = -b(2 * k) * t * e;
      }
      return j;
    }};

// y = b1*exp(-b2*x) + b3*exp(-(x-b4)**2/b5**2) + b6*exp(-(x-b7)**2/b8**2)  (Gauss1-3)
const nist_model gauss{
    [](const VectorXd& b, const MatrixXd& x) -> VectorXd {
      const ArrayXd t = x.col(0).array();
      return b(0) * (-b(1) * t).exp() + b(2) * (-(t - b(3)).square() / (b(4) * b(4))).exp() +
             b(5) * (-(t - b(6)).square() / (b(7) * b(7))).exp();
    },
    [](const VectorXd& b, const MatrixXd& x) -> MatrixXd {
      const ArrayXd t = x.col(0).array(), e = (-b(1) * t).exp();
      MatrixXd j(t.size(), 8);
      j.col(0) = e;
      j.col(1) = -b(0) * t * e;
      for (int k : {2, 5}) {  // b3, b4, b5 and b6, b7, b8
        const ArrayXd u = t - b(k + 1), g = (-u.square() / (b(k + 2) * b(k + 2))).exp();
        j.col(k) = g;
        j.col(k + 1) = b(k) * g * 2 * u / (b(k + 2) * b(k + 2));
        j.col(k + 2) = b(k) * g * 2 * u.square() / (b(k + 2) * b(k + 2) * b(k + 2));
      }
      return j;
    }};

// y = b1*x**b2  (DanWood)
const nist_model danwood{
    [](const VectorXd& b, const MatrixXd& x) -> VectorXd { return b(0) * x.col(0).array().pow(b(1)); },
    [](const VectorXd& b, const MatrixXd& x) -> MatrixXd {
      const ArrayXd t = x.col(0).array(), power = t.pow(b(1));
      MatrixXd j(t.size(), 2);
      j.col(0) = power;
      j.col(1) = b(0) * power * t.log();
      return j;
    }};

// y = b1 * (1-(1+b2*x/2)**(-2))  (Misra1b)
const nist_model misra1b{
    [](const VectorXd& b, const MatrixXd& x) -> VectorXd {
      return b(0) * (1 - (1 + b(1) * x.col(0).array() / 2).pow(-2));
    },
    [](const VectorXd& b, const MatrixXd& x) -> MatrixXd {
      const ArrayXd t = x.col(0).array(), u = 1 + b(1) * t / 2;
      MatrixXd j(t.size(), 2);
      j.col(0) = 1 - u.pow(-2);
      j.col(1) = b(0) * t * u.pow(-3);
      return j;
    }};

// y = b1 * (1-(1+2*b2*x)**(-.5))  (Misra1c)
const nist_model misra1c{
    [](const VectorXd& b, const MatrixXd& x) -> VectorXd {
      return b(0) * (1 - (1 + 2 * b(1) * x.col(0).array()).pow(-0.5));
    },
    [](const VectorXd& b, const MatrixXd& x) -> MatrixXd {
      const ArrayXd t = x.col(0).array(), u = 1 + 2 * b(1) * t;
      MatrixXd j(t.size(), 2);
      j.col(0) = 1 - u.pow(-0.5);
      j.col(1) = b(0) * t * u.pow(-1.5);
      return j;
    }};

// y = b1*b2*x*((1+b2*x)**(-1))  (Misra1d)
const nist_model misra1d{
    [](const VectorXd& b, const MatrixXd& x) -> VectorXd {
      const ArrayXd t = x.col(0).array();
      return b(0) * b(1) * t / (1 + b(1) * t);
    },
    [](const VectorXd& b, const MatrixXd& x) -> MatrixXd {
      const ArrayXd t = x.col(0).array(), u = 1 + b(1) * t;
      MatrixXd j(t.size(), 2);
      j.col(0) = b(1) * t / u;
      j.col(1) = b(0) * t / u.square();
      return j;
    }};

// A ratio of polynomials in x: (b1 + b2*x + ... + b_{q+1}*x**q) / (1 + b_{q+2}*x + ... ),
// numerator degree q, denominator degree r (Kirby2: 2/2, Hahn1 and Thurber: 3/3).
nist_model rational(int q, int r) {
  const auto parts = [q, r](const VectorXd& b, const MatrixXd& x, ArrayXd& num, ArrayXd& den) {
    const ArrayXd t = x.col(0).array();
    num = ArrayXd::Zero(t.size());
    den = ArrayXd::Ones(t.size());
    for (int k = 0; k <= q; ++k) num += b(k) * t.pow(k);
    for (int k = 1; k <= r; ++k) den += b(q + k) * t.pow(k);
  };
  return {[parts](const VectorXd& b, const MatrixXd& x) -> VectorXd {
            ArrayXd num, den;
            parts(b, x, num, den);
            return num / den;
          },
          [parts, q, r](const VectorXd& b, const MatrixXd& x) -> MatrixXd {
            ArrayXd num, den;
            parts(b, x, num, den);
            const ArrayXd t = x.col(0).array();
            MatrixXd j(t.size(), q + r + 1);
            for (int k = 0; k <= q; ++k) j.col(k) = t.pow(k) / den;
            for (int k = 1; k <= r; ++k) j.col(q + k) = -num * t.pow(k) / den.square();
            return j;
          }};
}

// log[y] = b1 - b2*x1 * exp[-b3*x2]  (Nelson; the response is log y)
const nist_model nelson{
    [](const VectorXd& b, const MatrixXd& x) -> VectorXd {
      return b(0) - b(1) * x.col(0).array() * (-b(2) * x.col(1).array()).exp();
    },
    [](const VectorXd& b, const MatrixXd& x) -> MatrixXd {
      const ArrayXd x1 = x.col(0).array(), x2 = x.col(1).array(), e = (-b(2) * x2).exp();
      MatrixXd j(x1.size(), 3);
      j.col(0).setOnes();
      j.col(1) = -x1 * e;
      j.col(2) = b(1) * x1 * x2 * e;
      return j;
    },
    true};

// y = b1 + b2*exp[-x*b4] + b3*exp[-x*b5]  (MGH17)
const nist_model mgh17{
    [](const VectorXd& b, const MatrixXd& x) -> VectorXd {
      const ArrayXd t = x.col(0).array();
      return b(0) + b(1) * (-t * b(3)).exp() + b(2) * (-t * b(4)).exp();
    },
    [](const VectorXd& b, const MatrixXd& x) -> MatrixXd {
      const ArrayXd t = x.col(0).array(), e4 = (-t * b(3)).exp(), e5 = (-t * b(4)).exp();
      MatrixXd j(t.size(), 5);
      j.col(0).setOnes();
      j.col(1) = e4;
      j.col(2) = e5;
      j.col(3) = -b(1) * t * e4;
      j.col(4) = -b(2) * t * e5;
      return j;
    }};

// y = b1 - b2*x - arctan[b3/(x-b4)]/pi  (Roszman1)
const nist_model roszman1{
    [](const VectorXd& b, const MatrixXd& x) -> VectorXd {
      const ArrayXd t = x.col(0).array();
      return b(0) - b(1) * t - (b(2) / (t - b(3))).atan() / pi;
    },
    [](const VectorXd& b, const MatrixXd& x) -> MatrixXd {
      const ArrayXd t = x.col(0).array(), d = t - b(3), q = b(2) / d, s = 1 / (1 + q.square());
      MatrixXd j(t.size(), 4);
      j.col(0).setOnes();
      j.col(1) = -t;
      j.col(2) = -s / d / pi;
      j.col(3) = -s * b(2) / d.square() / pi;
      return j;
    }};

// y = b1 + b2*cos(2*pi*x/12) + b3*sin(2*pi*x/12) + b5*cos(2*pi*x/b4) + b6*sin(2*pi*x/b4)
//        + b8*cos(2*pi*x/b7) + b9*sin(2*pi*x/b7)  (ENSO)
const nist_model enso{
    [](const VectorXd& b, const MatrixXd& x) -> VectorXd {
      const ArrayXd a = 2 * pi * x.col(0).array();
      return b(0) + b(1) * (a / 12).cos() + b(2) * (a / 12).sin() + b(4) * (a / b(3)).cos() +
             b(5) * (a / b(3)).sin() + b(7) * (a / b(6)).cos() + b(8) * (a / b(6)).sin();
    },
    [](const VectorXd& b, const MatrixXd& x) -> MatrixXd {
      const ArrayXd a = 2 * pi * x.col(0).array();
      MatrixXd j(a.size(), 9);
      j.col(0).setOnes();
      j.col(1) = (a / 12).cos();
      j.col(2) = (a / 12).sin();
      for (int k : {3, 6}) {  // period b4 with b5, b6; period b7 with b8, b9
        const ArrayXd angle = a / b(k), c = angle.cos(), s = angle.sin();
        j.col(k) = (b(k + 1) * s - b(k + 2) * c) * angle / b(k);  // d angle / d b = -angle / b
        j.col(k + 1) = c;
        j.col(k + 2) = s;
      }
      return j;
    }};

// y = b1*(x**2+x*b2) / (x**2+x*b3+b4)  (MGH09)
const nist_model mgh09{
    [](const VectorXd& b, const MatrixXd& x) -> VectorXd {
      const ArrayXd t = x.col(0).array();
      return b(0) * (t.square() + t * b(1)) / (t.square() + t * b(2) + b(3));
    },
    [](const VectorXd& b, const MatrixXd& x) -> MatrixXd {
      const ArrayXd t = x.col(0).array(), num = t.square() + t * b(1), den = t.square() + t * b(2) + b(3);
      MatrixXd j(t.size(), 4);
      j.col(0) = num / den;
      j.col(1) = b(0) * t / den;
      j.col(2) = -b(0) * num * t / den.square();
      j.col(3) = -b(0) * num / den.square();
      return j;
    }};

// y = b1 / (1+exp[b2-b3*x])  (Rat42)
const nist_model rat42{
    [](const VectorXd& b, const MatrixXd& x) -> VectorXd {
      return b(0) / (1 + (b(1) - b(2) * x.col(0).array()).exp());
    },
    [](const VectorXd& b, const MatrixXd& x) -> MatrixXd {
      const ArrayXd t = x.col(0).array(), e = (b(1) - b(2) * t).exp(), u = 1 + e;
      MatrixXd j(t.size(), 3);
      j.col(0) = 1 / u;
      j.col(1) = -b(0) * e / u.square();
      j.col(2) = b(0) * t * e / u.square();
      return j;
    }};

// y = b1 * exp[b2/(x+b3)]  (MGH10)
const nist_model mgh10{
    [](const VectorXd& b, const MatrixXd& x) -> VectorXd {
      return b(0) * (b(1) / (x.col(0).array() + b(2))).exp();
    },
    [](const VectorXd& b, const MatrixXd& x) -> MatrixXd {
      const ArrayXd d = x.col(0).array() + b(2), e = (b(1) / d).exp();
      MatrixXd j(d.size(), 3);
      j.col(0) = e;
      j.col(1) = b(0) * e / d;
      j.col(2) = -b(0) * b(1) * e / d.square();
      return j;
    }};

// y = (b1/b2) * exp[-0.5*((x-b3)/b2)**2]  (Eckerle4)
const nist_model eckerle4{
    [](const VectorXd& b, const MatrixXd& x) -> VectorXd {
      return b(0) / b(1) * (-0.5 * ((x.col(0).array() - b(2)) / b(1)).square()).exp();
    },
    [](const VectorXd& b, const MatrixXd& x) -> MatrixXd {
      const ArrayXd z = (x.col(0).array() - b(2)) / b(1), g = (-0.5 * z.square()).exp();
      MatrixXd j(z.size(), 3);
      j.col(0) = g / b(1);
      j.col(1) = b(0) * g * (z.square() - 1) / (b(1) * b(1));
      j.col(2) = b(0) * g * z / (b(1) * b(1));
      return j;
    }};

// y = b1 / ((1+exp[b2-b3*x])**(1/b4))  (Rat43)
const nist_model rat43{
    [](const VectorXd& b, const MatrixXd& x) -> VectorXd {
      return b(0) * (1 + (b(1) - b(2) * x.col(0).array()).exp()).pow(-1 / b(3));
    },
    [](const VectorXd& b, const MatrixXd& x) -> MatrixXd {
      const ArrayXd t = x.col(0).array(), e = (b(1) - b(2) * t).exp(), u = 1 + e, w = u.pow(-1 / b(3));
      MatrixXd j(t.size(), 4);
      j.col(0) = w;
      j.col(1) = -b(0) * w * e / (b(3) * u);
      j.col(2) = b(0) * w * e * t / (b(3) * u);
      j.col(3) = b(0) * w * u.log() / (b(3) * b(3));
      return j;
    }};

// y = b1 * (b2+x)**(-1/b3)  (Bennett5)
const nist_model bennett5{
    [](const VectorXd& b, const MatrixXd& x) -> VectorXd {
      return b(0) * (b(1) + x.col(0).array()).pow(-1 / b(2));
    },
    [](const VectorXd& b, const MatrixXd& x) -> MatrixXd {
      const ArrayXd u = b(1) + x.col(0).array(), w = u.pow(-1 / b(2));
      MatrixXd j(u.size(), 3);
      j.col(0) = w;
      j.col(1) = -b(0) * w / (b(2) * u);
      j.col(2) = b(0) * w * u.log() / (b(2) * b(2));
      return j;
    }};

const std::map<std::string, nist_model>& models() {
  static const std::map<std::string, nist_model> all{
      {"Misra1a", exponential_rise}, {"BoxBOD", exponential_rise}, {"Chwirut1", chwirut},
      {"Chwirut2", chwirut},         {"Lanczos1", lanczos},        {"Lanczos2", lanczos},
      {"Lanczos3", lanczos},         {"Gauss1", gauss},            {"Gauss2", gauss},
      {"Gauss3", gauss},             {"DanWood", danwood},         {"Misra1b", misra1b},
      {"Misra1c", misra1c},          {"Misra1d", misra1d},         {"Kirby2", rational(2, 2)},
      {"Hahn1", rational(3, 3)},     {"Thurber", rational(3, 3)},  {"Nelson", nelson},
      {"MGH17", mgh17},              {"Roszman1", roszman1},       {"ENSO", enso},
      {"MGH09", mgh09},              {"Rat42", rat42},             {"MGH10", mgh10},
      {"Eckerle4", eckerle4},        {"Rat43", rat43},             {"Bennett5", bennett5}};
  return all;
}

// Digits of the rss (and so of σ̂ and the standard errors) that double precision allows.
// Lanczos1's certified rss, 1.43e-25, makes its residuals ~9e-14, while one ulp of y (~2.5)
// is 4.4e-16: the rounding of y and of the model's value perturbs each residual by a
// relative ~2e-3. The exact optimum (60-digit Gauss–Newton, mpmath), rounded to double, gives
// an rss evaluated in double with LRE 2.86: no double-precision fit can do better. Every
// other problem allows the full 6.
double attainable_rss_digits(const std::string& name) { return name == "Lanczos1" ? 2.5 : 6; }

VectorXd as_vector(const std::vector<double>& v) { return Eigen::Map<const VectorXd>(v.data(), static_cast<Eigen::Index>(v.size())); }

// The LREs of a fit: the smallest over the parameters, the rss, the smallest over the se.
struct accuracy {
  double coef = 11, rss = 11, se = 11;
};

template <class T>
accuracy assess(const nist::problem& problem, const povstat::nonlinear_result<T>& fit) {
  accuracy a;
  for (std::size_t j = 0; j < problem.estimate.size(); ++j) {
    const auto k = static_cast<Eigen::Index>(j);
    a.coef = std::min(a.coef, nist::lre(static_cast<double>(fit.coef(k)), problem.estimate[j], 11));
    a.se = std::min(a.se, nist::lre(static_cast<double>(fit.se(k)), problem.std_dev[j], 11));
  }
  a.rss = nist::lre(static_cast<double>(fit.rss), problem.rss, 11);
  return a;
}

VectorXd response(const nist::problem& problem, const nist_model& model) {
  return model.log_response ? VectorXd(problem.y.array().log()) : problem.y;
}

povstat::nonlinear_result<double> fit_analytic(const nist::problem& problem, const std::vector<double>& start) {
  const nist_model& model = models().at(problem.name);
  const MatrixXd x = problem.x;
  return povstat::nonlinear_least_squares([&](const VectorXd& b) { return model.predict(b, x); },
                                          [&](const VectorXd& b) { return model.jacobian(b, x); },
                                          response(problem, model), start);
}

povstat::nonlinear_result<double> fit_by_differences(const nist::problem& problem, const std::vector<double>& start) {
  const nist_model& model = models().at(problem.name);
  const MatrixXd x = problem.x;
  return povstat::nonlinear_least_squares([&](const VectorXd& b) { return model.predict(b, x); },
                                          response(problem, model), start);
}

template <class T>
std::string row(const std::string& name, int start, const povstat::nonlinear_result<T>& fit, const accuracy& a) {
  char line[160];
  std::snprintf(line, sizeof line, "| %-8s | %d | %5.1f | %5.1f | %5.1f | %5zu | %6zu | %s |", name.c_str(), start,
                a.coef, a.rss, a.se, fit.iterations, fit.evaluations, std::string(povstat::to_string(fit.status)).c_str());
  return line;
}

const char* const table_header =
    "| problem | start | LRE coef (min) | LRE rss | LRE se (min) | iterations | evaluations | status |\n"
    "|---|---|---|---|---|---|---|---|\n";

}  // namespace

TEST_CASE("NIST StRD nonlinear: the test's analytic Jacobians agree with central differences") {
  // Guards the hand-written derivatives above: at Start 1 and at the certified values, a
  // central difference with step h = 1e-6·|b_j| agrees within 1e-5 of the column's largest
  // entry, plus the rounding error of the difference, 100·ε·max|prediction|/h.
  for (const auto& name : nist::nonlinear_names) {
    const auto problem = nist::read("nonlinear", name);
    const nist_model& model = models().at(name);
    for (const auto& at : {problem.start1, problem.estimate}) {
      const VectorXd b = as_vector(at);
      const MatrixXd j = model.jacobian(b, problem.x);
      for (Eigen::Index k = 0; k < b.size(); ++k) {
        const double h = 1e-6 * (b(k) == 0 ? 1 : std::abs(b(k)));
        VectorXd high = b, low = b;
        high(k) += h;
        low(k) -= h;
        const VectorXd difference = (model.predict(high, problem.x) - model.predict(low, problem.x)) / (high(k) - low(k));
        const double rounding = 100 * 2.2e-16 * model.predict(b, problem.x).cwiseAbs().maxCoeff() / h;
        INFO(name << " column " << k);
        CHECK((difference - j.col(k)).cwiseAbs().maxCoeff() <= 1e-5 * j.col(k).cwiseAbs().maxCoeff() + rounding);
      }
    }
  }
}

TEST_CASE("NIST StRD nonlinear: 6 or more digits on every problem from both starts (analytic Jacobian)") {
  std::string table = table_header;
  for (const auto& name : nist::nonlinear_names) {
    const auto problem = nist::read("nonlinear", name);
    for (int start : {1, 2}) {
      const auto fit = fit_analytic(problem, start == 1 ? problem.start1 : problem.start2);
      const accuracy a = assess(problem, fit);
      table += row(name, start, fit, a) + "\n";
      INFO(row(name, start, fit, a));
      CHECK(fit.status == povstat::fit_status::converged);
      CHECK(a.coef >= 6);
      CHECK(a.rss >= attainable_rss_digits(name));
      CHECK(a.se >= attainable_rss_digits(name));
    }
  }
  MESSAGE("NIST StRD nonlinear, analytic Jacobian, default options:\n" << table);
}

TEST_CASE("NIST StRD nonlinear: finite-difference Jacobian") {
  std::string table = table_header;
  for (const auto& name : nist::nonlinear_names) {
    const auto problem = nist::read("nonlinear", name);
    for (int start : {1, 2}) {
      const auto fit = fit_by_differences(problem, start == 1 ? problem.start1 : problem.start2);
      const accuracy a = assess(problem, fit);
      table += row(name, start, fit, a) + "\n";
      INFO(row(name, start, fit, a));
      CHECK(fit.status == povstat::fit_status::converged);
      if (name == "BoxBOD" && start == 1) {
        // The one failure, documented in docs/accuracy.md: MINPACK's first step (initial
        // radius 100·‖D·b‖) sends b2 from 1 to 111, where 1 − exp(−b2·x) is exactly 1 in
        // double for every x, so differences see a model flat in b2 (the analytic derivative,
        // ~1e-46, still leads back). The fit stops on that plateau, b1 = mean of y, and flags
        // it: J is singular there, so the standard errors are NaN.
        CHECK(fit.coef(0) == doctest::Approx(problem.y.mean()).epsilon(1e-12));
        CHECK(fit.se.array().isNaN().all());
        continue;
      }
      CHECK(a.coef >= 6);
      CHECK(a.rss >= attainable_rss_digits(name));
      CHECK(a.se >= attainable_rss_digits(name));
    }
  }
  MESSAGE("NIST StRD nonlinear, finite-difference Jacobian, default options:\n" << table);
}

TEST_CASE("NIST StRD nonlinear: Lanczos1 in long double reaches 6 digits on the rss too") {
  // The data parsed again in long double (parsing in double would keep double's rounding of
  // y, the very limit this test removes), the model evaluated in long double (ε = 1.1e-19).
  using T = long double;
  const auto problem = nist::read("nonlinear", "Lanczos1");
  const auto n = problem.y.size();
  std::ifstream in(nist::directory() / "nonlinear" / "Lanczos1.dat");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  Eigen::VectorX<T> y(n), x(n);
  auto line = lines.rbegin();
  for (Eigen::Index i = n - 1; i >= 0; ++line) {  // the data are the last n lines
    std::istringstream fields(*line);
    std::string y_text, x_text;
    if (!(fields >> y_text >> x_text)) continue;
    y(i) = std::strtold(y_text.c_str(), nullptr);
    x(i) = std::strtold(x_text.c_str(), nullptr);
    --i;
  }
  REQUIRE(static_cast<double>(y(0)) == problem.y(0));
  REQUIRE(static_cast<double>(x(n - 1)) == problem.x(n - 1, 0));

  const auto predict = [&](const Eigen::VectorX<T>& b) -> Eigen::VectorX<T> {
    return b(0) * (-b(1) * x.array()).exp() + b(2) * (-b(3) * x.array()).exp() + b(4) * (-b(5) * x.array()).exp();
  };
  const auto jacobian = [&](const Eigen::VectorX<T>& b) -> Eigen::MatrixX<T> {
    Eigen::MatrixX<T> j(n, 6);
    for (int k = 0; k < 3; ++k) {
      const Eigen::ArrayX<T> e = (-b(2 * k + 1) * x.array()).exp();
      j.col(2 * k) = e;
      j.col(2 * k + 1) = -b(2 * k) * x.array() * e;
    }
    return j;
  };
  std::string table = table_header;
  for (int start : {1, 2}) {
    const std::vector<double>& from = start == 1 ? problem.start1 : problem.start2;
    const std::vector<T> start_values(from.begin(), from.end());
    for (const auto& fit : {povstat::nonlinear_least_squares(predict, jacobian, y, start_values),
                            povstat::nonlinear_least_squares(predict, y, start_values)}) {
      const accuracy a = assess(problem, fit);
      table += row("Lanczos1", start, fit, a) + "\n";
      INFO(row("Lanczos1", start, fit, a));
      CHECK(fit.status == povstat::fit_status::converged);
      CHECK(a.coef >= 6);
      CHECK(a.rss >= 6);
      CHECK(a.se >= 6);
    }
  }
  MESSAGE("Lanczos1 in long double (rows: analytic, then finite differences, per start):\n" << table);
}
