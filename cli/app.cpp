#include "cli/app.hpp"

#include <cstdio>
#include <exception>

#include "cli/commands.hpp"
#include "common/closest_name.hpp"
#include "common/errors.hpp"

namespace gilfree::cli {

namespace {

bool is_command(const CLI::App& app, const std::string& name) {
  for (const auto* command : app.get_subcommands({})) {
    if (command->check_name(name)) return true;
  }
  return false;
}

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const auto* command : app.get_subcommands({})) names.push_back(command->get_name());
  return names;
}

// The command line's subcommand chain as far as it was parsed ("gilfree rules show").
const CLI::App* deepest_parsed(const CLI::App& app) {
  for (const auto* command : app.get_subcommands()) return deepest_parsed(*command);
  return &app;
}

std::string command_path(const CLI::App* command) {
  std::string path;
  for (; command != nullptr; command = command->get_parent()) path = command->get_name() + (path.empty() ? "" : " " + path);
  return path;
}

// "; did you mean --select?" for the first unexpected option in a parse error's text.
std::string option_suggestion(const CLI::App& command, const std::string& message) {
  auto colon = message.find(": -");
  if (colon == std::string::npos) return {};
  auto start = colon + 2;
  auto option = message.substr(start, message.find_first_of(" =", start) - start);
  std::vector<std::string> names;
  for (const auto* known : command.get_options()) {
    for (const auto& name : known->get_lnames()) names.push_back("--" + name);
  }
  auto best = closest_name(option, names);
  return best.empty() ? "" : "; did you mean " + best + "?";
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"gilfree: move a Python project onto free-threaded (no-GIL) CPython", "gilfree"};
  app.set_version_flag("--version", "gilfree " GILFREE_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);
  int status = 0;
  add_python_command(app, status);
  add_doctor_command(app, status);
  add_scan_command(app, status);
  add_run_command(app, status);
  add_env_command(app, status);
  add_inventory_command(app, status);
  add_plan_command(app, status);
  add_bench_command(app, status);
  add_hook_command(app, status);
  add_rules_command(app, status);
  try {
    if (argc > 1 && argv[1][0] != '-' && !is_command(app, argv[1])) {
      auto best = closest_name(argv[1], command_names(app));
      throw UserError(std::string("unknown command '") + argv[1] + "'" + (best.empty() ? "" : "; did you mean " + best + "?") +
                      " (see 'gilfree --help' for the commands)");
    }
    app.parse(argc, argv);
    return status;
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    std::fputs(app.help("", CLI::AppFormatMode::All).c_str(), stdout);
    return 0;
  } catch (const CLI::CallForVersion& version) {
    std::printf("%s\n", version.what());
    return 0;
  } catch (const CLI::ParseError& error) {
    const auto* command = deepest_parsed(app);
    std::fprintf(stderr, "gilfree: error: %s%s (see '%s --help')\n", error.what(),
                 option_suggestion(*command, error.what()).c_str(), command_path(command).c_str());
    return 2;
  } catch (const UserError& error) {
    std::fprintf(stderr, "gilfree: error: %s\n", error.what());
    return 2;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "gilfree: internal error: %s\n", error.what());
    return 2;
  }
}

}  // namespace gilfree::cli
