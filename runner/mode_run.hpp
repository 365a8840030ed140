#pragma once
#include <atomic>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "runner/child_launcher.hpp"
#include "runner/progress.hpp"
#include "runner/result_stream.hpp"
#include "runner/run_options.hpp"

namespace gilfree::runner {

// One pass over the suite in one mode: "gil", "nogil", "nogil#2" (a repeat).
struct ModeRunSpec {
  runtime::GilMode mode = runtime::GilMode::gil;
  int repetition = 1;
  std::string label;
  std::vector<std::string> only;  // run only these tests (a fresh child after a polluter)
  std::string stem_suffix;        // "-fresh1": its files beside the run's own
};

// What every mode run shares.
struct ModeRunContext {
  const ChildLauncher* launcher = nullptr;
  Framework framework = Framework::pytest;
  std::vector<std::string> framework_args;
  std::filesystem::path root;
  std::filesystem::path work_dir;  // streams, stack dumps and logs go here
  std::filesystem::path helpers;   // python_helpers_dir()
  std::chrono::seconds timeout{300};
  int threads = 1;
  std::optional<Shard> shard;
  Progress* progress = nullptr;
  const std::atomic<bool>* interrupted = nullptr;  // set on SIGINT/SIGTERM: stop every child
};

struct ModeRun {
  ModeRunSpec spec;
  std::vector<TestRecord> results;
  std::vector<GilEvent> gil_events;
  std::string failure;  // the child died or stalled outside any test: why
  double seconds = 0;
  int restarts = 0;
  std::filesystem::path log;  // the children's stdout/stderr, capped
};

// How long after the per-test timeout (when faulthandler dumps the stacks) the
// driver kills the child.
inline constexpr std::chrono::seconds kHangGrace{2};

// Runs the suite in one mode, restarting the child after a test that crashed
// or hung (the child skips tests already in the stream).
ModeRun run_mode(const ModeRunContext& context, const ModeRunSpec& spec);

// A child's results from `begin` to `end` end in failures spread over at least two test
// files or classes, after a test that did not fail: the later tests may have failed
// because an earlier test corrupted process-wide state. Returns where that tail starts.
inline constexpr std::size_t kPollutedTailMin = 5;
std::optional<std::size_t> suspicious_tail(const std::vector<TestRecord>& results, std::size_t begin,
                                           std::size_t end);

// The signal on which a child dumps every thread's stack (faulthandler.register):
// a real-time one, which test suites do not use for themselves.
int dump_signal();

// "SIGSEGV" for 11.
std::string signal_name(int signal);

}  // namespace gilfree::runner
