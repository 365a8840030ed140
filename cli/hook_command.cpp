#include <cstdio>
#include <filesystem>
#include <memory>
#include <vector>

#include "cli/commands.hpp"
#include "runtime/child_process.hpp"
#include "scanners/scan/git_hook.hpp"
#include "scanners/scan/git_scan_run.hpp"

namespace gilfree::cli {
namespace {

void add_install(CLI::App& hook, int& status) {
  auto* cmd = hook.add_subcommand(
      "install", "Write the pre-commit hook where git runs it (core.hooksPath or .git/hooks); "
                 "an existing hook is kept and runs first");
  auto force = std::make_shared<bool>(false);
  cmd->add_flag("--force", *force,
                "When an older chained hook is in the way, chain the current hook instead");
  cmd->callback([force, &status] {
    auto repo = scanners::GitRepository::discover(std::filesystem::current_path());
    auto change = scanners::install_hook(repo, runtime::self_executable(), *force);
    std::printf("%s\n", change.message.c_str());
    status = 0;
  });
}

void add_uninstall(CLI::App& hook, int& status) {
  auto* cmd = hook.add_subcommand(
      "uninstall", "Remove gilfree's pre-commit hook and restore the hook it chained");
  cmd->callback([&status] {
    auto repo = scanners::GitRepository::discover(std::filesystem::current_path());
    auto change = scanners::uninstall_hook(repo);
    std::printf("%s\n", change.message.c_str());
    status = 0;
  });
}

void add_run(CLI::App& hook, int& status) {
  auto* cmd = hook.add_subcommand(
      "run", "What the hook runs: scan the staged Python code and block on new findings (exit 1); "
             "with files (as pre-commit passes them), every finding in those files");
  auto no_cache = std::make_shared<bool>(false);
  auto files = std::make_shared<std::vector<std::filesystem::path>>();
  cmd->add_option("files", *files, "Files to scan as they are on disk (default: the staged blobs, new lines only)");
  cmd->add_flag("--no-cache", *no_cache, "Do not read or write the findings cache (.gilfree/)");
  cmd->callback([no_cache, files, &status] {
    auto outcome = scanners::run_hook_command(*no_cache, *files);
    std::fwrite(outcome.output.data(), 1, outcome.output.size(), stderr);
    status = outcome.exit_code;
  });
}

}  // namespace

void add_hook_command(CLI::App& app, int& status) {
  auto* hook = app.add_subcommand(
      "hook", "Pre-commit hook: scan exactly what is staged; install or uninstall the hook");
  hook->require_subcommand(1);
  add_install(*hook, status);
  add_uninstall(*hook, status);
  add_run(*hook, status);
}

}  // namespace gilfree::cli
