#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runner/mode_run.hpp"
#include "runner/verdict.hpp"

namespace gilfree::runner {

// Everything one `gilfree run` found, ready to print or save.
struct RunReport {
  std::string root;
  std::string framework;
  std::string interpreter;
  int threads = 1;
  int repeat = 1;
  std::vector<ModeRun> runs;
  std::vector<TestVerdict> tests;
  double seconds = 0;
  std::string work_dir;
  std::string environment;      // "environment .gilfree/env/<key> (reused)", or empty
  nlohmann::json env;           // ProjectEnv::to_json(), or null
  bool nogil_from_default = false;  // the default runs stood for nogil: the GIL stayed off in them
  std::string problem;          // the run tested nothing: why (exit 2)

  // Modules that re-enabled the GIL in default mode, with where it happened.
  std::vector<std::pair<std::string, std::string>> gil_reenabled() const;
  // 2 when nothing was tested; 1 on regressed, flaky, crash, hang, or a mode that could not run.
  int exit_code() const;
};

// The compact terminal table (non-passing tests; all with `list_passing`) and summary.
std::string to_text(const RunReport& report, bool list_passing, std::size_t width = 120);
nlohmann::json to_json(const RunReport& report);

// Why a run tested nothing, or empty: no result at all, or only modules that failed to
// import ("no test ran: 13 modules failed to import (ModuleNotFoundError: ...)").
std::string nothing_tested(const RunReport& report);

}  // namespace gilfree::runner
