#pragma once
// --python, --env and --no-env, the same on every command that runs the project's code
// (run, inventory, bench).
#include <string>

#include <CLI/CLI.hpp>

#include "runner/run_options.hpp"

namespace gilfree::cli {

struct InterpreterArguments {
  std::string python;
  std::string env;
  bool no_env = false;
  runner::InterpreterChoice choice() const { return runner::parse_interpreter_choice(python, env, no_env); }
};

// `python_help` says what --python is for on this command and what the default is.
void add_interpreter_options(CLI::App& cmd, InterpreterArguments& args, const std::string& python_help);

}  // namespace gilfree::cli
