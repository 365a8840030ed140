#pragma once
#include "runner/run_options.hpp"
#include "runner/run_report.hpp"

namespace gilfree::runner {

// Runs the suite in every mode (concurrently, options.jobs at a time), computes
// verdicts and marks known-flaky tests from the history. Throws UserError for
// usage problems (no such root, no pytest, no tests at all).
RunReport run_suite(const RunOptions& options);

// run_suite, then the table on stdout, --json / --junit-xml files and the
// history; returns the exit status (0, 1).
int run_and_report(const RunOptions& options);

// `gilfree run --history`: flake rates recorded under the state directory.
int print_history(const RunOptions& options);

}  // namespace gilfree::runner
