// `gilfree run` on hostile test suites (crash, hang and a bounded flood are in
// e2e_run*.cpp): a test that forks and leaves a child holding the output, one
// that calls os._exit, one that floods output without end, and one whose
// subprocess kills the test process's whole group. Each run ends in bounded
// time, gilfree itself survives, and every other test keeps its verdict.
#include <catch2/catch.hpp>

#include "e2e/e2e_run_support.hpp"

using namespace gilfree::test;

namespace {

struct RunOutcome {
  gilfree::runtime::ChildResult result;
  std::map<std::string, std::string> verdicts;
};

RunOutcome run_suite(const TempDir& dir, const std::string& test_source, std::vector<std::string> extra = {}) {
  dir.write("tests/test_hostile.py", test_source);
  dir.write("tests/test_other.py", "def test_other():\n    pass\n");
  std::vector<std::string> args{"run", dir.path().string(), "--mode", "nogil", "--no-history", "--no-progress",
                                "--json", (dir.path() / "run.json").string()};
  args.insert(args.end(), extra.begin(), extra.end());
  gilfree::runtime::ChildOptions options;
  options.timeout = std::chrono::seconds(240);
  RunOutcome outcome{run_gilfree(args, options), {}};
  if (std::filesystem::exists(dir.path() / "run.json")) {
    outcome.verdicts = verdicts_of(nlohmann::json::parse(slurp_file(dir.path() / "run.json")));
  }
  return outcome;
}

std::string verdict_of(const RunOutcome& outcome, const std::string& suffix) {
  for (const auto& [id, verdict] : outcome.verdicts) {
    if (id.size() >= suffix.size() && id.compare(id.size() - suffix.size(), suffix.size(), suffix) == 0) return verdict;
  }
  return "(missing)";
}

}  // namespace

TEST_CASE("bad input run: a test that forks a child which keeps the output open does not stall the run") {
  TempDir dir;
  auto outcome = run_suite(dir,
                           "import os, sys, time\n\n"
                           "def test_forks():\n"
                           "    if os.fork() == 0:\n"
                           "        time.sleep(600)\n"
                           "        os._exit(0)\n\n"
                           "def test_after():\n    pass\n");
  INFO(outcome.result.out << outcome.result.err);
  CHECK(!outcome.result.timed_out);
  CHECK(outcome.result.signal == 0);
  CHECK(outcome.result.exit_code == 0);
  CHECK(verdict_of(outcome, "test_forks") == "pass");
  CHECK(verdict_of(outcome, "test_after") == "pass");
  CHECK(verdict_of(outcome, "test_other") == "pass");
}

TEST_CASE("bad input run: a test calling os._exit is a crash and the rest still runs") {
  TempDir dir;
  auto outcome = run_suite(dir,
                           "import os\n\n"
                           "def test_exits():\n    os._exit(0)\n\n"
                           "def test_after():\n    pass\n");
  INFO(outcome.result.out << outcome.result.err);
  CHECK(!outcome.result.timed_out);
  CHECK(outcome.result.signal == 0);
  CHECK(verdict_of(outcome, "test_exits") == "crash");
  CHECK(verdict_of(outcome, "test_after") == "pass");
  CHECK(verdict_of(outcome, "test_other") == "pass");
}

TEST_CASE("bad input run: an endless output flood is cut by the per-test timeout with a capped log") {
  TempDir dir;
  auto outcome = run_suite(dir,
                           "import sys\n\n"
                           "def test_floods():\n"
                           "    chunk = 'x' * (1 << 20) + '\\n'\n"
                           "    while True:\n"
                           "        sys.stdout.write(chunk)\n\n"
                           "def test_after():\n    pass\n",
                           {"--timeout", "15", "--", "-s"});  // start-up under load must fit too
  INFO(outcome.result.out << outcome.result.err);
  CHECK(!outcome.result.timed_out);
  CHECK(outcome.result.signal == 0);
  CHECK(verdict_of(outcome, "test_floods") == "hang");
  CHECK(verdict_of(outcome, "test_after") == "pass");
  auto log = dir.path() / ".gilfree" / "run" / "nogil.log";
  REQUIRE(std::filesystem::exists(log));
  CHECK(std::filesystem::file_size(log) < 32 * 1024 * 1024);
}

TEST_CASE("bad input run: a subprocess that kills its parent's process group is a crash, gilfree survives") {
  TempDir dir;
  auto outcome = run_suite(dir,
                           "import os, signal, subprocess, sys\n\n"
                           "def test_kills_group():\n"
                           "    subprocess.run([sys.executable, '-c',\n"
                           "        'import os, signal; os.killpg(os.getpgid(os.getppid()), signal.SIGKILL)'])\n\n"
                           "def test_after():\n    pass\n");
  INFO(outcome.result.out << outcome.result.err);
  CHECK(!outcome.result.timed_out);
  CHECK(outcome.result.signal == 0);
  CHECK(verdict_of(outcome, "test_kills_group") == "crash");
  CHECK(verdict_of(outcome, "test_after") == "pass");
  CHECK(verdict_of(outcome, "test_other") == "pass");
}
