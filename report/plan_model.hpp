#pragma once
// The staged migration plan, built from the JSON that scan, run, inventory and
// bench write, and rendered as Markdown, HTML or JSON.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/svg_chart.hpp"

namespace gilfree::report {

enum class StageStatus { done, to_do, blocked, not_measured };
const char* status_name(StageStatus status);  // "done", "to do", "blocked", "not measured"

struct ChecklistItem {
  std::string text;      // one line, Markdown-safe plain text with `code` spans
  std::string file;      // project-relative path, empty when the item has no location
  int line = 0;
  std::string note;      // why it is ranked where it is ("exercised by a regressed test")
  bool done = false;
  bool warning = false;  // a measured result that speaks against the stage's goal (a slowdown)
};

struct Stage {
  int number = 0;
  std::string title;
  std::string goal;        // one sentence: what "done" means
  StageStatus status = StageStatus::not_measured;
  std::string status_reason;  // "blocked by: ...", "3 findings to fix", "run `gilfree run`"
  std::vector<ChecklistItem> items;
  std::string effort;      // a rough hint
  std::size_t hidden_items = 0;  // items left out of the list for length
};

// Everything the charts of the HTML report show.
struct PlanCharts {
  std::vector<Bar> findings_per_rule;
  std::vector<Bar> findings_per_file;
  std::map<std::string, std::map<std::string, int>> outcomes_per_mode;  // mode -> outcome -> count
  std::vector<Bar> flake_rates;                                         // percent per test
  std::vector<std::string> bench_svgs;  // thread-scaling curve per bench workload
};

struct Plan {
  std::string project;                 // project directory name
  std::vector<std::string> sources;    // which inputs it was built from, e.g. "scan (12 findings)"
  std::vector<Stage> stages;
  PlanCharts charts;
};

std::string plan_markdown(const Plan& plan, const std::string& link_prefix);
std::string plan_html(const Plan& plan, const std::string& link_prefix);
nlohmann::json plan_json(const Plan& plan);

}  // namespace gilfree::report
