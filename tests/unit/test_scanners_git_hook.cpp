#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "common/errors.hpp"
#include "scanners/scan/git_hook.hpp"
#include "support/git_test_repo.hpp"

using namespace gilfree::scanners;
using gilfree::test::augmented_assignment_test_scan;
using gilfree::test::GitTestRepo;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

HookRunResult run(const GitTestRepo& repo) { return run_hook(repo.open(), augmented_assignment_test_scan, {}); }

const char* kWorker =
    "import threading\n"
    "n = 0\n"
    "def work():\n"
    "    global n\n"
    "    n += 1\n"
    "threading.Thread(target=work).start()\n";

}  // namespace

TEST_CASE("hooks directory: .git/hooks by default, core.hooksPath when set") {
  GitTestRepo repo;
  CHECK(hooks_directory(repo.open()) == (repo.path() / ".git/hooks").lexically_normal());
  repo.set_config("core.hooksPath", "ci/hooks");
  CHECK(hooks_directory(repo.open()) == repo.path() / "ci/hooks");
  repo.set_config("core.hooksPath", "/opt/shared-hooks");
  CHECK(hooks_directory(repo.open()) == "/opt/shared-hooks");
}

TEST_CASE("hook install, reinstall, chain and uninstall keep every byte of the old hook") {
  GitTestRepo repo;
  auto hook = repo.path() / ".git/hooks/pre-commit";
  std::string foreign = "#!/bin/sh\nexec lint-staged\n";
  repo.write(".git/hooks/pre-commit", foreign);
  auto installed = install_hook(repo.open(), "/usr/local/bin/gilfree", false);
  CHECK(installed.changed);
  CHECK(is_gilfree_hook(hook));
  CHECK(slurp(chained_hook_path(hook)) == foreign);
  CHECK_FALSE(install_hook(repo.open(), "/usr/local/bin/gilfree", false).changed);
  // A moved gilfree binary updates the hook in place, keeping the chain.
  auto moved = install_hook(repo.open(), "/opt/gilfree/bin/gilfree", false);
  CHECK(moved.changed);
  CHECK(slurp(hook).find("'/opt/gilfree/bin/gilfree'") != std::string::npos);
  CHECK(slurp(chained_hook_path(hook)) == foreign);
  CHECK(uninstall_hook(repo.open()).changed);
  CHECK(slurp(hook) == foreign);
  CHECK_FALSE(fs::exists(chained_hook_path(hook)));
  CHECK_FALSE(uninstall_hook(repo.open()).changed);
}

TEST_CASE("hook script quotes the gilfree path for the shell") {
  auto script = hook_script("/home/o'brien/my tools/gilfree");
  CHECK(script.find("gilfree='/home/o'\\''brien/my tools/gilfree'") != std::string::npos);
  CHECK(script.rfind("#!/bin/sh\n", 0) == 0);
}

TEST_CASE("hook run: staged content is scanned, not the work tree") {
  GitTestRepo repo;
  repo.write_and_stage("app.py", "n = 0\n");
  repo.commit("first");
  repo.write_and_stage("app.py", kWorker);
  repo.write("app.py", "n = 0\n");  // fixed in the work tree but not staged: still blocked
  auto result = run(repo);
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].path == "app.py");
  CHECK(result.findings[0].line == 5);
  CHECK(result.base == "HEAD");
}

TEST_CASE("hook run: only new findings count and old ones in the same file do not block") {
  GitTestRepo repo;
  repo.write_and_stage("legacy.py", "total = 0\ntotal += 1\n");
  repo.commit("first");
  repo.write_and_stage("legacy.py", "total = 0\ntotal += 1\nprint(total)\n");
  CHECK(run(repo).findings.empty());
  repo.write_and_stage("legacy.py", "total = 0\ntotal += 1\nprint(total)\ncount += 1\n");
  auto result = run(repo);
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].line == 4);
  CHECK(result.files_checked == 1);
}

TEST_CASE("hook run: on the first commit the whole staged file is new") {
  GitTestRepo repo;
  repo.write_and_stage("app.py", kWorker);
  auto result = run(repo);
  CHECK(result.base == "(no commits yet)");
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].line == 5);
}

TEST_CASE("hook run: a suppressed or fixed line lets the commit through") {
  GitTestRepo repo;
  repo.write_and_stage("app.py", "n = 0\n");
  repo.commit("first");
  repo.write_and_stage("app.py", "n = 0\nn += 1  # gilfree: ignore[FT001]\n");
  CHECK(run(repo).findings.empty());
  repo.write_and_stage("app.py", "n = 0\nwith lock:\n    n = n + 1\n");
  CHECK(run(repo).findings.empty());
}

