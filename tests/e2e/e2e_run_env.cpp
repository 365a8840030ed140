// End-to-end: `gilfree run` in the project's own environment (built by gilfree from the
// runtime, with the user's pip configuration), `gilfree env`, and runs that tested nothing.
#include <catch2/catch.hpp>

#include <chrono>

#include "e2e/e2e_run_support.hpp"

using namespace gilfree;
using namespace gilfree::test;

namespace {

void write_project(const TempDir& dir, const std::string& dependency) {
  dir.write("proj/pyproject.toml", "[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = "
                                   "\"setuptools.build_meta\"\n\n[project]\nname = \"shop\"\nversion = \"0.1\"\n"
                                   "dependencies = [\"" + dependency + "\"]\n\n[tool.pytest.ini_options]\n"
                                   "testpaths = [\"tests\"]\n");
  // src layout: importable only when installed (or put on sys.path) by gilfree.
  dir.write("proj/src/shop/__init__.py", R"(import tinydep


class Counter:
    def __init__(self):
        self.hits = 0

    def hit(self, times):
        for _ in range(times):
            self.hits += 1


def quadruple(x):
    return tinydep.double(tinydep.double(x))
)");
  dir.write("proj/tests/test_shop.py", R"(import threading

import shop


def test_uses_dependency():
    assert shop.quadruple(2) == 8


def test_racy_counter():
    counter = shop.Counter()
    barrier = threading.Barrier(4)

    def work():
        barrier.wait()
        counter.hit(200_000)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counter.hits == 800_000
)");
}

struct TimedRun {
  JsonRun run;
  double seconds;
};

TimedRun timed_run(const std::filesystem::path& project, const std::filesystem::path& json, const EnvVars& env) {
  runtime::ChildOptions options;
  options.env = env;
  auto started = std::chrono::steady_clock::now();
  auto result = run_gilfree({"run", project.string(), "--no-progress", "--no-history", "--json", json.string()},
                            options);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  nlohmann::json report;
  if (std::filesystem::exists(json)) report = nlohmann::json::parse(slurp_file(json));
  return {JsonRun{result, report}, seconds};
}

}  // namespace

TEST_CASE("run: a project's declared dependency is installed into its own environment, then reused") {
  TempDir dir;
  auto wheels = dir.path() / "wheels";
  build_wheel(dir, "tinydep", wheels);
  write_project(dir, "tinydep>=1");
  auto project = dir.path() / "proj";
  auto env = offline_pip(wheels);

  auto first = timed_run(project, dir.path() / "first.json", env);
  INFO(first.run.result.out << first.run.result.err);
  REQUIRE(first.run.result.exit_code == 1);  // the racy test regressed; nothing prepared by hand
  auto verdicts = verdicts_of(first.run.report);
  CHECK(verdicts.at("tests/test_shop.py::test_uses_dependency") == "pass");
  auto racy = verdicts.at("tests/test_shop.py::test_racy_counter");
  CHECK((racy == "regressed-nogil" || racy == "flaky-nogil"));
  for (const auto& test : first.run.report.at("tests")) {
    if (test.at("id") != "tests/test_shop.py::test_uses_dependency") continue;
    CHECK(test.at("runs").size() >= 2);
    for (const auto& [label, run] : test.at("runs").items()) CHECK(run.at("outcome") == "passed");
  }
  const auto& built = first.run.report.at("environment");
  CHECK(built.at("reused") == false);
  CHECK(built.at("install") == "editable");
  CHECK(built.at("dir").get<std::string>().find((project / ".gilfree" / "env").string()) == 0);
  CHECK(first.run.result.err.find("gilfree env: installing tinydep>=1 with pip") != std::string::npos);

  auto second = timed_run(project, dir.path() / "second.json", env);
  INFO(second.run.result.out << second.run.result.err);
  CHECK(second.run.result.exit_code == 1);
  CHECK(second.run.report.at("environment").at("reused") == true);
  CHECK(second.run.report.at("environment").at("dir") == built.at("dir"));
  CHECK(second.run.result.err.find("gilfree env:") == std::string::npos);  // nothing built again
  CHECK(second.run.result.out.find("(reused; project: editable)") != std::string::npos);
  WARN("first run (builds the environment) " << first.seconds << " s; second run (reuses it) " << second.seconds
                                             << " s");

  auto shown = run_gilfree({"env", "show", project.string()});
  INFO(shown.out << shown.err);
  CHECK(shown.exit_code == 0);
  CHECK(shown.out.find("state        built") != std::string::npos);
  CHECK(shown.out.find("tinydep>=1  (pyproject.toml [project] dependencies)") != std::string::npos);

  // A changed input is a new key: the old environment is stale until the next build.
  dir.write("proj/pyproject.toml", slurp_file(project / "pyproject.toml") + "# changed\n");
  auto stale = run_gilfree({"env", "show", project.string()});
  CHECK(stale.out.find("not built yet") != std::string::npos);
  CHECK(stale.out.find("stale        " + built.at("dir").get<std::string>()) != std::string::npos);
  runtime::ChildOptions options;
  options.env = env;
  auto rebuilt = run_gilfree({"env", "build", project.string(), "--json"}, options);
  INFO(rebuilt.out << rebuilt.err);
  REQUIRE(rebuilt.exit_code == 0);
  auto state = nlohmann::json::parse(rebuilt.out);
  CHECK(state.at("built").at("install") == "editable");
  CHECK(state.at("stale").empty());  // the build removed the environment of the old inputs
  CHECK(!std::filesystem::exists(built.at("dir").get<std::string>()));

  auto removed = run_gilfree({"env", "remove", project.string()});
  CHECK(removed.exit_code == 0);
  CHECK(removed.out.find("removed 1 environment") != std::string::npos);
  CHECK(!std::filesystem::exists(project / ".gilfree" / "env"));
}

