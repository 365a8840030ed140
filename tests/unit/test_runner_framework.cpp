#include <catch2/catch.hpp>

#include "support/e2e.hpp"
#include <stdlib.h>

#include <fstream>

#include "runner/child_launcher.hpp"
#include "runtime/python_helpers.hpp"
#include "runner/framework.hpp"
#include "common/errors.hpp"

using namespace gilfree::runner;

namespace {

// A directory of its own per test: CTest runs test cases in parallel processes.
struct Project {
  gilfree::test::TempDir temp;
  std::filesystem::path root = temp.path();
  void write(const std::string& relative, const std::string& text) const {
    std::filesystem::create_directories((root / relative).parent_path());
    std::ofstream(root / relative) << text;
  }
};

}  // namespace

TEST_CASE("the framework is detected from configuration, then from test files") {
  {
    Project project;
    project.write("tests/test_a.py", "import unittest\nclass T(unittest.TestCase):\n    pass\n");
    CHECK(detect_framework(project.root) == Framework::unittest);
    project.write("tests/test_b.py", "import pytest\n");
    CHECK(detect_framework(project.root) == Framework::pytest);
  }
  {
    Project project;
    project.write("tests/test_a.py", "import unittest\n");
    project.write("pyproject.toml", "[tool.pytest.ini_options]\naddopts = \"-q\"\n");
    CHECK(detect_framework(project.root) == Framework::pytest);
  }
  {
    Project project;  // plain functions: pytest
    project.write("test_plain.py", "def test_x():\n    pass\n");
    CHECK(detect_framework(project.root) == Framework::pytest);
    // Virtual environments are not the project's tests.
    project.write(".venv/lib/test_vendored.py", "import unittest\n");
    CHECK(detect_framework(project.root) == Framework::pytest);
  }
}

TEST_CASE("the child runs pytest with our plugin, or our unittest runner") {
  auto pytest = framework_arguments(Framework::pytest, {"-k", "slow"});
  CHECK(std::find(pytest.begin(), pytest.end(), "gilfree_pytest_plugin") != pytest.end());
  CHECK(pytest.back() == "slow");
  CHECK(framework_arguments(Framework::unittest, {"test.test_list"}) ==
        std::vector<std::string>{"-m", "gilfree_unittest", "test.test_list"});
  CHECK(std::filesystem::exists(gilfree::runtime::python_helpers_dir() / "gilfree_pytest_plugin.py"));
  CHECK(std::filesystem::exists(gilfree::runtime::python_helpers_dir() / "gilfree_unittest.py"));
}
