#include "scanners/scan/git_scan_run.hpp"

#include <future>
#include <memory>
#include <mutex>
#include <thread>

#include "common/errors.hpp"
#include "common/thread_pool.hpp"
#include "scanners/scan/project_config.hpp"

namespace gilfree::scanners {
namespace {

namespace fs = std::filesystem;

bool any_git_flag(const GitScanFlags& flags) {
  return flags.revision || flags.staged || flags.diff_base;
}

// Python files, minus the configured `exclude` globs (repository-relative).
PathFilter python_files_not_excluded(const std::vector<std::string>& exclude) {
  return [exclude](std::string_view path) {
    return is_python_path(path) && !path_matches_any_glob(exclude, std::string(path));
  };
}

// The user's paths (relative to the current directory) as repository-relative pathspecs.
std::vector<std::string> pathspecs_for(const GitRepository& repo, const std::vector<fs::path>& paths) {
  std::vector<std::string> specs;
  if (paths.empty()) return specs;
  if (repo.is_bare()) {
    for (const auto& path : paths) specs.push_back(path.generic_string());
    return specs;
  }
  auto root = fs::weakly_canonical(repo.workdir("scan paths"));
  for (const auto& path : paths) {
    auto relative = fs::weakly_canonical(fs::absolute(path)).lexically_relative(root).generic_string();
    if (relative.empty() || relative.rfind("..", 0) == 0) {
      throw UserError(path.string() + " is outside the git work tree " + root.string() +
                      "; scan it without --rev/--staged/--diff");
    }
    specs.push_back(relative == "." ? "" : relative);
  }
  std::erase(specs, "");
  return specs;
}

// Repository-relative path -> as the user sees it from the current directory.
class DisplayPaths {
 public:
  explicit DisplayPaths(const GitRepository& repo) {
    if (repo.is_bare()) return;
    root_ = fs::weakly_canonical(repo.workdir("show paths"));
    cwd_ = fs::weakly_canonical(fs::current_path());
  }
  std::string operator()(const std::string& path) const {
    if (root_.empty() || root_ == cwd_) return path;
    return (root_ / path).lexically_relative(cwd_).generic_string();
  }

 private:
  fs::path root_;
  fs::path cwd_;
};

std::unique_ptr<CacheStore> open_cache(const GitRepository& repo, bool no_cache) {
  if (no_cache) return nullptr;
  return std::make_unique<CacheStore>(default_cache_dir(repo));
}

}  // namespace

bool wants_git_scan(const ScanOptions& options, const GitScanFlags& flags) {
  if (any_git_flag(flags)) {
    if (flags.no_git) throw UserError("--no-git cannot be combined with --rev, --staged or --diff");
    return true;
  }
  if (flags.no_git || !options.paths.empty()) return false;
  git_libgit2_init();
  git_repository* repo = nullptr;
  // A bare repository too: it has no work tree to walk, and run_git_scan says so.
  bool in_repository = git_repository_open_ext(&repo, ".", 0, nullptr) == 0;
  git_repository_free(repo);
  git_libgit2_shutdown();
  return in_repository;
}

ScanOutcome run_git_scan(const ScanOptions& options, const GitScanFlags& flags) {
  parse_output_format(options.format);
  auto repo = GitRepository::discover(fs::current_path());
  auto config = effective_config(options);
  // Compiling the rule pack and reading the sources are independent: overlap them.
  auto compiling = std::async(std::launch::async, [&config] {
    auto scanner = std::make_unique<Scanner>(config.scan);
    scanner->check_rules();
    return scanner;
  });
  GitScanRequest request;
  request.revision = flags.revision;
  request.staged = flags.staged;
  request.only_changed_lines = flags.diff_base.has_value();
  request.diff_base = flags.diff_base;
  request.sources.filter = python_files_not_excluded(config.exclude);
  // Like `gilfree scan` without git (and `git ls-files`): no paths means the current directory.
  auto paths = options.paths.empty() && !repo.is_bare() ? std::vector<fs::path>{"."} : options.paths;
  request.sources.pathspecs = pathspecs_for(repo, paths);
  auto cache = open_cache(repo, flags.no_cache);
  // On an exception the future's destructor waits for the thread, which
  // refers to `config`, declared before it and so destroyed after it.
  auto sources = read_git_sources(repo, request);
  auto scanner_owner = compiling.get();
  const Scanner& scanner = *scanner_owner;
  ScanSourcesOptions scan_options{cache.get(), {scanner.fingerprint(), ""}, resolve_jobs(options.jobs)};
  std::vector<FileTiming> timings;
  std::mutex timings_mutex;
  auto scanned = scan_git_sources(
      std::move(sources),
      [&](const SourceFile& file) {
        std::vector<FileTiming> timing;
        auto result = timed_scan(scanner, file, timing);
        std::lock_guard<std::mutex> lock(timings_mutex);
        timings.push_back(std::move(timing.front()));
        return result;
      },
      scan_options);

  DisplayPaths display(repo);
  ScanReport report;
  report.timings = std::move(timings);
  report.from_cache = scanned.from_cache;
  SourceLines lines;
  report.notes = std::move(scanned.notes);
  report.files_scanned = static_cast<int>(scanned.files.size());
  for (std::size_t i = 0; i < scanned.files.size(); ++i) {
    auto& file = scanned.files[i];
    auto& source = scanned.sources[i];
    source.path = display(source.path);
    for (auto& finding : file.result.findings) finding.path = source.path;
    lines.add(source, file.result);
    for (auto& finding : file.result.findings) report.findings.push_back(std::move(finding));
    for (auto& note : file.result.notes) report.notes.push_back(std::move(note));
  }
  return finish_scan(options, report, lines, scanner);
}

HookOutcome run_hook_command(bool no_cache, const std::vector<fs::path>& files) {
  auto repo = GitRepository::discover(fs::current_path());
  auto config = effective_config(ScanOptions{});
  Scanner scanner(config.scan);
  scanner.check_rules();
  auto cache = open_cache(repo, no_cache);
  HookRunOptions options;
  options.sources.filter = python_files_not_excluded(config.exclude);
  options.scan = {cache.get(), {scanner.fingerprint(), ""}, resolve_jobs(0)};
  auto scan = [&](const SourceFile& file) { return scanner.scan(file); };
  auto result = files.empty() ? run_hook(repo, scan, options) : run_hook_on_files(files, config.exclude, scan, options.scan);
  HookOutcome outcome;
  for (const auto& note : result.notes) outcome.output += "gilfree: note: " + note + "\n";
  if (result.findings.empty()) return outcome;
  outcome.output += block_message(result);
  outcome.exit_code = 1;
  return outcome;
}

}  // namespace gilfree::scanners
