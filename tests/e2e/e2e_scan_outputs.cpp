// What the consumers of scan's outputs read: SARIF checked against the official
// 2.1.0 schema (rules' helpUri, results' partialFingerprints, UTF-16 columns,
// repository-root URIs), and output that stays valid UTF-8 when a source file is not.
#include <algorithm>
#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include "support/e2e.hpp"
#include "support/git_cli.hpp"

using gilfree::test::run_gilfree;
using gilfree::test::gilfree_in;
using gilfree::test::TempDir;

namespace {

// Validates SARIF with Debian's python3-jsonschema against the schema from the setup's npm package.
gilfree::runtime::ChildResult validate_sarif(const std::filesystem::path& sarif) {
  gilfree::runtime::ChildOptions options;
  options.argv = {"/usr/bin/python3", "-c",
                  "import json, sys, jsonschema\n"
                  "schema = json.load(open(sys.argv[1], encoding='utf-8'))\n"
                  "doc = json.load(open(sys.argv[2], encoding='utf-8'))\n"
                  "errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc), key=str)\n"
                  "for error in errors: print(list(error.absolute_path), error.message)\n"
                  "sys.exit(1 if errors else 0)\n",
                  GILFREE_TEST_SARIF_SCHEMA, sarif.string()};
  return gilfree::runtime::run_child(options);
}

// Whether Python's own strict UTF-8 decoder accepts the bytes (an oracle independent of gilfree's).
bool valid_utf8(const TempDir& dir, const std::string& bytes) {
  auto file = dir.write("decoded.bin", bytes);
  gilfree::runtime::ChildOptions options;
  options.argv = {"/usr/bin/python3", "-c", "import sys; open(sys.argv[1], 'rb').read().decode('utf-8')", file.string()};
  return gilfree::runtime::run_child(options).exit_code == 0;
}

const char* kRacy =
    "import threading\n"
    "_cache = {}\n"
    "def forget(key):\n"
    "    if key in _cache:\n"
    "        del _cache[key]\n";

}  // namespace

