// FT900 unused-suppression through the real Scanner: which comments silenced a
// finding, which silence nothing, and ids that name no rule.
#include <catch2/catch.hpp>

#include <map>

#include "scanners/engine/scanner.hpp"
#include "scanners/engine/suppression.hpp"

using namespace gilfree::scanners;

namespace {

const char* kSource =
    "import threading\n"
    "count = 0\n"
    "def work():\n"
    "    global count\n"
    "    count += 1  # gilfree: ignore[FT001]\n"  // 5: silences FT001
    "    count += 1  # gilfree: ignore[FT003]\n"  // 6: FT003 has nothing here; FT001 shows
    "    x = 1  # gilfree: ignore\n"              // 7: a bare comment on a quiet line
    "    count += 1  # gilfree: ignore\n"         // 8: silences FT001
    "    y = 2  # gilfree: ignore[FT01]\n"        // 9: a typo
    "    z = 3  # gilfree: ignore[FT016]\n"       // 10: opt-in, not selected
    "threading.Thread(target=work).start()\n";

std::map<int, std::string> by_line(const FileResult& result, const std::string& id) {
  std::map<int, std::string> out;
  for (const auto& f : result.findings) {
    if (f.rule_id == id) out[f.line] = f.message;
  }
  return out;
}

}  // namespace

TEST_CASE("FT900 reports the suppressions that silence nothing, and why, once selected") {
  ScanConfig config;
  config.select = {"FT001", "FT003", "unused-suppression"};
  auto result = Scanner(config).scan(SourceFile{"a.py", kSource, ""});
  auto unused = by_line(result, "FT900");
  CHECK(by_line(result, "FT001") == std::map<int, std::string>{{6, by_line(result, "FT001")[6]}});
  REQUIRE(unused.size() == 4);
  CHECK(unused[6] == "`# gilfree: ignore[FT003]` silences nothing: FT003 has no finding on this line");
  CHECK(unused[7] == "`# gilfree: ignore` silences nothing: no rule has a finding on this line");
  CHECK(unused[9] == "`# gilfree: ignore[FT01]` silences nothing: no rule FT01 (did you mean FT001?)");
  CHECK(unused[10] == "`# gilfree: ignore[FT016]` silences nothing: FT016 does not run (not selected, ignored or opt-in)");
  for (const auto& f : result.findings) {
    if (f.rule_id != "FT900" || f.line != 7) continue;
    CHECK(f.column == 12);      // the comment's '#'
    CHECK(f.end_column == 29);  // after `ignore`
  }
  CHECK(result.notes.empty());
}

TEST_CASE("FT900 is opt-in, and without it an id that names no rule is still a note") {
  auto result = Scanner(ScanConfig{}).scan(SourceFile{"a.py", kSource, ""});
  CHECK(by_line(result, "FT900").empty());
  REQUIRE(result.notes.size() == 1);
  CHECK(result.notes[0] ==
        "a.py:9: `# gilfree: ignore[...]` names no rule: FT01 (did you mean FT001?); see 'gilfree rules list'");
  ScanConfig ignored;
  ignored.select = {"ALL"};
  ignored.per_file_ignores = {PerFileIgnore{"a.py", {"FT900"}, {}}};
  CHECK(by_line(Scanner(ignored).scan(SourceFile{"a.py", kSource, ""}), "FT900").empty());
  ScanConfig all;
  all.select = {"ALL"};
  CHECK(!by_line(Scanner(all).scan(SourceFile{"a.py", kSource, ""}), "FT900").empty());
}

TEST_CASE("a suppression used by a finding below --min-confidence is not unused") {
  // No thread reaches work(): FT001 is medium confidence here, hidden at `high`.
  std::string source = "count = 0\ndef work():\n    global count\n    count += 1  # gilfree: ignore[FT001]\n";
  ScanConfig config;
  config.select = {"FT001", "FT900"};
  config.min_confidence = Confidence::high;
  auto result = Scanner(config).scan(SourceFile{"b.py", source, ""});
  CHECK(result.findings.empty());
  config.min_confidence = Confidence::low;
  source.replace(source.find("count += 1"), 10, "count = 1");
  auto unused = Scanner(config).scan(SourceFile{"b.py", source, ""});
  REQUIRE(unused.findings.size() == 1);
  CHECK(unused.findings[0].rule_id == "FT900");
}

TEST_CASE("the unused-suppression rule is built in and documented like the YAML rules") {
  const auto& rule = unused_suppression_rule();
  CHECK(rule.id == "FT900");
  CHECK(rule.opt_in);
  CHECK(rule.file.empty());
  for (const auto* text : {&rule.docs.what, &rule.docs.why, &rule.docs.example, &rule.docs.instead, &rule.hint}) {
    CHECK(!text->empty());
  }
}

TEST_CASE("suppression_ids reads Python and C comments alike") {
  CHECK(suppression_ids("# gilfree: ignore[FT001, FT002]") == std::set<std::string>{"FT001", "FT002"});
  CHECK(suppression_ids("// gilfree: ignore[FTC002]") == std::set<std::string>{"FTC002"});
  CHECK(suppression_ids("/* gilfree:ignore */") == std::set<std::string>{"*"});
  CHECK(suppression_ids("  x = 1  # gilfree: ignore") == std::set<std::string>{"*"});
  CHECK_FALSE(suppression_ids("# a comment about gilfree").has_value());
  CHECK_FALSE(suppression_ids("// nothing here").has_value());
}
