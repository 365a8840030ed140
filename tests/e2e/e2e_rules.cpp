// `gilfree rules list|show|test|doc|tree` end to end.
#include <catch2/catch.hpp>
#include <fstream>
#include <filesystem>
#include <sstream>

#include "support/e2e.hpp"

using gilfree::test::run_gilfree;
using gilfree::test::TempDir;

namespace {
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A file of the checkout, as committed.
std::string source_file(const std::string& relative) {
  std::ifstream in(std::string(GILFREE_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}
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
  INFO("docs/rules.md is stale: run `build/gilfree rules doc -o docs/rules.md`");
  CHECK(source_file("docs/rules.md") == result.out);
}

TEST_CASE("rules tree prints the syntax tree for query authors") {
  TempDir dir;
  auto file = dir.write("a.py", "x += 1\n");
  auto result = run_gilfree({"rules", "tree", file.string()});
  CHECK(result.exit_code == 0);
  CHECK(contains(result.out, "(module (expression_statement (augmented_assignment left: (identifier) right: (integer))))"));
}

TEST_CASE("the C-extension rules are in the catalog: list, show, test and doc") {
  auto list = run_gilfree({"rules", "list"});
  REQUIRE(list.exit_code == 0);
  for (const char* id : {"FTC001", "FTC002", "FTC003", "FTC004", "FTC005"}) CHECK(contains(list.out, std::string(id) + " "));
  auto json = run_gilfree({"rules", "list", "--json"});
  CHECK(contains(json.out, "\"checks\": \"c-extension\""));

  auto show = run_gilfree({"rules", "show", "static-pyobject-cache"});
  CHECK(show.exit_code == 0);
  CHECK(contains(show.out, "# FTC002 static-pyobject-cache"));
  CHECK(contains(show.out, "```c\n"));
  CHECK(contains(show.out, "Checked in C++ by `gilfree inventory`"));

  auto test = run_gilfree({"rules", "test", "FTC001", "FTC004"});
  CHECK(test.exit_code == 0);
  CHECK(contains(test.out, "FTC001 ok (4 expected findings)"));
  CHECK(contains(test.out, "2 of 2 rule fixtures passed."));

  auto doc = run_gilfree({"rules", "doc"});
  CHECK(contains(doc.out, "## FTC005 limited-api"));
}

TEST_CASE("a native rule outside gilfree's own rules/c is a broken rule pack") {
  TempDir dir;
  std::ofstream(dir.path() / "XX001.yaml")
      << "id: XX001\nname: my-c-check\nseverity: warning\nconfidence: high\nnative: c-extension\n"
         "message: m\nhint: h\ndocs: {what: w, why: y, example: e, instead: i}\n";
  auto result = run_gilfree({"rules", "--rules-dir", dir.path().string(), "list"});
  CHECK(result.exit_code == 2);
  CHECK(contains(result.err, "a `native:` rule is checked by gilfree's own C++"));
}

TEST_CASE("rules/schema.json is generated from the loader's key table and up to date") {
  auto result = run_gilfree({"rules", "schema"});
  REQUIRE(result.exit_code == 0);
  INFO("rules/schema.json is stale: run `build/gilfree rules schema -o rules/schema.json`");
  CHECK(source_file("rules/schema.json") == result.out);
}

TEST_CASE("rules new writes a rule and fixture that pass at once, scan with them, and never overwrite") {
  TempDir dir;
  auto mine = dir.path() / "myrules";
  auto made = run_gilfree({"rules", "new", "XY001", "--name", "replace-me-call", "--dir", mine.string()});
  REQUIRE(made.exit_code == 0);
  CHECK(contains(made.out, "wrote " + (mine / "XY001.yaml").string()));
  CHECK(contains(made.out, "wrote " + (mine / "XY001.py").string()));

  auto test = run_gilfree({"rules", "--rules-dir", mine.string(), "test", "XY001"});
  CHECK(test.exit_code == 0);
  CHECK(contains(test.out, "XY001 ok (1 expected finding)"));
  auto show = run_gilfree({"rules", "--rules-dir", mine.string(), "show", "replace-me-call"});
  CHECK(contains(show.out, "# XY001 replace-me-call"));

  std::ofstream(dir.path() / "app.py") << "def go():\n    replace_me()\n";
  auto scan = run_gilfree({"scan", "--rules-dir", mine.string(), "--select", "XY001", (dir.path() / "app.py").string()});
  CHECK(scan.exit_code == 1);
  CHECK(contains(scan.out, "XY001 `replace_me()` is called outside a lock"));

  auto again = run_gilfree({"rules", "new", "XY002", "--name", "replace-me-call", "--dir", mine.string()});
  CHECK(again.exit_code == 2);
  CHECK(contains(again.err, "already has XY001 replace-me-call"));
  auto taken = run_gilfree({"rules", "new", "FT001", "--name", "something-new", "--dir", mine.string()});
  CHECK(taken.exit_code == 2);
  CHECK(contains(taken.err, "already has FT001 global-augmented-assignment"));
  auto bad = run_gilfree({"rules", "new", "x1", "--name", "Bad_Name", "--dir", mine.string()});
  CHECK(bad.exit_code == 2);
  CHECK(contains(bad.err, "rule id 'x1' must be"));

  std::ofstream(mine / "XY003.py") << "# mine\n";
  auto exists = run_gilfree({"rules", "new", "XY003", "--name", "other-call", "--dir", mine.string()});
  CHECK(exists.exit_code == 2);
  CHECK(contains(exists.err, "XY003.py exists; rules new does not overwrite it"));
  CHECK_FALSE(std::filesystem::exists(mine / "XY003.yaml"));
}

namespace {

// Debian's python3-jsonschema and python3-yaml: a validator independent of gilfree's loader.
gilfree::runtime::ChildResult validate_rules(const std::vector<std::string>& files) {
  gilfree::runtime::ChildOptions options;
  options.argv = {"/usr/bin/python3", "-c",
                  "import json, sys, yaml, jsonschema\n"
                  "schema = json.load(open(sys.argv[1], encoding='utf-8'))\n"
                  "validator = jsonschema.Draft202012Validator(schema)\n"
                  "bad = 0\n"
                  "for path in sys.argv[2:]:\n"
                  "    for error in validator.iter_errors(yaml.safe_load(open(path, encoding='utf-8'))):\n"
                  "        bad += 1; print(path, list(error.absolute_path), error.message)\n"
                  "sys.exit(1 if bad else 0)\n",
                  std::string(GILFREE_SOURCE_DIR) + "/rules/schema.json"};
  options.argv.insert(options.argv.end(), files.begin(), files.end());
  return gilfree::runtime::run_child(options);
}

}  // namespace

TEST_CASE("every shipped rule file is valid against rules/schema.json, and a broken one is not") {
  std::vector<std::string> files;
  for (const char* dir : {"/rules/python", "/rules/c"}) {
    for (const auto& entry : std::filesystem::directory_iterator(std::string(GILFREE_SOURCE_DIR) + dir)) {
      files.push_back(entry.path().string());
    }
  }
  REQUIRE(files.size() > 30);
  auto valid = validate_rules(files);
  INFO(valid.out << valid.err);
  CHECK(valid.exit_code == 0);

  TempDir dir;
  std::ofstream(dir.path() / "XX001.yaml")
      << "id: XX001\nname: my-rule\nseverity: fatal\nconfidence: high\nmessage: m\nhint: h\n"
         "docs: {what: w, why: y, example: e, instead: i}\nquery: (call) @match\nrelation: check-then-act\n"
         "where: [{not-inside: nowhere}]\n";
  auto broken = validate_rules({(dir.path() / "XX001.yaml").string()});
  CHECK(broken.exit_code == 1);
  CHECK(contains(broken.out, "['severity'] 'fatal' is not one of"));
  CHECK(contains(broken.out, "['where', 0, 'not-inside'] 'nowhere' is not one of"));
  CHECK(contains(broken.out, "is valid under each of"));  // query and relation both
}

TEST_CASE("rules new in a checkout adds to its rules/python and tests/rules/python and regenerates docs/rules.md") {
  TempDir dir;
  namespace fs = std::filesystem;
  auto checkout = dir.path() / "checkout";
  std::string source = GILFREE_SOURCE_DIR;
  for (const char* part : {"rules", "tests/rules", "runtime/python", "docs"}) {
    fs::create_directories((checkout / part).parent_path());
    fs::copy(source + "/" + part, checkout / part, fs::copy_options::recursive);
  }
  gilfree::runtime::ChildOptions options;
  options.env = {{"GILFREE_DATA_DIR", checkout.string()}};
  auto made = run_gilfree({"rules", "new", "FT099", "--name", "replace-me-call"}, options);
  INFO(made.out << made.err);
  REQUIRE(made.exit_code == 0);
  CHECK(fs::is_regular_file(checkout / "rules/python/FT099.yaml"));
  CHECK(fs::is_regular_file(checkout / "tests/rules/python/FT099.py"));
  std::ifstream in(checkout / "docs/rules.md");
  std::stringstream docs;
  docs << in.rdbuf();
  CHECK(contains(docs.str(), "## FT099 replace-me-call"));  // the copy's, not the checkout's
  auto test = run_gilfree({"rules", "test", "FT099"}, options);
  CHECK(test.exit_code == 0);

  // An installed copy's own rules are not edited: --dir is needed.
  auto installed = dir.path() / "prefix/share/gilfree";
  fs::create_directories(installed / "rules");
  fs::copy(checkout / "rules", installed / "rules", fs::copy_options::recursive);
  options.env = {{"GILFREE_DATA_DIR", installed.string()}};
  auto refused = run_gilfree({"rules", "new", "FT098", "--name", "other-call"}, options);
  CHECK(refused.exit_code == 2);
  CHECK(contains(refused.err, "give --dir DIR for your own rules"));
}

TEST_CASE("scan --select of a C-extension rule says inventory checks it, not that no rule matches") {
  TempDir dir;
  std::ofstream(dir.path() / "app.py") << "x = 1\n";
  auto result = run_gilfree({"scan", "--no-config", "--select", "FTC002", (dir.path() / "app.py").string()});
  CHECK(result.exit_code == 2);
  CHECK(contains(result.err, "--select 'FTC002' names FTC002 static-pyobject-cache, a C-extension rule: `gilfree inventory` checks it"));
  CHECK_FALSE(contains(result.err, "matches no rule"));
}
