#include "scanners/scan/scan_run.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include "common/errors.hpp"
#include "common/thread_pool.hpp"
#include "scanners/scan/baseline.hpp"
#include "scanners/git/git_repository.hpp"
#include "scanners/scan/project_config.hpp"
#include "common/text_position.hpp"
#include "scanners/scan/work_tree.hpp"

namespace gilfree::scanners {
namespace {

namespace fs = std::filesystem;

struct FileOutcome {
  FileResult result;
  std::vector<std::pair<int, std::string>> lines;
  std::vector<FileTiming> timings;  // its own, so that threads need no lock
};

// The order to scan files in: largest first, so that no thread is left with a
// big file at the end while the others wait (results keep the walk's order).
std::vector<std::size_t> largest_first(const std::vector<FileToScan>& files) {
  std::vector<std::size_t> order(files.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return files[a].bytes > files[b].bytes; });
  return order;
}

}  // namespace

// What -v tells on stderr: the rules loaded and selected, each file parsed
// with its time, how many came from the cache, and the whole run's time.
static std::string verbose_log(const ScanOptions& options, const ScanReport& report, const Scanner& scanner) {
  std::map<std::string, int> per_dir;  // "" for the rules built into gilfree
  for (const auto& rule : scanner.all_rules()) ++per_dir[rule.file.empty() ? "" : rule.file.parent_path().string()];
  std::string log = "gilfree: " + std::to_string(scanner.all_rules().size()) + " rules loaded:";
  for (const auto& [dir, count] : per_dir) log += " " + std::to_string(count) + (dir.empty() ? " built in" : " from " + dir) + ",";
  log.back() = ';';
  log += " " + std::to_string(scanner.rules().size()) + " selected:";
  for (const auto& rule : scanner.rules()) log += " " + rule.id;
  log += "\n";
  for (const auto& timing : report.timings) {
    char line[64];
    std::snprintf(line, sizeof line, " (%.1f ms)\n", timing.milliseconds);
    log += "gilfree: scanned " + timing.path + line;
  }
  std::chrono::duration<double> total = std::chrono::steady_clock::now() - options.started;
  char summary[160];
  std::snprintf(summary, sizeof summary, "gilfree: %d file%s (%zu parsed, %zu from the cache) in %.2f s\n",
                report.files_scanned, report.files_scanned == 1 ? "" : "s", report.timings.size(), report.from_cache,
                total.count());
  return valid_utf8(log + summary);
}

// The work tree of the repository around the working directory, else the working directory.
static fs::path source_root() {
  try {
    auto repository = GitRepository::discover(fs::current_path());
    if (!repository.is_bare()) return repository.workdir("name files relative to the repository");
  } catch (const std::exception&) {
    // Not in a repository: paths stay relative to the working directory.
  }
  return fs::current_path();
}

ProjectConfig effective_config(const ScanOptions& options) {
  ProjectConfig config;
  if (!options.config.empty()) {
    if (!fs::is_regular_file(options.config)) throw UserError(options.config.string() + ": config file not found");
    config = load_project_config(options.config);
  } else if (!options.no_config) {
    if (auto found = find_pyproject(fs::current_path())) config = load_project_config(*found);
  }
  // `gilfree scan` shows medium and high confidence unless told otherwise:
  // low-confidence findings are opt-in, precision comes first.
  if (!config.min_confidence_set) config.scan.min_confidence = Confidence::medium;
  if (!options.select.empty()) {
    config.scan.select = options.select;
    config.scan.select_origins.clear();  // the command line's, not the file's
  }
  config.scan.ignore.insert(config.scan.ignore.end(), options.ignore.begin(), options.ignore.end());
  config.exclude.insert(config.exclude.end(), options.exclude.begin(), options.exclude.end());
  if (options.min_confidence) {
    auto confidence = parse_confidence(*options.min_confidence);
    if (!confidence) throw UserError("--min-confidence '" + *options.min_confidence + "' must be low, medium or high");
    config.scan.min_confidence = *confidence;
  }
  config.scan.extra_rule_dirs.insert(config.scan.extra_rule_dirs.end(), options.rule_dirs.begin(), options.rule_dirs.end());
  config.scan.parse_only = options.parse_only;
  config.scan.max_file_bytes = options.max_file_bytes;
  return config;
}

FileResult timed_scan(const Scanner& scanner, const SourceFile& file, std::vector<FileTiming>& timings) {
  auto start = std::chrono::steady_clock::now();
  auto result = scanner.scan(file);
  std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
  timings.push_back(FileTiming{file.path, elapsed.count()});
  return result;
}

