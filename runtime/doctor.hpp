#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/data_dir.hpp"
#include "runtime/interpreter_probe.hpp"
#include "runtime/runtime_location.hpp"

namespace gilfree::runtime {

// What `gilfree doctor` found: the embedded runtime, the GIL state each mode
// really gives (measured in child processes), pytest, other interpreters, and
// whether the shipped data (rules, package knowledge, Python helpers) is there.
struct DoctorReport {
  DataDir data;
  std::vector<std::string> data_problems;            // one line per missing piece, with what to do
  RuntimeLocation runtime;
  std::optional<std::string> load_problem;           // libpython cannot be loaded
  std::map<std::string, InterpreterFacts> modes;     // "gil", "nogil", "default"
  std::map<std::string, std::string> mode_problems;  // a mode whose child failed
  std::vector<FoundInterpreter> others;

  // Problems that make the runtime or the data unusable, each with what to do.
  std::vector<std::string> blocking_problems() const;
};

DoctorReport run_doctor();
nlohmann::json to_json(const DoctorReport& report);
std::string to_text(const DoctorReport& report);

}  // namespace gilfree::runtime
