#include "runtime/doctor.hpp"

#include <fmt/format.h>

#include "runtime/child_process.hpp"
#include "runtime/embedded_python.hpp"
#include "runtime/gil_mode.hpp"

namespace gilfree::runtime {
namespace {

constexpr GilMode kModes[] = {GilMode::gil, GilMode::nogil, GilMode::standard};

// The GIL state a mode gives is only believable when measured in a fresh
// process started the way the runner starts one.
void measure_modes(DoctorReport& report) {
  const auto self = self_executable().string();
  for (GilMode mode : kModes) {
    const std::string name(mode_name(mode));
    std::string problem;
    auto facts = probe_interpreter({self, "python", "--gil", std::string(cli_name(mode))}, ChildOptions{}, problem);
    if (facts) report.modes[name] = *facts;
    else report.mode_problems[name] = problem;
  }
}

nlohmann::json facts_json(const InterpreterFacts& facts) {
  return {{"version", facts.version},
          {"free_threaded", facts.free_threaded},
          {"gil_enabled", facts.gil_enabled},
          {"pytest", facts.pytest_version ? nlohmann::json(*facts.pytest_version) : nlohmann::json()}};
}

const char* yes_no(bool value) { return value ? "yes" : "no"; }

}  // namespace

std::vector<std::string> DoctorReport::blocking_problems() const {
  std::vector<std::string> problems;
  if (load_problem) {
    problems.push_back(*load_problem);
    return problems;
  }
  for (const auto& [mode, problem] : mode_problems) {
    problems.push_back(fmt::format("the runtime fails to start in {} mode ({}); rebuild it: "
                                   "delete {} and run 'make build'",
                                   mode, problem, runtime.prefix.string()));
  }
  auto expect = [&](const char* mode, bool gil) {
    auto it = modes.find(mode);
    if (it != modes.end() && it->second.gil_enabled != gil) {
      problems.push_back(fmt::format("{} mode gives the GIL {} instead of {}; is {} a free-threaded build?",
                                     mode, it->second.gil_enabled ? "on" : "off", gil ? "on" : "off",
                                     runtime.prefix.string()));
    }
  };
  expect("gil", true);
  expect("nogil", false);
  auto any = modes.find("default");
  if (any != modes.end() && !any->second.pytest_version) {
    problems.push_back(fmt::format("pytest is not importable in the runtime; run: {} -m pip install "
                                   "pytest (or runtime/setup/pytest.sh {})",
                                   runtime.python().string(), runtime.python().string()));
  }
  return problems;
}

DoctorReport run_doctor() {
  DoctorReport report;
  report.runtime = locate_runtime();
  report.load_problem = embedded_runtime_problem(report.runtime);
  if (!report.load_problem) measure_modes(report);
  report.others = find_free_threaded_interpreters();
  return report;
}

nlohmann::json to_json(const DoctorReport& report) {
  nlohmann::json modes = nlohmann::json::object();
  for (const auto& [name, facts] : report.modes) modes[name] = facts_json(facts);
  for (const auto& [name, problem] : report.mode_problems) modes[name] = {{"error", problem}};
  nlohmann::json others = nlohmann::json::array();
  for (const auto& other : report.others) {
    nlohmann::json entry = {{"path", other.path.string()}, {"source", other.source}};
    if (other.facts) entry.update(facts_json(*other.facts));
    else entry["error"] = other.problem;
    others.push_back(entry);
  }
  auto problems = report.blocking_problems();
  return {{"gilfree_version", GILFREE_VERSION},
          {"runtime",
           {{"prefix", report.runtime.prefix.string()},
            {"library", report.runtime.library().string()},
            {"load_error", report.load_problem ? nlohmann::json(*report.load_problem) : nlohmann::json()}}},
          {"modes", modes},
          {"other_interpreters", others},
          {"usable", problems.empty()},
          {"problems", problems}};
}

std::string to_text(const DoctorReport& report) {
  std::string text = fmt::format("gilfree {}\n", GILFREE_VERSION);
  text += fmt::format("runtime     {}\n", report.runtime.prefix.string());
  if (report.load_problem) text += fmt::format("  load      FAILED: {}\n", *report.load_problem);
  auto standard = report.modes.find("default");
  if (standard != report.modes.end()) {
    const auto& facts = standard->second;
    text += fmt::format("  version   CPython {}\n", facts.version);
    text += fmt::format("  free-threaded build  {}\n", yes_no(facts.free_threaded));
    text += fmt::format("  pytest    {}\n", facts.pytest_version ? *facts.pytest_version : "not importable");
  }
  text += "GIL state per mode (measured in a child process)\n";
  for (GilMode mode : kModes) {
    const std::string name(mode_name(mode));
    if (auto it = report.modes.find(name); it != report.modes.end()) {
      text += fmt::format("  --gil {:<8} GIL {}\n", cli_name(mode),
                          it->second.gil_enabled ? "enabled" : "disabled");
    } else if (auto bad = report.mode_problems.find(name); bad != report.mode_problems.end()) {
      text += fmt::format("  --gil {:<8} FAILED: {}\n", cli_name(mode), bad->second);
    }
  }
  text += "other free-threaded interpreters\n";
  if (report.others.empty()) text += "  none found (PATH python3.1Xt, uv, pyenv)\n";
  for (const auto& other : report.others) {
    if (other.facts) {
      text += fmt::format("  {:<5} {}  CPython {}{}\n", other.source, other.path.string(),
                          other.facts->version, other.facts->free_threaded ? "" : " (GIL-only build)");
    } else {
      text += fmt::format("  {:<5} {}  unusable: {}\n", other.source, other.path.string(), other.problem);
    }
  }
  auto problems = report.blocking_problems();
  text += problems.empty() ? "ok: the runtime is usable\n" : "";
  for (const auto& problem : problems) text += fmt::format("problem: {}\n", problem);
  return text;
}

}  // namespace gilfree::runtime
