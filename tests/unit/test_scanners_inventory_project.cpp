#include <catch2/catch.hpp>

#include "support/e2e.hpp"
#include "scanners/inventory/inventory_project.hpp"

using namespace gilfree::scanners;
using gilfree::test::TempDir;

namespace {

DeclaredDependency dep(const std::string& name, const std::string& group, const std::string& specifier = "",
                       const std::string& version = "", const std::string& path = "pyproject.toml", int line = 1) {
  DeclaredDependency d;
  d.name = name;
  d.group = group;
  d.specifier = specifier;
  d.version = version;
  d.path = path;
  d.line = line;
  return d;
}

const DependencyEntry& entry(const std::vector<DependencyEntry>& entries, const std::string& name) {
  for (const auto& e : entries) {
    if (e.name == name) return e;
  }
  FAIL("no entry " << name);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("inventory: verdicts from the knowledge file locked versions and specifiers") {
  auto knowledge = Knowledge::load_shipped();
  auto entries = assess_dependencies(
      {
          dep("NumPy", "project", ">=1.20"),
          dep("numpy", "lock", "", "1.26.4", "uv.lock", 9),
          dep("pandas", "project", ">=2.0,<2.2"),
          dep("scipy", "requirements", "==1.15.2", "1.15.2", "requirements.txt", 3),
          dep("pillow", "project", ">=10"),
          dep("pycrypto", "project"),
          dep("requests", "project"),
          dep("lxml", "project"),
          dep("our-internal-lib", "project"),
          dep("six", "lock", "", "1.16.0", "uv.lock", 20),
          dep("scikit-learn", "constraint", "==1.5.0", "1.5.0", "constraints.txt", 1),
          dep("matplotlib", "constraint", "==3.9.0", "3.9.0", "constraints.txt", 2),
          dep("matplotlib", "requirements", "", "", "requirements.txt", 4),
      },
      knowledge, nullptr);
  std::vector<std::string> names;
  for (const auto& e : entries) names.push_back(e.name + (e.direct ? "" : "(locked)"));
  // Constraint-only names are not dependencies; direct ones first, in file order.
  CHECK(names == std::vector<std::string>{"NumPy", "pandas", "scipy", "pillow", "pycrypto", "requests", "lxml",
                                          "our-internal-lib", "matplotlib", "six(locked)"});
  CHECK(entry(entries, "NumPy").verdict == "blocker");
  CHECK(entry(entries, "NumPy").reason.rfind("1.26.4 (uv.lock:9) is older than 2.1.0", 0) == 0);
  CHECK(entry(entries, "pandas").verdict == "blocker");
  CHECK(entry(entries, "pandas").reason.rfind("'>=2.0,<2.2' (pyproject.toml:1) excludes 2.2.3", 0) == 0);
  CHECK(entry(entries, "scipy").verdict == "ok");
  CHECK(entry(entries, "pillow").verdict == "ok");
  CHECK(entry(entries, "pillow").reason.rfind("needs >= 11.0.0", 0) == 0);
  CHECK(entry(entries, "pycrypto").verdict == "blocker");
  CHECK(entry(entries, "requests").verdict == "ok");
  CHECK(entry(entries, "lxml").verdict == "unknown");
  CHECK(entry(entries, "our-internal-lib").verdict == "unknown");
  CHECK(entry(entries, "our-internal-lib").reason == "not in the knowledge file");
  CHECK(entry(entries, "matplotlib").verdict == "blocker");  // pinned by the constraint below 3.10.0
  CHECK(entry(entries, "matplotlib").version_from == "constraints.txt:2");
  CHECK(entry(entries, "six").verdict == "ok");
}

TEST_CASE("inventory: declarations for other interpreters do not hold the target back") {
  auto knowledge = Knowledge::load_shipped();
  auto old_numpy = dep("numpy", "project", "<2");
  old_numpy.marker = "python_version < '3.10'";
  auto new_numpy = dep("numpy", "project", ">=2.1");
  new_numpy.marker = "python_version >= '3.10'";
  auto pinned = dep("scipy", "requirements", "==1.10.1", "1.10.1");
  pinned.marker = "python_version < '3.9'";
  auto pypy_only = dep("pandas", "project", "<2");
  pypy_only.marker = "platform_python_implementation == 'PyPy'";
  auto entries = assess_dependencies({old_numpy, new_numpy, pinned, pypy_only}, knowledge, nullptr, {"3.13", "3.13.5"});
  CHECK(entry(entries, "numpy").verdict == "ok");
  CHECK(entry(entries, "numpy").declarations.size() == 2);  // both still listed
  CHECK(entry(entries, "scipy").verdict == "ok");
  CHECK(entry(entries, "scipy").version.empty());  // the pin is for Python 3.8
  CHECK(entry(entries, "scipy").reason == "not installed on CPython 3.13: 'python_version < '3.9''");
  CHECK(entry(entries, "pandas").verdict == "ok");

  // Without a target the markers are unknown, and the cap counts.
  auto unknown_target = assess_dependencies({old_numpy}, knowledge, nullptr);
  CHECK(entry(unknown_target, "numpy").verdict == "blocker");
}

TEST_CASE("inventory: the probe decides for packages the knowledge file cannot") {
  auto knowledge = Knowledge::load_shipped();
  ProbeReport probe;
  ProbedModule good;
  good.module = "fastlib._core";
  good.distributions = {"FastLib"};
  good.outcome = ImportOutcome::gil_stays_off;
  ProbedModule bad;
  bad.module = "lxml.etree";
  bad.distributions = {"lxml"};
  bad.outcome = ImportOutcome::gil_reenabled;
  bad.detail = "RuntimeWarning: ...";
  probe.modules = {good, bad};
  auto entries = assess_dependencies({dep("fastlib", "project"), dep("lxml", "project")}, knowledge, &probe);
  CHECK(entry(entries, "fastlib").verdict == "ok");
  CHECK(entry(entries, "fastlib").reason == "probe: all 1 of its installed extension modules keep the GIL off");
  CHECK(entry(entries, "lxml").verdict == "blocker");
  CHECK(entry(entries, "lxml").reason.rfind("probe: importing lxml.etree gave gil-reenabled", 0) == 0);
}

TEST_CASE("inventory: dependency files are found at the root and in requirements/") {
  TempDir dir;
  dir.write("pyproject.toml", "");
  dir.write("requirements.txt", "");
  dir.write("requirements-dev.in", "");
  dir.write("requirements/test.txt", "");
  dir.write("requirements/notes.md", "");
  dir.write("uv.lock", "");
  dir.write("pdm.lock", "");
  dir.write("other.txt", "");
  std::vector<std::string> names;
  for (const auto& file : find_dependency_files(dir.path())) {
    names.push_back(file.lexically_relative(dir.path()).generic_string());
  }
  // Paths sort by component: the requirements/ directory comes before requirements-dev.in.
  CHECK(names == std::vector<std::string>{"pyproject.toml", "requirements/test.txt", "requirements-dev.in",
                                          "requirements.txt", "uv.lock", "pdm.lock"});
}

TEST_CASE("inventory: without --python the probe runs in the project's environment when there is one") {
  TempDir dir;
  dir.write("proj/requirements.txt", "fastlib\n");
  // A stand-in for the environment's python: it answers the probe's listing with no modules.
  auto fake = dir.write("env/bin/python3",
                        "#!/bin/sh\necho '@@gilfree-probe@@{\"free_threaded\": true, \"version\": \"3.13.5\", "
                        "\"executable\": \"/fake/env/bin/python3\", \"modules\": []}'\n");
  std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
  InventoryOptions options;
  options.root = dir.path() / "proj";
  options.sources = false;
  std::vector<std::filesystem::path> asked;
  options.project_env = [&](const std::filesystem::path& root) -> std::optional<ProbeEnvironment> {
    asked.push_back(root);
    return ProbeEnvironment{fake, "environment .gilfree/env/0123456789abcdef (reused; project: sys.path)",
                            {{"key", "0123456789abcdef"}}};
  };

  auto inventory = run_inventory(options);
  CHECK(asked == std::vector<std::filesystem::path>{std::filesystem::canonical(dir.path() / "proj")});
  REQUIRE(inventory.probe);
  CHECK(inventory.probe->python == "/fake/env/bin/python3");
  CHECK(inventory_to_text(inventory).find("\n  environment .gilfree/env/0123456789abcdef (reused; project: sys.path)\n") !=
        std::string::npos);
  auto json = inventory_to_json(inventory);
  CHECK(json["probe"]["environment"]["key"] == "0123456789abcdef");
  CHECK(json["probe"]["environment"]["summary"] == "environment .gilfree/env/0123456789abcdef (reused; project: sys.path)");

  // --python: the user's interpreter, the project's environment is not asked for.
  asked.clear();
  options.python = fake;
  inventory = run_inventory(options);
  CHECK(asked.empty());
  CHECK(!inventory.environment);
  CHECK(inventory_to_json(inventory)["probe"]["environment"].is_null());
  // --no-probe: nothing to run, no environment either.
  options.python.reset();
  options.probe = false;
  inventory = run_inventory(options);
  CHECK(asked.empty());
}

TEST_CASE("problem_lines folds a message many files share into one line") {
  std::vector<InventoryProblem> problems = {{"a.c", 0, "did not parse"}, {"req.txt", 3, "bad line"}, {"b.c", 0, "did not parse"},
                                            {"c.c", 0, "did not parse"}, {"d.c", 0, "did not parse"}};
  CHECK(problem_lines(problems) ==
        std::vector<std::string>{"4 files (a.c, b.c, c.c, ...; the JSON report lists them all): did not parse", "req.txt:3: bad line"});
  problems.pop_back();
  CHECK(problem_lines(problems) ==
        std::vector<std::string>{"a.c: did not parse", "req.txt:3: bad line", "b.c: did not parse", "c.c: did not parse"});
}
