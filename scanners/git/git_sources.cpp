#include "scanners/git/git_sources.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <stdexcept>

#include "scanners/git/blob_id.hpp"

namespace gilfree::scanners {
namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Holds the strings a git_strarray points into.
class StrArray {
 public:
  explicit StrArray(const std::vector<std::string>& items) {
    for (const auto& item : items) pointers_.push_back(const_cast<char*>(item.c_str()));
    array_.strings = pointers_.data();
    array_.count = pointers_.size();
  }
  const git_strarray* get() const { return &array_; }

 private:
  std::vector<char*> pointers_;
  git_strarray array_{};
};

// Decides whether a repository path is wanted: the user's pathspecs, then the filter.
class PathSelector {
 public:
  explicit PathSelector(const SourceOptions& options) : filter_(options.filter) {
    if (options.pathspecs.empty()) return;
    StrArray specs(options.pathspecs);
    git_pathspec* pathspec = nullptr;
    check_git(git_pathspec_new(&pathspec, specs.get()), "parsing the paths to scan");
    pathspec_.reset(pathspec);
  }
  bool wanted(std::string_view path) const {
    if (filter_ && !filter_(path)) return false;
    if (!pathspec_) return true;
    return git_pathspec_matches_path(pathspec_.get(), 0, std::string(path).c_str()) == 1;
  }

