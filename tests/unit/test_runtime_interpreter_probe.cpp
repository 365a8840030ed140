#include <catch2/catch.hpp>

#include <cstdlib>

#include "common/errors.hpp"
#include "runtime/interpreter_probe.hpp"
#include "support/e2e.hpp"

using gilfree::runtime::interpreter_path;
using gilfree::test::TempDir;

TEST_CASE("interpreter path: a virtualenv's bin/python3, a bare name on PATH, else as given") {
  TempDir dir;
  dir.write("venv/bin/python3", "");
  dir.write("prefix/bin/python", "");
  CHECK(interpreter_path(dir.path() / "venv") == dir.path() / "venv" / "bin" / "python3");
  CHECK(interpreter_path(dir.path() / "prefix") == dir.path() / "prefix" / "bin" / "python");
  std::filesystem::create_directories(dir.path() / "empty");
  CHECK_THROWS_AS(interpreter_path(dir.path() / "empty"), gilfree::UserError);
  CHECK(interpreter_path(dir.path() / "missing" / "python") == dir.path() / "missing" / "python");

  dir.write("tools/python3.99t", "");
  const char* saved = std::getenv("PATH");
  std::string old_path = saved == nullptr ? "" : saved;
  setenv("PATH", ("/nonexistent::" + (dir.path() / "tools").string()).c_str(), 1);
  auto found = interpreter_path("python3.99t");
  auto missing = interpreter_path("python3.98t");
  setenv("PATH", old_path.c_str(), 1);
  CHECK(found == dir.path() / "tools" / "python3.99t");
  CHECK(missing == "python3.98t");
}
