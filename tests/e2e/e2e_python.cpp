// End-to-end: `gilfree python` runs the embedded interpreter like `python`.
#include <catch2/catch.hpp>

#include <signal.h>

#include <regex>

#include "support/e2e.hpp"

using gilfree::test::run_gilfree;
using gilfree::test::TempDir;

namespace {

std::string gil_state(const std::string& mode) {
  auto result = run_gilfree({"python", "--gil", mode, "-c", "import sys; print(sys._is_gil_enabled())"});
  REQUIRE(result.exit_code == 0);
  return result.out;
}

// Runs examples/counter/lost_updates.py and returns (counter, expected).
std::pair<long, long> counter_run(const std::string& mode) {
  auto script = std::string(GILFREE_SOURCE_DIR) + "/examples/counter/lost_updates.py";
  auto result = run_gilfree({"python", "--gil", mode, script, "300000"});
  REQUIRE(result.exit_code == 0);
  std::smatch m;
  std::string out = result.out;
  out.erase(std::remove(out.begin(), out.end(), ','), out.end());
  REQUIRE(std::regex_search(out, m, std::regex(R"(counter = +(\d+) of (\d+))")));
  return {std::stol(m[1]), std::stol(m[2])};
}

}  // namespace

TEST_CASE("gil off really turns the GIL off and gil on turns it on") {
  CHECK(gil_state("off") == "False\n");
  CHECK(gil_state("on") == "True\n");
  CHECK(gil_state("default") == "False\n");
}

TEST_CASE("the gil option wins over PYTHON_GIL in the environment and children inherit it") {
  gilfree::runtime::ChildOptions options;
  options.env = {{"PYTHON_GIL", "1"}};
  auto result = run_gilfree(
      {"python", "--gil", "off", "-c",
       "import sys, subprocess; print(sys._is_gil_enabled()); "
       "print(subprocess.run([sys.executable, '-c', 'import sys; print(sys._is_gil_enabled())'], "
       "capture_output=True, text=True).stdout.strip())"},
      options);
  CHECK(result.out == "False\nFalse\n");
}

TEST_CASE("the shared counter never loses updates with the GIL on") {
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto [counter, expected] = counter_run("on");
    CHECK(counter == expected);
  }
}

TEST_CASE("the shared counter loses updates with the GIL off") {
  // Lost updates are a race, so allow a few attempts; on 2+ cores with
  // 4 x 300,000 increments, the first attempt loses updates in practice.
  bool lost = false;
  for (int attempt = 0; attempt < 5 && !lost; ++attempt) {
    auto [counter, expected] = counter_run("off");
    REQUIRE(counter <= expected);
    lost = counter < expected;
  }
  CHECK(lost);
}

TEST_CASE("command strings and argv and exit codes behave like python") {
  auto result = run_gilfree({"python", "-c", "import sys; print(sys.argv[1:]); sys.exit(7)", "a", "-b"});
  CHECK(result.out == "['a', '-b']\n");
  CHECK(result.exit_code == 7);

  result = run_gilfree({"python", "-c", "raise SystemExit('bye')"});
  CHECK(result.exit_code == 1);
  CHECK(result.err == "bye\n");

  result = run_gilfree({"python", "-c", "1/0"});
  CHECK(result.exit_code == 1);
  CHECK(result.err.find("ZeroDivisionError") != std::string::npos);
}

TEST_CASE("a script, a module and stdin run like python") {
  TempDir dir;
  auto script = dir.write("hello.py", "import sys\nprint('script', __name__, sys.argv[1])\n");
  auto result = run_gilfree({"python", script.string(), "arg"});
  CHECK(result.out == "script __main__ arg\n");

  gilfree::runtime::ChildOptions with_input;
  with_input.input = "{\"a\": 1}";
  result = run_gilfree({"python", "-m", "json.tool"}, with_input);
  CHECK(result.out == "{\n    \"a\": 1\n}\n");

  with_input.input = "print('from stdin')\n";
  result = run_gilfree({"python", "-"}, with_input);
  CHECK(result.out == "from stdin\n");
}

TEST_CASE("death by signal propagates") {
  auto result = run_gilfree({"python", "-c", "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)"});
  CHECK(result.signal == SIGSEGV);
  result = run_gilfree({"python", "-c", "import os, signal; os.kill(os.getpid(), signal.SIGTERM)"});
  CHECK(result.signal == SIGTERM);
  // An uncaught KeyboardInterrupt ends python by SIGINT, as the shell expects.
  result = run_gilfree({"python", "-c", "raise KeyboardInterrupt"});
  CHECK(result.signal == SIGINT);
}

TEST_CASE("python -m pytest runs a test file in the embedded runtime") {
  TempDir dir;
  dir.write("test_sample.py",
            "import sys\n"
            "def test_gil_is_off():\n    assert not sys._is_gil_enabled()\n"
            "def test_fails():\n    assert 1 == 2\n");
  auto result = run_gilfree({"python", "--gil", "off", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             (dir.path() / "test_sample.py").string()});
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("1 failed, 1 passed") != std::string::npos);
}

TEST_CASE("python option errors are reported by python with exit 2") {
  auto result = run_gilfree({"python", "-Z"});
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("Unknown option: -Z") != std::string::npos);
}

TEST_CASE("an unknown gil value is one line and exit 2") {
  auto result = run_gilfree({"python", "--gil", "maybe", "-c", "pass"});
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("gilfree: error:") == 0);
  CHECK(result.err.find("maybe") != std::string::npos);
  CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
}

TEST_CASE("a missing runtime is one line and exit 2 while help still works") {
  gilfree::runtime::ChildOptions options;
  options.env = {{"GILFREE_RUNTIME", "/nonexistent/gilfree-runtime"}};
  auto result = run_gilfree({"python", "-c", "pass"}, options);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("gilfree: error: cannot load the embedded runtime") == 0);
  CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);

  result = run_gilfree({"--help"}, options);
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("python") != std::string::npos);
}
