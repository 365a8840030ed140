// The scanner's library API as the git sources use it: load once, scan
// SourceFile values from many threads, a fingerprint for cache keys.
#include <catch2/catch.hpp>

#include <thread>

#include "common/errors.hpp"
#include "scanners/scan/scan_run.hpp"
#include "scanners/engine/scanner.hpp"

using namespace gilfree::scanners;

namespace {

const char* kSource =
    "import threading\n"
    "count = 0\n"
    "_cache = {}\n"
    "def work(key):\n"
    "    global count\n"
    "    count += 1\n"
    "    if key in _cache:\n"
    "        del _cache[key]\n"
    "threading.Thread(target=work).start()\n";

}  // namespace

TEST_CASE("Scanner::scan finds hazards in an in-memory SourceFile") {
  Scanner scanner(ScanConfig{});
  auto result = scanner.scan(SourceFile{"pkg/mod.py", kSource, "abc123"});
  std::vector<std::string> ids;
  for (const auto& f : result.findings) ids.push_back(f.rule_id);
  CHECK(ids == std::vector<std::string>{"FT001", "FT003"});  // sorted by line; FT016 is opt-in
  const auto& counter = result.findings[0];
  CHECK(counter.path == "pkg/mod.py");
  CHECK(counter.line == 6);
  CHECK(counter.column == 5);
  CHECK(counter.confidence == Confidence::high);  // reachable from Thread(target=work)
  CHECK(result.findings[1].line == 8);  // the act of the check-then-act
  CHECK(result.findings[1].confidence == Confidence::high);  // the thread reaches it
  CHECK(result.notes.empty());
}

TEST_CASE("Scanner::scan gives identical results from many threads at once") {
  Scanner scanner(ScanConfig{});
  auto expected = scanner.scan(SourceFile{"a.py", kSource, ""});
  std::vector<SourceFile> files(64, SourceFile{"a.py", kSource, ""});
  auto results = scan_all(scanner, files, 8);
  for (const auto& result : results) {
    REQUIRE(result.findings.size() == expected.findings.size());
    for (std::size_t i = 0; i < result.findings.size(); ++i) {
      CHECK(result.findings[i].rule_id == expected.findings[i].rule_id);
      CHECK(result.findings[i].line == expected.findings[i].line);
    }
  }
}

TEST_CASE("Scanner fingerprint is stable and changes with the configuration") {
  Scanner first(ScanConfig{});
  Scanner second(ScanConfig{});
  CHECK(first.fingerprint() == second.fingerprint());
  CHECK(first.fingerprint().size() == 16);
  ScanConfig ignoring;
  ignoring.ignore = {"FT001"};
  CHECK(Scanner(ignoring).fingerprint() != first.fingerprint());
  ScanConfig strict;
  strict.min_confidence = Confidence::high;
  CHECK(Scanner(strict).fingerprint() != first.fingerprint());
}

TEST_CASE("Scanner applies select, ignore, per-file ignores and min-confidence") {
  ScanConfig only_ft003;
  only_ft003.select = {"check-then-act-on-shared-container"};
  auto result = Scanner(only_ft003).scan(SourceFile{"a.py", kSource, ""});
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].rule_id == "FT003");

  ScanConfig per_file;
  per_file.per_file_ignores = {PerFileIgnore{"tests/**", {"ALL"}, {}}};
  CHECK(Scanner(per_file).scan(SourceFile{"tests/unit/a.py", kSource, ""}).findings.empty());
  CHECK(!Scanner(per_file).scan(SourceFile{"src/a.py", kSource, ""}).findings.empty());

  ScanConfig unknown;
  unknown.select = {"NOPE"};
  CHECK_THROWS_AS(Scanner(unknown), gilfree::UserError);
}

TEST_CASE("Scanner notes binary content and syntax errors") {
  Scanner scanner(ScanConfig{});
  auto binary = scanner.scan(SourceFile{"b.py", std::string("x = 1\0", 6), ""});
  CHECK(binary.findings.empty());
  REQUIRE(binary.notes.size() == 1);
  CHECK(binary.notes[0] == "b.py: skipped: binary file (contains a NUL byte)");
  auto broken = scanner.scan(SourceFile{"c.py", "def f(:\n", ""});
  REQUIRE(broken.notes.size() == 1);
  CHECK(broken.notes[0] == "c.py:1: syntax error; findings come only from the parts that parse");
  CHECK(scanner.scan(SourceFile{"d.py", "", ""}).notes.empty());
}

TEST_CASE("path_matches_glob follows the documented glob rules") {
  CHECK(path_matches_glob("tests/*", "tests/test_a.py"));
  CHECK(path_matches_glob("tests/*", "tests/unit/test_a.py"));  // tests/unit matches, so all below it
  CHECK(!path_matches_glob("tests/*.py", "tests/unit/test_a.py"));
  CHECK(path_matches_glob("tests/**", "tests/unit/test_a.py"));
  CHECK(path_matches_glob("**/conftest.py", "conftest.py"));
  CHECK(path_matches_glob("**/conftest.py", "a/b/conftest.py"));
  CHECK(path_matches_glob("vendored", "src/vendored/x.py"));
  CHECK(path_matches_glob("src/vendored", "src/vendored/x.py"));
  CHECK(path_matches_glob("*_pb2.py", "pkg/api_pb2.py"));
  CHECK(!path_matches_glob("src/vendored", "lib/src/vendored_x.py"));
}

TEST_CASE("a syntax error note names the line of the innermost error, not where recovery began") {
  // tree-sitter wraps the method in an ERROR node starting at line 6; the bad token is on line 7.
  Scanner scanner(ScanConfig{});
  auto result = scanner.scan(SourceFile{
      "weird.py", "import os\nimport sys\n\n\nclass A:\n    def f(self):\n        (bar.\n    baz)\n", ""});
  REQUIRE(result.notes.size() == 1);
  CHECK(result.notes[0] == "weird.py:7: syntax error; findings come only from the parts that parse");
}

TEST_CASE("a message names the first capture of `{a|b}` that the match has") {
  // FT004's hasattr pattern names the attribute it sets up; its other patterns the global.
  Scanner scanner(ScanConfig{});  // min_confidence low
  auto result = scanner.scan(SourceFile{"mod.py",
                                        "import sys\n_parser = None\n"
                                        "def setup():\n"
                                        "    if not hasattr(sys, \"ps2\"):\n        sys.ps2 = '... '\n"
                                        "def parser():\n    global _parser\n"
                                        "    if _parser is None:\n        _parser = object()\n",
                                        "x"});
  std::vector<std::string> messages;
  for (const auto& f : result.findings) {
    if (f.rule_id == "FT004") messages.push_back(f.message.substr(0, f.message.find(" without")));
  }
  CHECK(messages == std::vector<std::string>{"lazy initialisation of shared `sys.ps2`",
                                             "lazy initialisation of shared `_parser`"});
}
