// The installed hook, run by the real `git commit`: it blocks new findings in
// the staged content and lets the commit through once fixed or suppressed.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "support/git_cli.hpp"

namespace fs = std::filesystem;
using namespace gilfree::test;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string suppressed(std::string code) {
  auto at = code.find("n += 1");
  return code.insert(at + 6, "  # gilfree: ignore[FT001]");
}

void repo_with_hook(const TempDir& dir) {
  git_init(dir.path());
  auto installed = gilfree_in(dir.path(), {"hook", "install"});
  if (installed.exit_code != 0) throw std::runtime_error("hook install failed: " + installed.err);
}

int commit_count(const fs::path& dir) {
  auto log = git(dir, {"rev-list", "--count", "HEAD"});
  return log.exit_code == 0 ? std::stoi(log.out) : 0;
}

}  // namespace

TEST_CASE("the hook blocks a first commit adding a racy global, and passes once fixed") {
  TempDir dir;
  repo_with_hook(dir);
  dir.write("counter.py", kRacyCounter);
  git_ok(dir.path(), {"add", "counter.py"});
  auto blocked = git(dir.path(), {"commit", "-q", "-m", "add counter"});
  INFO(blocked.err);
  CHECK(blocked.exit_code != 0);
  CHECK(commit_count(dir.path()) == 0);
  CHECK(contains(blocked.err, "commit blocked: 1 new free-threading hazard"));
  CHECK(contains(blocked.err, "counter.py:8:9: FT001"));
  CHECK(contains(blocked.err, "# gilfree: ignore[FT001]"));
  CHECK(contains(blocked.err, "git commit --no-verify"));

  dir.write("counter.py", kLockedCounter);
  git_ok(dir.path(), {"add", "counter.py"});
  auto passed = git(dir.path(), {"commit", "-q", "-m", "add counter"});
  INFO(passed.err);
  CHECK(passed.exit_code == 0);
  CHECK(commit_count(dir.path()) == 1);
}

TEST_CASE("the hook lets a suppressed finding through") {
  TempDir dir;
  repo_with_hook(dir);
  dir.write("counter.py", suppressed(kRacyCounter));
  git_ok(dir.path(), {"add", "counter.py"});
  auto result = git(dir.path(), {"commit", "-q", "-m", "accepted"});
  INFO(result.err);
  CHECK(result.exit_code == 0);
}

TEST_CASE("the hook checks the staged content, not the work tree") {
  TempDir dir;
  repo_with_hook(dir);
  dir.write("README.txt", "x\n");
  git_ok(dir.path(), {"add", "README.txt"});
  git_ok(dir.path(), {"commit", "-q", "-m", "first"});
  dir.write("counter.py", kRacyCounter);
  git_ok(dir.path(), {"add", "counter.py"});
  dir.write("counter.py", kLockedCounter);  // fixed but not staged: the racy version would be committed
  auto result = git(dir.path(), {"commit", "-q", "-m", "racy"});
  CHECK(result.exit_code != 0);
  CHECK(contains(result.err, "counter.py:8:9"));
  // `git commit -a` stages the fixed version itself (a temporary index): it passes.
  auto all = git(dir.path(), {"commit", "-q", "-a", "-m", "fixed"});
  INFO(all.err);
  CHECK(all.exit_code == 0);
}

TEST_CASE("git commit -a is checked through the index git builds for it") {
  TempDir dir;
  repo_with_hook(dir);
  dir.write("counter.py", kLockedCounter);
  git_ok(dir.path(), {"add", "counter.py"});
  git_ok(dir.path(), {"commit", "-q", "-m", "first"});
  dir.write("counter.py", kRacyCounter);  // not staged before the commit
  auto result = git(dir.path(), {"commit", "-q", "-a", "-m", "racy"});
  CHECK(result.exit_code != 0);
  CHECK(contains(result.err, "counter.py:8:9: FT001"));
  CHECK(commit_count(dir.path()) == 1);
}

