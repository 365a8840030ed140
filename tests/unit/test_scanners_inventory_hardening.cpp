// Inventory inputs that are not regular files: a repository's requirements
// file may include (or be a symbolic link to) /dev/zero or a FIFO. Reading one
// must give a one-line problem, never read forever or block.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>

#include "scanners/inventory/inventory_requirements.hpp"
#include "scanners/inventory/inventory_text_file.hpp"
#include "support/e2e.hpp"

using namespace gilfree::scanners;
using gilfree::test::TempDir;

TEST_CASE("inventory hardening: a device file is not read") {
  std::string problem;
  CHECK(!read_text_file("/dev/zero", problem));
  CHECK(problem == "not a regular file; skipped");
}

TEST_CASE("inventory hardening: a FIFO is not opened") {
  TempDir dir;
  auto fifo = dir.path() / "requirements.txt";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string problem;
  CHECK(!read_text_file(fifo, problem));
  CHECK(problem == "not a regular file; skipped");
}

TEST_CASE("inventory hardening: a requirements file that is a link to /dev/zero is a problem") {
  TempDir dir;
  std::filesystem::create_symlink("/dev/zero", dir.path() / "requirements.txt");
  DependencyScan scan;
  RequirementsReader(dir.path(), scan).read(dir.path() / "requirements.txt");
  CHECK(scan.dependencies.empty());
  REQUIRE(scan.problems.size() == 1);
  CHECK(scan.problems[0].path.find("requirements.txt") != std::string::npos);
  CHECK(scan.problems[0].message == "not a regular file; skipped");
}

TEST_CASE("inventory hardening: a marker nested 100000 parentheses deep is an error, not a stack overflow") {
  std::string marker = std::string(100000, '(') + "python_version >= \"3\"" + std::string(100000, ')');
  auto parsed = parse_requirement("numpy; " + marker);
  CHECK(parsed.error.find("nested more than 100 parentheses deep") != std::string::npos);
  CHECK(!evaluate_marker(marker, MarkerEnvironment{"3.13", "3.13.5"}));
  // Moderate nesting still parses and evaluates.
  std::string nested = std::string(50, '(') + "python_version >= \"3\"" + std::string(50, ')');
  CHECK(parse_requirement("numpy; " + nested).error.empty());
  CHECK(evaluate_marker(nested, MarkerEnvironment{"3.13", "3.13.5"}) == std::optional<bool>(true));
}
