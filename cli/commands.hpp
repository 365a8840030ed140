#pragma once
// Each subcommand lives in its own cli/<name>_command.cpp and only wires its
// options to a library call. A command stores its exit status in `status`.
#include <CLI/CLI.hpp>

namespace gilfree::cli {

void add_python_command(CLI::App& app, int& status);
void add_doctor_command(CLI::App& app, int& status);
void add_scan_command(CLI::App& app, int& status);
void add_run_command(CLI::App& app, int& status);
void add_inventory_command(CLI::App& app, int& status);
void add_plan_command(CLI::App& app, int& status);
void add_bench_command(CLI::App& app, int& status);
void add_hook_command(CLI::App& app, int& status);
void add_rules_command(CLI::App& app, int& status);
void add_env_command(CLI::App& app, int& status);

}  // namespace gilfree::cli
