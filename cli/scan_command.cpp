// GCC 12 reports a false -Wnull-dereference inside CLI11's option parsing
// (CLI::detail::split inlined into this file); the code is CLI11's, not ours.
#pragma GCC diagnostic ignored "-Wnull-dereference"

#include <cstdio>
#include <memory>

#include "cli/commands.hpp"
#include "common/atomic_file.hpp"
#include "common/output_target.hpp"
#include "common/terminal_color.hpp"
#include "common/byte_size.hpp"
#include "scanners/scan/git_scan_run.hpp"
#include "scanners/scan/scan_run.hpp"

namespace gilfree::cli {

void add_scan_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("scan", "Find thread-safety hazards for free-threaded Python (exit 0 clean, 1 findings)");
  auto options = std::make_shared<scanners::ScanOptions>();
  auto min_confidence = std::make_shared<std::string>();
  cmd->add_option("paths", options->paths, "Files or directories to scan (default: .); - reads one source from stdin");
  cmd->add_option("--stdin-filename", options->stdin_filename, "The name of the source read from stdin (with -)");
  cmd->add_option("--format", options->format, "Output: text, json, sarif, github")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}));
  cmd->add_option("--select", options->select, "Only these rules: ids, id prefixes or names (replaces the config's)")
      ->delimiter(',')->allow_extra_args(false);
  cmd->add_option("--ignore", options->ignore, "Skip these rules (added to the config's)")->delimiter(',')->allow_extra_args(false);
  cmd->add_option("--min-confidence", *min_confidence, "Hide findings below: low, medium, high (default: medium)")
      ->check(CLI::IsMember({"low", "medium", "high"}));
  cmd->add_option("--exclude", options->exclude, "Skip paths matching these globs (added to the config's)")
      ->delimiter(',')->allow_extra_args(false);
  cmd->add_option("--rules-dir", options->rule_dirs, "Extra directory of rule YAML files")->allow_extra_args(false);
  cmd->add_option("--config", options->config, "pyproject.toml to read [tool.gilfree] from (default: the nearest)");
  cmd->add_flag("--no-config", options->no_config, "Ignore pyproject.toml");
  cmd->add_option("--baseline", options->baseline, "Hide findings listed in this baseline file");
  cmd->add_option("--write-baseline", options->write_baseline, "Write all current findings to this baseline file");
  cmd->add_option("-j,--jobs", options->jobs, "Files scanned in parallel (default: one per core)");
  auto output_file = std::make_shared<std::string>();
  cmd->add_option("-o,--output-file", *output_file, "Write the report to this file (atomically) instead of stdout");
  cmd->add_flag("--exit-zero", options->exit_zero, "Exit 0 even when there are findings (errors still exit 2)");
  cmd->add_flag("--statistics", options->statistics, "Show how many findings each rule has, not the findings");
  auto git = std::make_shared<scanners::GitScanFlags>();
  cmd->add_option("--rev", git->revision, "Scan this commit's tree (no checkout; bare repositories too)");
  cmd->add_flag("--staged", git->staged, "Scan the staged blobs (what will be committed), not the work tree");
  cmd->add_option("--diff", git->diff_base, "Report only findings on lines added or changed since this revision");
  cmd->add_flag("--no-git", git->no_git, "Walk the files directly even inside a git work tree");
  cmd->add_flag("--no-cache", git->no_cache, "Do not read or write the findings cache (.gilfree/)");
  auto color = std::make_shared<std::string>("auto");
  cmd->add_option("--color", *color, "Colour the text output: auto (on a terminal; NO_COLOR and FORCE_COLOR apply), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  auto* quiet = cmd->add_flag("-q,--quiet", options->quiet, "Print the findings only (no notes, no summary); -qq: nothing, the exit status tells");
  cmd->add_flag("-v,--verbose", options->verbose, "Also tell on stderr: the rules loaded, each file scanned with its time, the total")
      ->excludes(quiet);
  auto max_file_size = std::make_shared<std::string>();
  cmd->add_option("--max-file-size", *max_file_size, "Skip larger files with a note (default: 5MB; K, M, G; 0: no limit)");
  cmd->add_flag("--parse-only", options->parse_only, "Parse files and run no rule (for benchmarks)")->group("");
  cmd->callback([options, min_confidence, git, output_file, color, max_file_size, &status] {
    if (!min_confidence->empty()) options->min_confidence = *min_confidence;
    if (!output_file->empty()) runtime::check_writable_output(*output_file, "--output-file");
    if (!max_file_size->empty()) options->max_file_bytes = scanners::parse_byte_size(*max_file_size, "--max-file-size");
    options->color = runtime::use_color(runtime::parse_color_choice(*color),
                                        output_file->empty() && runtime::stdout_is_terminal());
    auto outcome = scanners::wants_git_scan(*options, *git) ? scanners::run_git_scan(*options, *git)
                                                             : scanners::run_scan(*options);
    std::fwrite(outcome.log.data(), 1, outcome.log.size(), stderr);
    if (output_file->empty()) {
      std::fwrite(outcome.output.data(), 1, outcome.output.size(), stdout);
    } else {
      runtime::write_file_atomically(*output_file, outcome.output);
    }
    status = outcome.exit_code;
  });
}

}  // namespace gilfree::cli
