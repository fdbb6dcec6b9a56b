// Round-trip properties of the CSV readers and writers on seeded random series and cohorts,
// the bundled example data, and read failures of the underlying stream.
//
// Property: for every valid object x, read(write(x)) == x (and every present value has the
// same bit pattern, so -0, subnormals and the last bit survive), and write(read(write(x)))
// is byte-identical to write(x).

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <ios>
#include <limits>
#include <numeric>
#include <random>
#include <span>
#include <sstream>
#include <streambuf>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "io_test_support.hpp"
#include "povstat/io.hpp"

using io_test::read_cohort;
using io_test::read_series;
using io_test::write_cohort;
using io_test::write_series;

namespace {

using rng_t = std::mt19937_64;

bool chance(rng_t& rng, double p) { return std::bernoulli_distribution(p)(rng); }

template <class I>
I uniform(rng_t& rng, I lo, I hi) {
  return std::uniform_int_distribution<I>(lo, hi)(rng);
}

/// A finite value >= 0 of T (its sign bit may be set only for -0), of one of many kinds:
/// zeros, the smallest subnormal, random subnormals, the smallest normal, the largest finite
/// value, random magnitudes over the whole exponent range, tiny and huge ones, counts of
/// people, integers below 2^digits and decimal fractions.
template <std::floating_point T>
T draw_count(rng_t& rng, bool allow_negative_zero = true) {
  using limits = std::numeric_limits<T>;
  // A random significand in [0.5, 1] scaled by 2^e (ldexp rounds into the subnormal range);
  // a significand rounded up to 1 at the top exponent would overflow, so that gives max().
  const auto scaled = [&](int lo, int hi) {
    const T significand = T(0.5) + T(rng() >> 11) * T(0x1p-54);
    const T value = std::ldexp(significand, uniform(rng, lo, hi));
    return std::isfinite(value) ? value : limits::max();
  };
  switch (uniform(rng, 0, 11)) {
    case 0:
      return T(0);
    case 1:
      return allow_negative_zero ? -T(0) : T(0);
    case 2:
      return limits::denorm_min();
    case 3:  // subnormal: below min() = 2^(min_exponent - 1)
      return scaled(limits::min_exponent - limits::digits + 1, limits::min_exponent - 1);
    case 4:
      return limits::min();
    case 5:
      return limits::max();
    case 6:  // anywhere in the finite range
      return scaled(limits::min_exponent - limits::digits + 1, limits::max_exponent);
    case 7:  // tiny normals
      return scaled(limits::min_exponent, limits::min_exponent + 40);
    case 8:  // huge
      return scaled(limits::max_exponent - 40, limits::max_exponent);
    case 9:  // counts of people
      return T(uniform<std::int64_t>(rng, 0, 2'000'000'000));
    case 10:  // integers below 2^digits (exact)
      return T(rng() >> (64 - std::min(limits::digits, 63)));
    default:  // decimal fractions, inexact in binary
      return T(uniform<std::int64_t>(rng, 0, 10'000'000)) / T(100);
  }
}

/// A population for a cell whose poor count is `poor` (NaN when missing): > 0 and >= poor.
template <std::floating_point T>
T draw_population(rng_t& rng, T poor) {
  T n = draw_count<T>(rng, false);
  if (!(n > T(0))) n = std::numeric_limits<T>::denorm_min();
  if (!std::isnan(poor) && n < poor) n = chance(rng, 0.5) ? poor : std::numeric_limits<T>::max();
  return n;
}

/// `count` finite, strictly increasing years: plain, fractional, huge or subnormal starts,
/// and steps from one ulp up to max() / 64 (at most 14 of them after a start >= -max() / 4,
/// so no year overflows).
template <std::floating_point T>
std::vector<T> draw_years(rng_t& rng, std::size_t count) {
  using limits = std::numeric_limits<T>;
  T year{};
  switch (uniform(rng, 0, 4)) {
    case 0:
      year = T(uniform(rng, 1950, 2030));
      break;
    case 1:
      year = T(uniform(rng, -100000, 100000)) / T(7);
      break;
    case 2:
      year = -limits::max() / T(4);
      break;
    case 3:
      year = limits::denorm_min() * T(uniform(rng, -3, 3));
      break;
    default:
      year = T(uniform(rng, 0, 1 << 20)) + T(0.25);
      break;
  }
  std::vector<T> years{year};
  while (years.size() < count) {
    T step{};
    switch (uniform(rng, 0, 6)) {
      case 0:
        step = T(1);
        break;
      case 1:
        step = T(0.25);
        break;
      case 2:
        step = T(1) / T(3);
        break;
      case 3:
        step = T(uniform(rng, 1, 1000)) / T(97);
        break;
      case 4:
        step = limits::max() / T(64);
        break;
      default:
        step = T(0);
        break;  // the next representable value
    }
    T next = years.back() + step;
    if (!(next > years.back()) || !std::isfinite(next))
      next = std::nextafter(years.back(), limits::infinity());
    years.push_back(next);
  }
  return years;
}

/// A non-empty name of 1 to 8 pieces from UTF-8 text and the characters CSV must quote.
std::string draw_name(rng_t& rng) {
  // clang-format off
  static const std::vector<std::string> pieces = {
      "a", "Z", "q7", " ", ",", "\"", "\"\"", "\n", "\r", "\r\n", "内蒙古", "Côte d'Ivoire", "é",
      "\xF0\x9F\x99\x82" /* U+1F642 */, "'", "NA", "0", "1.5", "-", "\t",
      "\xEF\xBB\xBF" /* a byte order mark, here inside a name */, std::string(1, '\0')};
  // clang-format on
  std::string name;
  const int n = uniform(rng, 1, 8);
  for (int i = 0; i < n; ++i) name += pieces[uniform<std::size_t>(rng, 0, pieces.size() - 1)];
  return name;
}

/// Counts of the features the random cohorts exercised, so the test can check it saw them.
struct coverage {
  int with_population = 0, with_hierarchy = 0, empty_region = 0, empty_year = 0, line_break = 0;
  int subnormal = 0, negative_zero = 0, max_value = 0, all_top_level = 0;
  // Region names (counted once per cohort that has one): a lone CR, a comma, a double quote,
  // a byte >= 0x80 (multibyte UTF-8), a leading or trailing space, a child whose parent's
  // name needs quoting.
  int lone_cr = 0, comma = 0, quote = 0, multibyte = 0, edge_space = 0, quoted_parent = 0;
};

/// Notes which of the characters CSV must take care of the cohort's names hold.
void note_names(coverage& seen, const std::vector<std::string>& regions, const std::vector<std::string>& parents) {
  const auto any = [&](auto&& has) { return std::ranges::any_of(regions, has); };
  seen.lone_cr += any([](const std::string& n) {
    for (std::size_t i = 0; i < n.size(); ++i)
      if (n[i] == '\r' && (i + 1 == n.size() || n[i + 1] != '\n')) return true;
    return false;
  });
  seen.comma += any([](const std::string& n) { return n.find(',') != std::string::npos; });
  seen.quote += any([](const std::string& n) { return n.find('"') != std::string::npos; });
  seen.multibyte += any([](const std::string& n) {
    return std::ranges::any_of(n, [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  });
  seen.edge_space += any([](const std::string& n) { return n.front() == ' ' || n.back() == ' '; });
  seen.quoted_parent += std::ranges::any_of(parents, [](const std::string& p) {
    return p.find_first_of(",\"\r\n") != std::string::npos;
  });
}

void note_value(coverage& seen, double v) {
  if (v != 0 && std::fpclassify(v) == FP_SUBNORMAL) ++seen.subnormal;
  if (v == 0 && std::signbit(v)) ++seen.negative_zero;
  if (v == std::numeric_limits<double>::max()) ++seen.max_value;
}

povstat::regional_cohort<double> draw_cohort(rng_t& rng, coverage& seen) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  const std::size_t R = uniform<std::size_t>(rng, 1, 12), Y = uniform<std::size_t>(rng, 1, 15);
  povstat::cohort_data<double> data;
  while (data.regions.size() < R) {
    std::string name = draw_name(rng);
    if (std::ranges::find(data.regions, name) == data.regions.end())
      data.regions.push_back(std::move(name));
  }
  data.years = draw_years<double>(rng, Y);

  const double missing = std::array{0.0, 0.2, 0.6}[uniform<std::size_t>(rng, 0, 2)];
  const bool with_population = chance(rng, 0.5);
  const auto rows = static_cast<Eigen::Index>(R), cols = static_cast<Eigen::Index>(Y);
  data.poor.resize(rows, cols);
  if (with_population) data.population.resize(rows, cols);
  for (Eigen::Index r = 0; r < rows; ++r)
    for (Eigen::Index y = 0; y < cols; ++y) {
      const double p = chance(rng, missing) ? nan : draw_count<double>(rng);
      data.poor(r, y) = p;
      if (with_population)
        data.population(r, y) = chance(rng, missing) ? nan : draw_population<double>(rng, p);
    }
  // Sometimes a region, or a year, without any value.
  if (chance(rng, 0.2)) {
    const auto r = uniform<Eigen::Index>(rng, 0, rows - 1);
    data.poor.row(r).setConstant(nan);
    if (with_population) data.population.row(r).setConstant(nan);
    ++seen.empty_region;
  }
  if (chance(rng, 0.2)) {
    const auto y = uniform<Eigen::Index>(rng, 0, cols - 1);
    data.poor.col(y).setConstant(nan);
    if (with_population) data.population.col(y).setConstant(nan);
    ++seen.empty_year;
  }

  // A random forest: each region may take as parent a region of lower random rank, so there
  // is no cycle, and parents are listed before or after their children. Sometimes every
  // region is explicitly top level (parents all empty), which is written without a parent
  // column and must still read back equal.
  if (chance(rng, 0.1)) {
    data.parents.assign(R, "");
    ++seen.all_top_level;
  } else if (R >= 2 && chance(rng, 0.6)) {
    std::vector<std::size_t> by_rank(R);
    std::iota(by_rank.begin(), by_rank.end(), std::size_t{0});
    std::ranges::shuffle(by_rank, rng);
    data.parents.assign(R, "");
    for (std::size_t k = 1; k < R; ++k)
      if (chance(rng, 0.6))
        data.parents[by_rank[k]] = data.regions[by_rank[uniform<std::size_t>(rng, 0, k - 1)]];
    if (std::ranges::all_of(data.parents, [](const std::string& p) { return p.empty(); }))
      data.parents[by_rank[1]] = data.regions[by_rank[0]];
    ++seen.with_hierarchy;
  }
  if (with_population) ++seen.with_population;
  note_names(seen, data.regions, data.parents);
  if (std::ranges::any_of(data.regions, [](const std::string& n) {
        return n.find_first_of("\r\n") != std::string::npos;
      }))
    ++seen.line_break;
  for (Eigen::Index i = 0; i < data.poor.size(); ++i) note_value(seen, data.poor.data()[i]);
  for (Eigen::Index i = 0; i < data.population.size(); ++i)
    note_value(seen, data.population.data()[i]);
  return povstat::regional_cohort<double>(std::move(data));
}

template <std::floating_point T>
povstat::population_series<T> draw_series(rng_t& rng, bool allow_subnormal = true) {
  const std::size_t n = uniform<std::size_t>(rng, 1, 30);
  const auto subnormal = [](T v) { return std::fpclassify(v) == FP_SUBNORMAL; };
  std::vector<T> years;
  do years = draw_years<T>(rng, n);
  while (!allow_subnormal && std::ranges::any_of(years, subnormal));
  std::vector<T> poor(n), population(n);
  const auto count = [&] {
    for (;;) {
      const T v = draw_count<T>(rng);
      if (allow_subnormal || !subnormal(v)) return v;
    }
  };
  for (std::size_t i = 0; i < n; ++i) poor[i] = count();
  if (!chance(rng, 0.5)) return povstat::population_series<T>(years, poor);
  for (std::size_t i = 0; i < n; ++i) {
    do population[i] = draw_population<T>(rng, poor[i]);
    while (!allow_subnormal && subnormal(population[i]));
  }
  return povstat::population_series<T>(years, poor, population);
}

/// Equal values with equal signs (for T where bit_cast would see padding, e.g. long double).
template <std::floating_point T>
bool same_values(std::span<const T> a, std::span<const T> b) {
  return std::ranges::equal(a, b,
                            [](T u, T v) { return u == v && std::signbit(u) == std::signbit(v); });
}

}  // namespace

TEST_SUITE_BEGIN("round trip");

TEST_CASE(
    "write then read gives back every random cohort, bit for bit, and rewrites the same bytes") {
  rng_t rng(20200101);
  coverage seen;
  for (int k = 0; k < 200; ++k) {
    const auto cohort = draw_cohort(rng, seen);
    CAPTURE(k);
    const std::string text = write_cohort(cohort);
    const auto back = read_cohort(text);
    CHECK(back == cohort);
    CHECK(io_test::first_difference(back, cohort) == "");
    CHECK(write_cohort(back) == text);
  }
  // The draws did exercise what the property is about.
  CHECK(seen.with_population > 20);
  CHECK(seen.with_hierarchy > 20);
  CHECK(seen.empty_region > 5);
  CHECK(seen.empty_year > 5);
  CHECK(seen.all_top_level > 5);
  CHECK(seen.line_break > 20);
  CHECK(seen.subnormal > 20);
  CHECK(seen.negative_zero > 20);
  CHECK(seen.max_value > 20);
  CHECK(seen.lone_cr > 20);
  CHECK(seen.comma > 20);
  CHECK(seen.quote > 20);
  CHECK(seen.multibyte > 20);
  CHECK(seen.edge_space > 20);
  CHECK(seen.quoted_parent > 10);
}

TEST_CASE(
    "write then read gives back every random double series, bit for bit, and rewrites the same "
    "bytes") {
  rng_t rng(19780101);
  int fractional = 0, with_population = 0;
  for (int k = 0; k < 200; ++k) {
    const auto series = draw_series<double>(rng);
    CAPTURE(k);
    const std::string text = write_series(series);
    const auto back = read_series(text);
    CHECK(back == series);
    CHECK(io_test::first_difference(back, series) == "");
    CHECK(write_series(back) == text);
    fractional += std::ranges::any_of(series.years(), [](double y) { return y != std::floor(y); });
    with_population += series.has_population();
  }
  CHECK(fractional > 50);
  CHECK(with_population > 50);
}

TEST_CASE_TEMPLATE("write then read gives back every random float and long double series", T,
                   float, long double) {
  rng_t rng(std::is_same_v<T, float> ? 7 : 11);
  for (int k = 0; k < 100; ++k) {
    const auto series = draw_series<T>(rng);
    CAPTURE(k);
    const std::string text = write_series(series);
    const auto back = read_series<T>(text);
    CHECK(back == series);
    CHECK(same_values(back.years(), series.years()));
    CHECK(same_values(back.poor(), series.poor()));
    CHECK(same_values(back.population(), series.population()));
    CHECK(write_series(back) == text);
  }
}

TEST_CASE("write then read gives back float subnormals") {
  // FLT_TRUE_MIN = 2^-149 ~ 1.4e-45 writes as "1e-45", the shortest text nearest to it.
  const float tiny = std::numeric_limits<float>::denorm_min();
  const povstat::population_series<float> series{{1, 2}, {tiny, 3 * tiny}};
  const std::string text = write_series(series);
  CHECK(text == "year,poor\n1,1e-45\n2,4e-45\n");
  CHECK(read_series<float>(text) == series);
}

// libstdc++'s std::from_chars(long double) reports result_out_of_range for a subnormal long
// double (it wraps strtold, which sets ERANGE); the reader must still read back what the writer
// wrote: the smallest subnormal long double 2^-16445 ~ 3.6e-4951 is written "4e-4951".
TEST_CASE("write then read gives back a long double subnormal") {
  const long double tiny = std::numeric_limits<long double>::denorm_min();
  const povstat::population_series<long double> series{{1}, {tiny}};
  const std::string text = write_series(series);
  CHECK(text == "year,poor\n1,4e-4951\n");
  CHECK_NOTHROW(read_series<long double>(text));
}

TEST_CASE("the bundled china_rural_poor.csv reads and writes back byte for byte") {
  const std::filesystem::path path = POVSTAT_EXAMPLE_DATA_DIR "/china_rural_poor.csv";
  REQUIRE(std::filesystem::exists(path));
  const std::string bytes = io_test::file_bytes(path);
  REQUIRE(bytes.starts_with("year,poor\n"));
  const auto series = povstat::read_series_csv(path);
  CHECK_FALSE(series.has_population());
  CHECK(write_series(series) == bytes);
}

TEST_CASE("the bundled china_regions.csv reads, and its written form reads back equal") {
  const std::filesystem::path path = POVSTAT_EXAMPLE_DATA_DIR "/china_regions.csv";
  REQUIRE(std::filesystem::exists(path));
  REQUIRE(io_test::file_bytes(path).starts_with("region,year,poor,parent\n"));
  const auto cohort = povstat::read_cohort_csv(path);
  CHECK(cohort.has_hierarchy());
  CHECK_FALSE(cohort.has_population());
  const std::string text = write_cohort(cohort);
  CHECK(read_cohort(text) == cohort);
  CHECK(write_cohort(read_cohort(text)) == text);
}

// Whole counts such as 3000000 must come back in plain digits, not as "3e+06" (see
// "write_cohort_csv writes a whole count such as 3000000 in plain digits").
TEST_CASE("the bundled china_regions.csv writes back byte for byte") {
  const std::filesystem::path path = POVSTAT_EXAMPLE_DATA_DIR "/china_regions.csv";
  REQUIRE(std::filesystem::exists(path));
  CHECK(write_cohort(povstat::read_cohort_csv(path)) == io_test::file_bytes(path));
}

namespace {

/// A stream buffer that serves `text` and then fails as a disk read error would: its
/// underflow throws, which std::istream turns into badbit (not into an exception).
class failing_buffer : public std::streambuf {
 public:
  explicit failing_buffer(std::string text) : text_(std::move(text)) {
    setg(text_.data(), text_.data(), text_.data() + text_.size());
  }

 protected:
  int_type underflow() override { throw std::ios_base::failure("simulated read error"); }

 private:
  std::string text_;
};

}  // namespace

// A stream that fails (badbit, e.g. a disk read error inside std::filebuf) must not read like
// the end of the input: here the text ends in the middle of a number ("2011,6" of what might
// have been "2011,65"), and returning a series holding 6 would be a partial object.
TEST_CASE("a stream that fails part-way is an error, not a shorter object") {
  SUBCASE("series") {
    failing_buffer buffer("year,poor\n2010,5\n2011,6");
    std::istream in(&buffer);
    CHECK_THROWS_WITH_AS(povstat::read_series_csv(in, "disk.csv"),
                         "povstat::read_series_csv: reading disk.csv failed at line 3 (the stream "
                         "reported a read error)",
                         povstat::invalid_input);
  }
  SUBCASE("cohort") {
    failing_buffer buffer("region,year,poor\nA,2010,5\nA,2011,1");
    std::istream in(&buffer);
    CHECK_THROWS_WITH_AS(povstat::read_cohort_csv(in, "disk.csv"),
                         "povstat::read_cohort_csv: reading disk.csv failed at line 3 (the stream "
                         "reported a read error)",
                         povstat::invalid_input);
  }
}

// On Linux a directory opens as an std::ifstream and only its first read fails (EISDIR); it
// must be reported as a path that is not a readable file, not as an empty file.
TEST_CASE("a directory given as a file path is not a readable file") {
  const io_test::temp_path directory("");
  REQUIRE(std::filesystem::create_directory(directory.path()));
  const std::string message =
      "povstat::read_series_csv: path is '" + directory.string() + "', but must be a readable file";
  CHECK_THROWS_WITH_AS(povstat::read_series_csv(directory.path()), message.c_str(),
                       povstat::invalid_input);
}

TEST_SUITE_END();
