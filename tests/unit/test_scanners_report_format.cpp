#include <catch2/catch.hpp>

#include "scanners/scan/baseline.hpp"
#include "scanners/output/report_format.hpp"

using namespace gilfree::scanners;

namespace {

Finding finding(const std::string& path, int line, int column, int end_column) {
  Finding f;
  f.rule_id = "FT001";
  f.rule_name = "global-augmented-assignment";
  f.severity = Severity::warning;
  f.confidence = Confidence::high;
  f.message = "msg, with: punctuation";
  f.hint = "do this";
  f.path = path;
  f.line = f.end_line = line;
  f.column = column;
  f.end_column = end_column;
  return f;
}

}  // namespace

TEST_CASE("the text frame of a very long line is a window around the finding") {
  ScanReport report;
  report.files_scanned = 1;
  report.findings.push_back(finding("long.py", 1, 5001, 5011));
  SourceLines lines;
  lines.add_line("long.py", 1, std::string(5000, 'x') + "count += 1" + std::string(5000, 'y'));
  auto text = format_report(OutputFormat::text, report, lines, {});
  CHECK(text.size() < 600);
  CHECK(text.find("…") != std::string::npos);
  auto frame = text.find("count += 1");
  REQUIRE(frame != std::string::npos);
  auto caret = text.find("^^^^^^^^^^");
  REQUIRE(caret != std::string::npos);
  auto frame_line_start = text.rfind('\n', frame) + 1;
  auto caret_line_start = text.rfind('\n', caret) + 1;
  // The caret sits under the code, counting the "…" as one column.
  CHECK(caret - caret_line_start == frame - frame_line_start - 2);
}

TEST_CASE("github annotations escape properties and data") {
  ScanReport report;
  report.findings.push_back(finding("a,b:c.py", 2, 3, 4));
  report.notes.push_back("a.py: 100% odd\nnote");
  auto text = format_report(OutputFormat::github, report, SourceLines{}, {});
  CHECK(text.find("::warning file=a%2Cb%3Ac.py,line=2,col=3,endLine=2,endColumn=4,title=FT001 global-augmented-assignment::msg, with: punctuation (hint: do this)\n") == 0);
  CHECK(text.find("::notice title=gilfree note::a.py: 100%25 odd%0Anote\n") != std::string::npos);
}

TEST_CASE("a baseline matches by line text, not line number, and counts duplicates") {
  SourceLines lines;
  lines.add_line("a.py", 3, "    count += 1");
  lines.add_line("a.py", 9, "    count += 1");
  std::vector<Finding> old{finding("a.py", 3, 5, 15)};
  auto baseline = Baseline::from_findings(old, lines);
  std::vector<Finding> now{finding("a.py", 9, 5, 15), finding("a.py", 3, 5, 15)};
  CHECK(baseline.filter(now, lines) == 1);
  CHECK(now.size() == 1);
}

namespace {

Rule builtin_rule(const std::string& id, const std::string& name) {
  Rule rule;
  rule.id = id;
  rule.name = name;
  return rule;  // no file: built in, as FT900 is
}

}  // namespace

TEST_CASE("the text format names each finding's docs page after its hint, and only for gilfree's own rules") {
  ScanReport report;
  report.files_scanned = 1;
  report.findings.push_back(finding("a.py", 3, 5, 11));
  SourceLines lines;
  lines.add_line("a.py", 3, "    count += 1");
  auto text = format_report(OutputFormat::text, report, lines, {builtin_rule("FT001", "global-augmented-assignment")});
  CHECK(text.find("  = hint: do this\n  = docs: " + std::string(kRulesDocsUrl) + "#ft001-global-augmented-assignment\n") !=
        std::string::npos);
  Rule user_rule = builtin_rule("FT001", "global-augmented-assignment");
  user_rule.file = "/somewhere/else/FT001.yaml";  // from --rules-dir: gilfree's pages do not describe it
  auto user = format_report(OutputFormat::text, report, lines, {user_rule});
  CHECK(user.find("docs:") == std::string::npos);
  auto sarif = format_report(OutputFormat::sarif, report, lines, {user_rule});
  CHECK(sarif.find("helpUri") == std::string::npos);
}

TEST_CASE("colour is ANSI in the text format only, and -q leaves the findings alone") {
  ScanReport report;
  report.files_scanned = 1;
  report.findings.push_back(finding("a.py", 3, 5, 11));
  report.notes.push_back("b.py: skipped");
  SourceLines lines;
  lines.add_line("a.py", 3, "    count += 1");
  std::vector<Rule> rules{builtin_rule("FT001", "global-augmented-assignment")};
  auto plain = format_report(OutputFormat::text, report, lines, rules);
  CHECK(plain.find('\x1b') == std::string::npos);
  auto colored = format_report(OutputFormat::text, report, lines, rules, TextStyle{true, 0});
  CHECK(colored.find("\x1b[1;31mFT001\x1b[0m") != std::string::npos);
  CHECK(colored.find("\x1b[1;31m^^^^^^\x1b[0m") != std::string::npos);
  for (auto format : {OutputFormat::json, OutputFormat::sarif, OutputFormat::github}) {
    CHECK(format_report(format, report, lines, rules, TextStyle{true, 0}).find('\x1b') == std::string::npos);
  }
  auto quiet = format_report(OutputFormat::text, report, lines, rules, TextStyle{false, 1});
  CHECK(quiet.find("a.py:3:5: FT001") == 0);
  CHECK(quiet.find("note:") == std::string::npos);
  CHECK(quiet.find("Found 1 finding") == std::string::npos);
  CHECK(plain.find("note: b.py: skipped\nFound 1 finding (FT001: 1) in 1 file; 1 note.\n") != std::string::npos);
}
