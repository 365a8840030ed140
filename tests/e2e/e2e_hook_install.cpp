// `gilfree hook install|uninstall` on repositories made by the real git.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "support/git_cli.hpp"

namespace fs = std::filesystem;
using gilfree::test::git_ok;
using gilfree::test::gilfree_in;

namespace {

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

constexpr const char* kForeignHook = "#!/bin/sh\necho foreign-hook-ran >> \"$(git rev-parse --git-dir)/foreign.log\"\n";

}  // namespace

TEST_CASE("hook install writes an executable pre-commit hook, and twice changes nothing") {
  gilfree::test::TempDir dir;
  git_ok(dir.path(), {"init", "-q"});
  auto first = gilfree_in(dir.path(), {"hook", "install"});
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  auto hook = dir.path() / ".git/hooks/pre-commit";
  REQUIRE(fs::exists(hook));
  CHECK((fs::status(hook).permissions() & fs::perms::owner_exec) != fs::perms::none);
  CHECK(slurp(hook).find("hook run") != std::string::npos);
  auto before = slurp(hook);
  auto second = gilfree_in(dir.path(), {"hook", "install"});
  REQUIRE(second.exit_code == 0);
  CHECK(second.out.find("already installed") != std::string::npos);
  CHECK(slurp(hook) == before);
  CHECK_FALSE(fs::exists(dir.path() / ".git/hooks/pre-commit.gilfree-chained"));
}

TEST_CASE("hook install chains an existing hook, and uninstall restores it byte for byte") {
  gilfree::test::TempDir dir;
  git_ok(dir.path(), {"init", "-q"});
  auto hook = dir.write(".git/hooks/pre-commit", kForeignHook);
  fs::permissions(hook, fs::perms::owner_all);
  REQUIRE(gilfree_in(dir.path(), {"hook", "install"}).exit_code == 0);
  REQUIRE(gilfree_in(dir.path(), {"hook", "install"}).exit_code == 0);  // idempotent with a chain too
  CHECK(slurp(dir.path() / ".git/hooks/pre-commit.gilfree-chained") == kForeignHook);
  dir.write("README.txt", "not python\n");
  git_ok(dir.path(), {"add", "README.txt"});
  git_ok(dir.path(), {"commit", "-q", "-m", "docs"});
  // The chained hook ran exactly once for the one commit.
  CHECK(slurp(dir.path() / ".git/foreign.log") == "foreign-hook-ran\n");

  auto removed = gilfree_in(dir.path(), {"hook", "uninstall"});
  REQUIRE(removed.exit_code == 0);
  CHECK(removed.out.find("restored") != std::string::npos);
  CHECK(slurp(hook) == kForeignHook);
  CHECK((fs::status(hook).permissions() & fs::perms::owner_exec) != fs::perms::none);
  CHECK_FALSE(fs::exists(dir.path() / ".git/hooks/pre-commit.gilfree-chained"));
  auto again = gilfree_in(dir.path(), {"hook", "uninstall"});
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("not gilfree's hook") != std::string::npos);
  CHECK(slurp(hook) == kForeignHook);
}

TEST_CASE("a chained hook that fails still blocks the commit") {
  gilfree::test::TempDir dir;
  git_ok(dir.path(), {"init", "-q"});
  auto hook = dir.write(".git/hooks/pre-commit", "#!/bin/sh\necho 'lint failed' >&2\nexit 3\n");
  fs::permissions(hook, fs::perms::owner_all);
  REQUIRE(gilfree_in(dir.path(), {"hook", "install"}).exit_code == 0);
  dir.write("README.txt", "x\n");
  git_ok(dir.path(), {"add", "README.txt"});
  auto commit = gilfree::test::git(dir.path(), {"commit", "-q", "-m", "x"});
  CHECK(commit.exit_code != 0);
  CHECK(commit.err.find("lint failed") != std::string::npos);
}

TEST_CASE("hook install honours core.hooksPath (relative to the work tree)") {
  gilfree::test::TempDir dir;
  git_ok(dir.path(), {"init", "-q"});
  git_ok(dir.path(), {"config", "core.hooksPath", "tools/hooks"});
  auto installed = gilfree_in(dir.path() , {"hook", "install"});
  INFO(installed.err);
  REQUIRE(installed.exit_code == 0);
  CHECK(fs::exists(dir.path() / "tools/hooks/pre-commit"));
  CHECK_FALSE(fs::exists(dir.path() / ".git/hooks/pre-commit"));
  CHECK(installed.out.find("tools/hooks/pre-commit") != std::string::npos);
  REQUIRE(gilfree_in(dir.path(), {"hook", "uninstall"}).exit_code == 0);
  CHECK_FALSE(fs::exists(dir.path() / "tools/hooks/pre-commit"));
}

TEST_CASE("hook install from a subdirectory finds the repository's hooks") {
  gilfree::test::TempDir dir;
  git_ok(dir.path(), {"init", "-q"});
  fs::create_directories(dir.path() / "src/pkg");
  REQUIRE(gilfree_in(dir.path() / "src/pkg", {"hook", "install"}).exit_code == 0);
  CHECK(fs::exists(dir.path() / ".git/hooks/pre-commit"));
}

TEST_CASE("hook install refuses when a foreign hook and an older chained hook are both there") {
  gilfree::test::TempDir dir;
  git_ok(dir.path(), {"init", "-q"});
  dir.write(".git/hooks/pre-commit", kForeignHook);
  dir.write(".git/hooks/pre-commit.gilfree-chained", "#!/bin/sh\nexit 0\n");
  auto refused = gilfree_in(dir.path(), {"hook", "install"});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("--force") != std::string::npos);
  CHECK(slurp(dir.path() / ".git/hooks/pre-commit") == kForeignHook);
  auto forced = gilfree_in(dir.path(), {"hook", "install", "--force"});
  REQUIRE(forced.exit_code == 0);
  CHECK(slurp(dir.path() / ".git/hooks/pre-commit.gilfree-chained") == kForeignHook);
}

TEST_CASE("hook outside a git repository is one clear error") {
  gilfree::test::TempDir dir;
  for (const char* action : {"install", "uninstall"}) {
    auto result = gilfree_in(dir.path(), {"hook", action});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("gilfree: error: not a git repository") == 0);
    CHECK(result.err.find('\n') == result.err.size() - 1);
  }
}
