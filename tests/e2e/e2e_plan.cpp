// End-to-end: `gilfree plan` from JSON inputs (the HTML in a browser: e2e_plan_html.cpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/e2e.hpp"

using gilfree::test::run_gilfree;
using gilfree::test::TempDir;
using nlohmann::json;

namespace {

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A project with one hazard, and the JSON its scan, run and bench would give.
void write_inputs(const TempDir& dir) {
  dir.write("proj/pkg/count.py", "n = 0\n\ndef bump():\n    global n\n    n += 1\n");
  json finding = {{"rule_id", "FT001"}, {"rule_name", "global-augmented-assignment"}, {"severity", "warning"},
                  {"confidence", "high"}, {"message", "`n += 1` is not atomic"}, {"path", "pkg/count.py"}, {"line", 5}};
  dir.write("in/scan.json",
            json{{"kind", "gilfree-scan"}, {"schema_version", 1}, {"findings", json::array({finding})}}.dump());
  json test = {{"id", "tests/test_count.py::test_bump"}, {"verdict", "regressed-nogil"}, {"files", {"pkg/count.py"}},
               {"runs", {{"gil", {{"outcome", "passed"}}}, {"nogil", {{"outcome", "failed"}}}}}};
  json run = {{"kind", "gilfree-run"}, {"schema_version", 1}, {"threads", 1}, {"repeat", 1},
              {"modes", json::array({{{"label", "gil"}, {"mode", "gil"}}, {{"label", "nogil"}, {"mode", "nogil"}}})},
              {"tests", json::array({test})}};
  dir.write("in/run-1.json", run.dump());
  run["tests"][0]["id"] = "tests/test_count.py::test_other";
  run["tests"][0]["verdict"] = "pass";
  run["tests"][0]["runs"]["nogil"]["outcome"] = "passed";
  dir.write("in/run-2.json", run.dump());
  json point1 = {{"threads", 1}, {"seconds", 1.0}, {"speedup", 1.0}, {"efficiency", 1.0}};
  json gil2 = {{"threads", 2}, {"seconds", 1.0}, {"speedup", 1.0}, {"efficiency", 0.5}};
  json nogil2 = {{"threads", 2}, {"seconds", 0.55}, {"speedup", 1.8}, {"efficiency", 0.9}};
  json workload = {{"name", "arith"}, {"units", 10}, {"nogil_single_thread_cost", 1.05},
                   {"modes", {{"gil", {point1, gil2}}, {"nogil", {point1, nogil2}}}}};
  dir.write("in/bench.json", json{{"kind", "gilfree-bench"}, {"schema_version", 1}, {"cores", 2},
                                  {"workloads", json::array({workload})}}.dump());
}

}  // namespace

TEST_CASE("plan from JSON inputs merges run shards and ranks the regressed file first") {
  TempDir dir;
  write_inputs(dir);
  auto out = dir.path() / "proj" / "PLAN.md";
  auto result = run_gilfree({"plan", (dir.path() / "proj").string(), "--from", (dir.path() / "in").string(),
                             "-o", out.string()});
  REQUIRE(result.exit_code == 0);
  auto md = slurp(out);
  CHECK(md.find("# Free-threading migration plan: proj") == 0);
  CHECK(md.find("run (2 tests)") != std::string::npos);
  CHECK(md.find("[pkg/count.py:5](pkg/count.py#L5)") != std::string::npos);
  CHECK(md.find("in code run by the broken test `tests/test_count.py::test_bump`") != std::string::npos);
  CHECK(result.out.find("stage 2  to do") != std::string::npos);

  auto plan = run_gilfree({"plan", (dir.path() / "proj").string(), "--from", (dir.path() / "in").string(),
                           "--format", "json", "-o", (dir.path() / "plan.json").string()});
  REQUIRE(plan.exit_code == 0);
  auto doc = json::parse(slurp(dir.path() / "plan.json"));
  CHECK(doc["stages"].size() == 5);
  CHECK(doc["stages"][2]["items"][1]["file"] == "pkg/count.py");
}

