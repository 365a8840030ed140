#pragma once
#include "runtime/python_helpers.hpp"
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runner/project_env.hpp"
#include "runner/run_options.hpp"
#include "runtime/child_process.hpp"
#include "runtime/gil_mode.hpp"
#include "runtime/interpreter_probe.hpp"

namespace gilfree::runner {

using EnvChanges = std::vector<std::pair<std::string, std::optional<std::string>>>;

// How to start a test child in one GIL mode: the embedded runtime through
// `gilfree python --gil on|off|default`, or another free-threaded interpreter
// with PYTHON_GIL=1|0|unset.
class ChildLauncher {
 public:
  // Probes the interpreter; throws UserError when it is missing, does not
  // start, or is a GIL-only build.
  static ChildLauncher create(const std::optional<std::filesystem::path>& python);
  // The project's environment gilfree made from the embedded runtime: no probe needed.
  static ChildLauncher for_env(const std::filesystem::path& env_python, const std::string& description);

  std::vector<std::string> command(runtime::GilMode mode) const;
  EnvChanges environment(runtime::GilMode mode) const;
  bool has_pytest() const { return has_pytest_; }
  const std::string& description() const { return description_; }

 private:
  std::vector<std::string> base_;
  bool embedded_ = true;
  bool has_pytest_ = false;
  std::string description_;
};

// What runs a command's children for a project (run, bench --script): the interpreter of
// `choice` when one was given; else the embedded runtime, in the project's environment
// (ensure_project_env) unless choice.project_env is false or the project declares nothing.
struct ProjectLauncher {
  ChildLauncher launcher;
  std::optional<ProjectEnv> env;
  std::string environment;  // env_summary(), empty without an environment
};
ProjectLauncher project_launcher(const InterpreterChoice& choice, const std::filesystem::path& root,
                                 const std::filesystem::path& state_dir);

// The interpreter arguments that run the framework with our plugin/runner.
std::vector<std::string> framework_arguments(Framework framework,
                                             const std::vector<std::string>& user_args);

}  // namespace gilfree::runner
