#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runner/mode_run.hpp"

namespace gilfree::runner {

enum class Verdict { pass, fails_both, regressed_nogil, flaky_nogil, crash, hang, gil_reenabled, skipped };

std::string_view verdict_name(Verdict verdict);

// Whether the verdict makes `gilfree run` exit 1.
bool verdict_fails_run(Verdict verdict);

struct TestVerdict {
  std::string id;
  Verdict verdict = Verdict::pass;
  int nogil_failures = 0;  // failed runs among the no-GIL runs (nogil and default modes)
  int nogil_runs = 0;
  int gil_failures = 0;    // failed runs among the gil runs (--repeat repeats them)
  int gil_runs = 0;
  std::string detail;  // one line: the signal, the assertion, the module...
  std::vector<std::pair<std::string, TestRecord>> runs;  // by mode run label
  std::vector<std::string> files;                       // union over runs
  std::vector<std::string> gil_modules;  // modules that re-enabled the GIL during this test
  int threads = 1;
  std::string thread_unsafe;  // why it ran in one thread under --threads
  bool known_flaky = false;   // flaky in an earlier run (history)
  std::string corrupts_state;  // the later tests failed after it in one child and passed in a fresh one
};

// One verdict per test over all mode runs. The gil runs are the reference: a test
// failing in all of them fails-both; passing in all, it is regressed-nogil when every
// no-GIL run failed and flaky-nogil when only some did; failing in some, it is
// flaky-nogil only when its no-GIL failure rate is at least 0.5 above the GIL rate,
// else fails-both (flaky with the GIL too). Without a gil run every no-GIL failure
// counts as a regression.
std::vector<TestVerdict> compute_verdicts(const std::vector<ModeRun>& runs);

// The line of an error text that says what went wrong (pytest's "E  ..." line,
// else the last line).
std::string error_headline(const std::string& error);

}  // namespace gilfree::runner
