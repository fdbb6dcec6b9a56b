// What every fuzz target shares: decoding numbers from the fuzzer's bytes, and the rule that
// a povstat entry point either returns or throws one of povstat's exceptions. Any other
// exception escapes to libFuzzer (which reports it as a crash), and `require` aborts on a
// result that breaks a documented guarantee.
#ifndef POVSTAT_TESTS_FUZZ_FUZZ_SUPPORT_HPP
#define POVSTAT_TESTS_FUZZ_FUZZ_SUPPORT_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

#include "povstat/core/error.hpp"

namespace fuzz {

/// Reads the fuzzer's bytes front to back; past the end every read gives 0.
class input {
 public:
  input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  bool empty() const { return position_ >= size_; }
  std::size_t remaining() const { return empty() ? 0 : size_ - position_; }

  std::uint8_t byte() { return empty() ? 0 : data_[position_++]; }

  /// A count in [0, limit].
  std::size_t count(std::size_t limit) { return byte() % (limit + 1); }

  /// A number whose form a selector byte chooses, so that the fuzzer reaches both the
  /// plausible (small integers, years, counts) and the hostile (any bit pattern: NaN, ±inf,
  /// subnormals, the largest values).
  double number() {
    switch (byte() % 5) {
      case 0: {  // any bit pattern
        std::uint64_t bits = 0;
        for (int i = 0; i < 8; ++i) bits = (bits << 8) | byte();
        double x;
        std::memcpy(&x, &bits, sizeof x);
        return x;
      }
      case 1: return static_cast<double>(static_cast<std::int16_t>(byte() << 8 | byte()));
      case 2: return 1990 + byte() % 40;
      case 3: return static_cast<double>(byte() << 16 | byte() << 8 | byte());
      default: return static_cast<double>(byte()) / 16;
    }
  }

  std::vector<double> numbers(std::size_t limit) {
    std::vector<double> values(count(limit));
    for (double& v : values) v = number();
    return values;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t position_ = 0;
};

/// Runs `call`; povstat's own exceptions are the documented way to refuse input.
template <class Call>
void accept_povstat_errors(Call&& call) {
  try {
    call();
  } catch (const povstat::invalid_input&) {
  } catch (const povstat::insufficient_data&) {
  } catch (const povstat::convergence_error&) {
  }
}

/// Aborts (a crash libFuzzer reports with the input) when a guarantee is broken.
inline void require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "broken guarantee: %s\n", what);
  std::abort();
}

/// With POVSTAT_FUZZ_TRACE set (when replaying a crash), targets print what they decoded.
inline const bool trace = std::getenv("POVSTAT_FUZZ_TRACE") != nullptr;

inline void print(const char* name, const std::vector<double>& values) {
  if (!trace) return;
  std::fprintf(stderr, "%s:", name);
  for (double v : values) std::fprintf(stderr, " %.17g", v);
  std::fprintf(stderr, "\n");
}

inline void print(const char* name, double value) {
  if (trace) std::fprintf(stderr, "%s: %.17g\n", name, value);
}

}  // namespace fuzz

#endif  // POVSTAT_TESTS_FUZZ_FUZZ_SUPPORT_HPP
