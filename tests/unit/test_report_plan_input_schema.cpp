#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "report/plan_input_schema.hpp"
#include "common/errors.hpp"

using gilfree::report::bench_input_schema;
using gilfree::report::InputSchema;
using gilfree::report::inventory_input_schema;
using gilfree::report::run_input_schema;
using gilfree::report::scan_input_schema;
using gilfree::report::validate_plan_input;
using nlohmann::json;

namespace {

// The error validate_plan_input gives, or "" when the document passes.
std::string problem(const json& document, const InputSchema& schema) {
  try {
    validate_plan_input(document, schema, "in/doc.json");
  } catch (const gilfree::UserError& error) {
    return error.what();
  }
  return "";
}

json scan_doc() {
  return {{"kind", "gilfree-scan"}, {"schema_version", 1}, {"version", 1}, {"notes", json::array({"a note"})},
          {"findings", json::array({{{"rule_id", "FT001"}, {"rule_name", "global-augmented-assignment"},
                                     {"severity", "warning"}, {"confidence", "high"}, {"message", "not atomic"},
                                     {"path", "a.py"}, {"line", 3}, {"column", 5}}})}};
}

json run_doc() {
  json test = {{"id", "t.py::test_a"}, {"verdict", "pass"}, {"detail", ""}, {"files", {"a.py"}},
               {"nogil_failures", 0}, {"nogil_runs", 1}, {"known_flaky", false},
               {"runs", {{"gil", {{"outcome", "passed"}}}, {"nogil", {{"outcome", "passed"}}}}}};
  return {{"kind", "gilfree-run"}, {"schema_version", 1}, {"threads", 1}, {"repeat", 1},
          {"modes", json::array({{{"label", "gil"}, {"mode", "gil"}}})}, {"tests", json::array({test})}};
}

json bench_doc() {
  json point = {{"threads", 1}, {"seconds", 0.5}, {"speedup", 1.0}, {"efficiency", 1.0}};
  return {{"kind", "gilfree-bench"}, {"schema_version", 1}, {"cores", 2},
          {"workloads", json::array({{{"name", "arith"}, {"nogil_single_thread_cost", 1.1},
                                      {"modes", {{"gil", {point}}, {"nogil", {point}}}}}})}};
}

json inventory_doc() {
  return {{"kind", "gilfree-inventory"}, {"schema_version", 1}, {"sources", nullptr},
          {"probe", {{"ran", false}}},
          {"dependencies", json::array({{{"name", "numpy"}, {"verdict", "blocker"}, {"version", "1.0"},
                                         {"declared", json::array({{{"path", "requirements.txt"}, {"line", 1}}})}}})}};
}

}  // namespace

TEST_CASE("documents of the shape gilfree writes pass their schema") {
  CHECK(problem(scan_doc(), scan_input_schema()).empty());
  CHECK(problem(run_doc(), run_input_schema()).empty());
  CHECK(problem(bench_doc(), bench_input_schema()).empty());
  CHECK(problem(inventory_doc(), inventory_input_schema()).empty());
  auto no_tests = run_doc();
  no_tests["tests"] = json::array();
  CHECK(problem(no_tests, run_input_schema()).empty());
}

TEST_CASE("a document without kind or schema version is refused at that key") {
  CHECK(problem(json{{"hello", 1}}, scan_input_schema()).find("in/doc.json: /kind: missing") == 0);
  CHECK(problem(json::array(), scan_input_schema()).find("in/doc.json: the top level: expected an object, found an array") == 0);
  auto doc = scan_doc();
  doc.erase("schema_version");
  CHECK(problem(doc, scan_input_schema()).find("in/doc.json: /schema_version: missing") == 0);
  doc["schema_version"] = "1";
  CHECK(problem(doc, scan_input_schema()).find("/schema_version: not an integer") != std::string::npos);
  doc["schema_version"] = 2;
  CHECK(problem(doc, scan_input_schema()).find("/schema_version: 2 is not a version this gilfree reads (gilfree-scan 1)") !=
        std::string::npos);
  CHECK(problem(run_doc(), scan_input_schema()).find("/kind: \"gilfree-run\", expected \"gilfree-scan\"") != std::string::npos);
}

TEST_CASE("a key of the wrong type or a missing required key is named by its JSON pointer") {
  auto doc = run_doc();
  doc["tests"] = "x";
  CHECK(problem(doc, run_input_schema()) ==
        "in/doc.json: /tests: expected an array, found a string; write it again with `gilfree run --json` "
        "(docs/plan.md lists the keys)");
  doc = run_doc();
  doc["tests"][0]["id"] = 7;
  CHECK(problem(doc, run_input_schema()).find("in/doc.json: /tests/0/id: expected a string, found an integer") == 0);
  doc = run_doc();
  doc["tests"][0].erase("verdict");
  CHECK(problem(doc, run_input_schema()).find("/tests/0/verdict: missing (a string is required here)") != std::string::npos);
  doc = run_doc();
  doc["tests"][0]["runs"]["gil/2"] = {{"outcome", 1}};
  CHECK(problem(doc, run_input_schema()).find("/tests/0/runs/gil~12/outcome: expected a string") != std::string::npos);
  doc = run_doc();
  doc["tests"].push_back(42);
  CHECK(problem(doc, run_input_schema()).find("/tests/1: expected an object, found an integer") != std::string::npos);

  auto bench = bench_doc();
  bench["workloads"][0]["modes"]["nogil"][0]["threads"] = 1.5;
  CHECK(problem(bench, bench_input_schema()).find("/workloads/0/modes/nogil/0/threads: expected an integer, found a number") !=
        std::string::npos);
  auto inventory = inventory_doc();
  inventory["sources"] = json::array();
  CHECK(problem(inventory, inventory_input_schema()).find("/sources: expected an object or null, found an array") !=
        std::string::npos);
  auto scan = scan_doc();
  scan["findings"][0]["line"] = "3";
  CHECK(problem(scan, scan_input_schema()).find("/findings/0/line: expected an integer, found a string") != std::string::npos);
}

TEST_CASE("docs/plan.md carries the input schema tables exactly as the validator uses them") {
  std::ifstream in(std::string(GILFREE_SOURCE_DIR) + "/docs/plan.md");
  std::stringstream text;
  text << in.rdbuf();
  const auto tables = gilfree::report::plan_input_schema_markdown();
  INFO("paste this into docs/plan.md:\n" << tables);
  CHECK(text.str().find(tables) != std::string::npos);
}
