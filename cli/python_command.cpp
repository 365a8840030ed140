#include "cli/commands.hpp"
#include "runtime/embedded_python.hpp"
#include "common/errors.hpp"

namespace gilfree::cli {

void add_python_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand(
      "python", "Run the embedded free-threaded CPython like `python` (-c, -m, script, stdin)");
  cmd->footer(
      "gilfree's own options come first; the first argument it does not know and all after it "
      "go to the interpreter (gilfree python -h is python's own help).");
  // Stop at the first argument we do not know, so that -c, -m, -h and the
  // script's own options all reach the interpreter untouched.
  cmd->prefix_command();
  cmd->set_help_flag("--help", "Show this help (python's own help: gilfree python -h)");
  auto gil = std::make_shared<std::string>();
  cmd->add_option("--gil", *gil, "GIL mode: on (forced), off (forced), default (free-threaded default)")
      ->check(CLI::IsMember({"on", "off", "default"}));
  cmd->callback([cmd, gil, &status] {
    std::optional<runtime::GilMode> mode;
    if (!gil->empty()) mode = runtime::parse_gil_mode(*gil);
    status = runtime::run_embedded_python(runtime::locate_runtime(), mode, cmd->remaining());
  });
}

}  // namespace gilfree::cli
