// The result protocol of benchmarks/compare, shared by the C++ programs (compare_povstat and
// compare_cpeers); the Python and R peers implement the same in common.py and peer_R.R.
//
// Every timed task prints ONE line
//   RESULT {"peer", "workload", "task", "n_full", "n_timed", "reps", "median_s", "extrap_s",
//           "checksum", "out", "ncol", "note"}
// and writes its per-item results (row-major float64, n_timed rows of ncol columns) to
// $PEER_OUT/<peer>__<workload>__<task>.f64, which compare_report.py checks against the NumPy
// reference. Inputs are the little-endian, row-major files of gen_data.py in $PEER_DATA.
#ifndef POVSTAT_BENCHMARKS_RESULT_PROTOCOL_HPP
#define POVSTAT_BENCHMARKS_RESULT_PROTOCOL_HPP

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace compare {

/// The concatenation of strings (string literals, std::string, std::string_view). Used
/// instead of `"literal" + std::to_string(x)`, which g++ 12 at -O3 flags with a false
/// -Wrestrict (GCC bug 105329).
template <class... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

/// An environment variable, or `fallback` when it is unset or empty.
inline std::string env(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : fallback;
}

inline std::string data_dir() { return env("PEER_DATA", "data"); }
inline std::string out_dir() { return env("PEER_OUT", "out"); }
inline int reps() { return std::max(1, std::atoi(env("PEER_REPS", "3").c_str())); }

/// The whole text of a file.
inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A number from meta.json (written by gen_data.py: `"key": value`).
inline double meta_number(const std::string& meta, const std::string& key) {
  const std::string quoted = "\"" + key + "\":";
  const auto at = meta.find(quoted);
  if (at == std::string::npos) throw std::runtime_error("meta.json has no " + key);
  return std::strtod(meta.c_str() + at + quoted.size(), nullptr);
}

/// Reads `count` values of type V from the data file `name` into `out` (must hold count).
template <class V>
void read_into(const std::string& name, V* out, std::size_t count) {
  const std::string path = data_dir() + "/" + name;
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) throw std::runtime_error("cannot open " + path);
  const std::size_t got = std::fread(out, sizeof(V), count, file);
  std::fclose(file);
  if (got != count)
    throw std::runtime_error(path + ": read " + std::to_string(got) + " of " + std::to_string(count) + " values");
}

template <class V>
std::vector<V> read_file(const std::string& name, std::size_t count) {
  std::vector<V> values(count);
  read_into(name, values.data(), count);
  return values;
}

/// Reads a row-major (rows × cols) float64 file in blocks of rows, handing each row to
/// `row(index, pointer)`: the file is never held whole in memory.
template <class Row>
void for_each_row(const std::string& name, std::size_t rows, std::size_t cols, Row&& row) {
  const std::string path = data_dir() + "/" + name;
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) throw std::runtime_error("cannot open " + path);
  constexpr std::size_t block = 4096;
  std::vector<double> buffer(block * cols);
  for (std::size_t first = 0; first < rows; first += block) {
    const std::size_t n = std::min(block, rows - first);
    if (std::fread(buffer.data(), sizeof(double), n * cols, file) != n * cols) {
      std::fclose(file);
      throw std::runtime_error(path + ": file shorter than " + std::to_string(rows) + " rows");
    }
    for (std::size_t i = 0; i < n; ++i) row(first + i, buffer.data() + i * cols);
  }
  std::fclose(file);
}

