// End-to-end: `gilfree run` on fixture projects with a racy, a clean, a
// segfaulting, a deadlocking, a failing and a monkeypatching test.
#include <catch2/catch.hpp>

#include "e2e/e2e_run_support.hpp"

using namespace gilfree::test;

namespace {

void check_common_verdicts(const std::map<std::string, std::string>& verdicts, const std::string& prefix) {
  INFO(prefix);
  CHECK(verdicts.size() == 8);
  CHECK(verdicts.at(prefix + "test_clean_total") == "pass");
  auto racy = verdicts.at(prefix + "test_racy_shared_counter");
  CHECK((racy == "regressed-nogil" || racy == "flaky-nogil"));
  CHECK(verdicts.at(prefix + "test_segfaults") == "crash");
  CHECK(verdicts.at(prefix + "test_deadlocks") == "hang");
  CHECK(verdicts.at(prefix + "test_fails_in_both_modes") == "fails-both");
  CHECK(verdicts.at(prefix + "test_skipped") == "skipped");
  // Nothing after the crash and the hang is lost: it ran, in every mode.
  CHECK(verdicts.at(prefix + "test_after_the_crashes") == "pass");
}

const nlohmann::json& test_entry(const nlohmann::json& report, const std::string& id) {
  for (const auto& test : report.at("tests")) {
    if (test.at("id") == id) return test;
  }
  FAIL("no test " << id);
  throw std::logic_error("unreachable");
}

// The JUnit file as a reader sees it, through python3's XML parser: one suite per mode
// that ran (the default run stood for nogil), dotted classnames, names unique, and the
// crash and hang messages whole.
void check_junit(const std::filesystem::path& junit_path) {
  static const char* kCheck = R"py(import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = [suite.get("name") for suite in root.iter("testsuite")]
assert suites == ["gilfree run (gil)", "gilfree run (default)"], suites
cases = list(root.iter("testcase"))
names = [(case.get("classname"), case.get("name")) for case in cases]
assert len(names) == len(set(names)) == 16, names
assert all(classname == "tests.test_shop" for classname, _ in names), names
assert ("tests.test_shop", "test_segfaults (default)") in names, names
errors = {(case.get("name"), error.get("type")): error for case in cases for error in case.iter("error")}
crash = errors[("test_segfaults (gil)", "crash")]
assert crash.get("message") == "killed by SIGSEGV", crash.get("message")
assert "Segmentation fault" in crash.text
hang = errors[("test_deadlocks (gil)", "hang")]
assert hang.get("message") == "no result within the 10 s per-test timeout (--timeout)", hang.get("message")
assert "test_deadlocks" in hang.text
assert not any(error.get("message").endswith("[cut]") for error in errors.values())
)py";
  gilfree::runtime::ChildOptions options;
  options.argv = {"python3", "-c", kCheck, junit_path.string()};
  auto checked = gilfree::runtime::run_child(options);
  INFO(checked.out << checked.err << slurp_file(junit_path));
  CHECK(checked.exit_code == 0);
}

}  // namespace

TEST_CASE("run: a pytest project gets one verdict per test, crashes and hangs isolated") {
  TempDir dir;
  auto project = copy_run_fixture(dir, "pytest_project");
  auto json_path = dir.path() / "out" / "run.json";
  auto junit_path = dir.path() / "out" / "run.xml";
  auto result = run_gilfree({"run", project.string(), "--timeout", "10", "--threads", "2", "--no-progress",
                             "--json", json_path.string(), "--junit-xml", junit_path.string()});
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 1);
  auto report = nlohmann::json::parse(slurp_file(json_path));
  auto verdicts = verdicts_of(report);
  check_common_verdicts(verdicts, "tests/test_shop.py::");
  CHECK(verdicts.at("tests/test_shop.py::test_uses_monkeypatch") == "pass");
  CHECK(report.at("framework") == "pytest");
  CHECK(report.at("exit_code") == 1);

  const auto& segfault = test_entry(report, "tests/test_shop.py::test_segfaults");
  CHECK(segfault.at("detail").get<std::string>().find("SIGSEGV") != std::string::npos);
  // One run's cost: no extension re-enabled the GIL, so the default run stood for nogil.
  CHECK(report.at("nogil_from_default") == true);
  CHECK(!segfault.at("runs").contains("nogil"));
  CHECK(result.out.find("nogil = default (the GIL stayed off)") != std::string::npos);
  CHECK(segfault.at("runs").at("default").at("signal") == 11);
  // With the GIL one thread crashes at a time and faulthandler's dump is whole.
  // Without it both threads of --threads 2 crash at once and the second crash
  // can end the process in the middle of the first one's dump (seen in a
  // loaded `make test`): only its first line is certain.
  CHECK(segfault.at("runs").at("gil").at("error").get<std::string>().find("read_null") != std::string::npos);
  CHECK(segfault.at("runs").at("default").at("error").get<std::string>().find("Segmentation fault") != std::string::npos);
  const auto& hang = test_entry(report, "tests/test_shop.py::test_deadlocks");
  CHECK(hang.at("runs").at("gil").at("error").get<std::string>().find("test_deadlocks") != std::string::npos);

  // Which project files each test executed, for `plan`.
  const auto& racy = test_entry(report, "tests/test_shop.py::test_racy_shared_counter");
  auto files = racy.at("files").get<std::vector<std::string>>();
  CHECK(std::find(files.begin(), files.end(), "shop/counter.py") != files.end());
  CHECK(std::find(files.begin(), files.end(), "shop/crash.py") == files.end());

  // --threads: the monkeypatch test ran once, and the summary says so loudly.
  const auto& patched = test_entry(report, "tests/test_shop.py::test_uses_monkeypatch");
  CHECK(patched.at("thread_unsafe") == "monkeypatch fixture");
  CHECK(patched.at("threads") == 1);
  CHECK(test_entry(report, "tests/test_shop.py::test_clean_total").at("threads") == 2);
  CHECK(result.out.find("1 test ran in ONE thread only") != std::string::npos);
  CHECK(result.out.find("  monkeypatch fixture: 1 test (tests/test_shop.py::test_uses_monkeypatch)") != std::string::npos);
  CHECK(report.at("not_stressed").at("monkeypatch fixture") ==
        nlohmann::json::array({"tests/test_shop.py::test_uses_monkeypatch"}));

  CHECK(result.out.find("crash            tests/test_shop.py::test_segfaults") != std::string::npos);
  check_junit(junit_path);
}

