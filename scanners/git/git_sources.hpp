#pragma once
// Where the Python source to scan comes from, read through libgit2:
//   - the work tree (tracked and untracked files, .gitignore honoured),
//   - a revision's tree (no checkout; bare repositories too),
//   - the index (the staged blobs, i.e. what the next commit will contain).
// Every SourceFile carries its git blob id, the key of the findings cache.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "scanners/git/git_repository.hpp"
#include "scanners/engine/source_file.hpp"

namespace gilfree::scanners {

// Which paths (repository-relative, '/' separated) become SourceFiles.
using PathFilter = std::function<bool(std::string_view path)>;

// .py and .pyw files.
bool is_python_path(std::string_view path);

struct SourceOptions {
  PathFilter filter = is_python_path;
  // git pathspecs limiting the scan ("src", "pkg/*.py"); empty: everything.
  std::vector<std::string> pathspecs;
};

struct SourceSet {
  std::vector<SourceFile> files;   // sorted by path; paths are repository-relative
  std::vector<std::string> notes;  // what was skipped and why (submodules, conflicts...)
};

SourceSet worktree_sources(const GitRepository& repo, const SourceOptions& options = {});
SourceSet revision_sources(const GitRepository& repo, const std::string& revision,
                           const SourceOptions& options = {});
SourceSet index_sources(const GitRepository& repo, const SourceOptions& options = {});

}  // namespace gilfree::scanners
