// Hostile input beyond Python files (those are in e2e_scan_bad_input.cpp):
// rule files, [tool.gilfree] config, dependency files, and files the current
// user cannot read. Never a crash or a hang: a problem naming the file, or one
// error line and exit 2.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>

#include "support/e2e.hpp"

namespace fs = std::filesystem;
using gilfree::test::run_gilfree;
using gilfree::test::TempDir;

namespace {

const std::string kFinding = "def work():\n    global count\n    count += 1\n";

gilfree::runtime::ChildResult gilfree_in(const TempDir& dir, const std::vector<std::string>& args) {
  gilfree::runtime::ChildOptions options;
  options.cwd = dir.path();
  options.timeout = std::chrono::seconds(120);
  return run_gilfree(args, options);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

long line_count(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

// A valid rule whose query text is `query` (one line).
std::string rule_yaml(const std::string& id, const std::string& query) {
  return "id: " + id + "\nname: fuzzed-" + lower(id) +
         "\nseverity: warning\nconfidence: high\nmessage: m\nhint: h\n"
         "docs:\n  what: w\n  why: w\n  example: x\n  instead: x\nquery: '" + query + "'\n";
}

void check_one_error(const gilfree::runtime::ChildResult& result, const std::string& needle) {
  INFO(result.out << result.err);
  CHECK(!result.timed_out);
  CHECK(result.signal == 0);
  CHECK(result.exit_code == 2);
  CHECK(result.err.rfind("gilfree: error: ", 0) == 0);
  CHECK(contains(result.err, needle));
}

}  // namespace

TEST_CASE("bad input: rule files with YAML alias cycles and alias bombs are errors naming the file") {
  TempDir dir;
  dir.write("code.py", kFinding);
  dir.write("rules/FZ001.yaml", "id: FZ001\nname: &n [*n]\nseverity: warning\n");
  std::string bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'k'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    bomb += std::string(1, c) + ": &" + c + " [*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev +
            ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + "]\n";
  }
  dir.write("rules/FZ002.yaml", "id: FZ002\n" + bomb);
  auto result = gilfree_in(dir, {"scan", "--rules-dir", "rules", "code.py"});
  check_one_error(result, "FZ001.yaml");
  CHECK(contains(result.err, "FZ002.yaml"));
}

TEST_CASE("bad input: rule files with 10000-deep nesting, NUL bytes or invalid UTF-8 are errors naming the file") {
  TempDir dir;
  dir.write("code.py", kFinding);
  dir.write("rules/FZ001.yaml", "id: FZ001\nname: " + std::string(10000, '[') + std::string(10000, ']') + "\n");
  dir.write("rules/FZ002.yaml", "id: FZ002\nname: " + std::string(10000, '{') + std::string(10000, '}') + "\n");
  dir.write("rules/FZ003.yaml", std::string("id: FZ003\nname: a\0b\n", 20));
  dir.write("rules/FZ004.yaml", rule_yaml("FZ004", "((identifier) @match (#eq? @match \"caf\xe9\"))"));
  dir.write("rules/FZ005.yaml", rule_yaml("FZ005", std::string(10000, '(') + "identifier" + std::string(10000, ')') + " @match"));
  // tree-sitter's query compiler recurses per level: this overflowed its stack.
  dir.write("rules/FZ006.yaml", rule_yaml("FZ006", std::string(300000, '[') + "(identifier)" + std::string(300000, ']') + " @match"));
  auto result = gilfree_in(dir, {"scan", "--rules-dir", "rules", "code.py"});
  INFO(result.out << result.err);
  CHECK(!result.timed_out);
  CHECK(result.signal == 0);
  CHECK(result.exit_code == 2);
  for (auto name : {"FZ001.yaml", "FZ002.yaml", "FZ003.yaml"}) CHECK(contains(result.err, name));
  CHECK(contains(result.err, "FZ005.yaml:12: the query nests 10000 levels deep; at most 256 are allowed"));
  CHECK(contains(result.err, "FZ006.yaml:12: the query nests 300001 levels deep; at most 256 are allowed"));
}

TEST_CASE("bad input: a huge regex in a rule is an error naming the rule, not a crash") {
  TempDir dir;
  dir.write("code.py", kFinding);
  std::string alternatives;
  for (int i = 0; i < 200000; ++i) alternatives += (i ? "|" : "") + std::string("w") + std::to_string(i) + "[a-z]{1,50}";
  dir.write("rules/FZ001.yaml", rule_yaml("FZ001", "((identifier) @match (#match? @match \"" + alternatives + "\"))"));
  auto result = gilfree_in(dir, {"scan", "--rules-dir", "rules", "code.py"});
  check_one_error(result, "FZ001.yaml:13: bad regular expression 'w0[a-z]{1,50}|w1");
  CHECK(result.err.size() < 1000);  // the 3 MB pattern is shortened in the message
}

TEST_CASE("bad input: a rules directory that is a symlink loop is a clear error") {
  TempDir dir;
  dir.write("code.py", kFinding);
  fs::create_directory_symlink("b", dir.path() / "a");
  fs::create_directory_symlink("a", dir.path() / "b");
  auto result = gilfree_in(dir, {"scan", "--rules-dir", "a", "code.py"});
  check_one_error(result, "a: rule directory not found");
}

TEST_CASE("bad input: pyproject.toml with 10000-deep nesting or binary content is one error line for scan") {
  TempDir dir;
  dir.write("code.py", kFinding);
  dir.write("pyproject.toml", "[tool.gilfree]\nselect = " + std::string(10000, '[') + std::string(10000, ']') + "\n");
  auto deep = gilfree_in(dir, {"scan", "code.py"});
  check_one_error(deep, "pyproject.toml");
  CHECK(line_count(deep.err) == 1);

  dir.write("pyproject.toml", std::string("[tool.gilfree]\nselect = [\"FT0\0\x01\xff\"]\n", 35));
  auto binary = gilfree_in(dir, {"scan", "code.py"});
  check_one_error(binary, "pyproject.toml");
  CHECK(line_count(binary.err) == 1);
}

TEST_CASE("bad input: inventory survives deep nesting and binary dependency files with problems per file") {
  TempDir dir;
  dir.write("pyproject.toml", "[project]\nname = \"p\"\ndependencies = " + std::string(10000, '[') +
                                  std::string(10000, ']') + "\n");
  dir.write("requirements.txt", "requests>=2\nnumpy; " + std::string(100000, '(') + "python_version >= \"3\"" +
                                    std::string(100000, ')') + "\n");
  dir.write("requirements-dev.txt", std::string("pytest\0\xff\xfe", 9));
  dir.write("uv.lock", "version = 1\n[[package]]\nname = \"x\"\nversion = " + std::string(10000, '[') + "\n");
  auto result = gilfree_in(dir, {"inventory", "--no-probe", "--format", "json"});
  INFO(result.out << result.err);
  CHECK(!result.timed_out);
  CHECK(result.signal == 0);
  CHECK(result.exit_code != 2);
  CHECK(contains(result.out, "requests"));
  CHECK(contains(result.out, "pyproject.toml"));
  CHECK(contains(result.out, "requirements-dev.txt"));
  CHECK(contains(result.out, "uv.lock"));
}

TEST_CASE("bad input: plan --from a binary file is one error line, a deeply nested one no crash") {
  TempDir dir;
  dir.write("deep/scan.json", std::string(100000, '[') + std::string(100000, ']'));
  dir.write("binary/run.json", std::string("\x7f" "ELF\0\0\x01\x02", 8));
  auto binary = gilfree_in(dir, {"plan", ".", "--from", "binary", "--format", "json", "-o", "plan.json"});
  check_one_error(binary, "run.json");
  CHECK(line_count(binary.err) == 1);
  CHECK(!fs::exists(dir.path() / "plan.json"));

  auto deep = gilfree_in(dir, {"plan", ".", "--from", "deep", "--format", "json", "-o", "plan.json"});
  INFO(deep.out << deep.err);
  CHECK(!deep.timed_out);
  CHECK(deep.signal == 0);
  CHECK((deep.exit_code == 0 || (deep.exit_code == 2 && line_count(deep.err) == 1)));
}

namespace {

// Runs gilfree as the unprivileged user `nobody` (root reads everything, so
// unreadable files need another user); nullopt when setpriv is not there.
std::optional<gilfree::runtime::ChildResult> gilfree_as_nobody(const TempDir& dir, const std::vector<std::string>& args) {
  if (!fs::exists("/usr/bin/setpriv")) return std::nullopt;
  gilfree::runtime::ChildOptions options;
  options.argv = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", gilfree::test::gilfree_binary()};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.cwd = dir.path();
  options.env = {{"HOME", dir.path().string()}};
  options.timeout = std::chrono::seconds(120);
  return gilfree::runtime::run_child(options);
}

}  // namespace

TEST_CASE("bad input: unreadable files and directories become notes and problems for a non-root user") {
  if (::geteuid() != 0) {
    WARN("skipped: needs root to switch to the user nobody (as a non-root user, e2e_scan_bad_input covers it)");
    return;
  }
  TempDir dir;
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec);
  dir.write("ok.py", "x = 1\n");
  auto locked = dir.write("locked.py", kFinding);
  dir.write("closed/inner.py", kFinding);
  dir.write("requirements.txt", "requests>=2\n-r locked-requirements.txt\n");
  auto locked_requirements = dir.write("locked-requirements.txt", "numpy\n");
  for (const auto& path : {locked, locked_requirements, dir.path() / "closed"}) ::chmod(path.c_str(), 0);
  ::chmod((dir.path() / "requirements.txt").c_str(), 0644);
  ::chmod((dir.path() / "ok.py").c_str(), 0644);