TEST_CASE("the hook reports only new findings: editing a file with an old one passes") {
  TempDir dir;
  git_init(dir.path());
  dir.write("counter.py", kRacyCounter);
  git_ok(dir.path(), {"add", "counter.py"});
  git_ok(dir.path(), {"commit", "-q", "-m", "legacy"});
  REQUIRE(gilfree_in(dir.path(), {"hook", "install"}).exit_code == 0);
  dir.write("counter.py", std::string(kRacyCounter) + "print('started')\n");
  git_ok(dir.path(), {"add", "counter.py"});
  auto result = git(dir.path(), {"commit", "-q", "-m", "log"});
  INFO(result.err);
  CHECK(result.exit_code == 0);
}

TEST_CASE("the hook installed under core.hooksPath runs and blocks") {
  TempDir dir;
  git_init(dir.path());
  git_ok(dir.path(), {"config", "core.hooksPath", ".githooks"});
  REQUIRE(gilfree_in(dir.path(), {"hook", "install"}).exit_code == 0);
  REQUIRE(fs::exists(dir.path() / ".githooks/pre-commit"));
  dir.write("counter.py", kRacyCounter);
  git_ok(dir.path(), {"add", "counter.py"});
  auto result = git(dir.path(), {"commit", "-q", "-m", "racy"});
  CHECK(result.exit_code != 0);
  CHECK(contains(result.err, "counter.py:8:9"));
  CHECK(git(dir.path(), {"commit", "-q", "--no-verify", "-m", "bypassed"}).exit_code == 0);
}

TEST_CASE("hook run outside a repository is one clear error") {
  TempDir dir;
  auto result = gilfree_in(dir.path(), {"hook", "run"});
  CHECK(result.exit_code == 2);
  CHECK(result.err.rfind("gilfree: error: not a git repository", 0) == 0);
}

TEST_CASE(".pre-commit-hooks.yaml runs gilfree hook run, which blocks and passes like the hook") {
  std::ifstream in(fs::path(GILFREE_SOURCE_DIR) / ".pre-commit-hooks.yaml");
  std::string yaml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(contains(yaml, "- id: gilfree\n"));
  REQUIRE(contains(yaml, "\n  entry: gilfree hook run --\n"));
  REQUIRE(contains(yaml, "\n  pass_filenames: true\n"));
  TempDir dir;
  git_init(dir.path());
  dir.write("counter.py", kRacyCounter);
  git_ok(dir.path(), {"add", "counter.py"});
  auto blocked = gilfree_in(dir.path(), {"hook", "run"});
  CHECK(blocked.exit_code == 1);
  CHECK(contains(blocked.err, "counter.py:8:9: FT001"));
  dir.write("counter.py", kLockedCounter);
  git_ok(dir.path(), {"add", "counter.py"});
  CHECK(gilfree_in(dir.path(), {"hook", "run"}).exit_code == 0);
}

TEST_CASE("hook run -- scans a staged file named -x.py, given by name or read from the index") {
  TempDir dir;
  git_init(dir.path());
  dir.write("-x.py", kRacyCounter);
  git_ok(dir.path(), {"add", "--", "-x.py"});
  auto named = gilfree_in(dir.path(), {"hook", "run", "--", "-x.py"});
  INFO(named.err);
  CHECK(named.exit_code == 1);
  CHECK(contains(named.err, "-x.py:8:9: FT001"));
  auto staged = gilfree_in(dir.path(), {"hook", "run"});
  CHECK(staged.exit_code == 1);
  CHECK(contains(staged.err, "-x.py:8:9: FT001"));
  auto scanned = gilfree_in(dir.path(), {"scan", "--no-cache", "--", "-x.py"});
  CHECK(scanned.exit_code == 1);
  CHECK(contains(scanned.out, "-x.py:8:9: FT001"));
}
