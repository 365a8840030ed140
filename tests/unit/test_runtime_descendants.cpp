// Processes a child leaves behind: in its group, in a new session, orphaned by a
// double fork, with or without the token in their environment.
#include <catch2/catch.hpp>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "runtime/child_process.hpp"
#include "support/process_state.hpp"
#include "runtime/descendants.hpp"

using namespace gilfree::runtime;

namespace {

bool running(int pid) { return gilfree::test::process_running(pid); }

// SIGKILL takes effect asynchronously: a loaded machine gets a moment.
bool ends_soon(int pid) {
  for (int i = 0; i < 100 && running(pid); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  return !running(pid);
}

// The pid a shell script printed on stdout, having started it in the background.
int leftover_of(const std::string& script, bool end_descendants) {
  ChildOptions options;
  options.argv = {"/bin/sh", "-c", script};
  options.timeout = std::chrono::seconds(60);
  options.end_descendants = end_descendants;
  auto result = run_child(options);
  REQUIRE(result.exit_code == 0);
  return std::stoi(result.out);
}

}  // namespace

TEST_CASE("descendants: a token list holds each token whole") {
  CHECK(token_list_has("1.2.3", "1.2.3"));
  CHECK(token_list_has("9.9.9:1.2.3", "1.2.3"));
  CHECK(token_list_has("1.2.3:9.9.9", "1.2.3"));
  CHECK(!token_list_has("1.2.34", "1.2.3"));
  CHECK(!token_list_has("", "1.2.3"));
  CHECK(new_child_token() != new_child_token());
}

TEST_CASE("descendants: a process that left the child's group (setsid) is ended with the child") {
  const std::string script = "setsid sleep 771 </dev/null >/dev/null 2>&1 & echo $!";
  auto without = leftover_of(script, false);
  CHECK(running(without));  // what this is about: the process group kill misses it
  kill(without, SIGKILL);
  auto with = leftover_of(script, true);
  CHECK(ends_soon(with));
}

TEST_CASE("descendants: an orphan of a double fork is ended and reaped, one without the token by end_orphans") {
  auto daemon = leftover_of("(setsid sleep 772 </dev/null >/dev/null 2>&1 & echo $!); exit 0", true);
  CHECK(ends_soon(daemon));
  CHECK(!std::filesystem::exists("/proc/" + std::to_string(daemon)));  // reaped, not a zombie
  // Its environment cleared, a daemon carries no token: it comes back to us (the
  // subreaper) and is ended when the run ends.
  // The script waits until the daemon has left its session, so that the group kill at the
  // child's end cannot be what ends it.
  auto scrubbed = leftover_of(
      "(env -i setsid sleep 773 </dev/null >/dev/null 2>&1 & p=$!; "
      "while [ \"$(cut -d' ' -f6 /proc/$p/stat)\" = \"$(cut -d' ' -f6 /proc/$$/stat)\" ]; do sleep 0.01; done; "
      "echo $p); exit 0",
      true);
  CHECK(running(scrubbed));
  end_orphans();
  CHECK(ends_soon(scrubbed));
}
