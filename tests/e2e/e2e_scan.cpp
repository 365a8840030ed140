// `gilfree scan` end to end: output formats, exit codes, suppressions,
// selection, baseline, pyproject config and parallelism.
#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include "support/e2e.hpp"

using gilfree::test::run_gilfree;
using gilfree::test::TempDir;

namespace {

const char* kCounter =
    "import threading\n"
    "\n"
    "count = 0\n"
    "\n"
    "\n"
    "def work():\n"
    "    global count\n"
    "    count += 1\n"
    "\n"
    "\n"
    "threading.Thread(target=work).start()\n";

gilfree::runtime::ChildResult scan_in(const TempDir& dir, std::vector<std::string> args) {
  gilfree::runtime::ChildOptions options;
  options.cwd = dir.path();
  std::vector<std::string> argv{"scan"};
  for (auto& arg : args) argv.push_back(std::move(arg));
  return run_gilfree(argv, options);
}

}  // namespace

TEST_CASE("scan prints path:line:col and a code frame and a hint and exits 1 on findings") {
  TempDir dir;
  dir.write("pkg/counter.py", kCounter);
  auto result = scan_in(dir, {});
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("pkg/counter.py:8:5: FT001 module global `count`") != std::string::npos);
  CHECK(result.out.find("8 |     count += 1\n  |     ^^^^^^^^^^\n") != std::string::npos);
  CHECK(result.out.find("= hint: ") != std::string::npos);
  CHECK(result.out.find("Found 1 finding (FT001: 1) in 1 file.") != std::string::npos);
}