 private:
  PathFilter filter_;
  GitPtr<git_pathspec> pathspec_;
};

std::string blob_content(git_repository* repo, const git_oid& id, const std::string& path) {
  git_blob* blob = nullptr;
  check_git(git_blob_lookup(&blob, repo, &id), "reading blob of " + path);
  GitPtr<git_blob> owned(blob);
  const auto* data = static_cast<const char*>(git_blob_rawcontent(blob));
  return std::string(data, static_cast<std::size_t>(git_blob_rawsize(blob)));
}

SourceFile blob_source(git_repository* repo, const git_oid& id, std::string path) {
  SourceFile file;
  file.content = blob_content(repo, id, path);
  file.blob_id = oid_hex(id);
  file.path = std::move(path);
  return file;
}

void sort_by_path(SourceSet& set) {
  std::sort(set.files.begin(), set.files.end(),
            [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
}

std::string submodule_note(std::string_view path) {
  return "submodule " + std::string(path) + " skipped (scan it from inside the submodule)";
}

struct TreeWalk {
  git_repository* repo;
  const PathSelector* selector;
  SourceSet* set;
};

int visit_tree_entry(const char* root, const git_tree_entry* entry, void* payload) {
  auto& walk = *static_cast<TreeWalk*>(payload);
  auto mode = git_tree_entry_filemode(entry);
  std::string path = std::string(root) + git_tree_entry_name(entry);
  if (mode == GIT_FILEMODE_COMMIT) {
    walk.set->notes.push_back(submodule_note(path));
    return 0;
  }
  bool regular = mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
  if (!regular || !walk.selector->wanted(path)) return 0;
  walk.set->files.push_back(blob_source(walk.repo, *git_tree_entry_id(entry), std::move(path)));
  return 0;
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::string content(static_cast<std::size_t>(in.tellg()), '\0');
  in.seekg(0);
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  content.resize(static_cast<std::size_t>(in.gcount()));
  return content;
}

// The path a status entry is about, in the work tree (renames: the new name).
const char* status_path(const git_status_entry& entry) {
  if (entry.index_to_workdir != nullptr) return entry.index_to_workdir->new_file.path;
  if (entry.head_to_index != nullptr) return entry.head_to_index->new_file.path;
  return nullptr;
}

bool deleted_in_worktree(const git_status_entry& entry) {
  return (entry.status & GIT_STATUS_WT_DELETED) != 0 ||
         (entry.index_to_workdir == nullptr && (entry.status & GIT_STATUS_INDEX_DELETED) != 0);
}

bool is_symlink_or_special(const git_status_entry& entry) {
  if (entry.index_to_workdir == nullptr) return false;
  auto mode = entry.index_to_workdir->new_file.mode;
  return mode == GIT_FILEMODE_LINK || mode == GIT_FILEMODE_COMMIT;
}

// The index already holds the blob id of a file git found unmodified, and
// when no filter (eol, ident, a filter driver) applies to the path that blob's
// bytes are the work-tree bytes: no need to hash them again. Else "".
std::string known_blob_id(git_repository* repo, const git_status_entry& entry, const std::string& path) {
  if (entry.status != GIT_STATUS_CURRENT || entry.index_to_workdir == nullptr) return {};
  const git_diff_file& indexed = entry.index_to_workdir->old_file;
  if ((indexed.flags & GIT_DIFF_FLAG_VALID_ID) == 0) return {};
  git_filter_list* filters = nullptr;
  if (git_filter_list_load(&filters, repo, nullptr, path.c_str(), GIT_FILTER_TO_WORKTREE, GIT_FILTER_DEFAULT) < 0) {
    git_error_clear();
    return {};
  }
  if (filters != nullptr) {
    git_filter_list_free(filters);
    return {};
  }
  return oid_hex(indexed.id);
}

int note_submodule(git_submodule* submodule, const char* name, void* payload) {
  (void)name;
  static_cast<SourceSet*>(payload)->notes.push_back(submodule_note(git_submodule_path(submodule)));
  return 0;
}

}  // namespace

bool is_python_path(std::string_view path) { return ends_with(path, ".py") || ends_with(path, ".pyw"); }

SourceSet worktree_sources(const GitRepository& repo, const SourceOptions& options) {
  auto root = repo.workdir("scan the work tree");
  PathSelector selector(options);
  StrArray specs(options.pathspecs);
  git_status_options status_options = GIT_STATUS_OPTIONS_INIT;
  status_options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  status_options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
                         GIT_STATUS_OPT_INCLUDE_UNMODIFIED | GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  status_options.pathspec = *specs.get();
  git_status_list* list = nullptr;
  check_git(git_status_list_new(&list, repo.get(), &status_options), "reading the work tree status");
  GitPtr<git_status_list> owned(list);

  SourceSet set;
  git_submodule_foreach(repo.get(), note_submodule, &set);
  std::size_t count = git_status_list_entrycount(list);
  for (std::size_t i = 0; i < count; ++i) {
    const git_status_entry& entry = *git_status_byindex(list, i);
    const char* path = status_path(entry);
    if (path == nullptr || deleted_in_worktree(entry) || is_symlink_or_special(entry)) continue;
    std::string relative = path;
    if (ends_with(relative, "/")) {  // an untracked nested repository: libgit2 does not enter it
      set.notes.push_back("nested repository " + relative + " skipped (not tracked here)");
      continue;
    }
    if (!selector.wanted(relative)) continue;
    auto file = root / relative;
    if (!std::filesystem::is_regular_file(std::filesystem::symlink_status(file))) continue;
    SourceFile source;
    source.content = read_file(file);
    source.blob_id = known_blob_id(repo.get(), entry, relative);
    if (source.blob_id.empty()) source.blob_id = blob_id_of(source.content);
    source.path = std::move(relative);
    set.files.push_back(std::move(source));
  }
  sort_by_path(set);
  return set;
}

SourceSet revision_sources(const GitRepository& repo, const std::string& revision,
                           const SourceOptions& options) {
  auto tree = repo.tree_of(revision);
  PathSelector selector(options);
  SourceSet set;
  TreeWalk walk{repo.get(), &selector, &set};
  check_git(git_tree_walk(tree.get(), GIT_TREEWALK_PRE, visit_tree_entry, &walk),
            "walking the tree of " + revision);
  sort_by_path(set);
  return set;
}

SourceSet index_sources(const GitRepository& repo, const SourceOptions& options) {
  auto index = repo.index();
  PathSelector selector(options);
  SourceSet set;
  std::set<std::string> conflicted;
  std::size_t count = git_index_entrycount(index.get());
  for (std::size_t i = 0; i < count; ++i) {
    const git_index_entry& entry = *git_index_get_byindex(index.get(), i);
    std::string path = entry.path;
    if (entry.mode == GIT_FILEMODE_COMMIT) {
      set.notes.push_back(submodule_note(path));
      continue;
    }
    bool regular = entry.mode == GIT_FILEMODE_BLOB || entry.mode == GIT_FILEMODE_BLOB_EXECUTABLE;
    if (!regular || !selector.wanted(path)) continue;
    if (GIT_INDEX_ENTRY_STAGE(&entry) != 0) {
      if (conflicted.insert(path).second) {
        set.notes.push_back(path + " has unresolved merge conflicts; skipped until resolved");
      }
      continue;
    }
    set.files.push_back(blob_source(repo.get(), entry.id, std::move(path)));
  }
  sort_by_path(set);
  return set;
}

}  // namespace gilfree::scanners