TEST_CASE("run: a dependency that cannot be had is one line naming it and what to do") {
  TempDir dir;
  auto wheels = dir.path() / "wheels";
  std::filesystem::create_directories(wheels);
  write_project(dir, "tinydep-nowhere>=2");
  runtime::ChildOptions options;
  options.env = offline_pip(wheels);
  auto result = run_gilfree({"run", (dir.path() / "proj").string(), "--no-progress", "--no-history"}, options);
  INFO(result.out << result.err);
  CHECK(result.exit_code == 2);
  auto last = result.err.substr(result.err.rfind("gilfree: error: "));
  CHECK(std::count(last.begin(), last.end(), '\n') == 1);
  CHECK(last.find("cannot install tinydep-nowhere>=2 (declared in pyproject.toml [project] dependencies)") !=
        std::string::npos);
  CHECK(last.find("PIP_FIND_LINKS") != std::string::npos);
  CHECK(result.err.find("Traceback") == std::string::npos);
  // Nothing half-built is taken for an environment by the next run.
  auto shown = run_gilfree({"env", "show", (dir.path() / "proj").string()});
  CHECK(shown.out.find("not built yet") != std::string::npos);
}

TEST_CASE("run: a run that tested nothing fails with exit 2, the reason, and the JSON and JUnit written") {
  TempDir dir;
  dir.write("pytest.ini", "[pytest]\n");
  dir.write("tests/test_a.py", "import yaml_not_installed_here\n\ndef test_a():\n    pass\n");
  dir.write("tests/test_b.py", "import yaml_not_installed_here\n\ndef test_b():\n    pass\n");
  auto json_path = dir.path() / "out.json";
  auto junit_path = dir.path() / "out.xml";
  auto result = run_gilfree({"run", dir.path().string(), "--no-progress", "--no-history", "--json",
                             json_path.string(), "--junit-xml", junit_path.string()});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("gilfree: error: no test ran: 2 modules failed to import (ModuleNotFoundError: No module "
                        "named 'yaml_not_installed_here')") == 0);
  CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
  REQUIRE(std::filesystem::exists(json_path));
  auto report = nlohmann::json::parse(slurp_file(json_path));
  CHECK(report.at("exit_code") == 2);
  CHECK(report.at("error").get<std::string>().find("no test ran") == 0);
  CHECK(verdicts_of(report).at("tests/test_a.py") == "fails-both");
  CHECK(std::filesystem::exists(junit_path));

  // The same through the unittest runner; the module is named as a module.
  TempDir plain;
  plain.write("tests/__init__.py", "");
  plain.write("tests/test_cache.py", "import unittest\nimport yaml_not_installed_here\n\n"
                                     "class T(unittest.TestCase):\n    def test_x(self):\n        pass\n");
  auto unit = run_with_json(plain, {"--framework", "unittest", "--no-history"});
  INFO(unit.result.out << unit.result.err);
  CHECK(unit.result.exit_code == 2);
  CHECK(unit.result.err.find("no test ran: 1 module failed to import (ModuleNotFoundError") != std::string::npos);
  REQUIRE(!unit.report.is_null());
  CHECK(verdicts_of(unit.report).count("tests.test_cache") == 1);
}

