#include "runner/verdict.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

namespace gilfree::runner {
namespace {

// "gil", "gil#2", ...: the reference runs (--repeat repeats them too).
bool is_gil_label(const std::string& label) { return label == "gil" || label.starts_with("gil#"); }

std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

std::vector<std::string> labels_with(const TestVerdict& test, const std::string& outcome) {
  std::vector<std::string> labels;
  for (const auto& [label, record] : test.runs) {
    if (record.outcome == outcome) labels.push_back(label);
  }
  return labels;
}

const TestRecord* first_run(const TestVerdict& test, bool gil, bool failed) {
  for (const auto& [label, record] : test.runs) {
    if (is_gil_label(label) == gil && record.failed() == failed) return &record;
  }
  return nullptr;
}

// How much higher the no-GIL failure rate must be than the GIL one, when the GIL runs
// failed too, for the test to count as flaky-nogil.
constexpr double kClearlyAbove = 0.5;

void decide(TestVerdict& test) {
  if (auto crashed = labels_with(test, "crash"); !crashed.empty()) {
    std::string how;  // the signal, else how the process ended ("exited with status 3")
    for (const auto& [label, record] : test.runs) {
      if (record.outcome != "crash") continue;
      if (record.signal != 0) how = signal_name(record.signal);
      if (how.empty()) how = record.error.substr(0, record.error.find('\n'));
    }
    test.verdict = Verdict::crash;
    test.detail = fmt::format("{} in {}", how.empty() ? "died" : how, join(crashed));
    return;
  }
  if (auto hung = labels_with(test, "hang"); !hung.empty()) {
    test.verdict = Verdict::hang;
    test.detail = "timed out in " + join(hung);
    return;
  }
  int gil_runs = 0, gil_failures = 0;
  bool all_skipped = true;
  for (const auto& [label, record] : test.runs) {
    all_skipped = all_skipped && (record.outcome == "skipped");
    if (record.outcome == "skipped") continue;
    if (is_gil_label(label)) {
      ++gil_runs;
      if (record.failed()) ++gil_failures;
    } else if (!record.gil_enabled) {
      // A default-mode run where an extension had turned the GIL back on ran with the GIL.
      ++test.nogil_runs;
      if (record.failed()) ++test.nogil_failures;
    }
  }
  test.gil_failures = gil_failures;
  test.gil_runs = gil_runs;
  // flaky-nogil needs the no-GIL failure rate clearly above the GIL one: a test that
  // also fails in some GIL runs is flaky by itself unless it fails without the GIL in at
  // least half the runs more (the rate difference decides, see docs/run.md).
  double gil_rate = gil_runs > 0 ? static_cast<double>(gil_failures) / gil_runs : 0.0;
  double nogil_rate = test.nogil_runs > 0 ? static_cast<double>(test.nogil_failures) / test.nogil_runs : 0.0;
  if (all_skipped) {
    test.verdict = Verdict::skipped;
    test.detail = test.runs.empty() ? "" : test.runs.front().second.error;
  } else if (gil_runs > 0 && gil_failures == gil_runs) {
    test.verdict = Verdict::fails_both;
    test.detail = error_headline(first_run(test, true, true)->error);
  } else if (gil_failures > 0 && nogil_rate - gil_rate < kClearlyAbove) {
    test.verdict = Verdict::fails_both;
    test.detail = fmt::format("flaky with the GIL too: failed {}/{} GIL runs, {}/{} no-GIL runs: {}", gil_failures,
                              gil_runs, test.nogil_failures, test.nogil_runs,
                              error_headline(first_run(test, true, true)->error));
  } else if (gil_failures > 0) {
    test.verdict = Verdict::flaky_nogil;
    test.detail = fmt::format("failed {}/{} no-GIL runs vs {}/{} GIL runs: {}", test.nogil_failures,
                              test.nogil_runs, gil_failures, gil_runs,
                              error_headline(first_run(test, false, true)->error));
  } else if (test.nogil_failures > 0) {
    bool every = test.nogil_failures == test.nogil_runs;
    test.verdict = every ? Verdict::regressed_nogil : Verdict::flaky_nogil;
    auto headline = error_headline(first_run(test, false, true)->error);
    test.detail = every ? headline
                        : fmt::format("failed {}/{} no-GIL runs: {}", test.nogil_failures,
                                      test.nogil_runs, headline);
  } else if (!test.gil_modules.empty()) {
    test.verdict = Verdict::gil_reenabled;
    test.detail = "importing " + join(test.gil_modules) + " re-enabled the GIL (default mode)";
  } else {
    test.verdict = Verdict::pass;
  }
}

// The line of an error text that says what went wrong: pytest's first "E  " line of the
// last exception in a chain (the one raised, which pytest's summary shows too), else the
// last line (a plain traceback ends with the exception raised).
std::string error_line(const std::string& error) {
  std::istringstream lines(error);
  std::string line, last, e_line;
  bool section_has_e = false;
  while (std::getline(lines, line)) {
    if (line.rfind("During handling of the above exception", 0) == 0 ||
        line.rfind("The above exception was the direct cause", 0) == 0) {
      section_has_e = false;  // a later exception in the chain: its E line wins
      continue;
    }
    if (line.rfind("E  ", 0) == 0 && !section_has_e) {
      auto start = line.find_first_not_of(" ", 1);
      e_line = start == std::string::npos ? line : line.substr(start);
      section_has_e = true;
    }
    if (line.find_first_not_of(" \t") != std::string::npos) last = line;
  }
  if (!e_line.empty()) return e_line;
  auto start = last.find_first_not_of(" \t");
  return start == std::string::npos ? last : last.substr(start);
}

}  // namespace

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::pass: return "pass";
    case Verdict::fails_both: return "fails-both";
    case Verdict::regressed_nogil: return "regressed-nogil";
    case Verdict::flaky_nogil: return "flaky-nogil";
    case Verdict::crash: return "crash";
    case Verdict::hang: return "hang";
    case Verdict::gil_reenabled: return "gil-reenabled";
    case Verdict::skipped: return "skipped";
  }
  return "pass";
}