/// Seconds of each of `reps()` runs of `task`; `task` keeps its result itself.
template <class Task>
std::vector<double> time_reps(Task&& task) {
  std::vector<double> seconds;
  for (int r = 0; r < reps(); ++r) {
    const auto start = std::chrono::steady_clock::now();
    task();
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return seconds;
}

inline double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/// A string as a JSON string literal.
inline std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

inline std::string number(double value, const char* format = "%.10e") {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char text[64];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

/// As `emit`, but the `rows` rows of the output are produced one at a time by `row(i, double* values)` and
/// written in blocks: no copy of all results is held (the W1 memory measurements count only
/// what povstat holds).
template <class Row>
void emit_rows(const std::string& peer, const std::string& workload, const std::string& task,
               std::size_t n_full, std::size_t n_timed, const std::vector<double>& seconds, std::size_t rows,
               std::size_t ncol, const std::string& note, const std::string& extra, Row&& row);

/// One task's record: writes out/<peer>__<workload>__<task>.f64 and prints the RESULT line.
/// `values` is row-major with `ncol` columns. `extra` is appended to the JSON object as is
/// (e.g. `, "iter_mean": 4.1`).
template <class Row>
void emit_rows(const std::string& peer, const std::string& workload, const std::string& task,
               std::size_t n_full, std::size_t n_timed, const std::vector<double>& seconds, std::size_t rows,
               std::size_t ncol, const std::string& note, const std::string& extra, Row&& row) {
  const std::string file_name = peer + "__" + workload + "__" + task + ".f64";
  const std::string path = out_dir() + "/" + file_name;
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) throw std::runtime_error("cannot write " + path);
  // Checksum as common.py: column sums ignoring NaN.
  std::vector<double> sums(ncol, 0.0);
  constexpr std::size_t block = 4096;
  std::vector<double> buffer(block * ncol);
  for (std::size_t first = 0; first < rows; first += block) {
    const std::size_t n = std::min(block, rows - first);
    for (std::size_t i = 0; i < n; ++i) {
      double* values = buffer.data() + i * ncol;
      row(first + i, values);
      for (std::size_t c = 0; c < ncol; ++c)
        if (!std::isnan(values[c])) sums[c] += values[c];
    }
    std::fwrite(buffer.data(), sizeof(double), n * ncol, file);
  }
  std::fclose(file);
  std::string checksum;
  for (std::size_t c = 0; c < ncol; ++c) {
    if (c > 0) checksum += ' ';
    checksum += number(sums[c]);
  }

  const double med = median(seconds);
  std::ostringstream line;
  line << "RESULT {\"peer\": " << json_string(peer) << ", \"workload\": " << json_string(workload)
       << ", \"task\": " << json_string(task) << ", \"n_full\": " << n_full << ", \"n_timed\": " << n_timed
       << ", \"reps\": [";
  for (std::size_t r = 0; r < seconds.size(); ++r) line << (r ? ", " : "") << number(seconds[r], "%.6f");
  line << "], \"median_s\": " << number(med, "%.9f")
       << ", \"extrap_s\": " << number(med * static_cast<double>(n_full) / static_cast<double>(n_timed), "%.9f")
       << ", \"checksum\": " << json_string(checksum) << ", \"out\": " << json_string(file_name)
       << ", \"ncol\": " << ncol << ", \"note\": " << json_string(note) << extra << "}";
  std::printf("%s\n", line.str().c_str());
  std::fflush(stdout);
}

/// One task's record: `values` is row-major with `ncol` columns (see emit_rows).
inline void emit(const std::string& peer, const std::string& workload, const std::string& task,
                 std::size_t n_full, std::size_t n_timed, const std::vector<double>& seconds,
                 const std::vector<double>& values, std::size_t ncol, const std::string& note,
                 const std::string& extra = "") {
  emit_rows(peer, workload, task, n_full, n_timed, seconds, values.size() / ncol, ncol, note, extra,
            [&](std::size_t i, double* row) {
              for (std::size_t c = 0; c < ncol; ++c) row[c] = values[i * ncol + c];
            });
}

/// The sizes of the generated data (meta.json).
struct sizes {
  std::size_t M, N, R, B;
  double z;
};

inline sizes read_sizes() {
  const std::string meta = read_text(data_dir() + "/meta.json");
  const auto count = [&](const char* key) { return static_cast<std::size_t>(meta_number(meta, key)); };
  return {count("M"), count("N"), count("R"), count("B"), meta_number(meta, "z")};
}

constexpr std::size_t years = 15;  ///< every series: 2006..2020, x = year − 2006 = 0..14

}  // namespace compare

#endif  // POVSTAT_BENCHMARKS_RESULT_PROTOCOL_HPP
