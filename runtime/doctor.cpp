#include "runtime/doctor.hpp"

#include <fmt/format.h>

#include "runtime/child_process.hpp"
#include "runtime/embedded_python.hpp"
#include "runtime/gil_mode.hpp"
#include "runtime/python_helpers.hpp"

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

// Each missing piece of the shipped data, and each missing helper file: the
// commands that need them would fail, so doctor must not call gilfree usable.
std::vector<std::string> check_data(const DataDir& data) {
  std::vector<std::string> problems;
  for (DataItem item : kDataItems) {
    if (!data.has(item)) problems.push_back(data.missing_message(item));
  }
  if (!data.has(DataItem::python_helpers)) return problems;
  std::error_code ec;
  for (auto name : python_helper_names()) {
    auto file = data.path(DataItem::python_helpers) / name;
    if (!std::filesystem::is_regular_file(file, ec)) {
      problems.push_back(data.lacks("Python helper " + file.string()));
    }
  }
  return problems;
}

std::string data_text(const DoctorReport& report) {
  std::string text = fmt::format("data        {} ({})\n", report.data.root.string(), report.data.origin_text());
  for (DataItem item : kDataItems) {
    text += fmt::format("  {:<27}{}\n", data_item_name(item),
                        report.data.has(item) ? "ok" : "MISSING: " + report.data.path(item).string());
  }
  return text;
}

const char* yes_no(bool value) { return value ? "yes" : "no"; }

}  // namespace

std::vector<std::string> DoctorReport::blocking_problems() const {
  std::vector<std::string> problems = data_problems;
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
                                   "pytest (or setup/pytest.sh {})",
                                   runtime.python().string(), runtime.python().string()));
  }
  return problems;
}

DoctorReport run_doctor() {
  DoctorReport report;
  report.data = data_dir();
  report.data_problems = check_data(report.data);
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
          {"data",
           {{"dir", report.data.root.string()},
            {"origin", report.data.origin_text()},
            {"problems", report.data_problems}}},
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
  text += data_text(report);
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
  text += problems.empty() ? "ok: the runtime and gilfree's data are usable\n" : "";
  for (const auto& problem : problems) text += fmt::format("problem: {}\n", problem);
  return text;
}

}  // namespace gilfree::runtime
