#include "runner/run_report.hpp"

#include "common/safe_text.hpp"
#include "common/stage_document.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace gilfree::runner {
namespace {

// The first line of a text (a test's error, a child's output) as one table cell: spelled
// out where it holds control characters, cut to `width` characters.
std::string clip(const std::string& text, std::size_t width) {
  auto line = runtime::terminal_safe_line(text.substr(0, text.find('\n')));
  if (runtime::character_count(line) <= width) return line;
  return std::string(runtime::first_characters(line, width > 3 ? width - 3 : width)) + (width > 3 ? "..." : "");
}

// A test id too long for its column keeps its end, where the test's own name is:
// "...ts/test_shop.py::test_racy_shared_counter", not "tests/unit/test_sh...".
std::string clip_id(const std::string& id, std::size_t width) {
  auto safe = runtime::terminal_safe_line(id);
  auto length = runtime::character_count(safe);
  if (length <= width) return safe;
  auto keep = width > 3 ? width - 3 : width;
  auto tail = std::string_view(safe).substr(runtime::first_characters(safe, length - keep).size());
  return (width > 3 ? "..." : "") + std::string(tail);
}

std::string mode_times(const RunReport& report) {
  std::string text;
  for (const auto& run : report.runs) {
    text += fmt::format("{}{} {:.1f} s", text.empty() ? "" : " · ", run.spec.label, run.seconds);
    if (run.restarts > 0) text += fmt::format(" ({} restart{})", run.restarts, run.restarts == 1 ? "" : "s");
  }
  if (report.nogil_from_default) text += " · nogil = default (the GIL stayed off)";
  return text;
}

std::string counts_line(const RunReport& report) {
  std::map<std::string_view, int> counts;
  for (const auto& test : report.tests) ++counts[verdict_name(test.verdict)];
  std::string text;
  for (auto verdict : {Verdict::pass, Verdict::regressed_nogil, Verdict::flaky_nogil, Verdict::crash,
                       Verdict::hang, Verdict::fails_both, Verdict::gil_reenabled, Verdict::skipped}) {
    auto it = counts.find(verdict_name(verdict));
    if (it != counts.end()) text += fmt::format("{}{} {}", text.empty() ? "" : " · ", it->second, it->first);
  }
  return text.empty() ? "no tests ran" : text;
}

// Tests not stressed, by reason: "async test" -> ids. A test may have several reasons.
std::vector<std::pair<std::string, std::vector<std::string>>> not_stressed(const RunReport& report) {
  std::vector<std::pair<std::string, std::vector<std::string>>> reasons;
  for (const auto& test : report.tests) {
    std::string_view rest = test.thread_unsafe;
    while (!rest.empty()) {
      auto comma = rest.find(", ");
      auto reason = std::string(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 2);
      auto it = std::find_if(reasons.begin(), reasons.end(), [&](const auto& entry) { return entry.first == reason; });
      if (it == reasons.end()) it = reasons.insert(reasons.end(), {reason, {}});
      it->second.push_back(test.id);
    }
  }
  std::stable_sort(reasons.begin(), reasons.end(),
                   [](const auto& a, const auto& b) { return a.second.size() > b.second.size(); });
  return reasons;
}

void append_thread_notes(const RunReport& report, std::string& out) {
  if (report.threads <= 1) return;
  for (const auto& test : report.tests) {
    if (!test.corrupts_state.empty()) out += fmt::format("WARNING {} {}\n", test.id, test.corrupts_state);
  }
  std::size_t single = 0;
  for (const auto& test : report.tests) single += test.thread_unsafe.empty() ? 0 : 1;
  if (single == 0) {
    out += fmt::format("--threads {}: every test body ran in {} threads at once\n", report.threads,
                       report.threads);
    return;
  }
  // One line per reason: a suite with hundreds of doctests must not fill the screen.
  out += fmt::format("WARNING --threads {}: {} test{} ran in ONE thread only, not stressed (ids in the JSON):\n",
                     report.threads, single, single == 1 ? "" : "s");
  for (const auto& [reason, ids] : not_stressed(report)) {
    out += fmt::format("  {}: {} test{} ({}{})\n", reason, ids.size(), ids.size() == 1 ? "" : "s", ids.front(),
                       ids.size() > 1 ? fmt::format(", and {} more", ids.size() - 1) : "");
  }
}

}  // namespace

std::vector<std::pair<std::string, std::string>> RunReport::gil_reenabled() const {
  std::vector<std::pair<std::string, std::string>> found;
  for (const auto& run : runs) {
    for (const auto& event : run.gil_events) {
      for (const auto& module : event.modules) {
        std::pair<std::string, std::string> entry{module, event.where};
        if (std::find(found.begin(), found.end(), entry) == found.end()) found.push_back(entry);
      }
      if (event.modules.empty() && event.where == "start-up") {
        found.emplace_back("(before the tests started)", "start-up");
      }
    }
  }
  return found;
}

int RunReport::exit_code() const {
  if (!problem.empty()) return 2;
  for (const auto& run : runs) {
    if (!run.failure.empty()) return 1;
  }
  for (const auto& test : tests) {
    if (verdict_fails_run(test.verdict)) return 1;
  }
  return 0;
}

