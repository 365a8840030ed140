#pragma once
// `gilfree run --junit-xml`: the results as JUnit readers (CI test tabs, pytest's own
// conventions) expect them.
#include <string>

#include "runner/run_report.hpp"

namespace gilfree::runner {

// A test's JUnit names the way pytest's junitxml writes them: "tests/test_a.py::Test::test_x[1]"
// -> {"tests.test_a.Test", "test_x[1]"}; unittest's "pkg.mod.Class.test_x" -> {"pkg.mod.Class", "test_x"}.
struct JunitNames {
  std::string classname;
  std::string name;
};
JunitNames junit_names(const std::string& id);

// The message attribute of a failure or error: the whole reason in one line ("killed by
// SIGSEGV", "no result within the 10 s per-test timeout", the assertion), bounded.
inline constexpr std::size_t kJunitMessageLimit = 1000;
std::string junit_message(const TestRecord& record);

// One <testsuite> per mode, named after it ("gilfree run (nogil)"); every testcase name
// carries its mode run ("test_x (nogil)", "test_x (nogil#2)") so names are unique in the
// file and readers that merge suites keep the modes apart.
std::string to_junit_xml(const RunReport& report);

}  // namespace gilfree::runner
