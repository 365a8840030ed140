// Security: what a scanned repository supplies (rule files, [tool.gilfree],
// dependency files, Python source) is data, never a command; rule regexes are
// RE2 (linear time); `gilfree hook run` only reads the repository.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "support/git_cli.hpp"

namespace fs = std::filesystem;
using namespace gilfree::test;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

gilfree::runtime::ChildResult run_in(const fs::path& dir, const std::vector<std::string>& args) {
  gilfree::runtime::ChildOptions options;
  options.cwd = dir;
  options.env = git_test_env();
  options.timeout = std::chrono::seconds(120);
  return run_gilfree(args, options);
}

// Shell payloads that would create `canary` if any text reached a shell, plus
// a script that would create it if run.
std::vector<std::string> payloads(const TempDir& dir) {
  auto canary = (dir.path() / "canary").string();
  auto script = dir.write("evil.sh", "#!/bin/sh\ntouch " + canary + "\n");
  fs::permissions(script, fs::perms::owner_all);
  return {"$(touch " + canary + ")", "`touch " + canary + "`", "x; touch " + canary, "x | touch " + canary,
          "x && touch " + canary, script.string()};
}

std::string toml_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const auto& item : items) out += (out.size() > 1 ? ", " : "") + std::string("'") + item + "'";
  return out + "]";
}

std::string yaml_rule(const std::string& id, const std::string& payload) {
  return "id: " + id + "\nname: payload-" + lower(id) + "\nseverity: warning\nconfidence: high\n"
         "message: \"`{match}` " + payload + "\"\nhint: \"" + payload + "\"\n"
         "docs:\n  what: \"" + payload + "\"\n  why: \"" + payload + "\"\n  example: \"" + payload +
         "\"\n  instead: \"" + payload + "\"\n"
         "query: |\n  ((identifier) @match (#eq? @match \"count\") (#not-eq? @match \"" + payload + "\"))\n";
}

}  // namespace

TEST_CASE("security: shell payloads in rule files, config and dependency files never run") {
  TempDir dir;
  auto canary = dir.path() / "canary";
  auto shell = payloads(dir);
  dir.write("code.py", "import os\nos.system('touch " + canary.string() + "')\ncount = 0\n\ndef bump():\n"
                       "    global count\n    count += 1\n");
  for (std::size_t i = 0; i < shell.size(); ++i) {
    auto id = "SC00" + std::to_string(i + 1);
    dir.write("rules/" + id + ".yaml", yaml_rule(id, shell[i]));
    dir.write("rules/" + id + ".py", "count  # expect: " + id + "\n");
  }
  dir.write("pyproject.toml",
            "[project]\nname = 'p'\ndependencies = " + toml_list(shell) + "\n\n[tool.gilfree]\nrule-dirs = ['rules']\n"
            "select = " + toml_list(shell) + "\nexclude = " + toml_list(shell) + "\n"
            "[tool.gilfree.per-file-ignores]\n'" + shell[0] + "' = " + toml_list(shell) + "\n");
  std::string requirements;
  for (const auto& payload : shell) {
    requirements += "-r " + payload + "\n-e git+https://example.invalid/" + payload + "#egg=x\n" + payload + "\n";
  }
  dir.write("requirements.txt", requirements);

  std::vector<std::vector<std::string>> commands = {
      {"scan", "."}, {"scan", "--format", "json", "."}, {"scan", "--format", "sarif", "."},
      {"scan", "--format", "github", "."}, {"scan", "--no-config", "--rules-dir", "rules", "--select", "SC", "."},
      {"rules", "list", "--rules-dir", "rules"}, {"rules", "show", "SC001", "--rules-dir", "rules"},
      {"rules", "test", "--rules-dir", "rules"}, {"inventory", ".", "--no-probe", "--format", "json"}};
  for (const auto& payload : shell) commands.push_back({"scan", "--no-config", "--rules-dir", payload, "."});
  for (const auto& args : commands) {
    auto result = run_in(dir.path(), args);
    INFO(args[0] << " " << args[1] << "\n" << result.out << result.err);
    CHECK(!result.timed_out);
    CHECK(result.signal == 0);
    CHECK(!fs::exists(canary));
  }
  // The rule pack with payloads really loaded and fired: the payload text is data in the output.
  auto scanned = run_in(dir.path(), {"scan", "--no-config", "--rules-dir", "rules", "--select", "SC001", "."});
  INFO(scanned.out << scanned.err);
  CHECK(scanned.exit_code == 1);
  CHECK(contains(scanned.out, "`count` $(touch " + canary.string() + ")"));

  git_init(dir.path());
  git_ok(dir.path(), {"add", "-A"});
  auto hook = run_in(dir.path(), {"hook", "run"});
  INFO(hook.out << hook.err);
  CHECK(hook.signal == 0);
  CHECK(!fs::exists(canary));
}

