// The shipped .pre-commit-hooks.yaml under the distribution's real pre-commit
// (Debian's 3.0.4): `pre-commit run --all-files` and `--files` hand the files
// to `gilfree hook run FILE...`, which must scan them, committed or not.
//
// pre-commit would clone a hook repository and find `gilfree` on PATH; offline
// and before installation the test uses a `repo: local` hook instead: the same
// id and the manifest's own `types`, `pass_filenames` and `require_serial`
// lines, with `language: system` and `entry` pointing at the built binary.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <sstream>

#include "support/git_cli.hpp"

namespace fs = std::filesystem;
using namespace gilfree::test;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string shipped_manifest() {
  std::ifstream in(fs::path(GILFREE_SOURCE_DIR) / ".pre-commit-hooks.yaml");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The manifest's lines that decide which files pre-commit passes, and how.
std::string file_passing_lines(const std::string& manifest) {
  std::istringstream lines(manifest);
  std::string line, kept;
  while (std::getline(lines, line)) {
    for (const char* key : {"  types:", "  pass_filenames:", "  require_serial:"}) {
      if (line.rfind(key, 0) == 0) kept += "        " + line.substr(2) + "\n";
    }
  }
  return kept;
}

// The manifest's entry with the built binary for the `gilfree` on PATH.
std::string local_entry(const std::string& manifest) {
  static const std::string key = "\n  entry: gilfree ";
  auto at = manifest.find(key);
  REQUIRE(at != std::string::npos);
  auto end = manifest.find('\n', at + 1);
  return gilfree_binary() + " " + manifest.substr(at + key.size(), end - at - key.size());
}

void write_local_hook_config(const TempDir& dir) {
  auto manifest = shipped_manifest();
  dir.write(".pre-commit-config.yaml",
            "repos:\n"
            "  - repo: local\n"
            "    hooks:\n"
            "      - id: gilfree\n"
            "        name: gilfree\n"
            "        language: system\n"
            "        entry: " + local_entry(manifest) + "\n" +
                file_passing_lines(manifest));
}

gilfree::runtime::ChildResult pre_commit(const TempDir& dir, const fs::path& home, std::vector<std::string> args) {
  gilfree::runtime::ChildOptions options;
  options.argv = {"pre-commit", "run", "--color", "never"};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.cwd = dir.path();
  options.env = git_test_env();
  options.env.emplace_back("PRE_COMMIT_HOME", home.string());
  options.timeout = std::chrono::seconds(120);
  return gilfree::runtime::run_child(options);
}

bool have_pre_commit() {
  gilfree::runtime::ChildOptions options;
  options.argv = {"pre-commit", "--version"};
  options.timeout = std::chrono::seconds(30);
  try {
    return gilfree::runtime::run_child(options).exit_code == 0;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

TEST_CASE("pre-commit --all-files blocks a committed racy file and passes a clean one") {
  if (!have_pre_commit()) {
    WARN("pre-commit is not installed (apt-get install -y pre-commit); skipped");
    return;
  }
  TempDir dir, home;
  git_init(dir.path());
  write_local_hook_config(dir);
  dir.write("clean.py", kLockedCounter);
  git_ok(dir.path(), {"add", "."});
  git_ok(dir.path(), {"commit", "-q", "-m", "clean"});

  auto passed = pre_commit(dir, home.path(), {"--all-files"});
  INFO(passed.out << passed.err);
  CHECK(passed.exit_code == 0);
  CHECK(contains(passed.out, "Passed"));

  dir.write("counter.py", kRacyCounter);
  git_ok(dir.path(), {"add", "counter.py"});
  git_ok(dir.path(), {"commit", "-q", "--no-verify", "-m", "racy, committed"});
  REQUIRE(git(dir.path(), {"status", "--porcelain"}).out.empty());  // nothing staged: the index has nothing new

  auto blocked = pre_commit(dir, home.path(), {"--all-files"});
  INFO(blocked.out << blocked.err);
  CHECK(blocked.exit_code == 1);
  CHECK(contains(blocked.out, "Failed"));
  CHECK(contains(blocked.out, "counter.py:8:9: FT001"));
  CHECK_FALSE(contains(blocked.out, "clean.py:"));

  auto one_file = pre_commit(dir, home.path(), {"--files", "counter.py"});
  INFO(one_file.out << one_file.err);
  CHECK(one_file.exit_code == 1);
  CHECK(contains(one_file.out, "counter.py:8:9: FT001"));
  CHECK(pre_commit(dir, home.path(), {"--files", "clean.py"}).exit_code == 0);
}

TEST_CASE("pre-commit hands the hook a file named -x.py, which is scanned as a file, not read as a flag") {
  if (!have_pre_commit()) {
    WARN("pre-commit is not installed (apt-get install -y pre-commit); skipped");
    return;
  }
  TempDir dir, home;
  git_init(dir.path());
  write_local_hook_config(dir);
  dir.write("-x.py", kRacyCounter);
  git_ok(dir.path(), {"add", "--", "-x.py", ".pre-commit-config.yaml"});
  auto blocked = pre_commit(dir, home.path(), {"--all-files"});
  INFO(blocked.out << blocked.err);
  CHECK(blocked.exit_code == 1);
  CHECK(contains(blocked.out, "-x.py:8:9: FT001"));
  CHECK_FALSE(contains(blocked.out, "error:"));
}
