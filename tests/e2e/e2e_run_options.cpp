// End-to-end: `gilfree run` usage errors, --repeat and history, --shard,
// output floods.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <set>

#include "e2e/e2e_run_support.hpp"

using namespace gilfree::test;

namespace {

std::set<std::string> ids_of(const std::filesystem::path& json_path) {
  std::set<std::string> ids;
  for (const auto& [id, verdict] : verdicts_of(nlohmann::json::parse(slurp_file(json_path)))) ids.insert(id);
  return ids;
}

void check_usage_error(const std::vector<std::string>& args, const std::string& needle) {
  auto result = run_gilfree(args);
  INFO(result.out << result.err);
  CHECK(result.exit_code == 2);
  CHECK(result.err.rfind("gilfree: error: ", 0) == 0);
  CHECK(result.err.find(needle) != std::string::npos);
  CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
}

}  // namespace

TEST_CASE("run: user mistakes are one line and exit 2") {
  TempDir dir;
  dir.write("tests/test_ok.py", "def test_ok():\n    pass\n");
  check_usage_error({"run", (dir.path() / "missing").string()}, "is not a directory");
  check_usage_error({"run", dir.path().string(), "--shard", "3/2"}, "--shard '3/2'");
  check_usage_error({"run", dir.path().string(), "--mode", "gil,turbo"}, "--mode 'turbo'");
  check_usage_error({"run", dir.path().string(), "--python", "/bin/sh"}, "cannot run /bin/sh");
  TempDir empty;
  check_usage_error({"run", empty.path().string(), "--no-history"}, "no test ran: no tests found");
  // A GIL-only interpreter is refused (the host's python3 is a regular build).
  if (std::filesystem::exists("/usr/bin/python3")) {
    check_usage_error({"run", dir.path().string(), "--python", "/usr/bin/python3", "--framework", "unittest"},
                      "built with the GIL");
  }
  // A bad argument for pytest: the mode could not run; pytest's own message is shown.
  check_usage_error({"run", dir.path().string(), "--no-history", "--", "--no-such-pytest-option"},
                    "--no-such-pytest-option");
}

