// `cmake --install` into a temporary prefix, the prefix then moved: the moved
// copy must find everything it needs in its own share/gilfree, never in the
// checkout it was built from. Each command runs with its cwd outside the
// checkout, and its output must not name the checkout; taking share/gilfree
// away must break it (so nothing else was being used) with a message saying
// which data dir was searched.
#include <catch2/catch.hpp>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "support/e2e.hpp"

namespace fs = std::filesystem;
using gilfree::runtime::ChildResult;
using gilfree::test::TempDir;

namespace {

constexpr const char* kRacy =
    "import threading\n\ncount = 0\n\ndef bump():\n    global count\n    count += 1\n\n"
    "threading.Thread(target=bump).start()\n";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Installs the build tree into dir/first, then renames that to dir/moved/prefix.
fs::path install_and_move(const TempDir& dir) {
  gilfree::runtime::ChildOptions options;
  options.argv = {GILFREE_TEST_CMAKE, "--install", GILFREE_TEST_BUILD_DIR, "--prefix", (dir.path() / "first").string()};
  options.timeout = std::chrono::seconds(120);
  auto installed = gilfree::runtime::run_child(options);
  INFO(installed.out << installed.err);
  REQUIRE(installed.exit_code == 0);
  auto prefix = dir.path() / "moved" / "prefix";
  fs::create_directories(prefix.parent_path());
  fs::rename(dir.path() / "first", prefix);
  return prefix;
}

// The moved copy's gilfree, run in `cwd` (outside the checkout).
ChildResult run_moved(const fs::path& prefix, const fs::path& cwd, const std::vector<std::string>& args,
                      gilfree::runtime::ChildOptions options = {}) {
  options.argv = {(prefix / "bin" / "gilfree").string()};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.cwd = cwd;
  options.env.emplace_back("GILFREE_DATA_DIR", std::nullopt);
  if (options.timeout.count() == 0) options.timeout = std::chrono::seconds(240);
  auto result = gilfree::runtime::run_child(options);
  INFO(args.front() << ": " << result.out << result.err);
  CHECK_FALSE(contains(result.out + result.err, GILFREE_SOURCE_DIR));
  return result;
}

void write_project(const TempDir& dir) {
  dir.write("project/app.py", kRacy);
  dir.write("project/pyproject.toml", "[project]\nname = \"app\"\ndependencies = [\"numpy>=1.26\"]\n");
  dir.write("project/tests/test_app.py", "def test_adds():\n    assert 1 + 1 == 2\n");
}

}  // namespace

TEST_CASE("install: a moved prefix runs rules test, scan, inventory, doctor and run on its own data") {
  TempDir dir;
  auto prefix = install_and_move(dir);
  CHECK(fs::is_regular_file(prefix / "bin" / "gilfree"));
  CHECK(fs::is_regular_file(prefix / "share/gilfree/rules/python/FT001.yaml"));
  CHECK(fs::is_regular_file(prefix / "share/gilfree/rules/fixtures/FT001.py"));
  CHECK(fs::is_regular_file(prefix / "share/gilfree/rules/c/FTC001.yaml"));
  CHECK(fs::is_regular_file(prefix / "share/gilfree/rules/fixtures/c/FTC001-bindings.cpp"));
  CHECK(fs::is_regular_file(prefix / "share/gilfree/rules/packages/free_threading.yaml"));
  CHECK(fs::is_regular_file(prefix / "share/gilfree/python/gilfree_child.py"));
  write_project(dir);
  auto project = dir.path() / "project";

  auto rules = run_moved(prefix, project, {"rules", "test"});
  CHECK(rules.exit_code == 0);
  CHECK(contains(rules.out, "FTC005 ok"));

  auto scan = run_moved(prefix, project, {"scan", "app.py"});
  CHECK(scan.exit_code == 1);
  CHECK(contains(scan.out, "app.py:7:5: FT001"));

  auto inventory = run_moved(prefix, project, {"inventory", ".", "--no-probe", "--format", "json"});
  CHECK(inventory.exit_code == 0);
  CHECK(contains(inventory.out, "\"first_version\": \"2.1.0\""));  // numpy's entry in the shipped knowledge

  auto doctor = run_moved(prefix, project, {"doctor", "--json"});
  CHECK(doctor.exit_code == 0);
  auto report = nlohmann::json::parse(doctor.out);
  CHECK(report.at("data").at("dir") == (prefix / "share" / "gilfree").string());
  CHECK(report.at("data").at("problems").empty());

  auto run = run_moved(prefix, project, {"run", ".", "--no-env", "--no-history", "--no-progress"});
  CHECK(run.exit_code == 0);
  CHECK(contains(run.out, "1 pass"));
}

TEST_CASE("install: a moved prefix without share/gilfree says which data dir it searched and what to do") {
  TempDir dir;
  auto prefix = install_and_move(dir);
  write_project(dir);
  auto project = dir.path() / "project";
  fs::remove_all(prefix / "share" / "gilfree");
  auto data = (prefix / "share" / "gilfree").string();

  for (std::vector<std::string> args : {std::vector<std::string>{"scan", "app.py"}, {"rules", "list"},
                                        {"inventory", ".", "--no-probe"}, {"run", ".", "--no-env", "--no-progress"}}) {
    auto result = run_moved(prefix, project, args);
    CHECK(result.exit_code == 2);
    CHECK(result.err.rfind("gilfree: error: gilfree's data dir " + data + " (beside the executable " +
                               (prefix / "bin" / "gilfree").string() + ") does not exist, so there is no ",
                           0) == 0);
    CHECK(contains(result.err, "reinstall gilfree"));
    CHECK(contains(result.err, "GILFREE_DATA_DIR"));
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
  }

  auto doctor = run_moved(prefix, project, {"doctor"});
  CHECK(doctor.exit_code == 1);
  CHECK(contains(doctor.out, "  rule pack                  MISSING: " + data + "/rules/python\n"));
  CHECK(contains(doctor.out, "  Python helpers             MISSING: " + data + "/python\n"));
  CHECK(contains(doctor.out, "  C-extension rule fixtures  MISSING: " + data + "/rules/fixtures/c\n"));
  CHECK(contains(doctor.out, "problem: gilfree's data dir " + data));
  CHECK(contains(doctor.out, "there is no package knowledge file " + data + "/rules/packages/free_threading.yaml; "));
  CHECK_FALSE(contains(doctor.out, "ok: "));
}

TEST_CASE("install: GILFREE_DATA_DIR gives a copy without data another data dir") {
  TempDir dir;
  auto prefix = install_and_move(dir);
  write_project(dir);
  fs::rename(prefix / "share" / "gilfree", dir.path() / "data");
  gilfree::runtime::ChildOptions options;
  options.argv = {(prefix / "bin" / "gilfree").string(), "scan", "app.py"};
  options.cwd = dir.path() / "project";
  options.env = {{"GILFREE_DATA_DIR", (dir.path() / "data").string()}};
  options.timeout = std::chrono::seconds(120);
  auto scan = gilfree::runtime::run_child(options);
  INFO(scan.out << scan.err);
  CHECK(scan.exit_code == 1);
  CHECK(contains(scan.out, "app.py:7:5: FT001"));
}
