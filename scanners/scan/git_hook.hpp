#pragma once
// The pre-commit hook: where git looks for it, installing it next to (and
// chained with) a hook that is already there, removing it again, and what it
// runs — a scan of the staged Python code that reports only new findings.
#include <filesystem>
#include <string>
#include <vector>

#include "scanners/git/git_repository.hpp"
#include "scanners/scan/git_scan.hpp"
#include "scanners/git/git_sources.hpp"

namespace gilfree::scanners {

// The directory git runs hooks from: core.hooksPath when set (relative to the
// work tree's root, like git), else <git common dir>/hooks.
std::filesystem::path hooks_directory(const GitRepository& repo);

// Where a hook that was there before gilfree's is kept, and run from ours.
std::filesystem::path chained_hook_path(const std::filesystem::path& hook);

// The hook script gilfree writes; it runs `<gilfree> hook run`.
std::string hook_script(const std::filesystem::path& gilfree);
bool is_gilfree_hook(const std::filesystem::path& hook);

struct HookChange {
  bool changed = false;
  std::string message;  // one line or two, for the user
};

// Installs the pre-commit hook. An existing foreign hook is moved aside and
// chained; installing again changes nothing. `force` lets a foreign hook
// replace an older chained one (otherwise that is a UserError).
HookChange install_hook(const GitRepository& repo, const std::filesystem::path& gilfree, bool force);
// Removes gilfree's hook and puts back the hook it chained, if any.
HookChange uninstall_hook(const GitRepository& repo);

struct HookRunOptions {
  SourceOptions sources;       // which staged files count (default: Python files)
  ScanSourcesOptions scan;     // cache, cache scope, jobs
};

struct HookRunResult {
  std::vector<Finding> findings;     // new findings on staged added/changed lines
  std::vector<std::string> notes;    // skipped files, cache problems, file notes
  std::size_t files_checked = 0;     // staged files with added lines
  std::size_t from_cache = 0;
  std::string base;                  // "HEAD", or "(no commits yet)"
  std::vector<SourceFile> sources;   // the staged files checked (for code lines in messages)
  bool whole_files = false;          // `hook run FILE...`: every finding in the files, not only new ones
};

// Scans the index (or GIT_INDEX_FILE) against HEAD — the empty tree before the
// first commit — keeping findings on added or changed lines only.
HookRunResult run_hook(const GitRepository& repo, const ScanFn& scan, const HookRunOptions& options);

// `hook run FILE...`, as pre-commit calls it (also for `--all-files` and
// `--files`): the files as they are on disk (at commit time pre-commit has
// stashed what is not staged), every finding in them, like `gilfree scan
// FILE...`. `exclude` are the configured globs; a missing file is a UserError.
HookRunResult run_hook_on_files(const std::vector<std::filesystem::path>& files,
                                const std::vector<std::string>& exclude, const ScanFn& scan,
                                const ScanSourcesOptions& options);

// The message that blocks a commit: each finding with its code line, then how
// to fix, suppress (`# gilfree: ignore[FTxxx]`) or bypass (`--no-verify`).
std::string block_message(const HookRunResult& result);

}  // namespace gilfree::scanners
