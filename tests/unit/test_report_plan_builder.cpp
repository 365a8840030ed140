#include <catch2/catch.hpp>

#include "report/plan_builder.hpp"

using gilfree::report::build_plan;
using gilfree::report::PlanInputs;
using gilfree::report::StageStatus;
using nlohmann::json;

namespace {

json finding(const std::string& path, int line, const std::string& severity = "warning") {
  return {{"rule_id", "FT001"}, {"rule_name", "global-augmented-assignment"}, {"severity", severity},
          {"confidence", "high"}, {"message", "`n += 1` on a module global"}, {"path", path}, {"line", line}};
}

json run_with(const std::string& verdict, const std::vector<std::string>& files, const std::string& gil_outcome) {
  return {{"threads", 1}, {"repeat", 1},
          {"modes", json::array({{{"label", "gil"}, {"mode", "gil"}}, {{"label", "nogil"}, {"mode", "nogil"}}})},
          {"tests", json::array({{{"id", "tests/test_a.py::test_count"}, {"verdict", verdict}, {"detail", "assert 3 == 4"},
                                  {"files", files}, {"nogil_failures", 1}, {"nogil_runs", 1},
                                  {"runs", {{"gil", {{"outcome", gil_outcome}}}, {"nogil", {{"outcome", "failed"}}}}}}})}};
}

}  // namespace

TEST_CASE("without inputs every stage says what to run") {
  auto plan = build_plan(PlanInputs{"demo", {}, {}, {}, {}, {}});
  REQUIRE(plan.stages.size() == 5);
  for (const auto& stage : plan.stages) {
    CHECK(stage.status == StageStatus::not_measured);
    CHECK(stage.status_reason.find("gilfree") != std::string::npos);
  }
}

TEST_CASE("findings in files run by a regressed test come first") {
  PlanInputs inputs{"demo", {}, {}, {}, {}, {}};
  inputs.scan = json{{"findings", json::array({finding("pkg/other.py", 3, "error"), finding("./pkg/hot.py", 9)})}};
  inputs.run = run_with("regressed-nogil", {"pkg/hot.py"}, "passed");
  auto plan = build_plan(inputs);
  const auto& stage2 = plan.stages[2];
  CHECK(stage2.status == StageStatus::to_do);
  REQUIRE(stage2.items.size() == 3);
  CHECK(stage2.items[0].text.find("tests/test_a.py::test_count") != std::string::npos);
  CHECK(stage2.items[1].file == "pkg/hot.py");
  CHECK(stage2.items[1].line == 9);
  CHECK(stage2.items[1].note.find("test_count") != std::string::npos);
  CHECK(stage2.items[2].file == "pkg/other.py");
  CHECK(plan.stages[1].status == StageStatus::done);
}

TEST_CASE("a test failing with the GIL on belongs to stage 1") {
  PlanInputs inputs{"demo", {}, {}, {}, {}, {}};
  inputs.run = run_with("fails-both", {}, "failed");
  auto plan = build_plan(inputs);
  CHECK(plan.stages[1].status == StageStatus::to_do);
  REQUIRE(plan.stages[1].items.size() == 1);
  CHECK(plan.stages[2].items.empty());
}

TEST_CASE("a blocking dependency blocks the GIL-off stages") {
  PlanInputs inputs{"demo", {}, {}, {}, {}, {}};
  inputs.inventory = json{{"dependencies", json::array({{{"name", "oldext"}, {"verdict", "blocker"},
                                                         {"reason", "re-enables the GIL"},
                                                         {"declared", json::array({{{"path", "requirements.txt"}, {"line", 2}}})}}})}};
  inputs.scan = json{{"findings", json::array({finding("a.py", 1)})}};
  auto plan = build_plan(inputs);
  CHECK(plan.stages[0].status == StageStatus::blocked);
  CHECK(plan.stages[0].items[0].file == "requirements.txt");
  CHECK(plan.stages[0].items[0].line == 2);
  CHECK(plan.stages[2].status == StageStatus::blocked);
  CHECK(plan.stages[2].status_reason.find("stage 0") != std::string::npos);
}

TEST_CASE("flaky tests and their rates go to stage 3 and its chart") {
  PlanInputs inputs{"demo", {}, {}, {}, {}, {}};
  auto run = run_with("flaky-nogil", {}, "passed");
  run["repeat"] = 4;
  run["tests"][0]["nogil_failures"] = 1;
  run["tests"][0]["nogil_runs"] = 4;
  inputs.run = run;
  auto plan = build_plan(inputs);
  CHECK(plan.stages[3].status == StageStatus::to_do);
  REQUIRE(plan.stages[3].items.size() == 1);
  CHECK(plan.stages[3].items[0].text.find("1 of 4") != std::string::npos);
  REQUIRE(plan.charts.flake_rates.size() == 1);
  CHECK(plan.charts.flake_rates[0].value == 25.0);
}

