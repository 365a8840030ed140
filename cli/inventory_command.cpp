#include <cstdio>

#include "cli/commands.hpp"
#include "cli/interpreter_options.hpp"
#include "runner/project_env.hpp"
#include "common/atomic_file.hpp"
#include "common/json_text.hpp"
#include "common/output_target.hpp"
#include "scanners/inventory/inventory_project.hpp"

namespace gilfree::cli {

void add_inventory_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("inventory", "Dependencies and C extensions: do they support free-threading?");
  cmd->footer("Reads pyproject.toml, requirements*.txt, uv.lock, poetry.lock and pdm.lock, imports every "
              "installed extension module in the default GIL mode, and checks the project's own extension sources.");
  auto options = std::make_shared<scanners::InventoryOptions>();
  auto format = std::make_shared<std::string>("text");
  auto fail_on = std::make_shared<std::string>();
  auto interpreter = std::make_shared<InterpreterArguments>();
  auto state_dir = std::make_shared<std::string>();
  auto knowledge = std::make_shared<std::string>();
  auto no_probe = std::make_shared<bool>(false);
  auto no_sources = std::make_shared<bool>(false);
  auto timeout = std::make_shared<int>(60);
  auto output_file = std::make_shared<std::string>();
  cmd->add_option("path", options->root, "Project directory (default: .)");
  add_interpreter_options(*cmd, *interpreter,
                          "Free-threaded python or virtualenv whose extension modules to probe (default: the "
                          "embedded runtime in the project's environment, see 'gilfree env')");
  cmd->add_option("--state-dir", *state_dir, "Where the project's environment lives (default: ROOT/.gilfree)");
  cmd->add_option("--format", *format, "Output format")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--fail-on", *fail_on, "Exit 1 when there is a blocker")->check(CLI::IsMember({"blocker"}));
  cmd->add_option("--knowledge", *knowledge, "Package knowledge file (default: the one shipped with gilfree)");
  cmd->add_option("--probe-timeout", *timeout, "Seconds one module's import may take")->check(CLI::Range(1, 3600));
  cmd->add_option("--jobs", options->jobs, "Imports probed at once (default: one per core, at most 4)")
      ->check(CLI::Range(1, 64));
  cmd->add_option("-o,--output-file", *output_file, "Write the report to this file (atomically) instead of stdout");
  cmd->add_flag("--no-probe", *no_probe, "Do not import the environment's extension modules");
  cmd->add_flag("--no-sources", *no_sources, "Do not check the project's extension sources");
  cmd->callback([=, &status] {
    auto choice = interpreter->choice();
    options->python = choice.python;
    if (choice.project_env) {
      options->project_env = [state_dir](const std::filesystem::path& root) -> std::optional<scanners::ProbeEnvironment> {
        auto env = runner::ensure_project_env(root, *state_dir);
        if (!env) return std::nullopt;
        return scanners::ProbeEnvironment{env->python, runner::env_summary(*env, root), env->to_json()};
      };
    }
    if (!knowledge->empty()) options->knowledge = *knowledge;
    options->probe = !*no_probe;
    options->sources = !*no_sources;
    options->probe_timeout = std::chrono::seconds(*timeout);
    if (!output_file->empty()) runtime::check_writable_output(*output_file, "--output-file");
    auto inventory = scanners::run_inventory(*options);
    // The report goes to -o's file, else stdout.
    auto emit = [&](const std::string& report) {
      if (output_file->empty()) std::fwrite(report.data(), 1, report.size(), stdout);
      else runtime::write_file_atomically(*output_file, report);
    };
    if (*format == "json") {
      // File names and requirement text may not be UTF-8: json_text replaces, never fails.
      emit(runtime::json_text(scanners::inventory_to_json(inventory)));
      for (const auto& line : scanners::problem_lines(inventory.problems)) {
        std::fprintf(stderr, "gilfree: warning: %s\n", line.c_str());
      }
    } else {
      emit(scanners::inventory_to_text(inventory));
    }
    status = (*fail_on == "blocker" && inventory.blockers() > 0) ? 1 : 0;
  });
}

}  // namespace gilfree::cli
