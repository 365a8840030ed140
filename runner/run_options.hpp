#pragma once
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/gil_mode.hpp"

namespace gilfree::runner {

enum class Framework { automatic, pytest, unittest };

// --shard K/N: this machine runs the tests whose crc32(id) % N == K - 1.
struct Shard {
  int index = 1;  // K, 1-based
  int count = 1;  // N
};

// --python, --env and --no-env (run, inventory, bench): which interpreter runs the project's code.
struct InterpreterChoice {
  std::optional<std::filesystem::path> python;  // --python or --env; nullopt: the embedded runtime
  bool project_env = true;  // the embedded runtime in the project's environment (false: --no-env)
};

// The choice from the options' values (empty: not given); throws UserError when
// --python and --env are both given.
InterpreterChoice parse_interpreter_choice(const std::string& python, const std::string& env, bool no_env);

struct RunOptions {
  std::filesystem::path root = ".";
  Framework framework = Framework::automatic;
  std::vector<runtime::GilMode> modes = {runtime::GilMode::gil, runtime::GilMode::nogil,
                                         runtime::GilMode::standard};
  // The default run doubles as the nogil run when the GIL stayed off throughout it;
  // nogil runs only when an extension re-enabled it. False: every mode asked for runs.
  bool default_covers_nogil = true;
  InterpreterChoice interpreter;
  int jobs = 0;                                 // 0: one per core
  std::chrono::seconds timeout{300};            // per test
  int repeat = 1;                               // runs of each mode (the gil reference too)
  int threads = 1;                              // stress: threads per test body
  std::optional<Shard> shard;
  std::vector<std::string> framework_args;  // after `--`
  std::optional<std::filesystem::path> json_path;
  std::optional<std::filesystem::path> junit_path;
  std::filesystem::path state_dir;  // empty: <root>/.gilfree
  bool record_history = true;
  bool progress = true;  // drawn only when stderr is a terminal
  bool list_passing = false;
};

// What the numeric options accept: enough for any real suite, small enough that a typo
// (an extra zero, a negative) is caught before it starts work.
struct CountRange {
  int low = 1;
  int high = 1;
  const char* unit;  // "seconds", "runs", ...
};
inline constexpr CountRange kTimeoutRange{1, 86400, "seconds"};  // one day per test
inline constexpr CountRange kRepeatRange{1, 1000, "runs"};
inline constexpr CountRange kThreadsRange{1, 1024, "threads"};
inline constexpr CountRange kJobsRange{1, 256, "mode runs"};

// `text` given to `option` as a whole number in `range`; throws UserError naming both
// otherwise ("--timeout '0' is out of range: give 1 to 86400 seconds").
int parse_count(std::string_view option, const std::string& text, CountRange range);

// Before any work: --json and --junit-xml name files that can be written (not a
// directory, in a directory that can be made and written). Throws UserError.
void check_output_paths(const RunOptions& options);

// Whether what CLI11 put in the ROOT slot is the framework's first argument (after `--`
// without a ROOT): an option ("-k"), a Python test file or a test id in one
// ("tests/test_a.py::test_x"). Throws UserError for another file (README.md), which is
// neither a project root nor a test.
bool is_framework_argument(const std::string& root);

// "3/4" -> {3, 4}; throws UserError on anything else (K must be in 1..N).
Shard parse_shard(const std::string& text);

// "gil,nogil" -> modes; throws UserError naming the bad one.
std::vector<runtime::GilMode> parse_modes(const std::string& text);

std::string_view framework_name(Framework framework);

}  // namespace gilfree::runner
