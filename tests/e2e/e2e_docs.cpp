// The docs against the real binary: option lists in docs/scan.md and
// docs/hook.md match `--help`, and the CI recipe (docs/ci.md, action.yml) runs
// only options `gilfree scan --help` lists.
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <sstream>

#include "support/e2e.hpp"

namespace fs = std::filesystem;
using gilfree::test::run_gilfree;
using gilfree::test::slurp_file;

namespace {

std::string doc(const std::string& name) { return slurp_file(fs::path(GILFREE_SOURCE_DIR) / "docs" / name); }

// The flags a command's --help lists ("-o,--output-file TEXT" gives -o and --output-file), without -h/--help.
std::set<std::string> help_flags(const std::vector<std::string>& command) {
  auto args = command;
  args.push_back("--help");
  auto result = run_gilfree(args);
  REQUIRE(result.exit_code == 0);
  std::set<std::string> flags;
  static const std::regex option_line(R"(^\s+(-[^\s]+))");
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    if (!std::regex_search(line, match, option_line)) continue;
    std::stringstream parts(match[1].str());
    for (std::string flag; std::getline(parts, flag, ',');) {
      if (flag != "-h" && flag != "--help") flags.insert(flag);
    }
  }
  return flags;
}

bool mentions(const std::string& text, const std::string& flag) {
  std::regex word("(^|[^\\w-])" + std::regex_replace(flag, std::regex("-"), "\\-") + "($|[^\\w-])");
  return std::regex_search(text, word);
}

// The flags on the doc's synopsis lines for `prefix` ("gilfree scan", "gilfree hook run"), in code blocks.
std::set<std::string> synopsis_flags(const std::string& text, const std::string& prefix) {
  std::set<std::string> flags;
  std::istringstream lines(text);
  bool in_code = false, in_synopsis = false;
  static const std::regex flag(R"((^|[\s\[|(])(--?[A-Za-z][\w-]*))");
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("```", 0) == 0) {
      in_code = !in_code;
      in_synopsis = false;
      continue;
    }
    if (!in_code) continue;
    auto start = line.find_first_not_of(" $");
    if (start != std::string::npos && line.compare(start, 8, "gilfree ") == 0) {
      in_synopsis = line.compare(start, prefix.size(), prefix) == 0 &&
                    (line.size() == start + prefix.size() || line[start + prefix.size()] == ' ');
    } else if (start == std::string::npos || line.compare(0, 2, "  ") != 0) {
      in_synopsis = false;  // a continuation line is indented
    }
    if (!in_synopsis) continue;
    auto code = line.substr(0, line.find("   #"));  // not the comment after the synopsis
    for (std::sregex_iterator it(code.begin(), code.end(), flag), end; it != end; ++it) flags.insert((*it)[2].str());
  }
  return flags;
}

void check_documented(const std::string& page, const std::vector<std::string>& command) {
  auto text = doc(page);
  auto listed = help_flags(command);
  std::string name = "gilfree";
  for (const auto& word : command) name += " " + word;
  for (const auto& flag : listed) {
    INFO(page << " does not mention `" << name << "` option " << flag);
    CHECK(mentions(text, flag));
  }
  for (const auto& flag : synopsis_flags(text, name)) {
    INFO(page << "'s synopsis of `" << name << "` shows " << flag << ", which --help does not list");
    CHECK(listed.count(flag) == 1);
  }
}

}  // namespace

TEST_CASE("docs/scan.md and docs/hook.md document every option --help lists, and no other") {
  check_documented("scan.md", {"scan"});
  check_documented("hook.md", {"hook", "run"});
  check_documented("hook.md", {"hook", "install"});
  for (const char* flag : {"--rev", "--staged", "--diff", "--no-git", "--no-cache"}) {
    INFO("hook.md's git-aware scanning does not show scan " << flag);
    CHECK(synopsis_flags(doc("hook.md"), "gilfree scan").count(flag) == 1);
  }
}

TEST_CASE("the CI recipe (docs/ci.md's workflows, action.yml) runs real gilfree scan options and uploads its SARIF") {
  auto help = run_gilfree({"scan", "--help"});
  REQUIRE(help.exit_code == 0);
  gilfree::runtime::ChildOptions options;
  options.argv = {"/usr/bin/python3", std::string(GILFREE_SOURCE_DIR) + "/tests/support/check_ci_recipe.py",
                  std::string(GILFREE_SOURCE_DIR) + "/action.yml", std::string(GILFREE_SOURCE_DIR) + "/docs/ci.md"};
  options.input = help.out;
  options.timeout = std::chrono::seconds(60);
  auto result = gilfree::runtime::run_child(options);
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
}
