// End-to-end: honest verdicts under --threads: a test that corrupts process state is
// named and the tests after it are judged in a fresh child; doctests and async tests run
// once, listed by reason; unittest.TestCase tests under pytest are stressed.
#include <catch2/catch.hpp>

#include "e2e/e2e_run_support.hpp"

using namespace gilfree::test;

namespace {

const nlohmann::json& entry(const nlohmann::json& report, const std::string& id) {
  for (const auto& test : report.at("tests")) {
    if (test.at("id") == id) return test;
  }
  FAIL("no test " << id);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("run: a test that corrupts process state under --threads is named and the later tests are judged afresh") {
  TempDir dir;
  dir.write("pytest.ini", "[pytest]\n");
  dir.write("state.py", "broken = False\n");
  dir.write("tests/test_0_clean.py", "def test_clean():\n    pass\n");
  // Like threads racing through doctest's stdout swap: with several threads at once the
  // process is left broken for every later test in it.
  dir.write("tests/test_1_polluter.py", R"(import threading
import state

def test_leaves_state_broken():
    if threading.current_thread().name == "gilfree-stress-1":
        state.broken = True
)");
  std::string later = "import state\n\n";
  for (int i = 0; i < 3; ++i) later += "def test_later_" + std::to_string(i) + "():\n    assert not state.broken\n\n";
  dir.write("tests/test_2_later.py", later);
  dir.write("tests/test_3_later.py", later);
  auto run = run_with_json(dir, {"--threads", "2", "--mode", "gil,nogil", "--no-history"});
  INFO(run.result.out << run.result.err);
  REQUIRE(!run.report.is_null());
  CHECK(run.result.exit_code == 0);
  auto verdicts = verdicts_of(run.report);
  for (const auto& [id, verdict] : verdicts) {
    INFO(id);
    CHECK(verdict == "pass");
  }
  const auto& polluter = entry(run.report, "tests/test_1_polluter.py::test_leaves_state_broken");
  CHECK(polluter.at("corrupts_state").get<std::string>().find(
            "corrupts process state under --threads: 6 later tests failed after it in the same process") == 0);
  CHECK(run.result.out.find("WARNING tests/test_1_polluter.py::test_leaves_state_broken corrupts process state") !=
        std::string::npos);
  const auto& victim = entry(run.report, "tests/test_3_later.py::test_later_2");
  CHECK(victim.at("runs").at("nogil").at("polluted_by") == "tests/test_1_polluter.py::test_leaves_state_broken");
  CHECK(victim.at("runs").at("gil").at("outcome") == "passed");

  // Without --threads nothing is re-run: the same suite passes as it is.
  auto plain = run_with_json(dir, {"--mode", "gil", "--no-history"});
  CHECK(plain.result.exit_code == 0);
  CHECK(!entry(plain.report, "tests/test_1_polluter.py::test_leaves_state_broken").contains("corrupts_state"));
}

TEST_CASE("run: under --threads doctests and async tests run once and are listed by reason while TestCase tests are stressed") {
  TempDir dir;
  dir.write("pytest.ini", "[pytest]\n");
  dir.write("calc.py", "def add(a, b):\n    \"\"\"\n    >>> add(1, 2)\n    3\n    \"\"\"\n    return a + b\n\n"
                       "def sub(a, b):\n    \"\"\"\n    >>> sub(3, 2)\n    1\n    \"\"\"\n    return a - b\n");
  dir.write("tests/test_kinds.py", R"(import threading
import unittest

SEEN = set()


class CaseTest(unittest.TestCase):
    def setUp(self):
        self.value = 41

    def test_in_threads(self):
        SEEN.add(threading.current_thread().name)
        self.assertEqual(self.value + 1, 42)


class AsyncCaseTest(unittest.IsolatedAsyncioTestCase):
    async def test_async(self):
        self.assertTrue(True)


def test_case_ran_in_threads():
    assert len([name for name in SEEN if name.startswith("gilfree-stress-")]) == 3
)");
  auto json_path = dir.path() / "run.json";
  JsonRun run{run_gilfree({"run", dir.path().string(), "--threads", "3", "--mode", "gil", "--no-history",
                           "--no-progress", "--json", json_path.string(), "--", "--doctest-modules", "calc.py",
                           "tests"}),
              nullptr};
  if (std::filesystem::exists(json_path)) run.report = nlohmann::json::parse(slurp_file(json_path));
  INFO(run.result.out << run.result.err);
  REQUIRE(run.result.exit_code == 0);
  CHECK(entry(run.report, "tests/test_kinds.py::CaseTest::test_in_threads").at("threads") == 3);
  CHECK(!entry(run.report, "tests/test_kinds.py::CaseTest::test_in_threads").contains("thread_unsafe"));
  CHECK(verdicts_of(run.report).at("tests/test_kinds.py::test_case_ran_in_threads") == "pass");
  CHECK(entry(run.report, "tests/test_kinds.py::AsyncCaseTest::test_async").at("thread_unsafe") == "async test");
  CHECK(entry(run.report, "calc.py::calc.add").at("thread_unsafe") == "doctest");
  CHECK(run.report.at("not_stressed").at("doctest") == nlohmann::json::array({"calc.py::calc.add", "calc.py::calc.sub"}));
  // One line per reason, with a count.
  CHECK(run.result.out.find("3 tests ran in ONE thread only") != std::string::npos);
  CHECK(run.result.out.find("  doctest: 2 tests (calc.py::calc.add, and 1 more)") != std::string::npos);
  CHECK(run.result.out.find("  async test: 1 test (tests/test_kinds.py::AsyncCaseTest::test_async)") !=
        std::string::npos);
}
