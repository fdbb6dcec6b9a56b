#ifndef POVSTAT_CORE_EXECUTION_HPP
#define POVSTAT_CORE_EXECUTION_HPP

/// @file
/// `execution` (how many threads long work may use) and `progress_callback` (how it reports
/// progress and how a caller cancels it), with the one scheduler every batch routine uses.
///
/// Results never depend on the thread count: work is cut into chunks whose boundaries are
/// fixed by the caller (never by the number of threads), each chunk is computed by one thread
/// in a fixed order, and anything reduced across chunks is combined in chunk order.

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include "povstat/core/error.hpp"

POVSTAT_NAMESPACE_BEGIN

/// How many threads a batch routine may use. Sequential (one thread, the caller's) by
/// default; `execution::parallel()` uses every hardware thread. Whatever the count, results
/// are bit-identical.
struct execution {
  /// Threads to use, the caller's included; 1 = sequential.
  std::size_t threads = 1;

  /// One thread: the caller's.
  static constexpr execution sequential() noexcept { return {1}; }
  /// `threads` threads; 0 (the default) means `std::thread::hardware_concurrency()` (at least 1).
  static execution parallel(std::size_t threads = 0) noexcept {
    if (threads == 0) threads = std::max<std::size_t>(1, std::thread::hardware_concurrency());
    return {threads};
  }
};

/// Called as `progress(done, total)` while long work runs, always from the calling thread,
/// with `done` increasing up to `total` (the units are the routine's: regions, replicates,
/// records). Returning `false` cancels the work: the routine stops as soon as the chunks in
/// flight finish and throws `povstat::cancelled`; nothing partial is returned.
using progress_callback = std::function<bool(std::size_t done, std::size_t total)>;

/// Thrown when a `progress_callback` returned false. Caught by `catch (std::runtime_error&)`.
class cancelled : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {

/// Checks an `execution` option: at least one thread.
inline void check_execution(std::string_view function, const execution& how) {
  if (how.threads == 0)
    raise_value(function, "options.execution.threads", how.threads,
                ">= 1 (use execution::parallel() for every hardware thread)");
}

/// Runs `body(chunk, begin, end)` for the chunks [0, chunk_size), [chunk_size, 2 chunk_size),
/// ... of [0, total), on `how.threads` threads (the caller's included), each chunk exactly
/// once and by one thread. Chunk boundaries depend only on `total` and `chunk_size`.
///
/// `progress` (when set) is called from the calling thread whenever chunks complete (its own
/// or, once it has none left to take, the other threads'), with the number of items done;
/// returning false stops the scheduling of new chunks and throws `cancelled`. When a chunk throws, chunks after it are not started, and the exception of
/// the lowest-numbered failing chunk is rethrown after every thread has joined — the same
/// exception a sequential run throws, since every chunk below it has been run.
template <class Body>
void for_each_chunk(std::string_view function, std::size_t total, std::size_t chunk_size,
                    const execution& how, const progress_callback& progress, Body&& body) {
  check_execution(function, how);
  if (chunk_size == 0) chunk_size = 1;
  const std::size_t chunks = total == 0 ? 0 : (total - 1) / chunk_size + 1;
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::atomic<bool> stop{false};
  std::mutex failure_mutex;
  std::exception_ptr failure;
  std::size_t failed_chunk = chunks;

  const auto run_chunk = [&](std::size_t chunk) {
    const std::size_t begin = chunk * chunk_size;
    const std::size_t end = std::min(total, begin + chunk_size);
    try {
      body(chunk, begin, end);
      done.fetch_add(end - begin, std::memory_order_relaxed);
    } catch (...) {
      const std::lock_guard lock(failure_mutex);
      if (chunk < failed_chunk) {
        failed_chunk = chunk;
        failure = std::current_exception();
      }
      stop.store(true, std::memory_order_relaxed);
    }
  };
  const auto take = [&]() -> std::size_t {
    if (stop.load(std::memory_order_relaxed)) return chunks;
    return next.fetch_add(1, std::memory_order_relaxed);
  };
  // Helpers signal each finished chunk (and their exit), so that the calling thread, once it
  // finds no chunk left, can keep reporting progress — and offering cancellation — until
  // they are done.
  std::mutex signal_mutex;
  std::condition_variable signal;
  std::size_t signals = 0;
  std::size_t running = 0;
  const auto notify = [&](bool exiting) {
    {
      const std::lock_guard lock(signal_mutex);
      ++signals;
      if (exiting) --running;
    }
    signal.notify_one();
  };
  const auto worker = [&] {
    for (std::size_t chunk = take(); chunk < chunks; chunk = take()) {
      run_chunk(chunk);
      notify(false);
    }
    notify(true);
  };

  bool was_cancelled = false;
  std::size_t reported = 0;
  const auto report = [&] {
    if (!progress || stop.load(std::memory_order_relaxed)) return;
    reported = done.load(std::memory_order_relaxed);
    if (!progress(reported, total)) {
      was_cancelled = true;
      stop.store(true, std::memory_order_relaxed);
    }
  };
  {
    std::vector<std::jthread> helpers;
    const std::size_t extra = std::min(how.threads, std::max<std::size_t>(chunks, 1)) - 1;
    helpers.reserve(extra);
    for (std::size_t t = 0; t < extra; ++t) {
      {
        const std::lock_guard lock(signal_mutex);
        ++running;
      }
      try {
        helpers.emplace_back(worker);
      } catch (const std::system_error&) {  // no more threads to be had: go on with fewer
        const std::lock_guard lock(signal_mutex);
        --running;
        break;
      }
    }
    for (std::size_t chunk = take(); chunk < chunks; chunk = take()) {
      run_chunk(chunk);
      report();
    }
    for (std::size_t seen = 0;;) {  // no chunk left to take: report while the helpers finish
      std::unique_lock lock(signal_mutex);
      signal.wait(lock, [&] { return signals != seen || running == 0; });
      seen = signals;
      if (running == 0) break;
      lock.unlock();
      report();
    }
  }  // joins the helpers
  if (failure) std::rethrow_exception(failure);
  if (was_cancelled) raise<cancelled>(function, "cancelled by the progress callback");
  if (progress && reported < total) progress(total, total);  // the work is done: too late to cancel
}

}  // namespace detail

POVSTAT_NAMESPACE_END

#endif  // POVSTAT_CORE_EXECUTION_HPP
