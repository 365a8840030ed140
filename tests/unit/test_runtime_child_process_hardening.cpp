// A child that exits while a background process it started still holds its
// output (a test suite that forks, a daemon started by a test): run_child
// returns once the child has exited and the leftovers are killed, instead of
// waiting for an end of output that never comes.
#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "runtime/child_process.hpp"
#include "support/process_state.hpp"

using namespace gilfree::runtime;

namespace {

bool running(int pid) { return gilfree::test::process_running(pid); }

}  // namespace

TEST_CASE("child process hardening: a background process holding the output does not keep run_child waiting") {
  ChildOptions options;
  options.argv = {"/bin/sh", "-c", "sleep 300 & echo $! > /dev/stderr; echo done; exit 3"};
  options.timeout = std::chrono::seconds(120);
  auto started = std::chrono::steady_clock::now();
  auto result = run_child(options);
  auto took = std::chrono::steady_clock::now() - started;
  CHECK(!result.timed_out);
  CHECK(result.exit_code == 3);
  CHECK(result.out == "done\n");
  CHECK(took < std::chrono::seconds(60));
  // The leftover was in the child's process group: it is gone or a zombie
  // waiting for init to reap it.
  // SIGKILL takes effect asynchronously: allow a loaded machine a moment.
  auto leftover = std::stoi(result.err);
  for (int i = 0; i < 100 && running(leftover); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(!running(leftover));
}

TEST_CASE("child process hardening: output written just before exit is all read") {
  ChildOptions options;
  options.argv = {"/bin/sh", "-c", "head -c 3000000 /dev/zero | tr '\\\\0' x; (sleep 0.2; echo late) & exit 0"};
  options.timeout = std::chrono::seconds(120);
  auto result = run_child(options);
  CHECK(result.exit_code == 0);
  CHECK(result.out.size() == 3000000 + 5);
  CHECK(result.out.substr(result.out.size() - 5) == "late\n");
}

TEST_CASE("child process hardening: a child that exits without reading its input does not kill us with SIGPIPE") {
  ChildOptions options;
  options.argv = {"/bin/sh", "-c", "exit 3"};
  options.input = std::string(4 * 1024 * 1024, 'x');  // more than a pipe holds
  options.timeout = std::chrono::seconds(60);
  for (int i = 0; i < 5; ++i) {
    auto result = run_child(options);
    CHECK(result.exit_code == 3);
  }
}