TEST_CASE("the renderers link every located item to its file and line") {
  PlanInputs inputs{"demo", {}, {}, {}, {}, {}};
  inputs.scan = json{{"findings", json::array({finding("pkg/a<b>.py", 7)})}};
  auto plan = build_plan(inputs);
  auto md = gilfree::report::plan_markdown(plan, "../");
  CHECK(md.find("[pkg/a<b>.py:7](../pkg/a<b>.py#L7)") != std::string::npos);
  auto html = gilfree::report::plan_html(plan, "../");
  CHECK(html.find("href=\"../pkg/a&lt;b&gt;.py#L7\"") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<svg") != std::string::npos);
  auto out = gilfree::report::plan_json(plan);
  CHECK(out["stages"][2]["items"][0]["line"] == 7);
}

TEST_CASE("low-confidence findings and shared mutable state come after the findings to fix") {
  PlanInputs inputs{"demo", {}, {}, {}, {}, {}};
  auto info = finding("a.py", 1);
  info["severity"] = "info";
  auto low = finding("a.py", 2);
  low["confidence"] = "low";
  inputs.scan = json{{"findings", json::array({info, low, finding("z.py", 9)})}};
  auto plan = build_plan(inputs);
  const auto& items = plan.stages[2].items;
  REQUIRE(items.size() == 3);
  CHECK(items[0].file == "z.py");
  CHECK(items[1].line == 2);
  CHECK(items[1].note.find("low confidence") != std::string::npos);
  CHECK(items[2].note.find("shared mutable state") != std::string::npos);
  CHECK(plan.stages[2].status_reason.find("1 finding to fix, 2 to review") != std::string::npos);
}

TEST_CASE("stage 3 reads the stress run and tells a thread-unsafe test from a race") {
  PlanInputs inputs{"demo", {}, {}, {}, {}, {}};
  inputs.run = run_with("pass", {}, "passed");
  auto stress = run_with("fails-both", {}, "failed");
  stress["threads"] = 4;
  stress["repeat"] = 3;
  inputs.stress = stress;
  auto plan = build_plan(inputs);
  CHECK(plan.stages[1].status == StageStatus::done);
  CHECK(plan.stages[3].status == StageStatus::to_do);
  REQUIRE(plan.stages[3].items.size() == 1);
  CHECK(plan.stages[3].items[0].text.find("the test itself shares state") != std::string::npos);
  CHECK(plan.sources.back().find("stress run") != std::string::npos);
}

TEST_CASE("a test that fails every no-GIL run is not charted as a 100% flake") {
  PlanInputs inputs{"demo", {}, {}, {}, {}, {}};
  auto stress = run_with("regressed-nogil", {}, "passed");
  stress["repeat"] = 3;
  stress["tests"][0]["nogil_failures"] = 3;
  stress["tests"][0]["nogil_runs"] = 3;
  inputs.stress = stress;
  auto plan = build_plan(inputs);
  CHECK(plan.charts.flake_rates.empty());
  REQUIRE(plan.stages[3].items.size() == 1);
  CHECK(plan.stages[3].items[0].text.find("fails without the GIL") != std::string::npos);
}

namespace {

json bench_with(double gil_speedup, double nogil_speedup) {
  json one = {{"threads", 1}, {"seconds", 1.0}, {"speedup", 1.0}};
  return {{"workloads", json::array({{{"name", "arith"}, {"nogil_single_thread_cost", 1.1},
                                      {"modes", {{"gil", {one, {{"threads", 2}, {"speedup", gil_speedup}}}},
                                                 {"nogil", {one, {{"threads", 2}, {"speedup", nogil_speedup}}}}}}}})}};
}

}  // namespace

TEST_CASE("a slowdown without the GIL is a warning, never 'faster'") {
  PlanInputs inputs{"demo", {}, {}, {}, {}, {}};
  inputs.bench = bench_with(0.98, 0.93);
  auto plan = build_plan(inputs);
  const auto& item = plan.stages[4].items.at(0);
  CHECK(item.text.find("without the GIL 0.93x (slower)") != std::string::npos);
  CHECK(item.text.find("faster") == std::string::npos);
  CHECK_FALSE(item.done);
  CHECK(item.warning);
  auto html = gilfree::report::plan_html(plan, "");
  CHECK(html.find("<li class=\"warning\"><code>arith</code>") != std::string::npos);
  CHECK(html.find("☑ 0.93x") == std::string::npos);
  CHECK(gilfree::report::plan_markdown(plan, "").find("- [ ] ⚠️ `arith`") != std::string::npos);

  inputs.bench = bench_with(1.0, 1.8);
  auto faster = build_plan(inputs).stages[4].items.at(0);
  CHECK(faster.text.find("without the GIL 1.80x (faster), with the GIL 1.00x (the same)") != std::string::npos);
  CHECK(faster.done);
  CHECK_FALSE(faster.warning);
}

TEST_CASE("the HTML renders the backticks of notes as code, like the rest of the text") {
  PlanInputs inputs{"demo", {}, {}, {}, {}, {}};
  inputs.scan = json{{"findings", json::array({finding("pkg/hot.py", 9)})}};
  inputs.run = run_with("regressed-nogil", {"pkg/hot.py"}, "passed");
  auto html = gilfree::report::plan_html(build_plan(inputs), "");
  CHECK(html.find("in code run by the broken test <code>tests/test_a.py::test_count</code>") != std::string::npos);
  const auto body = html.substr(html.find("<body>"));
  CHECK(body.find('`') == std::string::npos);
}

TEST_CASE("a run without a gil mode is told the option that exists") {
  PlanInputs inputs{"demo", {}, {}, {}, {}, {}};
  auto run = run_with("pass", {}, "passed");
  run["modes"] = json::array({{{"label", "nogil"}, {"mode", "nogil"}}});
  inputs.run = run;
  auto plan = build_plan(inputs);
  CHECK(plan.stages[1].status_reason.find("`gilfree run --mode gil,nogil`") != std::string::npos);
}
