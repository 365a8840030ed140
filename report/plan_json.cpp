#include "report/plan_model.hpp"

namespace gilfree::report {
namespace {

nlohmann::json bars_json(const std::vector<Bar>& bars) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& bar : bars) out.push_back({{"label", bar.label}, {"value", bar.value}});
  return out;
}

}  // namespace

// Schema (documented in docs/plan.md): {"kind": "gilfree-plan", "schema_version": 1,
// "project", "sources": [..], "stages": [{"number", "title", "goal", "status",
// "status_reason", "effort", "hidden_items", "items": [{"text", "file", "line",
// "note", "done", "warning"}]}], "charts": {...}}
nlohmann::json plan_json(const Plan& plan) {
  nlohmann::json stages = nlohmann::json::array();
  for (const auto& stage : plan.stages) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& item : stage.items) {
      nlohmann::json entry = {{"text", item.text}, {"note", item.note}, {"done", item.done}, {"warning", item.warning}};
      if (!item.file.empty()) {
        entry["file"] = item.file;
        entry["line"] = item.line;
      }
      items.push_back(entry);
    }
    stages.push_back({{"number", stage.number}, {"title", stage.title}, {"goal", stage.goal},
                      {"status", status_name(stage.status)}, {"status_reason", stage.status_reason},
                      {"effort", stage.effort}, {"hidden_items", stage.hidden_items}, {"items", items}});
  }
  return {{"kind", "gilfree-plan"},
          {"schema_version", 1},
          {"gilfree_version", GILFREE_VERSION},
          {"project", plan.project},
          {"sources", plan.sources},
          {"stages", stages},
          {"charts",
           {{"findings_per_rule", bars_json(plan.charts.findings_per_rule)},
            {"findings_per_file", bars_json(plan.charts.findings_per_file)},
            {"outcomes_per_mode", plan.charts.outcomes_per_mode},
            {"flake_rates", bars_json(plan.charts.flake_rates)}}}};
}

}  // namespace gilfree::report