bool verdict_fails_run(Verdict verdict) {
  return verdict == Verdict::regressed_nogil || verdict == Verdict::flaky_nogil ||
         verdict == Verdict::crash || verdict == Verdict::hang;
}

std::string error_headline(const std::string& error) {
  // --threads: the stress summary ("2/4 threads failed (first: ...)") says most,
  // wherever the framework put it in the traceback.
  const std::string stress_prefix = "gilfree_child.ThreadFailures: ";
  auto stress = error.find(stress_prefix);
  if (stress != std::string::npos) {
    auto start = stress + stress_prefix.size();
    return error.substr(start, error.find('\n', start) - start);
  }
  return error_line(error);
}

std::vector<TestVerdict> compute_verdicts(const std::vector<ModeRun>& runs) {
  std::vector<TestVerdict> tests;
  std::map<std::string, std::size_t> index;
  auto ordered = runs;  // the gil run first, so its order is the table's order
  std::stable_sort(ordered.begin(), ordered.end(), [](const ModeRun& a, const ModeRun& b) {
    return is_gil_label(a.spec.label) && !is_gil_label(b.spec.label);
  });
  for (const auto& run : ordered) {
    for (const auto& record : run.results) {
      auto [it, added] = index.emplace(record.id, tests.size());
      if (added) {
        tests.emplace_back();
        tests.back().id = record.id;
      }
      auto& test = tests[it->second];
      test.runs.emplace_back(run.spec.label, record);
      std::set<std::string> files(test.files.begin(), test.files.end());
      files.insert(record.files.begin(), record.files.end());
      test.files.assign(files.begin(), files.end());
      test.threads = std::max(test.threads, record.threads);
      if (!record.thread_unsafe.empty()) test.thread_unsafe = record.thread_unsafe;
      if (record.pollutes > 0 && test.corrupts_state.empty()) {
        test.corrupts_state = fmt::format(
            "corrupts process state under --threads: {} later test{} failed after it in the same process ({}) "
            "and pass in a fresh one",
            record.pollutes, record.pollutes == 1 ? "" : "s", run.spec.label);
      }
    }
    for (const auto& event : run.gil_events) {
      auto it = index.find(event.where);
      if (it == index.end()) continue;
      auto& modules = tests[it->second].gil_modules;
      for (const auto& module : event.modules) {
        if (std::find(modules.begin(), modules.end(), module) == modules.end()) modules.push_back(module);
      }
    }
  }
  for (auto& test : tests) decide(test);
  return tests;
}

}  // namespace gilfree::runner