TEST_CASE("run: --python takes another free-threaded interpreter") {
  TempDir dir;
  dir.write("tests/test_ok.py", "import sys\n\ndef test_ok():\n    assert sys.version_info >= (3, 13)\n");
  auto result = run_gilfree({"run", dir.path().string(), "--python", runtime_python().string(), "--no-progress"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("on " + runtime_python().string()) != std::string::npos);
}

TEST_CASE("run: --repeat measures flakiness and the history remembers it") {
  TempDir dir;
  // Fails on every other no-GIL run (a counter file in the project), passes with the GIL.
  dir.write("tests/test_flaky.py", R"(import pathlib, sys

def test_sometimes():
    if sys._is_gil_enabled():
        return
    counter = pathlib.Path(__file__).with_name("runs.txt")
    runs = int(counter.read_text()) + 1 if counter.exists() else 1
    counter.write_text(str(runs))
    assert runs % 2 == 0, "odd run"

def test_steady():
    pass
)");
  auto json_path = dir.path() / "run.json";
  auto first = run_gilfree({"run", dir.path().string(), "--mode", "gil,nogil", "--repeat", "2", "-j", "1",
                            "--no-progress", "--json", json_path.string()});
  INFO(first.out << first.err);
  CHECK(first.exit_code == 1);
  auto report = nlohmann::json::parse(slurp_file(json_path));
  CHECK(verdicts_of(report).at("tests/test_flaky.py::test_sometimes") == "flaky-nogil");
  CHECK(first.out.find("failed 1/2 no-GIL runs") != std::string::npos);
  CHECK(first.out.find("known-flaky") == std::string::npos);

  auto second = run_gilfree({"run", dir.path().string(), "--mode", "gil,nogil", "--repeat", "2", "-j", "1",
                             "--no-progress"});
  CHECK(second.out.find("known-flaky (history)") != std::string::npos);
  auto history = run_gilfree({"run", dir.path().string(), "--history"});
  INFO(history.out);
  CHECK(history.exit_code == 0);
  CHECK(history.out.find("50%") != std::string::npos);
  CHECK(history.out.find("tests/test_flaky.py::test_sometimes") != std::string::npos);
  CHECK(history.out.find("test_steady") == std::string::npos);
  CHECK(history.out.find("(2 recorded runs)") != std::string::npos);
}

TEST_CASE("run: --shard K/N splits the suite into disjoint parts that cover it") {
  TempDir dir;
  std::string tests;
  for (int i = 0; i < 12; ++i) tests += "def test_" + std::to_string(i) + "():\n    pass\n\n";
  dir.write("tests/test_many.py", tests);
  std::set<std::string> all;
  std::size_t total = 0;
  for (const char* shard : {"1/3", "2/3", "3/3"}) {
    auto json_path = dir.path() / (std::string("shard") + shard[0] + ".json");
    auto result = run_gilfree({"run", dir.path().string(), "--mode", "nogil", "--shard", shard, "--no-history",
                               "--no-progress", "--json", json_path.string()});
    INFO(shard << result.out << result.err);
    REQUIRE(result.exit_code == 0);
    auto ids = ids_of(json_path);
    CHECK(ids.size() < 12);
    total += ids.size();
    all.insert(ids.begin(), ids.end());
  }
  CHECK(total == 12);
  CHECK(all.size() == 12);

  // A module that fails to import is reported by one shard only, like a test.
  dir.write("tests/test_broken.py", "import module_that_is_nowhere\n");
  int reported = 0;
  for (const char* shard : {"1/3", "2/3", "3/3"}) {
    auto json_path = dir.path() / (std::string("broken") + shard[0] + ".json");
    auto result = run_gilfree({"run", dir.path().string(), "--mode", "nogil", "--shard", shard, "--no-history",
                               "--no-progress", "--json", json_path.string()});
    INFO(shard << result.out << result.err);
    REQUIRE(std::filesystem::exists(json_path));
    reported += static_cast<int>(ids_of(json_path).count("tests/test_broken.py"));
  }
  CHECK(reported == 1);
}

TEST_CASE("run: an output flood is capped in the log and the test still gets its verdict") {
  TempDir dir;
  dir.write("tests/test_flood.py",
            "import sys\n\ndef test_floods():\n    for _ in range(400):\n"
            "        sys.stdout.write('x' * 100_000 + '\\n')\n\ndef test_after():\n    pass\n");
  auto result = run_gilfree({"run", dir.path().string(), "--mode", "nogil", "--no-history", "--no-progress",
                             "--", "-s"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("2 pass") != std::string::npos);
  auto log = dir.path() / ".gilfree" / "run" / "nogil.log";
  CHECK(std::filesystem::file_size(log) < 8 * 1024 * 1024);
  CHECK(slurp_file(log).find("more bytes of output were dropped") != std::string::npos);
}

TEST_CASE("run: a test module that fails to import does not stop the other tests") {
  TempDir dir;
  dir.write("tests/test_broken.py", "import no_such_module_here\n\ndef test_never():\n    pass\n");
  dir.write("tests/test_fine.py", "def test_fine():\n    pass\n");
  auto [result, report] = run_with_json(dir, {"--mode", "gil,nogil", "--no-history"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);  // failing with the GIL too: pre-existing
  auto verdicts = verdicts_of(report);
  CHECK(verdicts.at("tests/test_fine.py::test_fine") == "pass");
  CHECK(verdicts.at("tests/test_broken.py") == "fails-both");
}

TEST_CASE("run: Ctrl-C stops every child and says where the partial results are") {
  TempDir dir;
  auto pid_file = dir.path() / "child.pid";
  dir.write("tests/test_slow.py", "import os, time\n\ndef test_slow():\n    open(" + nlohmann::json(pid_file.string()).dump() +
                                      ", 'w').write(str(os.getpid()))\n    time.sleep(60)\n");
  gilfree::runtime::ChildOptions options;
  options.argv = {"sh", "-c",
                  "\"$0\" run \"$1\" --mode nogil --no-history --no-progress & pid=$!; "
                  "while [ ! -s \"$2\" ]; do sleep 0.1; done; kill -INT $pid; wait $pid; echo \"rc=$?\"",
                  gilfree::test::gilfree_binary(), dir.path().string(), pid_file.string()};
  options.timeout = std::chrono::seconds(60);
  auto result = gilfree::runtime::run_child(options);
  INFO(result.out << result.err);
  CHECK(result.out.find("rc=2") != std::string::npos);
  CHECK(result.err.find("interrupted") != std::string::npos);
  auto child = std::filesystem::path("/proc") / slurp_file(pid_file);
  for (int i = 0; i < 50 && std::filesystem::exists(child); ++i) usleep(100000);
  CHECK_FALSE(std::filesystem::exists(child));
}

TEST_CASE("run: a test that exits the process or is killed is a crash, and the rest still runs") {
  TempDir dir;
  dir.write("tests/test_exit.py",
            "import os, signal\n\ndef test_exits():\n    os._exit(3)\n\n"
            "def test_killed():\n    os.kill(os.getpid(), signal.SIGKILL)\n\ndef test_ok():\n    pass\n");
  auto result = run_gilfree({"run", dir.path().string(), "--mode", "nogil", "--no-history", "--no-progress"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("tests/test_exit.py::test_exits   exited with status 3 in nogil") != std::string::npos);
  CHECK(result.out.find("tests/test_exit.py::test_killed  SIGKILL in nogil") != std::string::npos);
  CHECK(result.out.find("1 pass · 2 crash") != std::string::npos);
}

TEST_CASE("run: --python takes a virtualenv directory, and one without pytest is refused clearly") {
  TempDir dir;
  dir.write("tests/test_ok.py", "def test_ok():\n    pass\n");
  for (const auto& [venv, flags] : {std::pair<std::string, std::string>{"bare", "--without-pip"},
                                    {"shared", "--without-pip --system-site-packages"}}) {
    gilfree::runtime::ChildOptions options;
    options.argv = {"sh", "-c", "\"$0\" -m venv " + flags + " \"$1\"", runtime_python().string(),
                    (dir.path() / venv).string()};
    REQUIRE(gilfree::runtime::run_child(options).exit_code == 0);
  }
  auto bare = run_gilfree({"run", dir.path().string(), "--python", (dir.path() / "bare").string(), "--no-history"});
  INFO(bare.out << bare.err);
  CHECK(bare.exit_code == 2);
  CHECK(bare.err.find("pytest is not installed in " + (dir.path() / "bare" / "bin").string()) != std::string::npos);
  auto shared = run_gilfree({"run", dir.path().string(), "--python", (dir.path() / "shared").string(), "--mode",
                             "nogil", "--no-history", "--no-progress"});
  INFO(shared.out << shared.err);
  CHECK(shared.exit_code == 0);
  CHECK(shared.out.find("1 pass") != std::string::npos);
}

TEST_CASE("run: test names and errors with undecodable text keep their verdicts") {
  TempDir dir;
  dir.write("tests/test_text.py",
            "import pytest\n\n@pytest.mark.parametrize('name', ['caf\\u00e9', 'bad\\udcff'])\n"
            "def test_names(name):\n    assert name == 'x', name + ' \\udcfe'\n\n"
            "def test_ok():\n    pass\n");
  auto [result, report] = run_with_json(dir, {"--mode", "gil,nogil", "--no-history", "--junit-xml",
                                              (dir.path() / "run.xml").string()});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  auto verdicts = verdicts_of(report);
  CHECK(verdicts.size() == 3);
  CHECK(verdicts.at("tests/test_text.py::test_ok") == "pass");
  CHECK(result.out.find("1 pass · 2 fails-both") != std::string::npos);
}