TEST_CASE("run: a pytest INTERNALERROR is named, not taken for an empty suite") {
  TempDir dir;
  dir.write("conftest.py", "def pytest_configure(config):\n    raise RuntimeError('conftest is broken')\n");
  dir.write("tests/test_ok.py", "def test_ok():\n    pass\n");
  auto result = run_gilfree({"run", dir.path().string(), "--no-progress", "--no-history", "--mode", "gil"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("no tests found") == std::string::npos);
  CHECK(result.err.find("INTERNALERROR") != std::string::npos);
  CHECK(result.err.find("conftest is broken") != std::string::npos);
}

TEST_CASE("run: arguments after -- without a root go to the framework") {
  TempDir dir;
  dir.write("tests/test_two.py", "def test_wanted():\n    pass\n\ndef test_other():\n    pass\n");
  runtime::ChildOptions options;
  options.cwd = dir.path();
  auto json_path = dir.path() / "out.json";
  auto result = run_gilfree({"run", "--no-progress", "--no-history", "--mode", "gil", "--json", json_path.string(),
                             "--", "-k", "wanted"},
                            options);
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  auto verdicts = verdicts_of(nlohmann::json::parse(slurp_file(json_path)));
  CHECK(verdicts.size() == 1);
  CHECK(verdicts.count("tests/test_two.py::test_wanted") == 1);
}

TEST_CASE("run: a dependency group is installed at the lock file's pinned version, or unpinned when that cannot be had") {
  TempDir dir;
  auto wheels = dir.path() / "wheels";
  build_wheel(dir, "tinydep", wheels, "1.0");
  build_wheel(dir, "tinydep", wheels, "1.1");
  dir.write("proj/pyproject.toml", "[project]\nname = \"shop\"\nversion = \"0.1\"\n\n[dependency-groups]\n"
                                   "lint = [\"no-such-linter\"]\ntests = [{include-group = \"base\"}]\n"
                                   "base = [\"tinydep\"]\n");
  dir.write("proj/uv.lock", "version = 1\n\n[[package]]\nname = \"shop\"\nversion = \"0.1\"\n"
                            "source = { editable = \".\" }\n\n[[package]]\nname = \"tinydep\"\nversion = \"1.0\"\n");
  dir.write("proj/tests/test_version.py", "import importlib.metadata\n\ndef test_pinned():\n"
                                          "    assert importlib.metadata.version('tinydep') == '1.0'\n");
  auto project = dir.path() / "proj";
  runtime::ChildOptions options;
  options.env = offline_pip(wheels);
  auto pinned = run_gilfree({"run", project.string(), "--no-progress", "--no-history", "--mode", "gil"}, options);
  INFO(pinned.out << pinned.err);
  CHECK(pinned.exit_code == 0);  // 1.0 from uv.lock, not the newer 1.1; the lint group is not installed
  auto shown = run_gilfree({"env", "show", project.string()});
  CHECK(shown.out.find("tinydep  (pyproject.toml [dependency-groups] base)") != std::string::npos);
  CHECK(shown.out.find("pins         1 from uv.lock") != std::string::npos);

  // A pin that cannot be had: installed without the pins, and said so.
  dir.write("proj/uv.lock", "version = 1\n\n[[package]]\nname = \"tinydep\"\nversion = \"9.9\"\n");
  dir.write("proj/tests/test_version.py", "import tinydep\n\ndef test_unpinned():\n    assert tinydep.double(2) == 4\n");
  auto unpinned = run_gilfree({"run", project.string(), "--no-progress", "--no-history", "--mode", "gil"}, options);
  INFO(unpinned.out << unpinned.err);
  CHECK(unpinned.exit_code == 0);
  CHECK(unpinned.err.find("the pins from uv.lock could not all be had") != std::string::npos);
  auto state = run_gilfree({"env", "show", project.string()});
  CHECK(state.out.find("installed without uv.lock's pins (tinydep") != std::string::npos);
}

TEST_CASE("run: --no-env runs in the runtime as it is, without the project's environment") {
  TempDir dir;
  write_project(dir, "tinydep>=1");
  auto project = dir.path() / "proj";
  auto result = run_gilfree({"run", project.string(), "--no-progress", "--no-history", "--no-env"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 2);  // the src-layout package is not importable from the bare runtime
  CHECK(result.err.find("gilfree env:") == std::string::npos);
  CHECK(result.err.find("no test ran") != std::string::npos);
  CHECK(!std::filesystem::exists(project / ".gilfree" / "env"));
}