TEST_CASE("plan usage mistakes are one line and exit 2") {
  TempDir dir;
  dir.write("in/scan.json", "{not json");
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"plan", dir.path().string(), "--from", (dir.path() / "nope").string()},
           {"plan", dir.path().string(), "--from", (dir.path() / "in").string()},
           {"plan", (dir.path() / "missing").string()},
           {"plan", dir.path().string(), "--format", "pdf"}}) {
    auto result = run_gilfree(args);
    INFO(args.back());
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("gilfree: error:") == 0);
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
  }
}

namespace {

// `plan --from DIR` on a directory holding `files`: the one error line it gives.
std::string plan_error(const std::map<std::string, std::string>& files) {
  TempDir dir;
  for (const auto& [name, text] : files) dir.write("in/" + name, text);
  auto result = run_gilfree({"plan", dir.path().string(), "--from", (dir.path() / "in").string(), "-o",
                             (dir.path() / "plan.md").string()});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 2);
  CHECK(result.out.find("stage") == std::string::npos);
  CHECK(!std::filesystem::exists(dir.path() / "plan.md"));
  CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
  CHECK(result.err.find("gilfree: error: " + (dir.path() / "in").string() + "/") == 0);
  return result.err.substr(result.err.find("/in/") + 4);
}

}  // namespace

TEST_CASE("plan --from refuses JSON of another shape, naming the file and the key") {
  CHECK(plan_error({{"scan.json", R"({"hello": 1})"}}).find("scan.json: /kind: missing") == 0);
  const std::string run_head = R"({"kind": "gilfree-run", "schema_version": 1, "threads": 1, "repeat": 1, "modes": [], )";
  CHECK(plan_error({{"run.json", run_head + R"("tests": "x"})"}}).find("run.json: /tests: expected an array, found a string") == 0);
  CHECK(plan_error({{"run.json", run_head + R"("tests": [{"id": 3, "verdict": "pass", "runs": {}}]})"}})
            .find("run.json: /tests/0/id: expected a string, found an integer") == 0);
  CHECK(plan_error({{"bench.json", R"({"kind": "gilfree-bench", "workloads": []})"}})
            .find("bench.json: /schema_version: missing") == 0);
  CHECK(plan_error({{"inventory.json", R"({"kind": "gilfree-inventory", "schema_version": 9, "dependencies": []})"}})
            .find("inventory.json: /schema_version: 9 is not a version this gilfree reads") == 0);
  CHECK(plan_error({{"scan.json", run_head + R"("tests": []})"}})
            .find("scan.json: /kind: \"gilfree-run\", expected \"gilfree-scan\"") == 0);
}

TEST_CASE("plan --from refuses a shard given twice instead of counting its tests twice") {
  TempDir dir;
  write_inputs(dir);
  std::filesystem::copy_file(dir.path() / "in" / "run-1.json", dir.path() / "in" / "run-3.json");
  auto result = run_gilfree({"plan", (dir.path() / "proj").string(), "--from", (dir.path() / "in").string(),
                             "-o", (dir.path() / "plan.md").string()});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("run-3.json: /tests/0/id: the test `tests/test_count.py::test_bump` is in") !=
        std::string::npos);
  CHECK(result.out.find("all 3 tests") == std::string::npos);
}

namespace {

// Every `--option` that `gilfree CMD --help` lists, for each subcommand.
std::map<std::string, std::set<std::string>> options_per_command() {
  std::map<std::string, std::set<std::string>> options;
  const std::regex option("--[a-z][a-z0-9-]*");
  for (const char* command : {"scan", "run", "inventory", "plan", "bench", "hook", "rules", "doctor", "env"}) {
    auto help = run_gilfree({command, "--help"}).out;
    for (auto it = std::sregex_iterator(help.begin(), help.end(), option); it != std::sregex_iterator(); ++it) {
      options[command].insert(it->str());
    }
  }
  return options;
}

}  // namespace

