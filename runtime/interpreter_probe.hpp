#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/child_process.hpp"

namespace gilfree::runtime {

// What an interpreter says about itself, measured by running it.
struct InterpreterFacts {
  std::string version;         // "3.13.5"
  bool free_threaded = false;  // built with --disable-gil (Py_GIL_DISABLED)
  bool gil_enabled = true;     // sys._is_gil_enabled() at the end of start-up
  std::optional<std::string> pytest_version;
};

// Runs `command... -` with the probe on stdin and parses what it prints; nullopt plus a reason
// in `problem` when it does not start or answer.
std::optional<InterpreterFacts> probe_interpreter(std::vector<std::string> command,
                                                  const ChildOptions& base, std::string& problem);

// The interpreter that --python/--env names: a virtualenv's (or install prefix's) bin/python3
// or bin/python, a bare name ("python3.13t") looked up on PATH like a shell would, else the
// path as given. Throws UserError for a directory that has no interpreter.
std::filesystem::path interpreter_path(const std::filesystem::path& given);

// A free-threaded interpreter found on this machine, outside gilfree.
struct FoundInterpreter {
  std::filesystem::path path;
  std::string source;  // "PATH", "uv", "pyenv"
  std::optional<InterpreterFacts> facts;
  std::string problem;
};

// PATH python3.1Xt, uv-managed and pyenv free-threaded builds, each probed.
std::vector<FoundInterpreter> find_free_threaded_interpreters();

}  // namespace gilfree::runtime
