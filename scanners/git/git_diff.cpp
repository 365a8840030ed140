#include "scanners/git/git_diff.hpp"

#include <algorithm>

namespace gilfree::scanners {
namespace {

int record_added_line(const git_diff_delta* delta, const git_diff_hunk* hunk,
                      const git_diff_line* line, void* payload) {
  (void)hunk;
  if (line->origin != GIT_DIFF_LINE_ADDITION || line->new_lineno <= 0) return 0;
  auto& changed = *static_cast<ChangedLines*>(payload);
  changed[delta->new_file.path].insert(line->new_lineno);
  return 0;
}

// A binary file has no lines to diff. Kept with no line, it is still read, so
// the scanner's note says it was skipped instead of the file passing unseen.
int record_binary_file(const git_diff_delta* delta, const git_diff_binary* binary, void* payload) {
  (void)binary;
  if (delta->status != GIT_DELTA_DELETED) static_cast<ChangedLines*>(payload)->try_emplace(delta->new_file.path);
  return 0;
}

git_diff_options line_diff_options() {
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  options.context_lines = 0;
  options.interhunk_lines = 0;
  options.ignore_submodules = GIT_SUBMODULE_IGNORE_ALL;
  return options;
}

// A moved file is not new code: pair renames so only their edits count.
GitPtr<git_diff> with_renames_paired(git_diff* diff) {
  GitPtr<git_diff> owned(diff);
  git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
  find.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_FOR_UNTRACKED;
  check_git(git_diff_find_similar(owned.get(), &find), "detecting renames");
  return owned;
}

ChangedLines added_lines(git_diff* diff) {
  ChangedLines changed;
  check_git(git_diff_foreach(diff, nullptr, record_binary_file, nullptr, record_added_line, &changed),
            "reading the diff");
  return changed;
}

GitPtr<git_diff> diff_against(const GitRepository& repo, git_tree* base, DiffTarget target) {
  auto options = line_diff_options();
  git_diff* diff = nullptr;
  if (target == DiffTarget::index) {
    auto index = repo.index();
    check_git(git_diff_tree_to_index(&diff, repo.get(), base, index.get(), &options),
              "comparing the index with the base");
  } else {
    repo.workdir("compare the work tree with a base");
    options.flags |= GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS |
                     GIT_DIFF_SHOW_UNTRACKED_CONTENT;
    check_git(git_diff_tree_to_workdir_with_index(&diff, repo.get(), base, &options),
              "comparing the work tree with the base");
  }
  return with_renames_paired(diff);
}

}  // namespace

ChangedLines changed_lines(const GitRepository& repo, const std::optional<std::string>& base,
                           DiffTarget target) {
  GitPtr<git_tree> base_tree = base ? repo.tree_of(*base) : nullptr;
  auto diff = diff_against(repo, base_tree.get(), target);
  return added_lines(diff.get());
}

ChangedLines changed_lines_between(const GitRepository& repo, const std::optional<std::string>& base,
                                   const std::string& revision) {
  GitPtr<git_tree> base_tree = base ? repo.tree_of(*base) : nullptr;
  auto tree = repo.tree_of(revision);
  auto options = line_diff_options();
  git_diff* diff = nullptr;
  check_git(git_diff_tree_to_tree(&diff, repo.get(), base_tree.get(), tree.get(), &options),
            "comparing " + revision + " with the base");
  auto paired = with_renames_paired(diff);
  return added_lines(paired.get());
}

void keep_findings_on_changed_lines(FileResult& result, const std::string& path,
                                    const ChangedLines& changed) {
  auto lines = changed.find(path);
  if (lines == changed.end()) {
    result.findings.clear();
    return;
  }
  std::erase_if(result.findings,
                [&](const Finding& finding) { return !lines->second.contains(finding.line); });
}

}  // namespace gilfree::scanners