TEST_CASE("security: rule regexes are RE2: catastrophic backtracking patterns finish and backreferences are refused") {
  TempDir dir;
  std::string long_name = std::string(200000, 'a') + "b";
  dir.write("code.py", long_name + " = 1\n" + std::string(100000, 'x') + " = 2\n");
  auto rule = [](const std::string& id, const std::string& regex) {
    return "id: " + id + "\nname: regex-" + lower(id) + "\nseverity: warning\nconfidence: high\nmessage: m\nhint: h\n"
           "docs:\n  what: w\n  why: w\n  example: x\n  instead: x\n"
           "query: |\n  ((identifier) @match (#match? @match \"" + regex + "\"))\n";
  };
  dir.write("rules/RX001.yaml", rule("RX001", "^(a+)+$"));
  dir.write("rules/RX002.yaml", rule("RX002", "^(x+x+)+y$"));
  dir.write("rules/RX003.yaml", rule("RX003", "^(a|aa)*c$"));
  gilfree::runtime::ChildOptions options;
  options.cwd = dir.path();
  options.timeout = std::chrono::seconds(120);  // generous: a backtracking engine would need years
  auto result = run_gilfree({"scan", "--no-config", "--rules-dir", "rules", "--select", "RX", "code.py"}, options);
  INFO(result.out << result.err);
  CHECK(!result.timed_out);
  CHECK(result.exit_code == 0);  // none of them matches

  dir.write("rules/RX004.yaml", rule("RX004", "^(a)\\\\1$"));
  auto refused = run_gilfree({"scan", "--no-config", "--rules-dir", "rules", "--select", "RX", "code.py"}, options);
  INFO(refused.out << refused.err);
  CHECK(refused.exit_code == 2);
  CHECK(contains(refused.err, "RX004.yaml"));
}

namespace {

// Every file under `root` except .git/ and gilfree's own state dir: path -> mode and content.
std::map<std::string, std::string> tree_snapshot(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    auto name = it->path().filename().string();
    if (it->is_directory() && (name == ".git" || name == ".gilfree")) {
      it.disable_recursion_pending();
      continue;
    }
    std::ifstream in(it->path(), std::ios::binary);
    std::stringstream content;
    if (it->is_regular_file()) content << in.rdbuf();
    auto mode = std::to_string(static_cast<int>(fs::symlink_status(it->path()).permissions()));
    out[fs::relative(it->path(), root).string()] = mode + ":" + content.str();
  }
  return out;
}

std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace

TEST_CASE("security: hook run leaves the work tree and the index exactly as they were") {
  TempDir dir;
  git_init(dir.path());
  dir.write("clean.py", "x = 1\n");
  dir.write("edited.py", "y = 1\n");
  git_ok(dir.path(), {"add", "-A"});
  git_ok(dir.path(), {"commit", "-q", "-m", "base"});
  dir.write("racy.py", kRacyCounter);
  git_ok(dir.path(), {"add", "racy.py"});
  dir.write("racy.py", kLockedCounter);                         // work tree differs from the index
  dir.write("edited.py", "y = 2\n" + std::string(kRacyCounter));  // unstaged change
  dir.write("untracked.py", kRacyCounter);
  dir.write("pyproject.toml", "[tool.gilfree]\nselect = ['FT']\n");

  auto tree_before = tree_snapshot(dir.path());
  auto index_before = file_bytes(dir.path() / ".git" / "index");
  auto status_before = git_ok(dir.path(), {"status", "--porcelain=v2", "--untracked-files=all"});
  auto staged_before = git_ok(dir.path(), {"ls-files", "--stage"});

  for (const auto& args : {std::vector<std::string>{"hook", "run"}, std::vector<std::string>{"hook", "run", "--no-cache"}}) {
    auto result = run_in(dir.path(), args);
    INFO(result.out << result.err);
    CHECK(result.exit_code == 1);  // racy.py as staged has a finding
    CHECK(contains(result.out + result.err, "racy.py"));
    CHECK(tree_snapshot(dir.path()) == tree_before);
    CHECK(file_bytes(dir.path() / ".git" / "index") == index_before);
    CHECK(git_ok(dir.path(), {"status", "--porcelain=v2", "--untracked-files=all"}) == status_before);
    CHECK(git_ok(dir.path(), {"ls-files", "--stage"}) == staged_before);
  }
}
