#pragma once
// `gilfree scan` through git (--rev, --staged, --diff, or a plain scan inside
// a work tree) and `gilfree hook run`, with the real scanner and the findings
// cache under .gilfree/.
#include <optional>
#include <string>
#include <vector>

#include "scanners/scan/git_hook.hpp"
#include "scanners/scan/scan_run.hpp"

namespace gilfree::scanners {

struct GitScanFlags {
  std::optional<std::string> revision;   // --rev
  bool staged = false;                   // --staged
  std::optional<std::string> diff_base;  // --diff
  bool no_git = false;                   // --no-git: plain file walk even inside a work tree
  bool no_cache = false;                 // --no-cache
};

// A git flag was given, or a plain `gilfree scan` (no paths) runs inside a
// git work tree: then files come from git (.gitignore honoured) and the cache.
bool wants_git_scan(const ScanOptions& options, const GitScanFlags& flags);

ScanOutcome run_git_scan(const ScanOptions& options, const GitScanFlags& flags);

struct HookOutcome {
  std::string output;  // for stderr (git shows it when the commit is blocked)
  int exit_code = 0;   // 0: commit may proceed, 1: blocked
};

// `gilfree hook run` from the current directory: the staged Python code's
// new findings, with the project's [tool.gilfree] configuration. With `files`
// (what pre-commit passes): every finding in those files as they are on disk.
HookOutcome run_hook_command(bool no_cache, const std::vector<std::filesystem::path>& files = {});

}  // namespace gilfree::scanners