TEST_CASE("scan --format sarif validates against the SARIF 2.1.0 schema, with helpUri, fingerprints and UTF-16 columns") {
  TempDir repo;
  gilfree::test::git_init(repo.path());
  repo.write("src/my pkg/cache.py", kRacy);
  repo.write("src/my pkg/emoji.py", "_n = 0\ndef bump():\n    global _n\n    s = \"\xF0\x9F\x98\x80\"; _n += 1\n");
  // Run from a sub-directory: URIs are still relative to the repository's root.
  auto result = gilfree_in(repo.path() / "src", {"scan", "--no-config", "--format", "sarif", "."});
  REQUIRE(result.exit_code == 1);
  auto sarif_file = repo.write("out.sarif", result.out);
  auto validation = validate_sarif(sarif_file);
  INFO(validation.out << validation.err);
  CHECK(validation.exit_code == 0);

  auto doc = nlohmann::json::parse(result.out);
  const auto& run = doc["runs"][0];
  CHECK(run["columnKind"] == "utf16CodeUnits");
  auto root = std::filesystem::canonical(repo.path()).string();
  CHECK(run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file://" + root + "/");
  for (const auto& rule : run["tool"]["driver"]["rules"]) {
    CHECK(rule["helpUri"].get<std::string>().find("docs/rules.md#" + [&] {
      std::string anchor = rule["id"].get<std::string>() + "-" + rule["name"].get<std::string>();
      for (auto& c : anchor) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return anchor;
    }()) != std::string::npos);
  }
  std::map<std::string, nlohmann::json> by_uri;
  for (const auto& finding : run["results"]) {
    const auto& location = finding["locations"][0]["physicalLocation"];
    CHECK(location["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
    CHECK_FALSE(finding["partialFingerprints"]["primaryLocationLineHash"].get<std::string>().empty());
    by_uri[location["artifactLocation"]["uri"].get<std::string>()] = location["region"];
  }
  REQUIRE(by_uri.count("src/my%20pkg/cache.py"));
  REQUIRE(by_uri.count("src/my%20pkg/emoji.py"));
  // `    s = "😀"; _n += 1`: `_n` is code point 14, UTF-16 unit 15 (the emoji is a surrogate pair).
  CHECK(by_uri["src/my%20pkg/emoji.py"]["startColumn"] == 15);
}

TEST_CASE("scan --format github names files relative to the repository root") {
  TempDir repo;
  gilfree::test::git_init(repo.path());
  repo.write("pkg/cache.py", kRacy);
  auto result = gilfree_in(repo.path() / "pkg", {"scan", "--no-config", "--format", "github", "."});
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("file=pkg/cache.py,line=5") != std::string::npos);
}

TEST_CASE("non-UTF-8 bytes in a file's name and in a finding's line: every format writes valid UTF-8 with U+FFFD") {
  TempDir dir;
  // Latin-1 "café" in the file's name and inside the reported line.
  dir.write("caf\xE9.py",
            "import threading\n"
            "_n = 0\n"
            "def bump():\n"
            "    global _n\n"
            "    _n += len(\"caf\xE9\")\n");
  for (const std::string format : {"text", "json", "sarif", "github"}) {
    INFO(format);
    auto result = gilfree_in(dir.path(), {"scan", "--no-config", "--format", format, "."});
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("internal error") == std::string::npos);
    CHECK(valid_utf8(dir, result.out));
    CHECK(result.out.find("caf\xEF\xBF\xBD") != std::string::npos);
  }
  auto baseline = gilfree_in(dir.path(), {"scan", "--no-config", "--write-baseline", "baseline.json", "."});
  CHECK(baseline.exit_code == 0);
  auto written = gilfree::test::slurp_file(dir.path() / "baseline.json");
  CHECK(written.find("caf\xEF\xBF\xBD") != std::string::npos);
  // The baseline still matches the finding it was written from.
  auto again = gilfree_in(dir.path(), {"scan", "--no-config", "--baseline", "baseline.json", "."});
  CHECK(again.exit_code == 0);
}

TEST_CASE("scan --statistics counts findings per rule, most first, with --exit-zero and -o as in ruff") {
  TempDir dir;
  dir.write("a.py", kRacy);
  dir.write("b.py", "_n = 0\ndef f():\n    global _n\n    _n += 1\n\ndef g():\n    global _n\n    _n += 2\n");
  auto statistics = gilfree_in(dir.path(), {"scan", "--no-config", "--statistics", "."});
  CHECK(statistics.exit_code == 1);
  CHECK(statistics.out.rfind("     2  FT001  global-augmented-assignment\n     1  FT003  check-then-act-on-shared-container\n", 0) == 0);
  auto as_json = nlohmann::json::parse(gilfree_in(dir.path(), {"scan", "--no-config", "--statistics", "--format", "json", "."}).out);
  CHECK(as_json["statistics"][0] == nlohmann::json{{"rule_id", "FT001"}, {"rule_name", "global-augmented-assignment"}, {"count", 2}});

  auto zero = gilfree_in(dir.path(), {"scan", "--no-config", "--exit-zero", "-o", "report.txt", "."});
  CHECK(zero.exit_code == 0);
  CHECK(zero.out.empty());
  CHECK(gilfree::test::slurp_file(dir.path() / "report.txt").find("Found 3 findings") != std::string::npos);
  // A usage error still exits 2, and a folder given as the output file is refused before scanning.
  CHECK(gilfree_in(dir.path(), {"scan", "--no-config", "--exit-zero", "missing.py"}).exit_code == 2);
  auto folder = gilfree_in(dir.path(), {"scan", "--no-config", "-o", dir.path().string(), "."});
  CHECK(folder.exit_code == 2);
  CHECK(folder.err.find("is a directory; give a file name") != std::string::npos);
}

TEST_CASE("scan - reads one source from stdin, named by --stdin-filename for output and per-file config") {
  TempDir dir;
  dir.write("pyproject.toml", "[tool.gilfree]\nper-file-ignores = { \"tests/*\" = [\"FT003\"] }\n");
  gilfree::runtime::ChildOptions options;
  options.cwd = dir.path();
  options.input = kRacy;
  auto named = run_gilfree({"scan", "--stdin-filename", "pkg/editor.py", "-"}, options);
  CHECK(named.exit_code == 1);
  CHECK(named.out.rfind("pkg/editor.py:5:13: FT003", 0) == 0);
  CHECK(named.out.find("in 1 file.") != std::string::npos);
  auto ignored = run_gilfree({"scan", "--stdin-filename", "tests/test_x.py", "-"}, options);
  CHECK(ignored.exit_code == 0);
  auto anonymous = run_gilfree({"scan", "--no-config", "--format", "json", "-"}, options);
  CHECK(nlohmann::json::parse(anonymous.out)["findings"][0]["path"] == "-");
  auto misuse = run_gilfree({"scan", "--stdin-filename", "a.py", "."}, options);
  CHECK(misuse.exit_code == 2);
  CHECK(misuse.err.find("give '-' as the path") != std::string::npos);
}

TEST_CASE("scan -o where no file can be made is refused before the scan, in one line") {
  auto result = gilfree::test::run_gilfree({"scan", "-o", "/proc/gilfree-no-such-dir/out.txt", "."});
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("gilfree: error: --output-file /proc/gilfree-no-such-dir/out.txt: cannot create a file in /proc") == 0);
  CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
}
