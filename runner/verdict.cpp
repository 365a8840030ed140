#include "runner/verdict.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

namespace gilfree::runner {
namespace {

bool is_gil_label(const std::string& label) { return label == "gil"; }

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
  const TestRecord* gil = nullptr;
  bool all_skipped = true;
  for (const auto& [label, record] : test.runs) {
    if (is_gil_label(label)) gil = &record;
    all_skipped = all_skipped && (record.outcome == "skipped");
    // A default-mode run where an extension had turned the GIL back on ran with the GIL.
    if (!is_gil_label(label) && record.outcome != "skipped" && !record.gil_enabled) {
      ++test.nogil_runs;
      if (record.failed()) ++test.nogil_failures;
    }
  }
  if (all_skipped) {
    test.verdict = Verdict::skipped;
    test.detail = test.runs.empty() ? "" : test.runs.front().second.error;
  } else if (gil != nullptr && gil->failed()) {
    test.verdict = Verdict::fails_both;
    test.detail = error_headline(gil->error);
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

// The line of an error text that says what went wrong.
std::string error_line(const std::string& error) {
  std::istringstream lines(error);
  std::string line, last;
  while (std::getline(lines, line)) {
    if (line.rfind("E  ", 0) == 0) {
      auto start = line.find_first_not_of(" ", 1);
      return start == std::string::npos ? line : line.substr(start);
    }
    if (line.find_first_not_of(" \t") != std::string::npos) last = line;
  }
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
