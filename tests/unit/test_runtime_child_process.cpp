#include <catch2/catch.hpp>

#include <signal.h>

#include "runtime/build_id.hpp"
#include "runtime/child_process.hpp"

using gilfree::runtime::ChildOptions;
using gilfree::runtime::run_child;

TEST_CASE("a child's output, exit code and signal are captured") {
  ChildOptions options;
  options.argv = {"sh", "-c", "echo out; echo err >&2; exit 3"};
  auto result = run_child(options);
  CHECK(result.out == "out\n");
  CHECK(result.err == "err\n");
  CHECK(result.exit_code == 3);
  CHECK(result.signal == 0);

  options.argv = {"sh", "-c", "kill -SEGV $$"};
  result = run_child(options);
  CHECK(result.signal == SIGSEGV);
}

TEST_CASE("stdin is fed, environment changes apply, cwd is honoured") {
  ChildOptions options;
  options.argv = {"sh", "-c", "cat; echo \"[$GILFREE_X][${HOME-unset}]\"; pwd"};
  options.input = "hello\n";
  options.env = {{"GILFREE_X", "set"}, {"HOME", std::nullopt}};
  options.cwd = "/";
  auto result = run_child(options);
  CHECK(result.out == "hello\n[set][unset]\n/\n");
}

TEST_CASE("a hanging child and its children are killed at the timeout") {
  ChildOptions options;
  options.argv = {"sh", "-c", "sleep 30 & sleep 30"};
  options.timeout = std::chrono::milliseconds(300);
  auto start = std::chrono::steady_clock::now();
  auto result = run_child(options);
  CHECK(result.timed_out);
  CHECK(result.signal == SIGKILL);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("output beyond the limit is counted, not kept") {
  ChildOptions options;
  options.argv = {"sh", "-c", "head -c 100000 /dev/zero"};
  options.output_limit = 1000;
  auto result = run_child(options);
  CHECK(result.out.size() == 1000);
  CHECK(result.dropped_bytes == 99000);
}

TEST_CASE("a program that does not exist is reported, not thrown") {
  ChildOptions options;
  options.argv = {"gilfree-no-such-program"};
  auto result = run_child(options);
  CHECK_FALSE(result.started);
  CHECK(result.exit_code == 127);
}

TEST_CASE("the watchdog is called while the child runs and can stop it") {
  ChildOptions options;
  options.argv = {"sh", "-c", "echo started > \"$0\"; sleep 30", "/dev/null"};
  options.watch_interval = std::chrono::milliseconds(20);
  int calls = 0;
  options.watchdog = [&calls] { return ++calls < 5; };
  auto start = std::chrono::steady_clock::now();
  auto result = run_child(options);
  CHECK(calls == 5);
  CHECK(result.stopped_by_watchdog);
  CHECK_FALSE(result.timed_out);
  CHECK(result.signal == SIGKILL);
  CHECK_FALSE(result.exited_ok());
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("a watchdog that lets the child finish changes nothing") {
  ChildOptions options;
  options.argv = {"sh", "-c", "sleep 0.2; echo done"};
  options.watch_interval = std::chrono::milliseconds(10);
  int calls = 0;
  options.watchdog = [&calls] { return ++calls > 0; };
  auto result = run_child(options);
  CHECK(result.exited_ok());
  CHECK(result.out == "done\n");
  CHECK(calls >= 3);
}

TEST_CASE("the executable's build id is the linker's, stable within a run") {
  const auto& id = gilfree::runtime::executable_build_id();
  CHECK(id.size() >= 16);
  CHECK(id.rfind("file-", 0) != 0);  // gcc on Debian links with --build-id
  CHECK(&id == &gilfree::runtime::executable_build_id());
}
