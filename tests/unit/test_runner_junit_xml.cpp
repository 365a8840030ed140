#include <catch2/catch.hpp>

#include <algorithm>

#include "runner/junit_xml.hpp"
#include "common/safe_text.hpp"

using namespace gilfree::runner;
using gilfree::runtime::GilMode;

namespace {

ModeRun mode_run(GilMode mode, int repetition, const std::string& label,
                 std::vector<std::pair<std::string, std::string>> outcomes) {
  ModeRun run;
  run.spec = {mode, repetition, label};
  for (auto& [id, outcome] : outcomes) {
    TestRecord record;
    record.id = id;
    record.outcome = outcome;
    record.error = outcome == "passed" ? "" : "E   assert 1 == 2\n";
    run.results.push_back(record);
  }
  return run;
}

RunReport report_of(std::vector<ModeRun> runs) {
  RunReport report;
  report.runs = std::move(runs);
  report.tests = compute_verdicts(report.runs);
  return report;
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t found = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++found;
  return found;
}

}  // namespace

TEST_CASE("JUnit names are dotted like pytest's: module path, classes, then the test with its parameters") {
  auto names = junit_names("tests/test_shop.py::test_total");
  CHECK(names.classname == "tests.test_shop");
  CHECK(names.name == "test_total");
  names = junit_names("tests/unit/test_a.py::TestCart::Nested::test_x[a::b-1]");
  CHECK(names.classname == "tests.unit.test_a.TestCart.Nested");
  CHECK(names.name == "test_x[a::b-1]");
  names = junit_names("pkg.test_mod.Case.test_y");  // unittest
  CHECK(names.classname == "pkg.test_mod.Case");
  CHECK(names.name == "test_y");
  names = junit_names("tests/test_broken.py");  // a module that failed to import
  CHECK(names.classname.empty());
  CHECK(names.name == "tests.test_broken");
}

TEST_CASE("JUnit XML: one testsuite per mode, named after it, and testcase names unique across the file") {
  auto report = report_of({mode_run(GilMode::gil, 1, "gil", {{"tests/test_a.py::test_x", "passed"}}),
                           mode_run(GilMode::nogil, 1, "nogil", {{"tests/test_a.py::test_x", "failed"}}),
                           mode_run(GilMode::gil, 2, "gil#2", {{"tests/test_a.py::test_x", "passed"}}),
                           mode_run(GilMode::nogil, 2, "nogil#2", {{"tests/test_a.py::test_x", "failed"}})});
  auto xml = to_junit_xml(report);
  CHECK(count(xml, "<testsuite ") == 2);
  CHECK(xml.find("<testsuite name=\"gilfree run (gil)\" tests=\"2\" failures=\"0\"") != std::string::npos);
  CHECK(xml.find("<testsuite name=\"gilfree run (nogil)\" tests=\"2\" failures=\"2\"") != std::string::npos);
  for (const char* label : {"gil", "gil#2", "nogil", "nogil#2"}) {
    INFO(label);
    CHECK(count(xml, std::string("classname=\"tests.test_a\" name=\"test_x (") + label + ")\"") == 1);
  }
  // The same id twice in one run still gets two names.
  auto twice = to_junit_xml(report_of({mode_run(GilMode::gil, 1, "gil", {{"t.C.test", "passed"}, {"t.C.test", "passed"}})}));
  CHECK(count(twice, "name=\"test (gil)\"") == 1);
  CHECK(count(twice, "name=\"test (gil, 2)\"") == 1);
}

TEST_CASE("JUnit XML: a crash or hang message is the whole reason, not the end of a cut stack dump") {
  auto run = mode_run(GilMode::nogil, 1, "nogil", {{"tests/test_a.py::test_segv", "crash"}, {"tests/test_a.py::test_hang", "hang"}});
  run.results[0].error = "killed by SIGSEGV\nFatal Python error: Segmentation fault\n" + std::string(70000, 's') + "\n...[cut]";
  run.results[1].error = "no result within the 10 s per-test timeout (--timeout)\nstacks of all threads:\nThread 0x1\n...[cut]";
  auto xml = to_junit_xml(report_of({run}));
  CHECK(xml.find("<error type=\"crash\" message=\"killed by SIGSEGV\">") != std::string::npos);
  CHECK(xml.find("<error type=\"hang\" message=\"no result within the 10 s per-test timeout (--timeout)\">") !=
        std::string::npos);
  CHECK(xml.find("message=\"...[cut]\"") == std::string::npos);
  // A message is bounded; the body keeps the whole text.
  auto long_message = mode_run(GilMode::nogil, 1, "nogil", {{"t.C.test", "failed"}});
  long_message.results[0].error = "E   " + std::string(5000, 'm') + "\n";
  auto bounded = to_junit_xml(report_of({long_message}));
  CHECK(bounded.find("message=\"" + std::string(kJunitMessageLimit, 'm') + "\u2026\"") != std::string::npos);
  CHECK(bounded.find(std::string(5000, 'm') + "\n</failure>") != std::string::npos);
}

TEST_CASE("JUnit XML escapes markup, spells out control characters and stays valid UTF-8") {
  using namespace std::string_literals;
  auto run = mode_run(GilMode::nogil, 1, "nogil", {{"tests/test_a.py::test_x[<&\">]", "failed"}});
  run.results[0].error = "E   assert '<a>' == \"\x01\" \0 \x1b[31m \xff \xEF\xBF\xBE\n"s;
  auto xml = to_junit_xml(report_of({run}));
  CHECK(xml.find("classname=\"tests.test_a\" name=\"test_x[&lt;&amp;&quot;&gt;] (nogil)\"") != std::string::npos);
  CHECK(xml.find("<failure message=\"assert &#39;&lt;a&gt;&#39; == &quot;\\x01&quot; \\x00 \\x1b[31m \xEF\xBF\xBD \xEF\xBF\xBD\"") !=
        std::string::npos);
  CHECK(xml.find('\x01') == std::string::npos);
  CHECK(xml.find('\0') == std::string::npos);
  CHECK(xml.find('\x1b') == std::string::npos);
  CHECK(xml.find("\xEF\xBF\xBE") == std::string::npos);
  CHECK(gilfree::runtime::first_invalid_utf8(xml) == std::string::npos);
}