TEST_CASE("every option the plan's advice names exists") {
  TempDir dir;
  write_inputs(dir);
  // Each stage not measured (an empty input set), and a run without a gil mode.
  dir.write("only-run/run.json", json{{"kind", "gilfree-run"}, {"schema_version", 1}, {"threads", 1}, {"repeat", 1},
                                      {"modes", json::array({{{"label", "nogil"}, {"mode", "nogil"}}})},
                                      {"tests", json::array()}}.dump());
  const auto options = options_per_command();
  std::set<std::string> any;
  for (const auto& [command, names] : options) any.insert(names.begin(), names.end());
  const std::regex command_span("`gilfree ([a-z]+)([^`]*)`");
  const std::regex option("--[a-z][a-z0-9-]*");
  int commands_checked = 0;
  for (const char* from : {"in", "only-run"}) {
    auto out = dir.path() / (std::string(from) + ".md");
    REQUIRE(run_gilfree({"plan", (dir.path() / "proj").string(), "--from", (dir.path() / from).string(), "-o",
                         out.string()}).exit_code == 0);
    const auto md = slurp(out);
    for (auto it = std::sregex_iterator(md.begin(), md.end(), option); it != std::sregex_iterator(); ++it) {
      INFO(it->str() << " in " << from << ".md");
      CHECK(any.count(it->str()) == 1);
    }
    for (auto it = std::sregex_iterator(md.begin(), md.end(), command_span); it != std::sregex_iterator(); ++it) {
      const auto command = (*it)[1].str(), rest = (*it)[2].str();
      REQUIRE(options.count(command) == 1);
      for (auto o = std::sregex_iterator(rest.begin(), rest.end(), option); o != std::sregex_iterator(); ++o) {
        INFO("`gilfree " << command << rest << "` in " << from << ".md");
        CHECK(options.at(command).count(o->str()) == 1);
        ++commands_checked;
      }
    }
  }
  CHECK(commands_checked >= 3);  // --mode, --repeat, --threads at least
}

TEST_CASE("the example project's plan has the right status per stage and links to the right lines") {
  TempDir dir;
  const auto project = dir.path() / "shopstats";
  std::filesystem::copy(std::string(GILFREE_SOURCE_DIR) + "/examples/shopstats", project,
                        std::filesystem::copy_options::recursive);
  std::filesystem::remove_all(project / ".gilfree");
  auto result = run_gilfree({"plan", project.string(), "--format", "json", "-o", (dir.path() / "plan.json").string()});
  REQUIRE(result.exit_code == 0);
  auto plan = json::parse(slurp(dir.path() / "plan.json"));
  REQUIRE(plan["stages"].size() == 5);
  const std::vector<std::string> expected = {"to do", "done", "to do", "to do", "to do"};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("stage " << i << ": " << plan["stages"][i]["status_reason"]);
    CHECK(plan["stages"][i]["status"] == expected[i]);
  }
  // Stage 2 starts with the regressed test, then the findings in the code it ran.
  const auto& fixes = plan["stages"][2]["items"];
  REQUIRE(fixes.size() >= 3);
  CHECK(fixes[0]["text"].get<std::string>().find("test_concurrent_orders_are_all_counted") != std::string::npos);
  CHECK(fixes[1]["file"] == "src/shopstats/counters.py");
  CHECK(fixes[1]["note"].get<std::string>().find("broken test") != std::string::npos);

  // Every link names a line that holds what the item talks about: the second
  // `code` span of the text (the first is the rule id or the package).
  int links = 0;
  for (const auto& stage : plan["stages"]) {
    for (const auto& item : stage["items"]) {
      if (!item.contains("file")) continue;
      ++links;
      const auto text = item["text"].get<std::string>();
      std::vector<std::string> spans;
      for (auto at = text.find('`'); at != std::string::npos; at = text.find('`', text.find('`', at + 1) + 1)) {
        spans.push_back(text.substr(at + 1, text.find('`', at + 1) - at - 1));
      }
      const auto subject = spans.size() > 1 ? spans[1] : spans.at(0);
      std::ifstream file(project / item["file"].get<std::string>());
      std::string line;
      for (int n = 0; n < item["line"].get<int>(); ++n) std::getline(file, line);
      INFO(item["file"] << ":" << item["line"] << " should mention " << subject);
      CHECK(line.find(subject.substr(0, subject.find(' '))) != std::string::npos);
    }
  }
  CHECK(links >= 6);
}
