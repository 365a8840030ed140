#include "scanners/git/git_repository.hpp"

#include <git2/sys/repository.h>

#include <cstdlib>
#include <stdexcept>

#include "common/errors.hpp"
#include "scanners/git/libgit2_init.hpp"

namespace gilfree::scanners {
namespace {

std::string last_git_error() {
  const git_error* error = git_error_last();
  return error != nullptr && error->message != nullptr ? error->message : "unknown libgit2 error";
}

}  // namespace

std::string trim_trailing_slash(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

void check_git(int code, const std::string& what) {
  if (code < 0) throw std::runtime_error(what + ": " + last_git_error());
}

std::string oid_hex(const git_oid& oid) {
  char buffer[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buffer, sizeof buffer, &oid);
  return buffer;
}

GitRepository GitRepository::discover(const std::filesystem::path& start) {
  ensure_libgit2();
  git_repository* repo = nullptr;
  int code = git_repository_open_ext(&repo, start.c_str(), 0, nullptr);
  if (code == GIT_ENOTFOUND) {
    throw UserError("not a git repository (or any parent up to /): " + start.string() +
                    "; run it inside a git repository, or 'git init' one first");
  }
  if (code < 0) {
    throw UserError("cannot open the git repository at " + start.string() + ": " + last_git_error());
  }
  GitRepository opened(repo);
  opened.use_index_file_from_environment();
  return opened;
}

void GitRepository::use_index_file_from_environment() {
  // git runs pre-commit hooks with GIT_INDEX_FILE pointing at the index being
  // committed (`git commit -a` and `git commit PATH` build a temporary one);
  // libgit2 does not read the variable itself.
  const char* index_file = std::getenv("GIT_INDEX_FILE");
  if (index_file == nullptr || *index_file == '\0') return;
  git_index* index = nullptr;
  if (git_index_open(&index, index_file) < 0) {
    throw UserError(std::string("cannot read the index named by GIT_INDEX_FILE (") + index_file +
                    "): " + last_git_error());
  }
  GitPtr<git_index> owned(index);
  check_git(git_repository_set_index(repo_.get(), owned.get()), "using GIT_INDEX_FILE");
}

bool GitRepository::is_bare() const { return git_repository_is_bare(repo_.get()) == 1; }

std::filesystem::path GitRepository::workdir(const std::string& purpose) const {
  const char* dir = git_repository_workdir(repo_.get());
  if (dir == nullptr) {
    throw UserError("cannot " + purpose + ": " + git_dir().string() +
                    " is a bare repository (no work tree); use --rev REV to scan a commit");
  }
  return trim_trailing_slash(dir);
}

std::filesystem::path GitRepository::git_dir() const {
  return trim_trailing_slash(git_repository_path(repo_.get()));
}

bool GitRepository::head_unborn() const { return git_repository_head_unborn(repo_.get()) == 1; }

GitPtr<git_tree> GitRepository::tree_of(const std::string& revision) const {
  git_object* object = nullptr;
  int code = git_revparse_single(&object, repo_.get(), revision.c_str());
  if (code == GIT_ENOTFOUND || code == GIT_EAMBIGUOUS || code == GIT_EINVALIDSPEC) {
    throw UserError("unknown revision '" + revision + "' in " + git_dir().string() +
                    " (" + last_git_error() + "); check 'git log' for what exists");
  }
  check_git(code, "resolving revision '" + revision + "'");
  GitPtr<git_object> owned(object);
  git_object* tree = nullptr;
  if (git_object_peel(&tree, owned.get(), GIT_OBJECT_TREE) < 0) {
    git_error_clear();  // libgit2's text names object types by number; ours names the kind
    throw UserError("revision '" + revision + "' names a " + git_object_type2string(git_object_type(owned.get())) +
                    ", not a commit or tree; give a commit and the file as a path (gilfree scan --rev HEAD path/to/file.py)");
  }
  return GitPtr<git_tree>(reinterpret_cast<git_tree*>(tree));
}

GitPtr<git_tree> GitRepository::head_tree_or_null() const {
  if (head_unborn()) return nullptr;
  return tree_of("HEAD");
}

GitPtr<git_index> GitRepository::index() const {
  git_index* index = nullptr;
  check_git(git_repository_index(&index, repo_.get()), "reading the index");
  return GitPtr<git_index>(index);
}

GitPtr<git_config> GitRepository::config() const {
  git_config* config = nullptr;
  check_git(git_repository_config_snapshot(&config, repo_.get()), "reading the git configuration");
  return GitPtr<git_config>(config);
}

}  // namespace gilfree::scanners
