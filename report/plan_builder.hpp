#pragma once
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "report/plan_model.hpp"

namespace gilfree::report {

// The JSON documents the other commands write; any of them may be missing.
struct PlanInputs {
  std::string project;
  std::optional<nlohmann::json> scan;       // gilfree scan --format json
  std::optional<nlohmann::json> run;        // gilfree run --json: the GIL on/off comparison
  std::optional<nlohmann::json> stress;     // gilfree run --repeat N --threads T --json
  std::optional<nlohmann::json> inventory;  // gilfree inventory --format json
  std::optional<nlohmann::json> bench;      // gilfree bench --json
};

// Stages 0-4, each with its status, checklist and what blocks it.
Plan build_plan(const PlanInputs& inputs);

}  // namespace gilfree::report