TEST_CASE("hook run: nothing staged, or nothing Python staged, checks nothing") {
  GitTestRepo repo;
  repo.write_and_stage("app.py", "n += 1\n");
  repo.commit("first");
  CHECK(run(repo).files_checked == 0);
  repo.write_and_stage("notes.txt", "n += 1\n");
  auto result = run(repo);
  CHECK(result.files_checked == 0);
  CHECK(result.findings.empty());
}

TEST_CASE("hook run uses the cache: a second run parses nothing") {
  GitTestRepo repo;
  repo.write_and_stage("app.py", kWorker);
  int calls = 0;
  ScanFn counting = [&](const SourceFile& file) {
    ++calls;
    return augmented_assignment_test_scan(file);
  };
  HookRunOptions options;
  options.scan.scope = {"rules", "config"};
  {
    CacheStore cache(repo.path() / ".gilfree");
    options.scan.cache = &cache;
    CHECK(run_hook(repo.open(), counting, options).findings.size() == 1);
  }
  CacheStore cache(repo.path() / ".gilfree");
  options.scan.cache = &cache;
  auto again = run_hook(repo.open(), counting, options);
  CHECK(again.findings.size() == 1);
  CHECK(again.from_cache == 1);
  CHECK(calls == 1);
}

TEST_CASE("block message names each finding, its code line, and how to suppress or bypass") {
  GitTestRepo repo;
  repo.write_and_stage("app.py", kWorker);
  auto message = block_message(run(repo));
  CHECK(message.find("commit blocked: 1 new free-threading hazard in staged code") != std::string::npos);
  CHECK(message.find("app.py:5:5: FT001 ") != std::string::npos);
  CHECK(message.find("    5 |     n += 1") != std::string::npos);
  CHECK(message.find("# gilfree: ignore[FT001]") != std::string::npos);
  CHECK(message.find("git commit --no-verify") != std::string::npos);
  CHECK(block_message(HookRunResult{}).empty());
}

TEST_CASE("hook run FILE...: every finding in the named files as on disk, committed or not") {
  GitTestRepo repo;
  repo.write_and_stage("app.py", kWorker);
  repo.write_and_stage("clean.py", "x = 1\n");
  repo.commit("racy, committed");
  REQUIRE(run(repo).findings.empty());  // nothing staged: the staged-blob run has nothing to check

  auto result = run_hook_on_files({repo.path() / "app.py", repo.path() / "clean.py"}, {}, augmented_assignment_test_scan, {});
  CHECK(result.whole_files);
  CHECK(result.files_checked == 2);
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].line == 5);
  auto message = block_message(result);
  CHECK(message.find("gilfree: blocked: 1 free-threading hazard in the files checked") != std::string::npos);
  CHECK(message.find("    5 |     n += 1") != std::string::npos);
  CHECK(message.find("SKIP=gilfree git commit") != std::string::npos);
  CHECK(run_hook_on_files({repo.path() / "clean.py"}, {}, augmented_assignment_test_scan, {}).findings.empty());
}

TEST_CASE("hook run FILE...: configured excludes apply to named files, and a missing file is a UserError") {
  GitTestRepo repo;
  repo.write("vendored/app.py", kWorker);
  CHECK(run_hook_on_files({repo.path() / "vendored/app.py"}, {"vendored"}, augmented_assignment_test_scan, {})
            .findings.empty());
  CHECK_THROWS_AS(run_hook_on_files({repo.path() / "gone.py"}, {}, augmented_assignment_test_scan, {}), gilfree::UserError);
}

TEST_CASE("hook install refuses a bare repository, where git never runs a pre-commit hook") {
  GitTestRepo bare(true);
  try {
    install_hook(bare.open(), "/usr/local/bin/gilfree", false);
    FAIL("installed a hook in a bare repository");
  } catch (const gilfree::UserError& error) {
    CHECK(std::string(error.what()).find("is a bare repository") != std::string::npos);
  }
  CHECK_FALSE(fs::exists(bare.path() / "hooks/pre-commit"));
}

TEST_CASE("hook run: a staged binary file passes with the scanner's note, named once") {
  GitTestRepo repo;
  repo.write_and_stage("blob.py", std::string("n += 1\0\n", 8));
  ScanFn noting = [](const SourceFile& file) {
    FileResult result;
    result.notes.push_back(file.path + ": skipped: binary file (contains a NUL byte)");
    return result;
  };
  auto result = run_hook(repo.open(), noting, {});
  CHECK(result.findings.empty());
  CHECK(result.notes == std::vector<std::string>{"blob.py: skipped: binary file (contains a NUL byte)"});
}
