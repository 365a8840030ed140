// `gilfree scan --rev / --staged / --diff` and plain scans inside a work tree,
// on repositories made by the real git.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <thread>

#include "support/git_cli.hpp"

namespace fs = std::filesystem;
using namespace gilfree::test;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

bool run_ok(std::vector<std::string> argv) {
  gilfree::runtime::ChildOptions options;
  options.argv = std::move(argv);
  return gilfree::runtime::run_child(options).exited_ok();
}

// A repository whose first commit holds the racy counter in app.py.
void committed_racy_repo(const TempDir& dir) {
  git_init(dir.path());
  dir.write("app.py", kRacyCounter);
  git_ok(dir.path(), {"add", "app.py"});
  git_ok(dir.path(), {"commit", "-q", "-m", "first"});
}

}  // namespace

TEST_CASE("scan --staged follows the index, a plain scan the work tree") {
  TempDir dir;
  git_init(dir.path());
  dir.write("app.py", kRacyCounter);
  git_ok(dir.path(), {"add", "app.py"});
  dir.write("app.py", kLockedCounter);  // fixed in the work tree, not staged
  auto staged = gilfree_in(dir.path(), {"scan", "--staged"});
  INFO(staged.out << staged.err);
  CHECK(staged.exit_code == 1);
  CHECK(contains(staged.out, "app.py:8:9: FT001"));
  auto worktree = gilfree_in(dir.path(), {"scan"});
  CHECK(worktree.exit_code == 0);
  CHECK_FALSE(contains(worktree.out, "FT001"));
}

TEST_CASE("scan --diff reports only findings on lines changed since the base") {
  TempDir dir;
  committed_racy_repo(dir);  // the old finding at line 8 is not new
  dir.write("app.py", std::string(kRacyCounter) +
                          "\ndef more():\n    global n\n    n += 2\n");  // a new one at line 14
  auto diff = gilfree_in(dir.path(), {"scan", "--diff", "HEAD", "--format", "json"});
  INFO(diff.out << diff.err);
  CHECK(diff.exit_code == 1);
  CHECK(contains(diff.out, "\"line\": 14"));
  CHECK_FALSE(contains(diff.out, "\"line\": 8,"));
  // Nothing staged yet: against the index there is nothing new.
  CHECK(gilfree_in(dir.path(), {"scan", "--staged", "--diff", "HEAD"}).exit_code == 0);
  git_ok(dir.path(), {"add", "app.py"});
  auto staged = gilfree_in(dir.path(), {"scan", "--staged", "--diff", "HEAD"});
  CHECK(staged.exit_code == 1);
  CHECK(contains(staged.out, "app.py:14:"));
  CHECK_FALSE(contains(staged.out, "app.py:8:"));
  // The whole file still has both.
  auto full = gilfree_in(dir.path(), {"scan"});
  CHECK(contains(full.out, "app.py:8:"));
  CHECK(contains(full.out, "app.py:14:"));
}

TEST_CASE("scan --rev reads an old commit, --rev with --diff what a branch adds") {
  TempDir dir;
  committed_racy_repo(dir);
  dir.write("app.py", kLockedCounter);
  git_ok(dir.path(), {"commit", "-q", "-am", "fix"});
  CHECK(gilfree_in(dir.path(), {"scan", "--rev", "HEAD"}).exit_code == 0);
  auto old = gilfree_in(dir.path(), {"scan", "--rev", "HEAD~1"});
  CHECK(old.exit_code == 1);
  CHECK(contains(old.out, "app.py:8:9: FT001"));
  git_ok(dir.path(), {"checkout", "-q", "-b", "feature"});
  dir.write("worker.py", kRacyCounter);
  git_ok(dir.path(), {"add", "worker.py"});
  git_ok(dir.path(), {"commit", "-q", "-m", "worker"});
  auto pr = gilfree_in(dir.path(), {"scan", "--rev", "feature", "--diff", "main"});
  CHECK(pr.exit_code == 1);
  CHECK(contains(pr.out, "worker.py:8:9"));
  CHECK_FALSE(contains(pr.out, "app.py"));
}

