#pragma once
// A thin owner of libgit2 handles. Every libgit2 failure becomes either a
// gilfree::UserError (the user can fix it: not a repository, unknown revision)
// or a std::runtime_error carrying libgit2's own message.
#include <git2.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace gilfree::scanners {

// Deleters so libgit2 objects live in std::unique_ptr.
struct GitDeleter {
  void operator()(git_repository* p) const { git_repository_free(p); }
  void operator()(git_object* p) const { git_object_free(p); }
  void operator()(git_tree* p) const { git_tree_free(p); }
  void operator()(git_blob* p) const { git_blob_free(p); }
  void operator()(git_index* p) const { git_index_free(p); }
  void operator()(git_diff* p) const { git_diff_free(p); }
  void operator()(git_status_list* p) const { git_status_list_free(p); }
  void operator()(git_config* p) const { git_config_free(p); }
  void operator()(git_pathspec* p) const { git_pathspec_free(p); }
  void operator()(git_reference* p) const { git_reference_free(p); }
};
template <typename T>
using GitPtr = std::unique_ptr<T, GitDeleter>;

// Throws std::runtime_error with libgit2's last error when `code` < 0.
void check_git(int code, const std::string& what);

// Hex form of an object id.
std::string oid_hex(const git_oid& oid);

// libgit2 returns directories with a trailing '/'; paths compare without it.
std::string trim_trailing_slash(std::string path);

class GitRepository {
 public:
  // Opens the repository containing `start` (searching parent directories, like
  // git). Throws UserError when there is none.
  static GitRepository discover(const std::filesystem::path& start);

  git_repository* get() const { return repo_.get(); }
  bool is_bare() const;
  // The work tree's root (absolute, no trailing slash); throws UserError for a
  // bare repository, naming `purpose` ("scan the work tree").
  std::filesystem::path workdir(const std::string& purpose) const;
  // The git directory (.git, or the bare repository itself).
  std::filesystem::path git_dir() const;
  // True until the first commit exists on the current branch.
  bool head_unborn() const;
  // The tree of `revision` (anything `git rev-parse` accepts: HEAD~2, a tag,
  // a commit id, BRANCH:subdir...). Throws UserError naming it when unknown.
  GitPtr<git_tree> tree_of(const std::string& revision) const;
  // HEAD's tree, or nullptr before the first commit.
  GitPtr<git_tree> head_tree_or_null() const;
  GitPtr<git_index> index() const;
  GitPtr<git_config> config() const;

 private:
  explicit GitRepository(git_repository* repo) : repo_(repo) {}
  void use_index_file_from_environment();
  GitPtr<git_repository> repo_;
};

}  // namespace gilfree::scanners
