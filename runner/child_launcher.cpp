#include "runner/child_launcher.hpp"

#include <cstdlib>

#include "runtime/embedded_python.hpp"
#include "common/errors.hpp"
#include "runtime/runtime_location.hpp"

namespace gilfree::runner {

ChildLauncher ChildLauncher::create(const std::optional<std::filesystem::path>& python) {
  ChildLauncher launcher;
  if (!python) {
    // The embedded runtime is free-threaded by construction; checking that it
    // loads is enough, and skipping a probe child saves a start-up per run.
    auto location = runtime::locate_runtime();
    if (auto problem = runtime::embedded_runtime_problem(location)) {
      throw UserError("the embedded runtime is not usable (" + *problem +
                      "); run 'gilfree doctor', or pass --python PATH");
    }
    launcher.base_ = {runtime::self_executable().string(), "python"};
    launcher.description_ = "embedded CPython " + location.minor + "t";
    launcher.has_pytest_ = std::filesystem::exists(location.stdlib() / "site-packages" / "pytest");
    return launcher;
  }
  auto path = runtime::interpreter_path(*python);
  launcher.base_ = {path.string()};
  launcher.embedded_ = false;
  runtime::ChildOptions probe_options;
  probe_options.timeout = std::chrono::seconds(60);
  probe_options.env = {{"PYTHON_GIL", std::nullopt}};
  std::string problem;
  auto facts = runtime::probe_interpreter(launcher.base_, probe_options, problem);
  if (!facts) {
    throw UserError("cannot run " + path.string() + " as a Python interpreter (" + problem +
                    "); give a free-threaded CPython such as python3.13t, or a virtualenv made from one");
  }
  if (!facts->free_threaded) {
    throw UserError(path.string() + " is CPython " + facts->version +
                    " built with the GIL; gilfree needs a free-threaded build "
                    "(python3.13t or newer), e.g. --python $(which python3.13t)");
  }
  launcher.has_pytest_ = facts->pytest_version.has_value();
  launcher.description_ = path.string() + " (CPython " + facts->version + "t)";
  return launcher;
}

ChildLauncher ChildLauncher::for_env(const std::filesystem::path& env_python, const std::string& description) {
  ChildLauncher launcher;
  launcher.base_ = {env_python.string()};
  launcher.embedded_ = false;
  launcher.has_pytest_ = std::filesystem::exists(runtime::locate_runtime().stdlib() / "site-packages" / "pytest");
  launcher.description_ = description;
  return launcher;
}

ProjectLauncher project_launcher(const InterpreterChoice& choice, const std::filesystem::path& root,
                                 const std::filesystem::path& state_dir) {
  // The runtime is checked before an environment is made from it.
  ProjectLauncher project{ChildLauncher::create(choice.python), std::nullopt, ""};
  if (choice.python || !choice.project_env) return project;
  project.env = ensure_project_env(root, state_dir);
  if (project.env) {
    project.environment = env_summary(*project.env, root);
    project.launcher = ChildLauncher::for_env(project.env->python, project.launcher.description());
  }
  return project;
}

std::vector<std::string> ChildLauncher::command(runtime::GilMode mode) const {
  auto argv = base_;
  if (embedded_) argv.insert(argv.end(), {"--gil", std::string(runtime::cli_name(mode))});
  return argv;
}

EnvChanges ChildLauncher::environment(runtime::GilMode mode) const {
  // The embedded interpreter takes the mode from --gil; PYTHON_GIL must not
  // override the free-threaded default there either.
  if (embedded_ || mode == runtime::GilMode::standard) return {{"PYTHON_GIL", std::nullopt}};
  return {{"PYTHON_GIL", mode == runtime::GilMode::gil ? "1" : "0"}};
}

std::vector<std::string> framework_arguments(Framework framework,
                                             const std::vector<std::string>& user_args) {
  std::vector<std::string> args;
  if (framework == Framework::unittest) {
    args = {"-m", "gilfree_unittest"};
  } else {
    // Our faulthandler replaces pytest's; the cache plugin would be written by
    // every mode at once; a module that fails to import must not stop the rest.
    args = {"-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:faulthandler",
            "-p", "gilfree_pytest_plugin", "--continue-on-collection-errors"};
  }
  args.insert(args.end(), user_args.begin(), user_args.end());
  return args;
}

}  // namespace gilfree::runner
