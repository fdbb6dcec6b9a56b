// The bad-input matrix of issue #8: every row of errors_matrix.inc is executed here (the
// call must throw exactly the exception type with exactly the message of the row, or the
// documented outcome must hold), and docs/errors.md must list every row exactly as
// scripts/errors_matrix.py writes it. errors_matrix.inc is the one source of truth: the
// script generates the table of docs/errors.md from it, and the CTest test
// `hardening_errors_doc` (scripts/errors_matrix.py --check) checks that the whole generated
// section of the document is byte-identical and that every public function has a row.
//
// To add a row: append a POVSTAT_THROWS / POVSTAT_RETURNS line to errors_matrix.inc, then run
// `python3 scripts/errors_matrix.py --write` and this suite.

#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <optional>
#include <ostream>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "povstat/povstat.hpp"

namespace errors_matrix {

using namespace povstat;  // the rows read as user code
using V = std::vector<double>;
using names = std::vector<std::string>;
using matrix = Eigen::MatrixXd;

inline const double nan_v = std::numeric_limits<double>::quiet_NaN();
inline const double inf_v = std::numeric_limits<double>::infinity();
inline const double tiny = std::numeric_limits<double>::denorm_min();
inline const double big = std::numeric_limits<double>::max();

/// A series without population.
inline population_series<double> S(const V& years, const V& poor) { return population_series<double>(years, poor); }
/// A series with population.
inline population_series<double> S(const V& years, const V& poor, const V& population) {
  return population_series<double>(years, poor, population);
}

/// Ten falling counts, 2010..2019, with population: a series every model fits.
inline const population_series<double>& good_series() {
  static const population_series<double> s(V{2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019},
                                           V{1000, 905, 819, 741, 670, 607, 549, 497, 449, 407},
                                           V{5000, 5010, 5020, 5030, 5040, 5050, 5060, 5070, 5080, 5090});
  return s;
}
inline const trend_fit<double>& linear_fit() {
  static const trend_fit<double> f = fit_linear(good_series());
  return f;
}
inline const trend_fit<double>& poisson_fit() {
  static const trend_fit<double> f = fit_poisson(good_series());
  return f;
}

/// The fit fit_all gives a region with too few observed years (status insufficient_data).
inline trend_fit<double> short_fit();

/// A regions × years matrix from its values row by row.
inline matrix M(Eigen::Index rows, Eigen::Index cols, std::initializer_list<double> row_major) {
  matrix m(rows, cols);
  auto it = row_major.begin();
  for (Eigen::Index r = 0; r < rows; ++r)
    for (Eigen::Index c = 0; c < cols; ++c) m(r, c) = it == row_major.end() ? 0.0 : *it++;
  return m;
}

/// A cohort (throws as the constructor does).
inline regional_cohort<double> C(names regions, V years, matrix poor, names parents = {}, matrix population = {}) {
  return regional_cohort<double>(cohort_data<double>{std::move(regions), std::move(years), std::move(poor),
                                                     std::move(parents), std::move(population)});
}
/// Two regions A (parent of B) over six years, every cell present.
inline const regional_cohort<double>& good_cohort() {
  static const regional_cohort<double> c =
      C({"A", "B"}, {2014, 2015, 2016, 2017, 2018, 2019},
        M(2, 6, {100, 90, 81, 73, 66, 59, 50, 45, 40, 36, 33, 30}), {"", "A"});
  return c;
}

inline trend_fit<double> short_fit() {
  return fit_all(C({"A", "B"}, {1, 2, 3}, M(2, 3, {3, 2, 1, 3, nan_v, 1})), trend_model::linear)[1];
}

/// read_series_csv / read_cohort_csv of `text`, named s.csv / c.csv in messages.
inline population_series<double> RS(const std::string& text) {
  std::istringstream in(text);
  return read_series_csv(in, "s.csv");
}
inline regional_cohort<double> RC(const std::string& text) {
  std::istringstream in(text);
  return read_cohort_csv(in, "c.csv");
}
/// An output stream whose every write fails (badbit), as on a full disk.
struct failing_stream : std::ostream {
  failing_stream() : std::ostream(nullptr) {}
};

/// Grouped data: Datt (1998)'s shape, 5 points.
inline grouped_data<double> G() { return grouped_data<double>{{0.2, 0.4, 0.6, 0.8, 1}, {0.06, 0.17, 0.33, 0.55, 1}, 100}; }

/// One deprivation matrix, 3 people × 2 indicators.
inline matrix D() { return M(3, 2, {1, 0, 1, 1, 0, 0}); }

/// A fresh accumulator that has seen one value.
template <class A>
A with_one(A a) {
  a.add(1.0);
  return a;
}

struct row {
  const char* function;
  const char* input;
  const char* error;    // exception type; nullptr for a returning row
  const char* message;  // exact what(); or the outcome text of a returning row
  std::function<void()> call;
  std::function<bool()> holds;
};

#define POVSTAT_THROWS(function, input, error, message, ...) \
  row{function, input, #error, message, [] { (void)(__VA_ARGS__); }, nullptr},
#define POVSTAT_RETURNS(function, input, outcome, ...) \
  row{function, input, nullptr, outcome, nullptr, [] { return static_cast<bool>(__VA_ARGS__); }},
#define POVSTAT_NO_BAD_INPUT(functions, reason)

inline const std::vector<row>& rows() {
  static const std::vector<row> table = {
#include "errors_matrix.inc"
  };
  return table;
}

#undef POVSTAT_THROWS
#undef POVSTAT_RETURNS
#undef POVSTAT_NO_BAD_INPUT

/// What a row's call did: "<type>: <message>", "returns: holds", "returns: does not hold".
inline std::string observe(const row& r) {
  try {
    if (r.call) {
      r.call();
      return "returns (no exception)";
    }
    return r.holds() ? "returns: holds" : "returns: does not hold";
  } catch (const povstat::invalid_input& e) {
    return std::string("invalid_input: ") + e.what();
  } catch (const povstat::insufficient_data& e) {
    return std::string("insufficient_data: ") + e.what();
  } catch (const povstat::convergence_error& e) {
    return std::string("convergence_error: ") + e.what();
  } catch (const std::exception& e) {
    const char* type = typeid(e) == typeid(std::runtime_error) ? "std::runtime_error" : typeid(e).name();
    return std::string(type) + ": " + e.what();
  }
}

inline std::string expected(const row& r) {
  if (!r.error) return "returns: holds";
  return std::string(r.error) + ": " + r.message;
}

/// The markdown line scripts/errors_matrix.py writes for a row (keep the two in step).
inline std::string markdown_cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}
inline std::string markdown_line(const row& r) {
  std::string outcome = r.error ? "`" + std::string(r.error) + "`: `" + r.message + "`"
                                : std::string("returns: ") + r.message;
  return "| `" + std::string(r.function) + "` | " + markdown_cell(r.input) + " | " + markdown_cell(outcome) +
         " |";
}

}  // namespace errors_matrix

TEST_SUITE_BEGIN("hardening");

TEST_CASE("every row of the bad-input matrix does what the row says") {
  const auto& table = errors_matrix::rows();
  REQUIRE(table.size() > 100);
  std::ofstream dump;
  if (const char* path = std::getenv("POVSTAT_ERRORS_MATRIX_DUMP")) dump.open(path);
  for (std::size_t i = 0; i < table.size(); ++i) {
    const auto& r = table[i];
    const std::string observed = errors_matrix::observe(r);
    if (dump.is_open()) dump << i << '\t' << observed << '\n';
    CAPTURE(i);
    const std::string function = r.function, input = r.input;
    CAPTURE(function);
    CAPTURE(input);
    CHECK(observed == errors_matrix::expected(r));
  }
}

TEST_CASE("docs/errors.md lists every row of the bad-input matrix") {
  std::ifstream in(std::filesystem::path(POVSTAT_TEST_DATA_DIR) / ".." / ".." / "docs" / "errors.md");
  REQUIRE(in.good());
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const auto& r : errors_matrix::rows()) {
    const std::string line = errors_matrix::markdown_line(r) + "\n";
    CAPTURE(line);
    CHECK(doc.find(line) != std::string::npos);
  }
}

TEST_SUITE_END();
