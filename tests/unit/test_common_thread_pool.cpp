// The one thread pool: every item once, the caller's thread working too,
// failures stopping the hand-out and surfacing as the lowest failed item's.
#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "common/thread_pool.hpp"

using gilfree::parallel_for;

TEST_CASE("parallel_for runs every item exactly once, on up to `jobs` threads") {
  std::vector<std::atomic<int>> runs(1000);
  std::mutex mutex;
  std::set<std::thread::id> threads;
  parallel_for(runs.size(), 4, [&](std::size_t i) {
    ++runs[i];
    std::lock_guard lock(mutex);
    threads.insert(std::this_thread::get_id());
  });
  for (const auto& count : runs) CHECK(count == 1);
  CHECK(threads.size() <= 4);
}

TEST_CASE("parallel_for with one job runs inline on the calling thread, in order") {
  std::vector<std::size_t> order;
  parallel_for(5, 1, [&](std::size_t i) { order.push_back(i); });
  CHECK(order == std::vector<std::size_t>{0, 1, 2, 3, 4});
  auto caller = std::this_thread::get_id();
  parallel_for(3, 1, [&](std::size_t) { CHECK(std::this_thread::get_id() == caller); });
}

TEST_CASE("parallel_for over no items calls nothing") {
  bool called = false;
  parallel_for(0, 8, [&](std::size_t) { called = true; });
  CHECK_FALSE(called);
}

TEST_CASE("parallel_for rethrows the lowest failed item's exception and starts no more items") {
  std::atomic<std::size_t> started{0};
  try {
    parallel_for(10000, 1, [&](std::size_t i) {
      ++started;
      if (i == 3 || i == 5) throw std::runtime_error("item " + std::to_string(i));
    });
    FAIL("no exception");
  } catch (const std::runtime_error& error) {
    CHECK(std::string(error.what()) == "item 3");
  }
  CHECK(started == 4);  // one thread: 0, 1, 2, then 3 fails and nothing more starts
  try {
    parallel_for(64, 4, [&](std::size_t i) {
      if (i % 16 == 7) throw std::runtime_error("item " + std::to_string(i));
    });
    FAIL("no exception");
  } catch (const std::runtime_error& error) {
    // Items are handed out in order, so 7 always runs; later failures that
    // other threads hit at the same time lose to it.
    CHECK(std::string(error.what()) == "item 7");
  }
}

TEST_CASE("resolve_jobs gives the cores for 0 and the number otherwise") {
  CHECK(gilfree::resolve_jobs(3) == 3);
  CHECK(gilfree::resolve_jobs(0) >= 1);
}