std::vector<FileResult> scan_all(const Scanner& scanner, const std::vector<SourceFile>& files, unsigned jobs,
                                 SourceLines* lines) {
  std::vector<FileResult> results(files.size());
  parallel_for(files.size(), jobs, [&](std::size_t i) { results[i] = scanner.scan(files[i]); });
  if (lines) {
    for (std::size_t i = 0; i < files.size(); ++i) lines->add(files[i], results[i]);
  }
  return results;
}

// `gilfree scan -`: one source read from stdin (an editor's buffer), named
// --stdin-filename (which per-file-ignores and exclude see, as ruff does).
static ScanOutcome scan_stdin(const ScanOptions& options, const ProjectConfig& config) {
  SourceFile file;
  file.path = options.stdin_filename.empty() ? "-" : options.stdin_filename;
  char buffer[1 << 16];
  for (std::size_t count; (count = std::fread(buffer, 1, sizeof buffer, stdin)) > 0;) file.content.append(buffer, count);
  if (std::ferror(stdin)) throw UserError("scan -: cannot read the source from stdin");
  Scanner scanner(config.scan);
  ScanReport report;
  SourceLines lines;
  report.files_scanned = 1;
  if (!path_matches_any_glob(config.exclude, file.path)) {
    auto result = timed_scan(scanner, file, report.timings);
    lines.add(file, result);
    report.findings = std::move(result.findings);
    report.notes = std::move(result.notes);
  }
  scanner.check_rules();
  return finish_scan(options, report, lines, scanner);
}

ScanOutcome run_scan(const ScanOptions& options) {
  parse_output_format(options.format);  // a bad --format fails before any work
  auto config = effective_config(options);
  if (options.paths.size() == 1 && options.paths.front() == "-") return scan_stdin(options, config);
  if (!options.stdin_filename.empty()) throw UserError("--stdin-filename names the source read from stdin: give '-' as the path");
  auto paths = options.paths.empty() ? std::vector<fs::path>{"."} : options.paths;
  Scanner scanner(config.scan);
  auto walk = find_python_files(paths, config.exclude);
  auto order = largest_first(walk.files);
  std::vector<FileOutcome> outcomes(walk.files.size());
  parallel_for(walk.files.size(), options.jobs, [&](std::size_t k) {
    auto i = order[k];
    SourceFile file;
    std::string problem;
    auto& outcome = outcomes[i];
    if (!read_source_file(walk.files[i], file, problem)) {
      outcome.result.notes.push_back(problem);
      return;
    }
    outcome.result = timed_scan(scanner, file, outcome.timings);
    SourceLines lines;
    lines.add(file, outcome.result);
    for (const auto& f : outcome.result.findings) outcome.lines.emplace_back(f.line, std::string(lines.line(f.path, f.line)));
  });
  scanner.check_rules();  // the rules' problems, even when no file was scanned
  ScanReport report;
  SourceLines lines;
  report.notes = walk.notes;
  report.files_scanned = static_cast<int>(walk.files.size());
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    auto& outcome = outcomes[i];
    for (auto& [line, text] : outcome.lines) lines.add_line(walk.files[i].display, line, std::move(text));
    for (auto& f : outcome.result.findings) report.findings.push_back(std::move(f));
    for (auto& note : outcome.result.notes) report.notes.push_back(std::move(note));
    for (auto& timing : outcome.timings) report.timings.push_back(std::move(timing));
  }
  return finish_scan(options, report, lines, scanner);
}

ScanOutcome finish_scan(const ScanOptions& options, ScanReport& report, const SourceLines& lines,
                        const Scanner& scanner) {
  auto format = parse_output_format(options.format);
  std::optional<Baseline> baseline;
  if (!options.baseline.empty()) baseline = Baseline::load(options.baseline);
  ScanOutcome outcome;
  if (options.verbose) outcome.log = verbose_log(options, report, scanner);
  if (!options.write_baseline.empty()) {
    auto accepted = Baseline::from_findings(report.findings, lines);
    accepted.write(options.write_baseline);
    if (options.quiet < 2) {
      outcome.output = "Wrote " + std::to_string(accepted.size()) + " finding(s) to the baseline " +
                       options.write_baseline.string() + ".\n";
    }
    return outcome;
  }
  if (baseline) report.baseline_matched = baseline->filter(report.findings, lines);
  // Only SARIF and GitHub annotations name files from the repository root; the
  // lookup starts libgit2, which reads the system's certificates: a third of a
  // one-file scan.
  if (format == OutputFormat::sarif || format == OutputFormat::github) report.source_root = source_root();
  TextStyle style{options.color, options.quiet};
  if (options.quiet < 2) {
    outcome.output = options.statistics ? statistics_report(format, report, scanner.rules(), style)
                                        : format_report(format, report, lines, scanner.rules(), style);
  }
  outcome.exit_code = report.findings.empty() || options.exit_zero ? 0 : 1;
  return outcome;
}

}  // namespace gilfree::scanners
