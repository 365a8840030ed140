#include "report/plan_builder.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "common/errors.hpp"
#include "common/severity.hpp"
#include "report/bench_chart.hpp"

namespace gilfree::report {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxItems = 40;

std::string normalise_path(std::string path) {
  while (path.rfind("./", 0) == 0) path.erase(0, 2);
  return path;
}

std::string str(const json& object, const char* key) {
  auto it = object.find(key);
  return (it != object.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

int num(const json& object, const char* key) {
  auto it = object.find(key);
  return (it != object.end() && it->is_number()) ? it->get<int>() : 0;
}

const json& array_at(const json& object, const char* key) {
  static const json empty = json::array();
  auto it = object.find(key);
  return (it != object.end() && it->is_array()) ? *it : empty;
}

const json& scan_findings(const json& scan) { return scan.is_array() ? scan : array_at(scan, "findings"); }

void cap(Stage& stage) {
  if (stage.items.size() > kMaxItems) {
    stage.hidden_items = stage.items.size() - kMaxItems;
    stage.items.resize(kMaxItems);
  }
}

std::string plural(std::size_t n, const std::string& word) {
  if (n == 1) return fmt::format("1 {}", word);
  if (word.size() > 1 && word.back() == 'y') return fmt::format("{} {}ies", n, word.substr(0, word.size() - 1));
  return fmt::format("{} {}s", n, word);
}

// ---- stage 0: dependencies and extension modules --------------------------

void add_dependency_items(const json& inventory, Stage& stage, int& blockers, int& unknown) {
  for (const auto& dep : array_at(inventory, "dependencies")) {
    const auto verdict = str(dep, "verdict");
    if (verdict != "blocker" && verdict != "unknown") continue;
    ChecklistItem item;
    const auto& declared = array_at(dep, "declared");
    if (!declared.empty()) {
      item.file = normalise_path(str(declared[0], "path"));
      item.line = num(declared[0], "line");
    }
    const auto version = str(dep, "version");
    item.text = fmt::format("`{}{}`: {}", str(dep, "name"), version.empty() ? "" : " " + version,
                            str(dep, "reason"));
    if (verdict == "blocker") {
      ++blockers;
      item.note = "blocker";
      stage.items.insert(stage.items.begin() + blockers - 1, item);
    } else {
      ++unknown;
      stage.items.push_back(item);
    }
  }
}

void add_probe_items(const json& inventory, Stage& stage, int& blockers) {
  auto probe = inventory.find("probe");
  if (probe == inventory.end()) return;
  for (const auto& module : array_at(*probe, "modules")) {
    if (!module.value("blocker", false)) continue;
    ++blockers;
    stage.items.insert(stage.items.begin(), ChecklistItem{
        fmt::format("extension `{}`: {} ({})", str(module, "module"), str(module, "outcome"), str(module, "detail")),
        "", 0, "blocker: found by importing it in the runtime", false});
  }
}

void add_source_items(const json& inventory, Stage& stage) {
  auto sources = inventory.find("sources");
  if (sources == inventory.end() || !sources->is_object()) return;
  for (const auto& finding : array_at(*sources, "findings")) {
    stage.items.push_back({fmt::format("`{}` {}", str(finding, "rule_id"), str(finding, "message")),
                           normalise_path(str(finding, "path")), num(finding, "line"), "", false});
  }
}

Stage inventory_stage(const PlanInputs& inputs) {
  Stage stage{0, "Inventory and blockers",
              "every dependency and extension module supports free-threading: importing it leaves the GIL off",
              StageStatus::not_measured, "", {}, "", 0};
  if (!inputs.inventory) {
    stage.status_reason = "run `gilfree inventory` (or `gilfree plan` without --from)";
    return stage;
  }
  int blockers = 0, unknown = 0;
  add_dependency_items(*inputs.inventory, stage, blockers, unknown);
  add_probe_items(*inputs.inventory, stage, blockers);
  add_source_items(*inputs.inventory, stage);
  const auto sources = stage.items.size() - static_cast<std::size_t>(blockers + unknown);
  if (blockers > 0) {
    stage.status = StageStatus::blocked;
    stage.status_reason = fmt::format("blocked by {}", plural(static_cast<std::size_t>(blockers), "dependency or module"));
  } else if (unknown > 0 || sources > 0) {
    stage.status = StageStatus::to_do;
    stage.status_reason = fmt::format("{} of unknown status, {} in extension sources",
                                      plural(static_cast<std::size_t>(unknown), "dependency"), plural(sources, "finding"));
  } else {
    stage.status = StageStatus::done;
    stage.status_reason = "no blockers among the dependencies and extension modules";
  }
  stage.effort = "upgrading a blocker to its first free-threaded release takes minutes; without one, "
                 "replace it, or keep the GIL on for now and follow upstream";
  cap(stage);
  return stage;
}

// ---- stage 1 / 2 / 3: the test suite -------------------------------------

std::set<std::string> gil_labels(const json& run) {
  std::set<std::string> labels;
  for (const auto& mode : array_at(run, "modes")) {
    if (str(mode, "mode") == "gil") labels.insert(str(mode, "label"));
  }
  return labels;
}

// True when the test did not pass in a GIL-on run.
bool fails_with_gil(const json& test, const std::set<std::string>& labels) {
  auto runs = test.find("runs");
  if (runs == test.end()) return false;
  for (const auto& [label, record] : runs->items()) {
    if (!labels.count(label)) continue;
    const auto outcome = str(record, "outcome");
    if (outcome != "passed" && outcome != "skipped" && outcome != "xfailed") return true;
  }
  return false;
}

ChecklistItem test_item(const json& test, const std::string& what) {
  auto detail = str(test, "detail");
  return {fmt::format("`{}` {}{}", str(test, "id"), what, detail.empty() ? "" : ": " + detail), "", 0,
          test.value("known_flaky", false) ? "known flaky from earlier runs" : "", false};
}

Stage gil_on_stage(const PlanInputs& inputs) {
  Stage stage{1, "Tests pass on the free-threaded build with the GIL on",
              "the suite passes under `gilfree run` in the `gil` mode, so later failures are caused by the GIL going away",
              StageStatus::not_measured, "", {}, "", 0};
  if (!inputs.run) {
    stage.status_reason = "run `gilfree run` (or `gilfree plan` without --from)";
    return stage;
  }
  const auto labels = gil_labels(*inputs.run);
  if (labels.empty()) {
    stage.status_reason = "the run had no `gil` mode; run `gilfree run --mode gil,nogil`";
    return stage;
  }
  for (const auto& test : array_at(*inputs.run, "tests")) {
    if (fails_with_gil(test, labels)) stage.items.push_back(test_item(test, "fails with the GIL on"));
  }
  stage.status = stage.items.empty() ? StageStatus::done : StageStatus::to_do;
  stage.status_reason = stage.items.empty()
                            ? fmt::format("all {} pass with the GIL on", plural(array_at(*inputs.run, "tests").size(), "test"))
                            : fmt::format("{} fail with the GIL on too (not caused by free-threading)",
                                          plural(stage.items.size(), "test"));
  stage.effort = "pre-existing failures: fix or mark them as expected before comparing modes";
  cap(stage);
  return stage;
}

// Files executed by tests that broke without the GIL: findings there come first.
std::map<std::string, std::string> files_of_broken_tests(const std::optional<json>& run) {
  std::map<std::string, std::string> files;
  if (!run) return files;
  for (const auto& test : array_at(*run, "tests")) {
    const auto verdict = str(test, "verdict");
    if (verdict != "regressed-nogil" && verdict != "flaky-nogil" && verdict != "crash" && verdict != "hang") continue;
    for (const auto& file : array_at(test, "files")) {
      if (file.is_string()) files.emplace(normalise_path(file.get<std::string>()), str(test, "id"));
    }
  }
  return files;
}

// The stages' JSON spells severity and confidence as common/severity.hpp does.
std::optional<Severity> severity_of(const json& finding) { return parse_severity(str(finding, "severity")); }
std::optional<Confidence> confidence_of(const json& finding) { return parse_confidence(str(finding, "confidence")); }

// Most severe and most certain first; a value no stage writes ranks with the lowest.
int severity_rank(std::optional<Severity> severity) {
  return static_cast<int>(Severity::error) - static_cast<int>(severity.value_or(Severity::info));
}
int confidence_rank(std::optional<Confidence> confidence) {
  return static_cast<int>(Confidence::high) - static_cast<int>(confidence.value_or(Confidence::low));
}

// Fix-first findings, then low-confidence ones, then the inventory of shared
// mutable state (info): every migration guide's first advice is to review it.
int finding_tier(const json& finding) {
  if (severity_of(finding) == Severity::info) return 2;
  return confidence_of(finding) == Confidence::low ? 1 : 0;
}

const char* tier_note(int tier) {
  return tier == 2 ? "shared mutable state: review" : tier == 1 ? "low confidence: no thread use seen in this file" : "";
}

std::vector<ChecklistItem> ranked_findings(const json& scan, const std::map<std::string, std::string>& hot) {
  struct Ranked {
    std::tuple<int, int, int, int, std::string, int> key;
    ChecklistItem item;
  };
  std::vector<Ranked> ranked;
  for (const auto& finding : scan_findings(scan)) {
    const auto path = normalise_path(str(finding, "path"));
    const int tier = finding_tier(finding);
    auto test = hot.find(path);
    ChecklistItem item{fmt::format("`{}` {}: {}", str(finding, "rule_id"), str(finding, "rule_name"), str(finding, "message")),
                       path, num(finding, "line"),
                       test != hot.end() ? "in code run by the broken test `" + test->second + "`" : tier_note(tier), false};
    ranked.push_back({{tier, test != hot.end() ? 0 : 1, severity_rank(severity_of(finding)),
                       confidence_rank(confidence_of(finding)), path, item.line},
                      std::move(item)});
  }
  std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) { return a.key < b.key; });
  std::vector<ChecklistItem> items;
  for (auto& entry : ranked) items.push_back(std::move(entry.item));
  return items;
}

Stage gil_off_stage(const PlanInputs& inputs) {
  Stage stage{2, "GIL off: fix the hazards",
              "no test regresses without the GIL, and every finding is fixed or suppressed with a reason",
              StageStatus::not_measured, "", {}, "", 0};
  if (!inputs.scan && !inputs.run) {
    stage.status_reason = "run `gilfree scan` and `gilfree run`";
    return stage;
  }
  std::size_t regressed = 0;
  if (inputs.run) {
    for (const auto& test : array_at(*inputs.run, "tests")) {
      if (str(test, "verdict") != "regressed-nogil") continue;
      stage.items.push_back(test_item(test, "passes with the GIL on and fails without it"));
      ++regressed;
    }
  }
  std::size_t findings = 0, to_fix = 0;
  if (inputs.scan) {
    for (const auto& finding : scan_findings(*inputs.scan)) to_fix += finding_tier(finding) == 0;
    auto ranked = ranked_findings(*inputs.scan, files_of_broken_tests(inputs.run));
    findings = ranked.size();
    stage.items.insert(stage.items.end(), ranked.begin(), ranked.end());
  }
  stage.status = stage.items.empty() ? StageStatus::done : StageStatus::to_do;
  const auto tests = inputs.run ? fmt::format("{} regressed without the GIL", plural(regressed, "test")) : "tests not run";
  const auto scanned = inputs.scan ? fmt::format("{} to fix, {} to review", plural(to_fix, "finding"), findings - to_fix)
                                   : "not scanned";
  stage.status_reason = tests + "; " + scanned;
  stage.effort = fmt::format("most fixes are a lock, a local variable or `setdefault`: about {}-{} hours for {}; "
                             "findings in code run by broken tests first",
                             (to_fix + 3) / 4, (to_fix + 1) / 2 + 1, plural(to_fix, "finding"));
  cap(stage);
  return stage;
}

// What a stressed run (--repeat, --threads) says about one test, or "" when
// it says nothing worth a checklist line.
std::string stress_finding(const json& test, int threads) {
  const auto verdict = str(test, "verdict");
  if (verdict == "flaky-nogil") {
    return fmt::format("fails {} of {} runs without the GIL", num(test, "nogil_failures"), num(test, "nogil_runs"));
  }
  if (verdict == "regressed-nogil") return fmt::format("fails without the GIL when stressed ({} threads)", threads);
  if (verdict == "crash") return "crashes the interpreter";
  if (verdict == "hang") return "hangs";
  if (verdict == "fails-both" && threads > 1) {
    return fmt::format("fails in {} threads even with the GIL: the test itself shares state; mark it "
                       "`thread_unsafe` or give each thread its own", threads);
  }
  return "";
}

Stage stress_stage(const PlanInputs& inputs) {
  Stage stage{3, "Stress and flakiness",
              "tests stay green when repeated without the GIL (`--repeat`) and with each test body in several "
              "threads at once (`--threads`)",
              StageStatus::not_measured, "", {}, "", 0};
  // A dedicated stress run when there is one; otherwise the plain run, if it was stressed.
  const auto& run = inputs.stress ? inputs.stress : inputs.run;
  const bool stressed = run && (num(*run, "repeat") > 1 || num(*run, "threads") > 1);
  if (!stressed) {
    stage.status_reason = "not stressed yet: run `gilfree run --repeat 10 --threads 4`";
    return stage;
  }
  const int threads = std::max(1, num(*run, "threads"));
  std::size_t single = 0;
  for (const auto& test : array_at(*run, "tests")) {
    auto what = stress_finding(test, threads);
    if (!what.empty()) stage.items.push_back(test_item(test, what));
    if (test.contains("thread_unsafe")) ++single;
  }
  const auto problems = stage.items.size();
  if (single > 0) {
    stage.items.push_back({fmt::format("{} ran in one thread only under `--threads` (thread-unsafe fixtures or "
                                       "calls); give them thread-safe variants to stress them too",
                                       plural(single, "test")), "", 0, "", false});
  }
  stage.status = problems == 0 ? StageStatus::done : StageStatus::to_do;
  stage.status_reason = problems == 0
                            ? fmt::format("stable over {} no-GIL runs in {} threads", num(*run, "repeat"), threads)
                            : fmt::format("{} unstable under {} no-GIL runs in {} threads", plural(problems, "test"),
                                          num(*run, "repeat"), threads);
  stage.effort = "races found here are the hard ones: budget time to reproduce each with `--repeat`";
  cap(stage);
  return stage;
}

// ---- stage 4: benchmark and roll-out --------------------------------------

// "1.80x (faster)": a speed-up relative to one thread, in words that cannot
// call a slowdown faster.
std::string speedup_words(double speedup) {
  auto text = fmt::format("{:.2f}x", speedup);
  return text + (text == "1.00x" ? " (the same)" : speedup > 1 ? " (faster)" : " (slower)");
}

// One workload's result: done when threads pay off without the GIL (faster
// than one thread, and than with the GIL); otherwise a warning to look into.
ChecklistItem bench_item(const json& workload) {
  const auto& gil = array_at(workload.at("modes"), "gil").back();
  const auto& nogil = array_at(workload.at("modes"), "nogil").back();
  const double with = gil.value("speedup", 0.0), without = nogil.value("speedup", 0.0);
  const bool pays = without > 1.005 && without > with;
  return {fmt::format("`{}`, {} threads vs one: without the GIL {}, with the GIL {}; one thread costs {:.2f}x "
                      "without the GIL",
                      str(workload, "name"), num(nogil, "threads"), speedup_words(without), speedup_words(with),
                      workload.value("nogil_single_thread_cost", 0.0)),
          "", 0,
          pays ? "measured by `gilfree bench`"
               : "measured by `gilfree bench`: threads do not pay off without the GIL here; find what serialises "
                 "the work before rolling out",
          pays, !pays};
}

Stage rollout_stage(const PlanInputs& inputs) {
  Stage stage{4, "Benchmark and roll out",
              "dropping the GIL pays off for your workload, and users can install and run the free-threaded build",
              StageStatus::not_measured, "", {}, "", 0};
  if (inputs.bench) {
    for (const auto& workload : array_at(*inputs.bench, "workloads")) {
      if (array_at(workload.at("modes"), "gil").empty() || array_at(workload.at("modes"), "nogil").empty()) continue;
      stage.items.push_back(bench_item(workload));
    }
  }
  stage.items.push_back({"add a CI job that runs `gilfree run` (modes gil and nogil) on every pull request", "", 0, "", false});
  stage.items.push_back({"declare support: the classifier `Programming Language :: Python :: Free Threading :: 2 - Beta`",
                         "", 0, "", false});
  if (inputs.inventory && inputs.inventory->contains("sources") && inputs.inventory->at("sources").is_object() &&
      !array_at(inputs.inventory->at("sources"), "modules").empty()) {
    stage.items.push_back({"build and publish `cp313t` wheels for the extension modules", "", 0, "", false});
  }
  stage.status = inputs.bench ? StageStatus::to_do : StageStatus::not_measured;
  stage.status_reason = inputs.bench ? "benchmarked; roll-out steps remain" : "run `gilfree bench` (or your own with --script)";
  stage.effort = "a CI job and a classifier are an hour; wheels depend on the build system";
  return stage;
}

// A stage cannot finish while one it depends on is blocked.
void apply_blockers(std::vector<Stage>& stages) {
  static const std::map<int, std::vector<int>> kNeeds = {{2, {0, 1}}, {3, {2}}, {4, {0, 2, 3}}};
  for (auto& stage : stages) {
    auto needs = kNeeds.find(stage.number);
    if (needs == kNeeds.end()) continue;
    for (int need : needs->second) {
      const auto& before = stages[static_cast<std::size_t>(need)];
      if (before.status != StageStatus::blocked) continue;
      stage.status = StageStatus::blocked;
      stage.status_reason = fmt::format("blocked by stage {} ({}); {}", need, before.status_reason, stage.status_reason);
      break;
    }
  }
}

// ---- charts ---------------------------------------------------------------

std::vector<Bar> top_bars(const std::map<std::string, int>& counts, std::size_t limit) {
  std::vector<Bar> bars;
  for (const auto& [label, count] : counts) bars.push_back({label, static_cast<double>(count), ""});
  std::stable_sort(bars.begin(), bars.end(), [](const Bar& a, const Bar& b) { return a.value > b.value; });
  if (bars.size() > limit) bars.resize(limit);
  return bars;
}

PlanCharts build_charts(const PlanInputs& inputs) {
  PlanCharts charts;
  if (inputs.scan) {
    std::map<std::string, int> rules, files;
    for (const auto& finding : scan_findings(*inputs.scan)) {
      ++rules[str(finding, "rule_id") + " " + str(finding, "rule_name")];
      ++files[normalise_path(str(finding, "path"))];
    }
    charts.findings_per_rule = top_bars(rules, 20);
    charts.findings_per_file = top_bars(files, 12);
  }
  if (inputs.run) {
    for (const auto& test : array_at(*inputs.run, "tests")) {
      auto runs = test.find("runs");
      if (runs == test.end()) continue;
      for (const auto& [label, record] : runs->items()) ++charts.outcomes_per_mode[label][str(record, "outcome")];
    }
  }
  const auto& flaky_source = inputs.stress ? inputs.stress : inputs.run;
  if (flaky_source) {
    // Flaky only: a test that fails every run is a failure (stages 1-3 list it), not a 100% flake.
    for (const auto& test : array_at(*flaky_source, "tests")) {
      if (str(test, "verdict") == "flaky-nogil" && num(test, "nogil_failures") > 0 && num(test, "nogil_runs") > 0) {
        charts.flake_rates.push_back(
            {str(test, "id"), 100.0 * num(test, "nogil_failures") / num(test, "nogil_runs"), "#ee854a"});
      }
    }
  }
  if (inputs.bench) {
    for (const auto& workload : array_at(*inputs.bench, "workloads")) charts.bench_svgs.push_back(bench_chart_svg(workload));
  }
  return charts;
}

std::vector<std::string> source_lines(const PlanInputs& inputs) {
  std::vector<std::string> sources;
  if (inputs.scan) sources.push_back("scan (" + plural(scan_findings(*inputs.scan).size(), "finding") + ")");
  if (inputs.run) sources.push_back("run (" + plural(array_at(*inputs.run, "tests").size(), "test") + ")");
  if (inputs.stress) {
    sources.push_back(fmt::format("stress run ({} no-GIL runs in {} threads)", num(*inputs.stress, "repeat"),
                                  num(*inputs.stress, "threads")));
  }
  if (inputs.inventory) {
    sources.push_back("inventory (" + plural(array_at(*inputs.inventory, "dependencies").size(), "dependency") + ")");
  }
  if (inputs.bench) sources.push_back("bench (" + plural(array_at(*inputs.bench, "workloads").size(), "workload") + ")");
  if (sources.empty()) sources.push_back("nothing yet");
  return sources;
}

}  // namespace

Plan build_plan(const PlanInputs& inputs) {
  // The inputs may come from other machines or other gilfree versions: a
  // document of the wrong shape is the user's to fix, not a crash.
  try {
    Plan plan;
    plan.project = inputs.project;
    plan.sources = source_lines(inputs);
    plan.stages = {inventory_stage(inputs), gil_on_stage(inputs), gil_off_stage(inputs), stress_stage(inputs),
                   rollout_stage(inputs)};
    apply_blockers(plan.stages);
    plan.charts = build_charts(inputs);
    return plan;
  } catch (const nlohmann::json::exception& error) {
    throw UserError(fmt::format("the plan's JSON inputs do not have the shape gilfree writes ({}); produce them "
                                "again with this version of gilfree",
                                error.what()));
  }
}

}  // namespace gilfree::report
