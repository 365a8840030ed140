#pragma once
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
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

// "3/4" -> {3, 4}; throws UserError on anything else (K must be in 1..N).
Shard parse_shard(const std::string& text);

// "gil,nogil" -> modes; throws UserError naming the bad one.
std::vector<runtime::GilMode> parse_modes(const std::string& text);

std::string_view framework_name(Framework framework);

}  // namespace gilfree::runner
