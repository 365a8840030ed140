#pragma once
// Lines added or changed since a base revision, for `--diff BASE` and the
// pre-commit hook: only findings on those lines are reported.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "scanners/git/git_repository.hpp"
#include "scanners/git/git_sources.hpp"
#include "scanners/engine/source_file.hpp"

namespace gilfree::scanners {

// What the base is compared with.
enum class DiffTarget { worktree, index };

// Repository-relative path (new name after a rename) -> 1-based line numbers
// of added or changed lines in the new content. A file absent here has no new
// lines (unchanged, only deletions, or a pure rename); a new or changed binary
// file is here with no line.
using ChangedLines = std::map<std::string, std::set<int>>;

// Lines added since `base` (a revision; nullopt: the empty tree, so every line
// of every file counts, as on a first commit). Untracked, non-ignored files
// count as added when the target is the work tree.
ChangedLines changed_lines(const GitRepository& repo, const std::optional<std::string>& base,
                           DiffTarget target);

// Lines added in `revision`'s tree since `base` (nullopt: the empty tree):
// what a pull request adds when base is the target branch.
ChangedLines changed_lines_between(const GitRepository& repo, const std::optional<std::string>& base,
                                   const std::string& revision);

// Keeps only findings whose first line is an added or changed line of `path`.
void keep_findings_on_changed_lines(FileResult& result, const std::string& path,
                                    const ChangedLines& changed);

}  // namespace gilfree::scanners
