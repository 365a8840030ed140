#include <catch2/catch.hpp>

#include "runner/run_report.hpp"

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

TEST_CASE("JUnit XML escapes markup and control characters in ids and errors") {
  auto report = report_with("tests/test_a.py::test_x[<&\">]", "failed", "E   assert '<a>' == \"\x01\"\n");
  auto xml = to_junit_xml(report);
  CHECK(xml.find("classname=\"tests/test_a.py\" name=\"test_x[&lt;&amp;&quot;&gt;]\"") != std::string::npos);
  CHECK(xml.find("<failure message=\"assert &#39;&lt;a&gt;&#39; == &quot;?&quot;\"") != std::string::npos);
  CHECK(xml.find("tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\"") != std::string::npos);
  CHECK(xml.find('\x01') == std::string::npos);
}

TEST_CASE("unittest ids split into class and method in JUnit XML") {
  auto xml = to_junit_xml(report_with("pkg.test_mod.Case.test_y", "passed", ""));
  CHECK(xml.find("classname=\"pkg.test_mod.Case\" name=\"test_y\"") != std::string::npos);
}

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
