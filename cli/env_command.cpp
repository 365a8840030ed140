#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "runner/project_env.hpp"

namespace gilfree::cli {
namespace {

struct EnvArguments {
  std::string root = ".";
  std::string state_dir;
  bool json = false;
};

void add_action(CLI::App& env, const char* name, const char* help, runner::EnvAction action, int& status) {
  auto* cmd = env.add_subcommand(name, help);
  auto args = std::make_shared<EnvArguments>();
  cmd->add_option("root", args->root, "Project root (default: the current directory)");
  cmd->add_option("--state-dir", args->state_dir, "Where the environment lives (default: ROOT/.gilfree)");
  if (action != runner::EnvAction::remove) cmd->add_flag("--json", args->json, "Print the state as JSON");
  cmd->callback([args, action, &status] {
    status = runner::run_env_action(action, args->root, args->state_dir, args->json);
  });
}

}  // namespace

void add_env_command(CLI::App& app, int& status) {
  auto* env = app.add_subcommand("env", "The project's environment that 'gilfree run' uses: show, build, remove");
  env->footer("A venv from the runtime under ROOT/.gilfree/env/<key>, keyed by a hash of the declared "
              "dependencies; pip runs with your own pip configuration (index, PIP_FIND_LINKS, PIP_NO_INDEX).");
  env->require_subcommand(0, 1);
  add_action(*env, "show", "What the environment holds and whether it is up to date (the default)",
             runner::EnvAction::show, status);
  add_action(*env, "build", "Build it again from the declared inputs", runner::EnvAction::build, status);
  add_action(*env, "remove", "Remove every environment of the project", runner::EnvAction::remove, status);
  env->callback([env, &status] {
    if (env->get_subcommands().empty()) status = runner::run_env_action(runner::EnvAction::show, ".", "", false);
  });
}

}  // namespace gilfree::cli
