// Tests of core/execution.hpp: the execution option and detail::for_each_chunk, the one
// scheduler behind every threaded routine. Expected values follow from the contract: every
// chunk runs exactly once with boundaries fixed by (total, chunk_size); progress is called
// from the calling thread with a non-decreasing count ending at total; a false return cancels;
// the lowest failing chunk's exception is the one rethrown.

#include "povstat/core/execution.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

/// Runs for_each_chunk over `total` items and returns, per item, 1 + the chunk that ran it.
std::vector<std::size_t> chunk_of_each_item(std::size_t total, std::size_t chunk_size,
                                            std::size_t threads) {
  std::vector<std::size_t> owner(total, 0);
  povstat::detail::for_each_chunk("test", total, chunk_size, povstat::execution{threads}, {},
                                  [&](std::size_t chunk, std::size_t begin, std::size_t end) {
                                    for (std::size_t i = begin; i < end; ++i) owner[i] += chunk + 1;
                                  });
  return owner;
}

}  // namespace

TEST_CASE("execution: sequential is one thread, parallel() at least one") {
  CHECK(povstat::execution{}.threads == 1);
  CHECK(povstat::execution::sequential().threads == 1);
  CHECK(povstat::execution::parallel(3).threads == 3);
  CHECK(povstat::execution::parallel().threads >= 1);
  CHECK(povstat::execution::parallel().threads ==
        std::max<std::size_t>(1, std::thread::hardware_concurrency()));
}

TEST_CASE("for_each_chunk runs every item exactly once, in chunks fixed by total and chunk_size") {
  for (std::size_t total : {0u, 1u, 9u, 10u, 11u, 1000u}) {
    std::vector<std::size_t> expected(total);
    for (std::size_t i = 0; i < total; ++i) expected[i] = i / 10 + 1;  // chunk i/10, counted once
    for (std::size_t threads : {1u, 2u, 3u, 7u, 64u}) {
      CAPTURE(total);
      CAPTURE(threads);
      CHECK(chunk_of_each_item(total, 10, threads) == expected);
    }
  }
  // chunk_size 0 is read as 1: one item per chunk.
  CHECK(chunk_of_each_item(4, 0, 2) == std::vector<std::size_t>{1, 2, 3, 4});
}

TEST_CASE("for_each_chunk: chunk-ordered reduction is bit-identical for any thread count") {
  // Partial sums whose order matters in floating point: 1e16 + many 1s.
  constexpr std::size_t total = 10'000, chunk = 97;
  const auto reduce = [&](std::size_t threads) {
    std::vector<double> partial((total - 1) / chunk + 1, 0.0);
    povstat::detail::for_each_chunk("test", total, chunk, povstat::execution{threads}, {},
                                    [&](std::size_t c, std::size_t begin, std::size_t end) {
                                      double s = 0;
                                      for (std::size_t i = begin; i < end; ++i)
                                        s += i % 1000 == 0 ? 1e16 : 1.0 + 1e-3 * double(i);
                                      partial[c] = s;
                                    });
    double sum = 0;
    for (double p : partial) sum += p;
    return sum;
  };
  const double one = reduce(1);
  for (std::size_t threads : {2u, 3u, 7u}) CHECK(reduce(threads) == one);  // exact equality
}

TEST_CASE("for_each_chunk: progress is called from the calling thread, non-decreasing, ending at total") {
  for (std::size_t threads : {1u, 2u, 4u}) {
    CAPTURE(threads);
    const auto caller = std::this_thread::get_id();
    std::vector<std::size_t> seen;
    bool same_thread = true;
    povstat::progress_callback progress = [&](std::size_t done, std::size_t total) {
      same_thread = same_thread && std::this_thread::get_id() == caller;
      CHECK(total == 95);
      seen.push_back(done);
      return true;
    };
    povstat::detail::for_each_chunk("test", 95, 10, povstat::execution{threads}, progress,
                                    [](std::size_t, std::size_t, std::size_t) {});
    CHECK(same_thread);
    REQUIRE_FALSE(seen.empty());
    CHECK(seen.back() == 95);
    for (std::size_t i = 1; i < seen.size(); ++i) CHECK(seen[i - 1] <= seen[i]);
    if (threads == 1) CHECK(seen.size() == 10);  // after each of the 10 chunks
  }
}

TEST_CASE("for_each_chunk: cancellation is offered even when other threads run the last chunks") {
  // One chunk per thread: the caller's is quick, the others' slow. Once the caller has no
  // chunk left it must go on reporting the others' progress, so a callback that stops at
  // `threads` items done (after the caller's own chunk it has seen fewer) still cancels.
  for (std::size_t threads : {2u, 4u}) {
    CAPTURE(threads);
    const auto caller = std::this_thread::get_id();
    std::vector<std::size_t> seen;
    povstat::progress_callback stop_when_all_done = [&](std::size_t done, std::size_t) {
      seen.push_back(done);
      return done < threads;
    };
    CHECK_THROWS_AS(povstat::detail::for_each_chunk(
                        "test", threads, 1, povstat::execution{threads}, stop_when_all_done,
                        [&](std::size_t, std::size_t, std::size_t) {
                          if (std::this_thread::get_id() != caller)
                            std::this_thread::sleep_for(std::chrono::milliseconds(100));
                        }),
                    povstat::cancelled);
    REQUIRE_FALSE(seen.empty());
    CHECK(seen.back() == threads);
  }
}

TEST_CASE("for_each_chunk: a progress callback returning false cancels with povstat::cancelled") {
  for (std::size_t threads : {1u, 2u}) {
    CAPTURE(threads);
    std::atomic<std::size_t> chunks_run{0};
    povstat::progress_callback stop_at_30 = [](std::size_t done, std::size_t) { return done < 30; };
    CHECK_THROWS_WITH_AS(povstat::detail::for_each_chunk(
                             "fit_all", 1000, 10, povstat::execution{threads}, stop_at_30,
                             [&](std::size_t, std::size_t, std::size_t) { ++chunks_run; }),
                         "povstat::fit_all: cancelled by the progress callback", povstat::cancelled);
    CHECK(chunks_run.load() < 100);  // stopped early
    if (threads == 1) CHECK(chunks_run.load() == 3);
  }
  static_assert(std::is_base_of_v<std::runtime_error, povstat::cancelled>);
}

TEST_CASE("for_each_chunk: the lowest failing chunk's exception is rethrown, as in a sequential run") {
  for (std::size_t threads : {1u, 2u, 3u, 8u}) {
    CAPTURE(threads);
    const auto body = [](std::size_t chunk, std::size_t, std::size_t) {
      if (chunk == 17 || chunk == 40 || chunk == 90)
        throw std::domain_error("chunk " + std::to_string(chunk));
    };
    CHECK_THROWS_WITH_AS(povstat::detail::for_each_chunk("test", 1000, 10, povstat::execution{threads}, {}, body),
                         "chunk 17", std::domain_error);
  }
}

TEST_CASE("for_each_chunk: zero threads is refused with a message naming the option") {
  CHECK_THROWS_WITH_AS(
      povstat::detail::for_each_chunk("fit_all", 10, 1, povstat::execution{0}, {},
                                      [](std::size_t, std::size_t, std::size_t) {}),
      "povstat::fit_all: options.execution.threads is 0, but must be >= 1 (use execution::parallel() for "
      "every hardware thread)",
      povstat::invalid_input);
}
