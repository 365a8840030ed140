// End-to-end: `gilfree plan` from JSON inputs, and its HTML in a real browser.
#include <catch2/catch.hpp>

#include <fstream>
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
  dir.write("in/scan.json", json{{"findings", json::array({finding})}}.dump());
  json test = {{"id", "tests/test_count.py::test_bump"}, {"verdict", "regressed-nogil"}, {"files", {"pkg/count.py"}},
               {"runs", {{"gil", {{"outcome", "passed"}}}, {"nogil", {{"outcome", "failed"}}}}}};
  json run = {{"threads", 1}, {"repeat", 1},
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
  dir.write("in/bench.json", json{{"cores", 2}, {"workloads", json::array({{{"name", "arith"}, {"units", 10},
      {"nogil_single_thread_cost", 1.05}, {"modes", {{"gil", {point1, gil2}}, {"nogil", {point1, nogil2}}}}}})}}.dump());
}

std::vector<std::string> chromium(const TempDir& dir, std::vector<std::string> extra) {
  std::vector<std::string> argv = {"chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                                   "--user-data-dir=" + (dir.path() / "chromium-profile").string(),
                                   "--enable-logging=stderr", "--v=0"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
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

TEST_CASE("the HTML plan renders in headless Chromium with charts and no console errors") {
  TempDir dir;
  write_inputs(dir);
  auto html = dir.path() / "plan.html";
  REQUIRE(run_gilfree({"plan", (dir.path() / "proj").string(), "--from", (dir.path() / "in").string(), "--format",
                       "html", "-o", html.string()}).exit_code == 0);
  const auto url = "file://" + html.string();

  gilfree::runtime::ChildOptions options;
  options.timeout = std::chrono::seconds(120);
  options.argv = chromium(dir, {"--dump-dom", url});
  auto dom = gilfree::runtime::run_child(options);
  REQUIRE(dom.exit_code == 0);
  CHECK(dom.err.find(":CONSOLE") == std::string::npos);
  const std::regex chart_svg("<svg[^>]*class=\"chart\"");
  auto charts = std::distance(std::sregex_iterator(dom.out.begin(), dom.out.end(), chart_svg), std::sregex_iterator());
  CHECK(charts >= 4);  // findings per rule, per file, outcomes per mode, thread scaling
  CHECK(dom.out.find("Thread scaling: arith") != std::string::npos);
  CHECK(dom.out.find("href=\"proj/pkg/count.py#L5\"") != std::string::npos);

  const auto artifacts = std::filesystem::path(GILFREE_TEST_ARTIFACTS);
  std::filesystem::create_directories(artifacts);
  const auto screenshot = artifacts / "plan.png";
  std::filesystem::remove(screenshot);
  options.argv = chromium(dir, {"--window-size=1100,1600", "--screenshot=" + screenshot.string(), url});
  auto shot = gilfree::runtime::run_child(options);
  REQUIRE(shot.exit_code == 0);
  CHECK(shot.err.find(":CONSOLE") == std::string::npos);
  REQUIRE(std::filesystem::exists(screenshot));
  CHECK(std::filesystem::file_size(screenshot) > 20000);
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
