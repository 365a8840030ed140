#include <catch2/catch.hpp>

#include "support/e2e.hpp"
#include "scanners/inventory/inventory_pyproject.hpp"

using namespace gilfree::scanners;
using gilfree::test::TempDir;

namespace {

DependencyScan read(const std::string& content) {
  TempDir dir;
  dir.write("pyproject.toml", content);
  DependencyScan scan;
  read_pyproject(dir.path() / "pyproject.toml", dir.path(), scan);
  return scan;
}

std::vector<std::string> summary(const DependencyScan& scan) {
  std::vector<std::string> out;
  for (const auto& d : scan.dependencies) {
    out.push_back(d.name + "|" + d.group + "|" + std::to_string(d.line) + "|" + d.specifier + "|" + d.version);
  }
  return out;
}

std::vector<std::string> problems(const DependencyScan& scan) {
  std::vector<std::string> out;
  for (const auto& p : scan.problems) out.push_back(p.path + ":" + std::to_string(p.line) + ": " + p.message);
  return out;
}

}  // namespace

TEST_CASE("inventory: pyproject: PEP 621 dependencies optional dependencies and PEP 735 groups") {
  auto scan = read(R"([project]
name = "demo"
dependencies = [
  "numpy>=2.1",
  "pandas==2.2.3; python_version >= '3.10'",
]
[project.optional-dependencies]
fast = ["orjson>=3"]
[dependency-groups]
test = ["pytest>=8", {include-group = "lint"}]
lint = ["ruff"]
)");
  CHECK(problems(scan).empty());
  CHECK(summary(scan) == std::vector<std::string>{
                             "numpy|project|4|>=2.1|",
                             "pandas|project|5|==2.2.3|2.2.3",
                             "orjson|extra:fast|8|>=3|",
                             "ruff|group:lint|11||",  // toml++ tables iterate in key order
                             "pytest|group:test|10|>=8|",
                         });
}

TEST_CASE("inventory: pyproject: Poetry dependencies groups and dev-dependencies") {
  auto scan = read(R"([tool.poetry.dependencies]
python = "^3.13"
numpy = "^1.26"
lxml = { version = "5.3.0", extras = ["html_clean"] }
pillow = [
  { version = "11.0.0", markers = "sys_platform == 'linux'" },
  { version = "^11", markers = "sys_platform != 'linux'" },
]
mylib = { git = "https://example.com/mylib.git" }
[tool.poetry.group.test.dependencies]
pytest = "*"
[tool.poetry.dev-dependencies]
black = "24.1.0"
)");
  CHECK(problems(scan).empty());
  CHECK(summary(scan) == std::vector<std::string>{
                             "lxml|poetry:main|4|5.3.0|5.3.0",
                             "mylib|poetry:main|9|@ https://example.com/mylib.git|",
                             "numpy|poetry:main|3|^1.26|",
                             "pillow|poetry:main|6|11.0.0|11.0.0",
                             "pillow|poetry:main|7|^11|",
                             "black|poetry:dev|13|24.1.0|24.1.0",
                             "pytest|poetry:test|11||",
                         });
  REQUIRE(!scan.dependencies.empty());
  CHECK(scan.dependencies[0].extras == std::vector<std::string>{"html_clean"});
}

TEST_CASE("inventory: pyproject: malformed TOML names the line: wrong shapes are reported and the rest is read") {
  auto broken = read("[project]\nname = \"demo\"\ndependencies = [\"numpy\",\n  \"pandas\"\n[tool.x]\n");
  auto list = problems(broken);
  REQUIRE(list.size() == 1);
  CHECK(list[0].rfind("pyproject.toml:5: invalid TOML: ", 0) == 0);
  CHECK(broken.dependencies.empty());

  auto shapes = read(R"([project]
dependencies = "numpy"
optional-dependencies = { fast = [1, "orjson", "bad name!"] }
[dependency-groups]
a = [{include-group = "b"}, "scipy"]
b = [{include-group = "a"}]
c = [{include-group = "nope"}]
d = "pytest"
[tool.poetry.dependencies]
requests = 3
)");
  auto messages = problems(shapes);
  REQUIRE(messages.size() == 8);
  CHECK(messages[0] == "pyproject.toml:2: 'project.dependencies' must be an array of requirement strings");
  CHECK(messages[1] == "pyproject.toml:3: 'project.optional-dependencies.fast' entries must be strings");
  CHECK(messages[2].rfind("pyproject.toml:3: invalid requirement in 'project.optional-dependencies.fast': unexpected 'name!'", 0) == 0);
  CHECK(messages[3].rfind("pyproject.toml:5: 'dependency-groups.a' includes 'b', which includes 'a' again (a cycle)", 0) == 0);
  CHECK(messages[4].rfind("pyproject.toml:6: 'dependency-groups.b' includes 'a', which includes 'b' again", 0) == 0);
  CHECK(messages[5] == "pyproject.toml:7: 'dependency-groups.c' includes group 'nope', which is not defined");
  CHECK(messages[6] == "pyproject.toml:8: 'dependency-groups.d' must be an array");
  CHECK(summary(shapes) == std::vector<std::string>{"orjson|extra:fast|3||", "scipy|group:a|5||"});
  CHECK(messages[7] == "pyproject.toml:10: 'tool.poetry.dependencies.requests' must be a version string or a table");
}
