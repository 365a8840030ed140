// End-to-end: `gilfree run` refuses bad input before any work, in one line with exit 2
// (numbers out of range, outputs that cannot be written, an interpreter that is not a
// Python, a ROOT that is a file), and docs/run.md lists exactly the options --help shows.
#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>
#include <set>
#include <sstream>

#include "e2e/e2e_run_support.hpp"

using namespace gilfree::test;

namespace {

// One line, exit 2, the needle in it, and no run started (no .gilfree/run in the project).
void check_refused(const TempDir& dir, std::vector<std::string> args, const std::string& needle) {
  args.insert(args.begin(), {"run", dir.path().string()});
  auto result = run_gilfree(args);
  INFO(result.out << result.err);
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err.rfind("gilfree: error: ", 0) == 0);
  CHECK(result.err.find(needle) != std::string::npos);
  CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
  CHECK(result.err.size() < 400);
  CHECK(!std::filesystem::exists(dir.path() / ".gilfree" / "run"));
}

std::set<std::string> long_options(const std::string& text) {
  static const std::regex option(R"((^|[\s`,|])(--[a-z][a-z-]+))");
  std::set<std::string> found;
  for (std::sregex_iterator it(text.begin(), text.end(), option), end; it != end; ++it) found.insert((*it)[2]);
  return found;
}

}  // namespace

TEST_CASE("run: numbers out of range are one line and exit 2, before any work") {
  TempDir dir;
  dir.write("tests/test_ok.py", "def test_ok():\n    pass\n");
  check_refused(dir, {"--timeout", "0"}, "--timeout '0' is out of range; give 1 to 86400 seconds");
  check_refused(dir, {"--timeout=-5"}, "--timeout '-5' is out of range");
  check_refused(dir, {"--timeout", std::string(300, '9')}, "is out of range; give 1 to 86400 seconds");
  check_refused(dir, {"--timeout", "1e3"}, "--timeout '1e3' is not a whole number");
  check_refused(dir, {"--timeout", "99999999"}, "--timeout '99999999' is out of range");
  check_refused(dir, {"--repeat", "0"}, "--repeat '0' is out of range; give 1 to 1000 runs");
  check_refused(dir, {"--repeat", "100000"}, "--repeat '100000' is out of range");
  check_refused(dir, {"--threads", "0"}, "--threads '0' is out of range; give 1 to 1024 threads");
  check_refused(dir, {"--threads", "two"}, "--threads 'two' is not a whole number");
  check_refused(dir, {"-j", "0"}, "--jobs '0' is out of range; give 1 to 256 mode runs");
  check_refused(dir, {"--jobs", "9999"}, "--jobs '9999' is out of range");
}

TEST_CASE("run: outputs that cannot be written, a non-Python --python and a file as ROOT are refused before any work") {
  TempDir dir;
  dir.write("tests/test_ok.py", "def test_ok():\n    pass\n");
  auto file = dir.write("notes.txt", "not a directory\n");
  check_refused(dir, {"--junit-xml", "/tmp"}, "--junit-xml /tmp is a directory");
  check_refused(dir, {"--json", dir.path().string()}, "--json " + dir.path().string() + " is a directory");
  check_refused(dir, {"--json", (file / "run.json").string()}, file.string() + " is a file, not a directory");
  check_refused(dir, {"--junit-xml", "/sys/gilfree-run.xml"}, "--junit-xml /sys/gilfree-run.xml: cannot create a file in /sys");
  check_refused(dir, {"--python", "/bin/ls"}, "cannot run /bin/ls as a Python interpreter");
  auto ls = run_gilfree({"run", dir.path().string(), "--python", "/bin/ls"});
  CHECK(ls.err.find("import json") == std::string::npos);  // the probe script is not echoed
  check_refused(dir, {"--python", "/bin/cat"}, "cannot run /bin/cat as a Python interpreter");

  TempDir elsewhere;
  auto readme = elsewhere.write("README.md", "# a file, not a project\n");
  auto result = run_gilfree({"run", readme.string()});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 2);
  CHECK(result.err == "gilfree: error: ROOT " + readme.string() +
                          " is a file, not a directory; pass the project's folder (test files go after --: "
                          "gilfree run -- tests/test_x.py)\n");
}

TEST_CASE("run: docs/run.md lists exactly the options of gilfree run --help") {
  auto help = run_gilfree({"run", "--help"});
  REQUIRE(help.exit_code == 0);
  auto from_help = long_options(help.out);
  from_help.erase("--help");
  auto doc = slurp_file(std::filesystem::path(GILFREE_SOURCE_DIR) / "docs" / "run.md");
  auto start = doc.find("\n## Options\n");
  REQUIRE(start != std::string::npos);
  auto end = doc.find("\n## ", start + 1);
  auto table = doc.substr(start, end - start);
  std::set<std::string> documented;
  std::istringstream rows(table);
  for (std::string row; std::getline(rows, row);) {
    if (row.rfind("| `", 0) != 0) continue;
    auto cell = row.substr(0, row.find('|', 1));
    for (const auto& option : long_options(cell)) documented.insert(option);
  }
  CHECK(documented == from_help);
  CHECK(from_help.count("--no-progress") == 1);
  CHECK(from_help.count("--repeat") == 1);
}
