#include "cli/app.hpp"

#include <cstdio>
#include <exception>

#include "cli/commands.hpp"
#include "runtime/errors.hpp"

namespace gilfree::cli {

namespace {

bool is_command(const CLI::App& app, const std::string& name) {
  for (const auto* command : app.get_subcommands({})) {
    if (command->check_name(name)) return true;
  }
  return false;
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
      throw UserError(std::string("unknown command '") + argv[1] + "'; see 'gilfree --help' for the commands");
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
    std::fprintf(stderr, "gilfree: error: %s (see 'gilfree --help')\n", error.what());
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
