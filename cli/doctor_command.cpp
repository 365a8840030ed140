#include <cstdio>

#include "cli/commands.hpp"
#include "runtime/doctor.hpp"
#include "common/json_text.hpp"

namespace gilfree::cli {

void add_doctor_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand(
      "doctor", "Check the runtime (GIL state per mode, pytest); find other free-threaded interpreters");
  cmd->footer("Exit status 1 when the runtime is unusable, with what to do.");
  auto json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *json, "Print the report as JSON");
  cmd->callback([json, &status] {
    auto report = runtime::run_doctor();
    auto text = *json ? runtime::json_text(runtime::to_json(report)) : runtime::to_text(report);
    std::fputs(text.c_str(), stdout);
    status = report.blocking_problems().empty() ? 0 : 1;
  });
}

}  // namespace gilfree::cli
