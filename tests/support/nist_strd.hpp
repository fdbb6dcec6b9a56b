// Test-side reader of the NIST StRD regression files (linear and nonlinear), and the log
// relative error NIST uses to report accuracy. Written from the file layout described in
// shared/data/nist-strd/README.md; independent of the code under test.
#ifndef POVSTAT_TESTS_SUPPORT_NIST_STRD_HPP
#define POVSTAT_TESTS_SUPPORT_NIST_STRD_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <utility>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace nist {

struct problem {
  std::string name;
  Eigen::VectorXd y;
  Eigen::MatrixXd x;             // n × predictors, in file order
  std::vector<double> estimate;  // certified parameters B0.. (linear) or b1.. (nonlinear)
  std::vector<double> std_dev;   // their certified standard deviations
  std::vector<double> start1, start2;  // nonlinear only
  double residual_sd = NAN;
  double r_squared = NAN;        // linear only
  double rss = NAN;              // certified residual sum of squares
  double df = NAN;               // residual degrees of freedom
};

/// Where the data sets are: tests/reference/nist-strd (a verbatim copy of NIST's files,
/// public domain), passed in by the build as POVSTAT_TEST_DATA_DIR.
inline std::filesystem::path directory() { return std::filesystem::path(POVSTAT_TEST_DATA_DIR) / "nist-strd"; }

inline std::vector<double> numbers(const std::string& text) {
  std::vector<double> out;
  std::istringstream in(text);
  std::string token;
  while (in >> token) {
    try {
      std::size_t used = 0;
      const double v = std::stod(token, &used);
      if (used == token.size()) out.push_back(v);
    } catch (const std::exception&) {
    }
  }
  return out;
}

/// Reads `<directory>/<kind>/<name>.dat`, kind "linear" or "nonlinear".
inline problem read(const std::string& kind, const std::string& name) {
  const auto path = directory() / kind / (name + ".dat");
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  const auto range = [&](const std::string& what) {
    const std::regex re(what + R"(\s*\(lines\s+(\d+)\s+to\s+(\d+)\))");
    std::smatch m;
    for (const auto& line : lines)
      if (std::regex_search(line, m, re)) return std::pair<std::size_t, std::size_t>(std::stoul(m[1]), std::stoul(m[2]));
    throw std::runtime_error(name + ": no " + what + " line range");
  };
  problem p;
  p.name = name;
  const auto [c0, c1] = range("Certified Values");
  const std::regex parameter(R"(^\s*[Bb]\d+\s)");
  for (std::size_t i = c0; i <= c1; ++i) {
    const std::string& line = lines[i - 1];
    if (std::smatch label; std::regex_search(line, label, parameter)) {
      const auto v = numbers(line.substr(static_cast<std::size_t>(label.position(0) + label.length(0))));
      if (kind == "linear") {
        p.estimate.push_back(v.at(0));
        p.std_dev.push_back(v.at(1));
      } else {
        p.start1.push_back(v.at(0));
        p.start2.push_back(v.at(1));
        p.estimate.push_back(v.at(2));
        p.std_dev.push_back(v.at(3));
      }
    } else if (line.find("Standard Deviation") != std::string::npos &&
               line.find("Parameter") == std::string::npos) {
      const auto v = numbers(line.substr(line.find("Deviation") + 10));
      if (!v.empty()) p.residual_sd = v.back();
    } else if (line.find("R-Squared") != std::string::npos) {
      p.r_squared = numbers(line.substr(line.find("R-Squared") + 9)).at(0);
    } else if (line.find("Residual Sum of Squares:") != std::string::npos) {
      p.rss = numbers(line.substr(line.find(':') + 1)).at(0);
    } else if (line.find("Degrees of Freedom:") != std::string::npos) {
      p.df = numbers(line.substr(line.find(':') + 1)).at(0);
    } else if (line.rfind("Residual", 0) == 0) {  // linear ANOVA row: df, SS, MS
      const auto v = numbers(line.substr(8));
      if (v.size() >= 2) {
        p.df = v[0];
        p.rss = v[1];
      }
    }
  }
  const auto [d0, d1] = range("Data");
  std::vector<std::vector<double>> rows;
  for (std::size_t i = d0; i <= d1; ++i) {
    auto v = numbers(lines[i - 1]);
    if (!v.empty()) rows.push_back(std::move(v));
  }
  const auto n = static_cast<Eigen::Index>(rows.size());
  const auto k = static_cast<Eigen::Index>(rows.at(0).size()) - 1;
  p.y.resize(n);
  p.x.resize(n, k);
  for (Eigen::Index i = 0; i < n; ++i) {
    p.y(i) = rows[static_cast<std::size_t>(i)].at(0);
    for (Eigen::Index j = 0; j < k; ++j) p.x(i, j) = rows[static_cast<std::size_t>(i)].at(static_cast<std::size_t>(j + 1));
  }
  return p;
}

/// NIST's log relative error: -log10(|computed - certified| / |certified|), or
/// -log10(|computed|) when certified is 0; capped at the digits certified (15 linear, 11
/// nonlinear) — more agreement than that cannot be claimed.
inline double lre(double computed, double certified, double digits) {
  if (std::isnan(computed)) return 0;
  const double err = certified == 0 ? std::abs(computed) : std::abs(computed - certified) / std::abs(certified);
  if (err == 0) return digits;
  return std::min(digits, std::max(0.0, -std::log10(err)));
}

inline const std::vector<std::string> linear_names{"Norris", "Pontius", "NoInt1", "NoInt2", "Filip", "Longley", "Wampler1", "Wampler2", "Wampler3", "Wampler4", "Wampler5"};
inline const std::vector<std::string> nonlinear_names{"Misra1a", "Chwirut2", "Chwirut1", "Lanczos3", "Gauss1", "Gauss2", "DanWood", "Misra1b", "Kirby2", "Hahn1", "Nelson", "MGH17", "Lanczos1", "Lanczos2", "Gauss3", "Misra1c", "Misra1d", "Roszman1", "ENSO", "MGH09", "Thurber", "BoxBOD", "Rat42", "MGH10", "Eckerle4", "Rat43", "Bennett5"};

}  // namespace nist

#endif