  auto scan = gilfree_as_nobody(dir, {"scan", "--no-cache", "--no-git", "."});
  if (!scan) {
    WARN("skipped: /usr/bin/setpriv is not installed");
    return;
  }
  INFO(scan->out << scan->err);
  CHECK(scan->signal == 0);
  CHECK(scan->exit_code == 0);
  CHECK(contains(scan->out, "note: locked.py: cannot read the file (Permission denied)"));
  CHECK(contains(scan->out, "closed: cannot read the directory"));
  CHECK(contains(scan->out, "No findings in"));  // inner.py and locked.py could not be read

  auto inventory = gilfree_as_nobody(dir, {"inventory", ".", "--no-probe", "--no-sources", "--format", "json"});
  INFO(inventory->out << inventory->err);
  CHECK(inventory->signal == 0);
  CHECK(inventory->exit_code == 0);
  CHECK(contains(inventory->out, "requests"));
  CHECK(contains(inventory->out, "cannot read the file: Permission denied"));
}

TEST_CASE("bad input: dependency files that are FIFOs or links to /dev/zero are problems, not a hang") {
  TempDir dir;
  dir.write("requirements.txt", "requests>=2\n");
  fs::create_symlink("/dev/zero", dir.path() / "requirements-zero.txt");
  REQUIRE(::mkfifo((dir.path() / "requirements-fifo.txt").c_str(), 0600) == 0);
  fs::create_symlink("/dev/zero", dir.path() / "uv.lock");
  gilfree::runtime::ChildOptions options;
  options.cwd = dir.path();
  options.timeout = std::chrono::seconds(60);
  auto result = run_gilfree({"inventory", ".", "--no-probe", "--no-sources", "--format", "json"}, options);
  INFO(result.out << result.err);
  REQUIRE(!result.timed_out);
  CHECK(result.signal == 0);
  CHECK(result.exit_code == 0);
  CHECK(contains(result.out, "requests"));
  for (auto name : {"requirements-zero.txt", "requirements-fifo.txt", "uv.lock"}) CHECK(contains(result.out, name));
  CHECK(contains(result.out, "not a regular file; skipped"));
}
