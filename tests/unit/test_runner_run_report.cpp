#include <catch2/catch.hpp>

#include "runner/run_report.hpp"
#include "common/safe_text.hpp"

using namespace gilfree::runner;

namespace {

RunReport report_with(const std::string& id, const std::string& outcome, const std::string& error) {
  RunReport report;
  ModeRun run;
  run.spec = {gilfree::runtime::GilMode::nogil, 1, "nogil"};
  TestRecord record;
  record.id = id;
  record.outcome = outcome;
  record.error = error;
  run.results.push_back(record);
  report.runs.push_back(run);
  report.tests = compute_verdicts(report.runs);
  return report;
}

}  // namespace

TEST_CASE("the exit code is 1 for a regression or a mode that could not run") {
  CHECK(report_with("t", "passed", "").exit_code() == 0);
  CHECK(report_with("t", "failed", "").exit_code() == 1);  // no gil run: a no-GIL failure is a regression
  auto stopped = report_with("t", "passed", "");
  stopped.runs[0].failure = "the nogil child exited with status 4: error";
  CHECK(stopped.exit_code() == 1);
  CHECK(to_text(stopped, false).find("ERROR the nogil child") != std::string::npos);
  CHECK(to_json(stopped)["modes"][0]["failure"] == "the nogil child exited with status 4: error");
}

TEST_CASE("a run that tested nothing says why and exits 2") {
  RunReport empty;
  empty.root = "/p";
  empty.framework = "pytest";
  CHECK(nothing_tested(empty).find("no test ran: no tests found in /p (pytest)") == 0);

  RunReport imports;
  ModeRun run;
  run.spec = {gilfree::runtime::GilMode::gil, 1, "gil"};
  for (const char* id : {"tests/test_a.py", "tests/test_b.py"}) {
    TestRecord record;
    record.id = id;
    record.outcome = "error";
    record.collection = true;
    record.error = "ImportError while importing test module\nE   ModuleNotFoundError: No module named 'yaml'\n";
    run.results.push_back(record);
  }
  imports.runs.push_back(run);
  imports.tests = compute_verdicts(imports.runs);
  CHECK(nothing_tested(imports).find("no test ran: 2 modules failed to import (ModuleNotFoundError: No module named "
                                     "'yaml')") == 0);
  imports.problem = nothing_tested(imports);
  CHECK(imports.exit_code() == 2);

  // One test that ran is enough: the import failures are then ordinary errors.
  TestRecord ran;
  ran.id = "tests/test_c.py::test_c";
  ran.outcome = "passed";
  imports.runs.front().results.push_back(ran);
  imports.tests = compute_verdicts(imports.runs);
  CHECK(nothing_tested(imports).empty());
}

TEST_CASE("a test id too long for the table keeps the test's name, and skipped tests stay out of it") {
  std::string id = "tests/integration/very/deeply/nested/package/test_module_with_a_long_name.py::"
                   "TestSomething::test_the_name_that_matters";
  auto report = report_with(id, "failed", "E   assert 1 == 2\n");
  auto text = to_text(report, false, 120);
  CHECK(text.find("test_the_name_that_matters") != std::string::npos);
  CHECK(text.find("...") != std::string::npos);

  auto skipped = report_with("tests/test_a.py::test_skipped_one", "skipped", "not today");
  CHECK(to_text(skipped, false, 120).find("test_skipped_one") == std::string::npos);
  CHECK(to_text(skipped, false, 120).find("1 skipped") != std::string::npos);
  CHECK(to_text(skipped, true, 120).find("test_skipped_one") != std::string::npos);
}

TEST_CASE("a NUL, escape codes and invalid UTF-8 in a failure leave the table and summary whole and terminal-safe") {
  using namespace std::string_literals;
  auto report = report_with("tests/test_a.py::test_\x1b]0;title\x07x", "failed",
                            "E   AssertionError: before\0after \x1b[2J\x1b[31mred \xff\xfe end\n"s);
  report.runs[0].failure = "the nogil child exited with status 1: \x1b[H\r";
  auto text = to_text(report, false, 160);
  CHECK(text.find('\0') == std::string::npos);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\r') == std::string::npos);
  CHECK(text.find('\x07') == std::string::npos);
  CHECK(gilfree::runtime::first_invalid_utf8(text) == std::string::npos);
  CHECK(text.find("before\\x00after \\x1b[2J\\x1b[31mred \xEF\xBF\xBD\xEF\xBF\xBD end") != std::string::npos);
  CHECK(text.find("tests/test_a.py::test_\\x1b]0;title\\x07x") != std::string::npos);
  CHECK(text.find("ERROR the nogil child exited with status 1: \\x1b[H\\x0d") != std::string::npos);
  CHECK(text.find("1 regressed-nogil  (exit 1;") != std::string::npos);  // the summary line is there
}

TEST_CASE("the table cuts long details at a character, never inside one") {
  auto report = report_with("t", "failed", "E   " + std::string(300, 'x') + "\xC3\xA9\xC3\xA9\xC3\xA9" +
                                               std::string(300, 'y') + "\n");
  for (std::size_t width = 60; width < 80; ++width) {
    auto text = to_text(report, false, width + 300);
    CHECK(gilfree::runtime::first_invalid_utf8(text) == std::string::npos);
  }
}