TEST_CASE("scan --rev in a bare repository") {
  TempDir dir;
  fs::create_directories(dir.path() / "work");
  git_init(dir.path() / "work");
  dir.write("work/pkg/app.py", kRacyCounter);
  git_ok(dir.path() / "work", {"add", "."});
  git_ok(dir.path() / "work", {"commit", "-q", "-m", "first"});
  git_ok(dir.path(), {"clone", "-q", "--bare", "work", "bare.git"});
  auto result = gilfree_in(dir.path() / "bare.git", {"scan", "--rev", "main"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK(contains(result.out, "pkg/app.py:8:9: FT001"));
  auto staged = gilfree_in(dir.path() / "bare.git", {"scan", "--diff", "main"});
  CHECK(staged.exit_code == 2);
  CHECK(contains(staged.err, "bare repository"));
}

TEST_CASE("scan and scan --staged in a bare repository are one error line, not \"0 files\"") {
  TempDir dir;
  fs::create_directories(dir.path() / "work");
  git_init(dir.path() / "work");
  dir.write("work/app.py", kRacyCounter);
  git_ok(dir.path() / "work", {"add", "."});
  git_ok(dir.path() / "work", {"commit", "-q", "-m", "first"});
  git_ok(dir.path(), {"clone", "-q", "--bare", "work", "bare.git"});
  for (const auto& args : std::vector<std::vector<std::string>>{{"scan"}, {"scan", "--staged"}}) {
    auto result = gilfree_in(dir.path() / "bare.git", args);
    INFO(args.size() << " " << result.out << result.err);
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK(result.err.rfind("gilfree: error: cannot scan the ", 0) == 0);
    CHECK(contains(result.err, "bare.git is a bare repository (no work tree); use --rev REV to scan a commit\n"));
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
  }
  auto hook = gilfree_in(dir.path() / "bare.git", {"hook", "install"});
  CHECK(hook.exit_code == 2);
  CHECK(hook.err.rfind("gilfree: error: cannot install a pre-commit hook in ", 0) == 0);
  CHECK(std::count(hook.err.begin(), hook.err.end(), '\n') == 1);
  CHECK_FALSE(fs::exists(dir.path() / "bare.git/hooks/pre-commit"));
}

TEST_CASE("a repository with no commits: --staged scans, --rev HEAD is a clear error") {
  TempDir dir;
  git_init(dir.path());
  dir.write("app.py", kRacyCounter);
  git_ok(dir.path(), {"add", "app.py"});
  CHECK(gilfree_in(dir.path(), {"scan", "--staged"}).exit_code == 1);
  auto rev = gilfree_in(dir.path(), {"scan", "--rev", "HEAD"});
  CHECK(rev.exit_code == 2);
  CHECK(contains(rev.err, "gilfree: error: unknown revision 'HEAD'"));
}

TEST_CASE("a plain scan inside a work tree honours .gitignore") {
  TempDir dir;
  git_init(dir.path());
  dir.write(".gitignore", "generated/\n");
  dir.write("generated/racy.py", kRacyCounter);
  dir.write("src/ok.py", kLockedCounter);
  auto result = gilfree_in(dir.path(), {"scan"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  CHECK_FALSE(contains(result.out, "generated/racy.py"));
  // --no-git walks the directory as it is.
  CHECK(gilfree_in(dir.path(), {"scan", "--no-git", "--no-cache"}).exit_code == 1);
}

TEST_CASE("scan --rev paths are shown relative to the current directory") {
  TempDir dir;
  git_init(dir.path());
  dir.write("src/pkg/app.py", kRacyCounter);
  git_ok(dir.path(), {"add", "."});
  git_ok(dir.path(), {"commit", "-q", "-m", "first"});
  auto result = gilfree_in(dir.path() / "src", {"scan", "--rev", "HEAD", "pkg"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK(contains(result.out, "pkg/app.py:8:9"));
  CHECK_FALSE(contains(result.out, "src/pkg/app.py"));
}

TEST_CASE("git flags outside a git repository, or with an unknown revision, are one clear error") {
  TempDir dir;
  dir.write("app.py", kRacyCounter);
  for (const auto& args : std::vector<std::vector<std::string>>{{"scan", "--staged"}, {"scan", "--rev", "HEAD"}}) {
    auto result = gilfree_in(dir.path(), args);
    CHECK(result.exit_code == 2);
    CHECK(result.err.rfind("gilfree: error: not a git repository", 0) == 0);
    CHECK(result.err.find('\n') == result.err.size() - 1);
  }
  // A plain scan outside a repository still works.
  CHECK(gilfree_in(dir.path(), {"scan"}).exit_code == 1);
  TempDir repo;
  committed_racy_repo(repo);
  auto unknown = gilfree_in(repo.path(), {"scan", "--diff", "v9.9"});
  CHECK(unknown.exit_code == 2);
  CHECK(contains(unknown.err, "unknown revision 'v9.9'"));
  auto both = gilfree_in(repo.path(), {"scan", "--rev", "HEAD", "--staged"});
  CHECK(both.exit_code == 2);
}

TEST_CASE("a corrupt cache file is ignored and rebuilt, and the result is the same") {
  TempDir dir;
  committed_racy_repo(dir);
  auto cold = gilfree_in(dir.path(), {"scan"});
  REQUIRE(cold.exit_code == 1);
  auto warm = gilfree_in(dir.path(), {"scan"});
  CHECK(warm.out == cold.out);
  dir.write(".gilfree/findings.db", "garbage, not SQLite\n");
  auto rebuilt = gilfree_in(dir.path(), {"scan"});
  CHECK(rebuilt.exit_code == 1);
  CHECK(contains(rebuilt.out, "app.py:8:9: FT001"));
  CHECK(contains(rebuilt.out, "was corrupt"));
  auto after = gilfree_in(dir.path(), {"scan"});
  CHECK(after.out == cold.out);
  CHECK(git_ok(dir.path(), {"status", "--porcelain"}).empty());  // .gilfree/ ignores itself
}

TEST_CASE("a read-only .gilfree/ is tolerated with a note") {
  TempDir dir;
  committed_racy_repo(dir);
  REQUIRE(gilfree_in(dir.path(), {"scan"}).exit_code == 1);
  auto cache_dir = (dir.path() / ".gilfree").string();
  bool root = geteuid() == 0;
  if (root) {
    REQUIRE(run_ok({"chattr", "+i", cache_dir}));
  } else {
    fs::permissions(cache_dir, fs::perms::owner_read | fs::perms::owner_exec);
  }
  dir.write("second.py", kRacyCounter);
  auto result = gilfree_in(dir.path(), {"scan"});
  if (root) {
    run_ok({"chattr", "-i", cache_dir});
  } else {
    fs::permissions(cache_dir, fs::perms::owner_all);
  }
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK(contains(result.out, "app.py:8:9"));
  CHECK(contains(result.out, "second.py:8:9"));
  CHECK(contains(result.out, "read-only"));
}

TEST_CASE("two scans writing the cache at once both succeed and agree") {
  TempDir dir;
  git_init(dir.path());
  for (int i = 0; i < 40; ++i) dir.write("pkg/m" + std::to_string(i) + ".py", kRacyCounter);
  gilfree::runtime::ChildResult first, second;
  std::thread other([&] { second = gilfree_in(dir.path(), {"scan", "--format", "json"}); });
  first = gilfree_in(dir.path(), {"scan", "--format", "json"});
  other.join();
  CHECK(first.exit_code == 1);
  CHECK(second.exit_code == 1);
  CHECK(first.out == second.out);
  CHECK_FALSE(contains(first.out, "findings cache"));
  CHECK_FALSE(contains(second.out, "findings cache"));
  auto warm = gilfree_in(dir.path(), {"scan", "--format", "json"});
  CHECK(warm.out == first.out);
}

TEST_CASE("a git scan from a subdirectory covers that directory, like a plain scan") {
  TempDir dir;
  git_init(dir.path());
  dir.write("src/app.py", kRacyCounter);
  dir.write("tools/other.py", kRacyCounter);
  git_ok(dir.path(), {"add", "."});
  git_ok(dir.path(), {"commit", "-q", "-m", "first"});
  auto worktree = gilfree_in(dir.path() / "src", {"scan"});
  INFO(worktree.out << worktree.err);
  CHECK(contains(worktree.out, "app.py:8:9"));
  CHECK_FALSE(contains(worktree.out, "other.py"));
  auto rev = gilfree_in(dir.path() / "src", {"scan", "--rev", "HEAD"});
  CHECK(contains(rev.out, "app.py:8:9"));
  CHECK_FALSE(contains(rev.out, "other.py"));
  auto root = gilfree_in(dir.path(), {"scan", "--rev", "HEAD"});
  CHECK(contains(root.out, "src/app.py:8:9"));
  CHECK(contains(root.out, "tools/other.py:8:9"));
}