TEST_CASE("run: a unittest project gets the same verdicts through our unittest runner") {
  TempDir dir;
  auto project = copy_run_fixture(dir, "unittest_project");
  auto json_path = dir.path() / "run.json";
  auto result = run_gilfree({"run", project.string(), "--timeout", "10", "--threads", "2", "--no-progress",
                             "--json", json_path.string()});
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 1);
  auto report = nlohmann::json::parse(slurp_file(json_path));
  CHECK(report.at("framework") == "unittest");
  auto verdicts = verdicts_of(report);
  check_common_verdicts(verdicts, "tests.test_shop.ShopTest.");
  CHECK(verdicts.at("tests.test_shop.ShopTest.test_uses_mock_patch") == "pass");
  CHECK(test_entry(report, "tests.test_shop.ShopTest.test_uses_mock_patch").at("thread_unsafe") == "unittest.mock");
  CHECK(result.out.find("1 test ran in ONE thread only") != std::string::npos);
}

TEST_CASE("run: a suite that passes everywhere exits 0 and lists nothing but the summary") {
  TempDir dir;
  dir.write("tests/test_ok.py", "def test_one():\n    assert 1\n\ndef test_two():\n    assert 2\n");
  auto result = run_gilfree({"run", dir.path().string(), "--no-progress"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("2 pass  (exit 0;") != std::string::npos);
  CHECK(result.out.find("verdict ") == std::string::npos);
  // The state directory keeps itself out of git.
  CHECK(slurp_file(dir.path() / ".gilfree" / ".gitignore").find("*\n") != std::string::npos);
}

TEST_CASE("run: --threads under pytest stresses unittest.TestCase tests too") {
  TempDir dir;
  dir.write("tests/test_mixed.py", "import unittest\n\nclass T(unittest.TestCase):\n    def test_a(self):\n"
                                   "        pass\n\ndef test_b():\n    pass\n");
  auto [result, report] = run_with_json(dir, {"--framework", "pytest", "--mode", "nogil", "--threads", "2",
                                              "--no-history"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("--threads 2: every test body ran in 2 threads at once") != std::string::npos);
  for (const auto& test : report.at("tests")) CHECK(test.at("threads") == 2);
}

TEST_CASE("run: a test module that crashes or hangs while imported costs only itself") {
  for (const char* framework : {"pytest", "unittest"}) {
    INFO(framework);
    TempDir dir;
    dir.write("tests/__init__.py", "");
    dir.write("tests/test_crash_on_import.py", "import ctypes, unittest\nctypes.string_at(0)\n");
    dir.write("tests/test_hang_on_import.py",
              "import threading, unittest\nlock = threading.Lock()\nlock.acquire()\nlock.acquire()\n");
    dir.write("tests/test_fine.py", "import unittest\n\nclass T(unittest.TestCase):\n    def test_fine(self):\n"
                                    "        pass\n");
    auto [result, report] = run_with_json(dir, {"--framework", framework, "--mode", "gil,nogil", "--timeout", "2",
                                                "--no-history"});
    INFO(result.out << result.err);
    CHECK(result.exit_code == 1);
    auto verdicts = verdicts_of(report);
    bool pytest = std::string(framework) == "pytest";
    CHECK(verdicts.at(pytest ? "tests/test_crash_on_import.py" : "tests.test_crash_on_import") == "crash");
    CHECK(verdicts.at(pytest ? "tests/test_hang_on_import.py" : "tests.test_hang_on_import") == "hang");
    CHECK(verdicts.at(pytest ? "tests/test_fine.py::T::test_fine" : "tests.test_fine.T.test_fine") == "pass");
    CHECK(verdicts.size() == 3);
  }
}
