#pragma once
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gilfree::runtime {

struct ChildOptions {
  std::vector<std::string> argv;  // argv[0] is looked up on PATH if it has no '/'
  // Environment changes on top of ours: a value sets, nullopt unsets.
  std::vector<std::pair<std::string, std::optional<std::string>>> env;
  std::filesystem::path cwd;                 // empty: ours
  std::string input;                         // written to the child's stdin, then closed
  std::chrono::milliseconds timeout{0};      // 0: none; on expiry the process group is killed
  std::size_t output_limit = 16 * 1024 * 1024;  // per stream; the rest is counted, not kept
  // Called about every watch_interval while the child runs (e.g. to read a file
  // the child streams results to); returning false kills the process group.
  std::function<bool()> watchdog;
  std::chrono::milliseconds watch_interval{100};
  // Called with the child's pid (also its process group) once it is started.
  std::function<void(int)> on_start;
  // End every process the child started once it has exited, also those that left its
  // process group (setsid, a double fork): they carry a token in GILFREE_CHILD_TOKEN
  // and this process becomes their subreaper (runtime/descendants). For children
  // that run other people's code (test suites).
  bool end_descendants = false;
};

struct ChildResult {
  int exit_code = -1;    // when it exited normally
  int signal = 0;        // when a signal ended it
  bool timed_out = false;
  bool stopped_by_watchdog = false;
  bool started = true;   // false: exec failed (exit_code 127, reason in err)
  std::string out;
  std::string err;
  std::size_t dropped_bytes = 0;  // output beyond output_limit

  bool exited_ok() const {
    return signal == 0 && !timed_out && !stopped_by_watchdog && exit_code == 0;
  }
};

// Runs a child in its own process group, capturing stdout and stderr. The child is
// killed when the thread that started it dies (PR_SET_PDEATHSIG), so a gilfree that is
// killed leaves no child behind.
ChildResult run_child(const ChildOptions& options);

// The running gilfree binary (/proc/self/exe), for measuring in child processes.
std::filesystem::path self_executable();

}  // namespace gilfree::runtime
