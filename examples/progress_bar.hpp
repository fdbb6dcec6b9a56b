#ifndef POVSTAT_EXAMPLES_PROGRESS_BAR_HPP
#define POVSTAT_EXAMPLES_PROGRESS_BAR_HPP

// A progress bar on stderr for the examples' long jobs, built on povstat::progress_callback.
// It stays silent for the first second, so quick jobs print nothing, and it draws on stderr
// only, so the examples' standard output (what their tests read) is the same with or without
// it. Example code, not part of the library.

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <memory>
#include <string>
#include <utility>

#include "povstat/core/execution.hpp"

namespace example {

/// A `progress_callback` drawing `label [#####.....]  42%` on stderr once the job has run
/// longer than `quiet_for`, redrawn at most every 100 ms, with a newline at 100 %.
inline povstat::progress_callback progress_bar(std::string label,
                                               std::chrono::milliseconds quiet_for = std::chrono::seconds(1)) {
  using clock = std::chrono::steady_clock;
  struct state {
    std::string label;
    clock::time_point start = clock::now();
    clock::time_point last_drawn{};
    bool drawing = false;
  };
  auto s = std::make_shared<state>();
  s->label = std::move(label);
  return [s, quiet_for](std::size_t done, std::size_t total) {
    const auto now = clock::now();
    const bool finished = done >= total;
    if (!s->drawing && now - s->start < quiet_for) return true;
    if (!finished && s->drawing && now - s->last_drawn < std::chrono::milliseconds(100)) return true;
    s->drawing = true;
    s->last_drawn = now;
    constexpr int width = 30;
    const double share = total == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
    const int filled = static_cast<int>(share * width);
    std::fprintf(stderr, "\r%s [%s%s] %3d%%", s->label.c_str(), std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(width - filled), '.').c_str(), static_cast<int>(share * 100));
    if (finished) std::fprintf(stderr, "\n");
    std::fflush(stderr);
    return true;
  };
}

}  // namespace example

#endif  // POVSTAT_EXAMPLES_PROGRESS_BAR_HPP
