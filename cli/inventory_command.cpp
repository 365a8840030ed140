#include <cstdio>

#include "cli/commands.hpp"
#include "scanners/inventory_project.hpp"

namespace gilfree::cli {

void add_inventory_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("inventory", "Dependencies and C extensions: do they support free-threading?");
  cmd->footer("Reads pyproject.toml, requirements*.txt, uv.lock, poetry.lock and pdm.lock, imports every "
              "installed extension module in the default GIL mode, and checks the project's own extension sources.");
  auto options = std::make_shared<scanners::InventoryOptions>();
  auto format = std::make_shared<std::string>("text");
  auto fail_on = std::make_shared<std::string>();
  auto python = std::make_shared<std::string>();
  auto knowledge = std::make_shared<std::string>();
  auto no_probe = std::make_shared<bool>(false);
  auto no_sources = std::make_shared<bool>(false);
  auto timeout = std::make_shared<int>(60);
  cmd->add_option("path", options->root, "Project directory (default: .)");
  cmd->add_option("--python", *python, "Free-threaded python whose environment to probe (default: the embedded runtime)");
  cmd->add_option("--format", *format, "Output format")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--fail-on", *fail_on, "Exit 1 when there is a blocker")->check(CLI::IsMember({"blocker"}));
  cmd->add_option("--knowledge", *knowledge, "Package knowledge file (default: the one shipped with gilfree)");
  cmd->add_option("--probe-timeout", *timeout, "Seconds one module's import may take")->check(CLI::Range(1, 3600));
  cmd->add_option("--jobs", options->jobs, "Imports probed at once (default: one per core, at most 4)")
      ->check(CLI::Range(1, 64));
  cmd->add_flag("--no-probe", *no_probe, "Do not import the environment's extension modules");
  cmd->add_flag("--no-sources", *no_sources, "Do not check the project's extension sources");
  cmd->callback([=, &status] {
    if (!python->empty()) options->python = *python;
    if (!knowledge->empty()) options->knowledge = *knowledge;
    options->probe = !*no_probe;
    options->sources = !*no_sources;
    options->probe_timeout = std::chrono::seconds(*timeout);
    auto inventory = scanners::run_inventory(*options);
    if (*format == "json") {
      // File names and requirement text may not be UTF-8: replace, never fail.
      auto json = scanners::inventory_to_json(inventory).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
      std::fputs((json + "\n").c_str(), stdout);
      for (const auto& problem : inventory.problems) {
        std::fprintf(stderr, "gilfree: warning: %s%s: %s\n", problem.path.c_str(),
                     problem.line > 0 ? (":" + std::to_string(problem.line)).c_str() : "", problem.message.c_str());
      }
    } else {
      std::fputs(scanners::inventory_to_text(inventory).c_str(), stdout);
    }
    status = (*fail_on == "blocker" && inventory.blockers() > 0) ? 1 : 0;
  });
}

}  // namespace gilfree::cli
