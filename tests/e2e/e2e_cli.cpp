// End-to-end: the top-level command line, --version, --help, doctor.
#include <catch2/catch.hpp>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "support/e2e.hpp"

using gilfree::test::run_gilfree;

TEST_CASE("the version flag prints the version") {
  auto result = run_gilfree({"--version"});
  CHECK(result.exit_code == 0);
  CHECK(result.out == "gilfree " GILFREE_VERSION "\n");
}

TEST_CASE("help lists the commands and each listed command answers help") {
  auto result = run_gilfree({"--help"});
  REQUIRE(result.exit_code == 0);
  auto at = result.out.find("Subcommands:");
  REQUIRE(at != std::string::npos);
  std::istringstream lines(result.out.substr(at));
  std::string line;
  std::getline(lines, line);
  int listed = 0;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string command;
    if (!(words >> command)) continue;
    ++listed;
    INFO(command);
    CHECK(run_gilfree({command, "--help"}).exit_code == 0);
  }
  CHECK(listed >= 2);
}

TEST_CASE("no command or an unknown one is a usage error") {
  CHECK(run_gilfree({}).exit_code == 2);
  auto result = run_gilfree({"frobnicate"});
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("gilfree: error:") == 0);
}

TEST_CASE("doctor measures each mode in a child process") {
  auto result = run_gilfree({"doctor", "--json"});
  REQUIRE(result.exit_code == 0);
  auto report = nlohmann::json::parse(result.out);
  CHECK(report["usable"] == true);
  CHECK(report["modes"]["gil"]["gil_enabled"] == true);
  CHECK(report["modes"]["nogil"]["gil_enabled"] == false);
  CHECK(report["modes"]["default"]["gil_enabled"] == false);
  CHECK(report["modes"]["default"]["free_threaded"] == true);
  CHECK(report["modes"]["default"]["pytest"].is_string());
  CHECK(report["runtime"]["prefix"] == gilfree::test::runtime_prefix().string());
}

TEST_CASE("doctor finds another free-threaded interpreter on PATH") {
  gilfree::test::TempDir dir;
  std::filesystem::create_symlink(gilfree::test::runtime_python(), dir.path() / "python3.13t");
  gilfree::runtime::ChildOptions options;
  options.env = {{"PATH", dir.path().string() + ":/usr/bin:/bin"}};
  auto result = run_gilfree({"doctor", "--json"}, options);
  auto report = nlohmann::json::parse(result.out);
  bool found = false;
  for (const auto& other : report["other_interpreters"]) {
    if (other["path"] == (dir.path() / "python3.13t").string()) {
      found = true;
      CHECK(other["free_threaded"] == true);
      CHECK(other["source"] == "PATH");
    }
  }
  CHECK(found);
}

TEST_CASE("doctor exits 1 with what to do when the runtime is unusable") {
  gilfree::runtime::ChildOptions options;
  options.env = {{"GILFREE_RUNTIME", "/nonexistent/gilfree-runtime"}};
  auto result = run_gilfree({"doctor"}, options);
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("problem: cannot load the embedded runtime") != std::string::npos);
  CHECK(result.out.find("make build") != std::string::npos);
}

TEST_CASE("a mistyped command or option gets one line with the closest name and the command's own help") {
  auto command = run_gilfree({"scna", "."});
  CHECK(command.exit_code == 2);
  CHECK(command.err == "gilfree: error: unknown command 'scna'; did you mean scan? (see 'gilfree --help' for the commands)\n");
  auto option = run_gilfree({"scan", "--selct", "FT001", "."});
  CHECK(option.exit_code == 2);
  CHECK(option.err.find("--selct; did you mean --select? (see 'gilfree scan --help')\n") != std::string::npos);
  auto nested = run_gilfree({"rules", "list", "--jsn"});
  CHECK(nested.exit_code == 2);
  CHECK(nested.err.find("(see 'gilfree rules list --help')") != std::string::npos);
  auto far = run_gilfree({"run", "--zzzzzzzz", "."});
  CHECK(far.exit_code == 2);
  CHECK(far.err.find("did you mean") == std::string::npos);
  CHECK(std::count(far.err.begin(), far.err.end(), '\n') == 1);
}