TEST_CASE("scan exits 0 on clean code and 2 on a missing path") {
  TempDir dir;
  dir.write("clean.py", "def add(a, b):\n    return a + b\n");
  auto clean = scan_in(dir, {});
  CHECK(clean.exit_code == 0);
  CHECK(clean.out.find("No findings in 1 file.") != std::string::npos);
  auto missing = scan_in(dir, {"nope/"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("gilfree: error: nope/: no such file or directory") != std::string::npos);
}

TEST_CASE("scan --format json and sarif and github describe the same finding") {
  TempDir dir;
  dir.write("counter.py", kCounter);
  auto json = scan_in(dir, {"--format", "json"});
  CHECK(json.exit_code == 1);
  auto doc = nlohmann::json::parse(json.out);
  REQUIRE(doc["findings"].size() == 1);
  CHECK(doc["findings"][0]["rule_id"] == "FT001");
  CHECK(doc["findings"][0]["line"] == 8);
  CHECK(doc["findings"][0]["column"] == 5);
  CHECK(doc["findings"][0]["end_column"] == 15);
  CHECK(doc["summary"]["by_rule"]["FT001"] == 1);

  auto sarif = nlohmann::json::parse(scan_in(dir, {"--format", "sarif"}).out);
  CHECK(sarif["version"] == "2.1.0");
  auto& run = sarif["runs"][0];
  CHECK(run["results"][0]["ruleId"] == "FT001");
  CHECK(run["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 8);
  int index = run["results"][0]["ruleIndex"];
  CHECK(run["tool"]["driver"]["rules"][static_cast<std::size_t>(index)]["id"] == "FT001");

  auto github = scan_in(dir, {"--format", "github"});
  CHECK(github.out.rfind("::warning file=counter.py,line=8,col=5,endLine=8,endColumn=15,title=FT001 global-augmented-assignment::", 0) == 0);
}

TEST_CASE("scan honours `# gilfree: ignore[ID]` only for the named rule") {
  TempDir dir;
  std::string source = kCounter;
  auto at = source.find("count += 1");
  dir.write("silenced.py", std::string(source).insert(at + 10, "  # gilfree: ignore[FT001]"));
  dir.write("other_id.py", std::string(source).insert(at + 10, "  # gilfree: ignore[FT002]"));
  auto result = scan_in(dir, {});
  CHECK(result.out.find("silenced.py") == std::string::npos);
  CHECK(result.out.find("other_id.py:8:5: FT001") != std::string::npos);
}

TEST_CASE("scan --select and --ignore and --min-confidence filter rules") {
  TempDir dir;
  dir.write("counter.py", kCounter);
  CHECK(scan_in(dir, {"--select", "FT002"}).exit_code == 0);
  CHECK(scan_in(dir, {"--select", "global-augmented-assignment"}).exit_code == 1);
  CHECK(scan_in(dir, {"--ignore", "FT0"}).exit_code == 0);
  CHECK(scan_in(dir, {"--select", "FT001,FT002"}).exit_code == 1);
  auto unknown = scan_in(dir, {"--select", "FT999"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err == "gilfree: error: --select 'FT999' matches no rule; did you mean FT009? (see 'gilfree rules list')\n");
  dir.write("lazy.py", "_x = None\n\ndef get():\n    global _x\n    if _x is None:\n        _x = object()\n    return _x\n");
  CHECK(scan_in(dir, {"lazy.py"}).exit_code == 0);  // low confidence: hidden by default
  CHECK(scan_in(dir, {"--min-confidence", "low", "lazy.py"}).exit_code == 1);
}

TEST_CASE("an unknown rule id in [tool.gilfree] names pyproject.toml:LINE and the key, in per-file-ignores too") {
  TempDir dir;
  dir.write("counter.py", kCounter);
  dir.write("pyproject.toml", "[tool.gilfree]\nselect = [\"FT001\"]\nignore = [\"FT999\"]\n");
  auto ignored = scan_in(dir, {});
  CHECK(ignored.exit_code == 2);
  CHECK(ignored.err.rfind("gilfree: error: /", 0) == 0);
  CHECK(ignored.err.find("/pyproject.toml:3: [tool.gilfree] ignore 'FT999' matches no rule; did you mean FT009? "
                         "(see 'gilfree rules list')\n") != std::string::npos);
  dir.write("pyproject.toml", "[tool.gilfree.per-file-ignores]\n\"tests/**\" = [\"FT00l\"]\n");
  auto per_file = scan_in(dir, {});
  CHECK(per_file.exit_code == 2);
  CHECK(per_file.err.find("pyproject.toml:2: [tool.gilfree] per-file-ignores \"tests/**\" 'FT00l' matches no rule; "
                          "did you mean FT001?") != std::string::npos);
}

TEST_CASE("scan leaves FT016, the shared-state inventory, to --select, and relation rules name their related line") {
  TempDir dir;
  dir.write("state.py",
            "import threading\n_lock = threading.Lock()\n_cache = {}\n\n"
            "def fill(key):\n    _cache[key] = key\n\n"
            "def work(key):\n    if key in _cache:\n        del _cache[key]\n\n"
            "threading.Thread(target=work, args=(1,)).start()\n");
  auto plain = scan_in(dir, {"--min-confidence", "low"});
  CHECK(plain.out.find("FT016") == std::string::npos);
  CHECK(plain.out.find("state.py:10:13: FT003 check-then-act on shared `_cache`: checked at line 9") != std::string::npos);
  auto inventory = scan_in(dir, {"--select", "FT016", "--min-confidence", "low"});
  CHECK(inventory.exit_code == 1);
  CHECK(inventory.out.find("state.py:3:1: FT016") != std::string::npos);
  CHECK(scan_in(dir, {"--select", "ALL", "--min-confidence", "low"}).out.find("FT016") != std::string::npos);
}

TEST_CASE("scan --write-baseline accepts today's findings and new ones still fail") {
  TempDir dir;
  dir.write("counter.py", kCounter);
  auto written = scan_in(dir, {"--write-baseline", "baseline.json"});
  CHECK(written.exit_code == 0);
  CHECK(written.out.find("Wrote 1 finding(s)") != std::string::npos);
  auto accepted = scan_in(dir, {"--baseline", "baseline.json"});
  CHECK(accepted.exit_code == 0);
  CHECK(accepted.out.find("1 more in the baseline") != std::string::npos);
  // Lines above the old finding move it; it stays accepted. A new finding fails.
  dir.write("counter.py", std::string("import os\n") + kCounter + "\ndef more():\n    global count\n    count -= 1\n");
  auto fresh = scan_in(dir, {"--baseline", "baseline.json"});
  CHECK(fresh.exit_code == 1);
  CHECK(fresh.out.find("counter.py:16:5: FT001") != std::string::npos);
  CHECK(fresh.out.find("counter.py:9:") == std::string::npos);
  dir.write("broken.json", "{\"version\": 7}");
  auto broken = scan_in(dir, {"--baseline", "broken.json"});
  CHECK(broken.exit_code == 2);
  CHECK(broken.err.find("broken.json: not a gilfree baseline") != std::string::npos);
}

TEST_CASE("scan reads [tool.gilfree] from pyproject.toml") {
  TempDir dir;
  dir.write("src/counter.py", kCounter);
  dir.write("src/vendored/counter.py", kCounter);
  dir.write("tests/test_counter.py", kCounter);
  dir.write("pyproject.toml",
            "[project]\nname = \"demo\"\n\n[tool.gilfree]\nexclude = [\"src/vendored\"]\n"
            "per-file-ignores = { \"tests/*\" = [\"FT001\"] }\n");
  auto result = scan_in(dir, {});
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("src/counter.py:8:5: FT001") != std::string::npos);
  CHECK(result.out.find("vendored") == std::string::npos);
  CHECK(result.out.find("tests/test_counter.py") == std::string::npos);
  CHECK(scan_in(dir, {"--no-config"}).out.find("vendored") != std::string::npos);

  dir.write("pyproject.toml", "[tool.gilfree]\nselect = [\"FT001\"]\nignores = [\"FT002\"]\n");
  auto unknown = scan_in(dir, {});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("pyproject.toml:3: unknown key 'ignores' in [tool.gilfree]") != std::string::npos);

  dir.write("pyproject.toml", "[tool.gilfree\nselect = 1\n");
  auto invalid = scan_in(dir, {"--config", "pyproject.toml"});
  CHECK(invalid.exit_code == 2);
  CHECK(invalid.err.find("pyproject.toml:1:") != std::string::npos);
  CHECK(invalid.err.find("invalid TOML") != std::string::npos);
}

TEST_CASE("scan loads extra rule directories from the config and reports every broken rule") {
  TempDir dir;
  dir.write("app.py", "import time\n\ndef nap():\n    time.sleep(1)\n");
  dir.write("house-rules/HR001.yaml",
            "id: HR001\nname: sleep-call\nseverity: info\nconfidence: high\n"
            "message: \"`{call}` blocks the thread\"\nhint: use an event\n"
            "docs:\n  what: Flags time.sleep.\n  why: It blocks.\n  example: time.sleep(1)\n  instead: event.wait(1)\n"
            "query: |\n  ((call function: (_) @call) @match\n   (#eq? @call \"time.sleep\"))\n");
  dir.write("pyproject.toml", "[tool.gilfree]\nrule-dirs = [\"house-rules\"]\n");
  auto result = scan_in(dir, {});
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("app.py:4:5: HR001 `time.sleep` blocks the thread") != std::string::npos);

  dir.write("house-rules/HR002.yaml", "id: HR002\nname: Bad Name\nseverity: fatal\nconfidence: high\nsurprise: 1\n");
  dir.write("house-rules/HR003.yaml",
            "id: HR003\nname: bad-query\nseverity: info\nconfidence: low\nmessage: m\nhint: h\n"
            "docs: {what: w, why: y, example: e, instead: i}\nquery: |\n  (call function: (nonsense_node) @match)\n");
  auto broken = scan_in(dir, {});
  CHECK(broken.exit_code == 2);
  CHECK(broken.err.find("HR002.yaml:5: unknown key 'surprise'") != std::string::npos);
  CHECK(broken.err.find("HR002.yaml:3: severity 'fatal'") != std::string::npos);
  CHECK(broken.err.find("HR002.yaml:2: name 'Bad Name' must be kebab-case") != std::string::npos);
  CHECK(broken.err.find("HR003.yaml:9: invalid query: unknown node type") != std::string::npos);
}

TEST_CASE("scan gives the same report with one job and with many") {
  TempDir dir;
  for (int i = 0; i < 40; ++i) dir.write("m" + std::to_string(i) + ".py", i % 3 == 0 ? kCounter : "x = 1\n");
  auto one = scan_in(dir, {"-j", "1", "--format", "json"});
  auto many = scan_in(dir, {"-j", "8", "--format", "json"});
  CHECK(one.exit_code == 1);
  CHECK(one.out == many.out);
  CHECK(nlohmann::json::parse(one.out)["findings"].size() == 14);
}

TEST_CASE("scan leaves out virtual environments, installed packages and build output, unless named") {
  TempDir dir;
  dir.write("app/counter.py", kCounter);
  for (const char* copy : {".venv/lib/python3.13/site-packages/dep/counter.py", "env/pyvenv.cfg",
                           "env/lib/counter.py", "node_modules/tool/counter.py", "build/lib/app/counter.py",
                           "dist/counter.py", "pkg.egg-info/counter.py"}) {
    dir.write(copy, std::string(copy).ends_with(".cfg") ? "home = /usr/bin\n" : kCounter);
  }
  auto result = scan_in(dir, {"--format", "json"});
  CHECK(result.exit_code == 1);
  auto report = nlohmann::json::parse(result.out);
  REQUIRE(report["findings"].size() == 1);
  CHECK(report["findings"][0]["path"] == "app/counter.py");
  auto named = scan_in(dir, {"--format", "json", "build"});
  REQUIRE(nlohmann::json::parse(named.out)["findings"].size() == 1);
  CHECK(nlohmann::json::parse(named.out)["findings"][0]["path"] == "build/lib/app/counter.py");
}