std::string to_text(const RunReport& report, bool list_passing, std::size_t width) {
  std::string out = fmt::format("gilfree run: {} on {}, {} tests, {:.1f} s\n  {}\n", report.framework,
                                report.interpreter, report.tests.size(), report.seconds, mode_times(report));
  if (!report.environment.empty()) out += "  " + report.environment + "\n";
  // Skipped tests are counted in the summary; --all lists them.
  auto listed = [list_passing](const TestVerdict& test) {
    return list_passing || (test.verdict != Verdict::pass && test.verdict != Verdict::skipped);
  };
  std::size_t id_width = 20;
  for (const auto& test : report.tests) {
    if (listed(test)) id_width = std::max(id_width, runtime::character_count(runtime::terminal_safe_line(test.id)));
  }
  id_width = std::min<std::size_t>(id_width, width / 2);
  std::string rows;
  for (const auto& test : report.tests) {
    if (!listed(test)) continue;
    auto detail = test.detail;
    if (test.known_flaky) detail = "known-flaky (history); " + detail;
    std::size_t used = 17 + id_width + 2;
    rows += fmt::format("{:<16} {:<{}}  {}\n", verdict_name(test.verdict), clip_id(test.id, id_width), id_width,
                        clip(detail, width > used + 20 ? width - used : 20));
  }
  if (!rows.empty()) out += fmt::format("\n{:<16} {:<{}}  {}\n", "verdict", "test", id_width, "detail") + rows;
  out += "\n";
  for (const auto& run : report.runs) {
    if (!run.failure.empty()) out += fmt::format("ERROR {}\n", run.failure);
  }
  for (const auto& [module, where] : report.gil_reenabled()) {
    out += fmt::format("GIL re-enabled in default mode by module '{}' (imported during {})\n", module, where);
  }
  append_thread_notes(report, out);
  out += fmt::format("{}  (exit {}; logs in {})\n", counts_line(report), report.exit_code(), report.work_dir);
  // Test ids, module names and failures come from the suite: nothing reaches the terminal raw.
  return runtime::terminal_safe(out);
}

nlohmann::json to_json(const RunReport& report) {
  nlohmann::json tests = nlohmann::json::array();
  for (const auto& test : report.tests) {
    nlohmann::json runs = nlohmann::json::object();
    for (const auto& [label, record] : test.runs) runs[label] = record_to_json(record);
    nlohmann::json entry = {{"id", test.id},
                            {"verdict", verdict_name(test.verdict)},
                            {"detail", test.detail},
                            {"nogil_failures", test.nogil_failures},
                            {"nogil_runs", test.nogil_runs},
                            {"gil_failures", test.gil_failures},
                            {"gil_runs", test.gil_runs},
                            {"known_flaky", test.known_flaky},
                            {"files", test.files},
                            {"threads", test.threads},
                            {"runs", runs}};
    if (!test.thread_unsafe.empty()) entry["thread_unsafe"] = test.thread_unsafe;
    if (!test.gil_modules.empty()) entry["gil_reenabled_by"] = test.gil_modules;
    if (!test.corrupts_state.empty()) entry["corrupts_state"] = test.corrupts_state;
    tests.push_back(entry);
  }
  nlohmann::json modes = nlohmann::json::array();
  for (const auto& run : report.runs) {
    modes.push_back({{"label", run.spec.label},
                     {"mode", runtime::mode_name(run.spec.mode)},
                     {"repetition", run.spec.repetition},
                     {"seconds", run.seconds},
                     {"restarts", run.restarts},
                     {"tests", run.results.size()},
                     {"failure", run.failure.empty() ? nlohmann::json() : nlohmann::json(run.failure)},
                     {"log", run.log.string()}});
  }
  nlohmann::json gil = nlohmann::json::array();
  for (const auto& [module, where] : report.gil_reenabled()) gil.push_back({{"module", module}, {"where", where}});
  nlohmann::json summary = nlohmann::json::object();
  for (const auto& test : report.tests) {
    auto name = std::string(verdict_name(test.verdict));
    summary[name] = summary.value(name, 0) + 1;
  }
  return {{"kind", runtime::kRunDocument.kind}, {"schema_version", runtime::kRunDocument.schema_version},
          {"version", 1},          {"root", report.root},       {"framework", report.framework},
          {"interpreter", report.interpreter}, {"threads", report.threads}, {"repeat", report.repeat},
          {"seconds", report.seconds}, {"modes", modes},        {"gil_reenabled", gil},
          {"summary", summary},    {"exit_code", report.exit_code()}, {"tests", tests},
          {"nogil_from_default", report.nogil_from_default}, {"environment", report.env},
          {"not_stressed", [&] {
             nlohmann::json reasons = nlohmann::json::object();
             for (const auto& [reason, ids] : not_stressed(report)) reasons[reason] = ids;
             return reasons;
           }()},
          {"error", report.problem.empty() ? nlohmann::json() : nlohmann::json(report.problem)}};
}

std::string nothing_tested(const RunReport& report) {
  if (report.tests.empty()) {
    for (const auto& run : report.runs) {
      if (!run.failure.empty()) return "no test ran: " + run.failure + " (full output: " + run.log.string() + ")";
    }
    return fmt::format("no test ran: no tests found in {} ({}); pass the project root, or test names after --",
                       report.root, report.framework);
  }
  std::map<std::string, int> reasons;
  for (const auto& test : report.tests) {
    bool collection = !test.runs.empty() && std::all_of(test.runs.begin(), test.runs.end(), [](const auto& run) {
      return run.second.collection;
    });
    if (!collection) return "";
    ++reasons[error_headline(test.runs.front().second.error)];
  }
  auto common = std::max_element(reasons.begin(), reasons.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
  return fmt::format("no test ran: {} module{} failed to import ({}){}; see the table above, or pass "
                     "--python/--env with an environment that has what they import",
                     report.tests.size(), report.tests.size() == 1 ? "" : "s", common->first,
                     reasons.size() > 1 ? fmt::format(" and {} other reasons", reasons.size() - 1) : "");
}

}  // namespace gilfree::runner
