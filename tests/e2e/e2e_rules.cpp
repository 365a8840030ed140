// `gilfree rules list|show|test|doc|tree` end to end.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "support/e2e.hpp"

using gilfree::test::run_gilfree;
using gilfree::test::TempDir;

namespace {
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("rules list shows every shipped rule and every shipped query compiles") {
  auto result = run_gilfree({"rules", "list"});
  REQUIRE(result.exit_code == 0);
  for (int id = 1; id <= 16; ++id) {
    char name[8];
    std::snprintf(name, sizeof name, "FT%03d", id);
    CHECK(contains(result.out, std::string(name) + "  "));
  }
  auto json = run_gilfree({"rules", "list", "--json"});
  CHECK(json.exit_code == 0);
  CHECK(contains(json.out, "\"name\": \"global-augmented-assignment\""));
}

TEST_CASE("rules show explains a rule and an unknown id is a usage error") {
  auto result = run_gilfree({"rules", "show", "FT010"});
  CHECK(result.exit_code == 0);
  for (const char* heading : {"# FT010 fresh-lock-in-with", "## What it does", "## Why is this bad?", "## Example", "## Use instead"}) {
    CHECK(contains(result.out, heading));
  }
  auto unknown = run_gilfree({"rules", "show", "FT999"});
  CHECK(unknown.exit_code == 2);
  CHECK(contains(unknown.err, "no rule 'FT999'"));
}

TEST_CASE("rules test fails on missing and noisy expectations") {
  TempDir dir;
  dir.write("XX001.yaml",
            "id: XX001\nname: sleep-call\nseverity: info\nconfidence: high\nmessage: m\nhint: h\n"
            "docs: {what: w, why: y, example: e, instead: i}\n"
            "query: |\n  ((call function: (_) @_f) @match (#eq? @_f \"time.sleep\"))\n");
  dir.write("XX001.py", "import time\ntime.sleep(1)  # expect: XX001\ntime.sleep(2)\nprint(1)  # expect: XX001\n");
  auto result = run_gilfree({"rules", "--rules-dir", dir.path().string(), "test", "XX001"});
  CHECK(result.exit_code == 1);
  CHECK(contains(result.out, "XX001 FAILED (2 expected findings)"));
  CHECK(contains(result.out, "missing: " + (dir.path() / "XX001.py").string() + ":4 expects XX001"));
  CHECK(contains(result.out, "noisy: " + (dir.path() / "XX001.py").string() + ":3:1 XX001 fired"));
}

TEST_CASE("docs/rules.md is generated from the rule YAML and up to date") {
  auto result = run_gilfree({"rules", "doc"});
  REQUIRE(result.exit_code == 0);
  std::ifstream in(std::string(GILFREE_SOURCE_DIR) + "/docs/rules.md", std::ios::binary);
  std::stringstream committed;
  committed << in.rdbuf();
  INFO("docs/rules.md is stale: run `build/gilfree rules doc -o docs/rules.md`");
  CHECK(committed.str() == result.out);
}

TEST_CASE("rules tree prints the syntax tree for query authors") {
  TempDir dir;
  auto file = dir.write("a.py", "x += 1\n");
  auto result = run_gilfree({"rules", "tree", file.string()});
  CHECK(result.exit_code == 0);
  CHECK(contains(result.out, "(module (expression_statement (augmented_assignment left: (identifier) right: (integer))))"));
}
