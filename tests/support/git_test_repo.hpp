#pragma once
// Temporary git repositories made through libgit2 for unit tests, and a small
// stand-in scanner (a genuine regex check) so the git pieces can be tested
// without the real rule engine.
#include <git2.h>

#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>

#include "scanners/git/git_repository.hpp"
#include "scanners/engine/source_file.hpp"
#include "support/e2e.hpp"

namespace gilfree::test {

inline void git_ok(int code, const char* what) {
  if (code < 0) {
    const git_error* e = git_error_last();
    throw std::runtime_error(std::string(what) + ": " + (e != nullptr ? e->message : "?"));
  }
}

// A repository in a TempDir; files are written to the work tree and staged
// explicitly, so tests control what the index and the work tree hold.
class GitTestRepo {
 public:
  explicit GitTestRepo(bool bare = false) {
    git_libgit2_init();
    git_repository* repo = nullptr;
    git_ok(git_repository_init(&repo, dir_.path().c_str(), bare ? 1 : 0), "init");
    repo_.reset(repo);
  }
  ~GitTestRepo() { git_libgit2_shutdown(); }

  const std::filesystem::path& path() const { return dir_.path(); }
  git_repository* get() const { return repo_.get(); }
  scanners::GitRepository open() const { return scanners::GitRepository::discover(path()); }

  void write(const std::string& relative, const std::string& content) const { dir_.write(relative, content); }
  void stage(const std::string& relative) const {
    auto index = this->index();
    git_ok(git_index_add_bypath(index.get(), relative.c_str()), "add");
    git_ok(git_index_write(index.get()), "write index");
  }
  void write_and_stage(const std::string& relative, const std::string& content) const {
    write(relative, content);
    stage(relative);
  }
  // Stages `content` as a blob straight into the index (works in bare repositories too).
  void stage_blob(const std::string& relative, const std::string& content) const {
    auto index = this->index();
    git_oid blob;
    git_ok(git_blob_create_from_buffer(&blob, repo_.get(), content.data(), content.size()), "blob");
    git_index_entry entry{};
    entry.mode = GIT_FILEMODE_BLOB;
    entry.id = blob;
    entry.path = relative.c_str();
    git_ok(git_index_add(index.get(), &entry), "index add");
    git_ok(git_index_write(index.get()), "write index");
  }
  // Commits the index on HEAD's branch; returns the commit id (hex).
  std::string commit(const std::string& message) const {
    auto index = this->index();
    git_oid tree_id, commit_id;
    git_ok(git_index_write_tree(&tree_id, index.get()), "write tree");
    git_tree* tree = nullptr;
    git_ok(git_tree_lookup(&tree, repo_.get(), &tree_id), "tree");
    git_signature* who = nullptr;
    git_ok(git_signature_new(&who, "Test", "test@example.invalid", 1700000000, 0), "signature");
    git_commit* parent = nullptr;
    git_object* head = nullptr;
    if (git_revparse_single(&head, repo_.get(), "HEAD") == 0) {
      git_object_peel(reinterpret_cast<git_object**>(&parent), head, GIT_OBJECT_COMMIT);
      git_object_free(head);
    }
    git_error_clear();
    const git_commit* parents[] = {parent};
    git_ok(git_commit_create(&commit_id, repo_.get(), "HEAD", who, who, nullptr, message.c_str(), tree,
                             parent != nullptr ? 1 : 0, parents),
           "commit");
    git_commit_free(parent);
    git_signature_free(who);
    git_tree_free(tree);
    return scanners::oid_hex(commit_id);
  }
  void set_config(const std::string& name, const std::string& value) const {
    git_config* config = nullptr;
    git_ok(git_repository_config(&config, repo_.get()), "config");
    git_ok(git_config_set_string(config, name.c_str(), value.c_str()), "config set");
    git_config_free(config);
  }

 private:
  scanners::GitPtr<git_index> index() const {
    git_index* index = nullptr;
    git_ok(git_repository_index(&index, repo_.get()), "index");
    return scanners::GitPtr<git_index>(index);
  }
  TempDir dir_;
  scanners::GitPtr<git_repository> repo_;
};

// TEST HELPER, not the product's scanner: flags `NAME += 1` lines as FT001,
// honouring `# gilfree: ignore[FT001]`. Enough to check which content and
// which lines the git pieces hand to a scanner.
inline scanners::FileResult augmented_assignment_test_scan(const scanners::SourceFile& file) {
  static const std::regex pattern(R"(^(\s*)[A-Za-z_]\w*\s*\+=\s*1\b)");
  scanners::FileResult result;
  std::istringstream in(file.content);
  std::string text;
  for (int line = 1; std::getline(in, text); ++line) {
    std::smatch match;
    if (!std::regex_search(text, match, pattern)) continue;
    if (text.find("# gilfree: ignore[FT001]") != std::string::npos) continue;
    scanners::Finding finding;
    finding.rule_id = "FT001";
    finding.rule_name = "global-augmented-assignment";
    finding.severity = Severity::error;
    finding.confidence = Confidence::high;
    finding.message = "augmented assignment is a read-modify-write race without the GIL";
    finding.hint = "guard it with a threading.Lock";
    finding.path = file.path;
    finding.line = line;
    finding.column = static_cast<int>(match[1].length()) + 1;
    finding.end_line = line;
    finding.end_column = static_cast<int>(text.size()) + 1;
    result.findings.push_back(finding);
  }
  return result;
}

}  // namespace gilfree::test
