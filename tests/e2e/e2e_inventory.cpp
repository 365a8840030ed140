// gilfree inventory end to end: declared dependencies from every format,
// malformed input, and user mistakes.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

#include "support/e2e.hpp"

using gilfree::test::run_gilfree;
using gilfree::test::TempDir;

namespace {

void write_project(const TempDir& dir) {
  dir.write("pyproject.toml", R"([project]
name = "demo"
dependencies = [
  "numpy>=1.26",
  "pandas[performance]>=2.2; python_version >= '3.10'",
  "requests",
  "lxml",
]
[project.optional-dependencies]
speed = ["orjson>=3"]
[dependency-groups]
test = ["pytest>=8"]
)");
  dir.write("requirements.txt", "# runtime pins\n-r requirements/base.txt\n-c constraints.txt\nmatplotlib\n");
  dir.write("requirements/base.txt", "scipy==1.14.1 \\\n    --hash=sha256:0123abcd\npillow>=11 ; sys_platform == 'linux'\n"
                                    "scikit-learn<1.6 ; python_version < '3.13'\n");
  dir.write("constraints.txt", "matplotlib==3.10.0\n");
  dir.write("uv.lock", R"(version = 1
requires-python = ">=3.13"

[[package]]
name = "demo"
version = "0.1.0"
source = { editable = "." }

[[package]]
name = "numpy"
version = "1.26.4"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "pandas"
version = "2.2.3"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "six"
version = "1.16.0"
source = { registry = "https://pypi.org/simple" }
)");
}

const nlohmann::json& dependency(const nlohmann::json& report, const std::string& name) {
  for (const auto& d : report["dependencies"]) {
    if (d["name"] == name) return d;
  }
  FAIL("no dependency " << name);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("inventory: pyproject requirements with includes and uv.lock give the right list and statuses") {
  TempDir dir;
  write_project(dir);
  auto result = run_gilfree({"inventory", dir.path().string(), "--no-probe", "--format", "json"});
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.err.empty());
  auto report = nlohmann::json::parse(result.out);
  std::vector<std::string> names;
  for (const auto& d : report["dependencies"]) {
    names.push_back(d["name"].get<std::string>() + (d["direct"].get<bool>() ? "" : " (locked)"));
  }
  CHECK(names == std::vector<std::string>{"numpy", "pandas", "requests", "lxml", "orjson", "pytest", "scipy",
                                          "pillow", "scikit-learn", "matplotlib", "six (locked)"});
  auto verdict = [&](const std::string& name) { return dependency(report, name)["verdict"].get<std::string>(); };
  CHECK(verdict("numpy") == "blocker");  // locked 1.26.4 < 2.1.0
  CHECK(dependency(report, "numpy")["version"] == "1.26.4");
  CHECK(dependency(report, "numpy")["version_from"] == "uv.lock:9");
  CHECK(dependency(report, "numpy")["knowledge"]["first_version"] == "2.1.0");
  CHECK(dependency(report, "numpy")["knowledge"]["date"] == "2024-08");
  CHECK(verdict("pandas") == "ok");
  CHECK(dependency(report, "pandas")["declared"][0]["extras"] == nlohmann::json::array({"performance"}));
  CHECK(verdict("requests") == "ok");
  CHECK(verdict("lxml") == "unknown");
  CHECK(verdict("orjson") == "unknown");
  CHECK(dependency(report, "orjson")["declared"][0]["group"] == "extra:speed");
  CHECK(dependency(report, "pytest")["declared"][0]["group"] == "group:test");
  CHECK(verdict("scipy") == "blocker");  // pinned 1.14.1 < 1.15.0
  CHECK(dependency(report, "scipy")["declared"][0]["path"] == "requirements/base.txt");
  CHECK(dependency(report, "scipy")["declared"][0]["line"] == 1);
  CHECK(verdict("pillow") == "ok");
  CHECK(verdict("scikit-learn") == "ok");  // '<1.6' is only for Python < 3.13
  CHECK(dependency(report, "scikit-learn")["reason"] == "not installed on CPython 3.13: 'python_version < '3.13''");
  CHECK(verdict("matplotlib") == "ok");  // the constraint pins a supported version
  CHECK(dependency(report, "matplotlib")["version_from"] == "constraints.txt:1");
  CHECK(verdict("six") == "ok");  // pure Python
  // requirements/*.txt are read as top-level files too; an include of one already read is not read again.
  CHECK(report["files"] == nlohmann::json::array({"pyproject.toml", "requirements/base.txt", "requirements.txt",
                                                  "constraints.txt", "uv.lock"}));
  CHECK(report["summary"]["blockers"] == 2);
  CHECK(report["problems"].empty());
  CHECK(report["probe"]["ran"] == false);

  // Text, with the embedded runtime as it is probed (its site-packages has no extension modules);
  // without --no-env the probe would need the project's environment, with numpy in it.
  auto text = run_gilfree({"inventory", dir.path().string(), "--no-env"});
  INFO(text.out << text.err);
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("BLOCKER  numpy 1.26.4") != std::string::npos);
  CHECK(text.out.find("is older than 2.1.0, the first release with free-threading support") != std::string::npos);
  CHECK(text.out.find("Extension modules: 0 in ") != std::string::npos);
  CHECK(text.out.find("locked, not declared: 1 ok") != std::string::npos);
  CHECK(text.out.find("\n2 blockers, 2 unknown, 0 input problems\n") != std::string::npos);

  auto failing = run_gilfree({"inventory", dir.path().string(), "--no-probe", "--fail-on", "blocker"});
  CHECK(failing.exit_code == 1);
}

TEST_CASE("inventory: malformed TOML lock entries and requirement lines name file and line: the rest is reported") {
  TempDir dir;
  dir.write("pyproject.toml", "[project]\nname = \"demo\"\ndependencies = [\"numpy>=2.1\"\n[tool.other]\n");
  dir.write("requirements.txt", "pandas>=2.2.3\nscipy >> 1.15\nnumpy; python_versoin > '3'\n-r nowhere.txt\npillow\n");
  dir.write("uv.lock", "version = 1\n\n[[package]]\nname = \"orjson\"\nversion = \"3.10.12\"\n\n"
                       "[[package]]\nname = \"lxml\nversion = \"5.3.0\"\n\n[[package]]\nname = \"numpy\"\nversion = \"2.1.3\"\n");
  dir.write("poetry.lock", std::string("\x89PNG\r\n\x1a\n\0\0", 10));
  auto result = run_gilfree({"inventory", dir.path().string(), "--no-probe", "--format", "json"});
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  auto report = nlohmann::json::parse(result.out);
  std::vector<std::string> problems;
  for (const auto& p : report["problems"]) {
    problems.push_back(p["path"].get<std::string>() + ":" + std::to_string(p["line"].get<int>()));
  }
  CHECK(problems == std::vector<std::string>{"pyproject.toml:4", "requirements.txt:2", "requirements.txt:3",
                                             "requirements.txt:4", "uv.lock:8", "poetry.lock:0"});
  CHECK(report["problems"][0]["message"].get<std::string>().rfind("invalid TOML: ", 0) == 0);
  CHECK(report["problems"][2]["message"].get<std::string>().find("unknown marker variable 'python_versoin'") != std::string::npos);
  CHECK(report["problems"][4]["message"].get<std::string>().find("this [[package]] entry is skipped") != std::string::npos);
  CHECK(report["problems"][5]["message"].get<std::string>().find("binary content") != std::string::npos);
  std::vector<std::string> names;
  for (const auto& d : report["dependencies"]) names.push_back(d["name"]);
  CHECK(names == std::vector<std::string>{"pandas", "pillow", "numpy", "orjson"});
  CHECK(dependency(report, "numpy")["version"] == "2.1.3");
  // JSON on stdout stays clean; the problems also go to stderr for a CI log.
  CHECK(result.err.find("gilfree: warning: requirements.txt:2: invalid requirement") != std::string::npos);

  auto text = run_gilfree({"inventory", dir.path().string(), "--no-probe"});
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("Input problems (6; everything else above was still read):") != std::string::npos);
  CHECK(text.out.find("  uv.lock:8: invalid TOML: ") != std::string::npos);
}

TEST_CASE("inventory: user mistakes are one line and exit 2") {
  TempDir dir;
  auto missing = run_gilfree({"inventory", (dir.path() / "nope").string()});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.rfind("gilfree: error: project path ", 0) == 0);
  CHECK(missing.err.find("does not exist") != std::string::npos);
  CHECK(std::count(missing.err.begin(), missing.err.end(), '\n') == 1);

  auto file = dir.write("pyproject.toml", "");
  auto not_dir = run_gilfree({"inventory", file.string()});
  CHECK(not_dir.exit_code == 2);
  CHECK(not_dir.err.find("is not a directory") != std::string::npos);

  auto no_python = run_gilfree({"inventory", dir.path().string(), "--python", (dir.path() / "python9").string()});
  CHECK(no_python.exit_code == 2);
  CHECK(no_python.err.find("--python " + (dir.path() / "python9").string() + " does not exist") != std::string::npos);

  // A bare name is looked up on PATH.
  gilfree::runtime::ChildOptions on_path;
  on_path.env = {{"PATH", gilfree::test::runtime_prefix().string() + "/bin:/usr/bin:/bin"}};
  auto by_name = run_gilfree({"inventory", dir.path().string(), "--python",
                              gilfree::test::runtime_python().filename().string(), "--format", "json"},
                             on_path);
  INFO(by_name.err);
  CHECK(by_name.exit_code == 0);
  CHECK(by_name.out.find("\"python_version\": \"3.13") != std::string::npos);

  // An interpreter with the GIL built in: the probe cannot say anything there.
  auto fake = dir.write("gil-python", "#!/bin/sh\necho '@@gilfree-probe@@{\"free_threaded\": false, \"version\": \"3.12.3\"}'\n");
  std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
  auto gil_build = run_gilfree({"inventory", dir.path().string(), "--python", fake.string()});
  CHECK(gil_build.exit_code == 2);
  CHECK(gil_build.err == "gilfree: error: " + fake.string() +
                             " (Python 3.12.3) is not a free-threaded build; pass --python with a python3.13t or newer\n");

  auto broken = dir.write("broken-python", "#!/bin/sh\necho 'Traceback: boom' >&2\nexit 1\n");
  std::filesystem::permissions(broken, std::filesystem::perms::owner_all);
  auto crashed = run_gilfree({"inventory", dir.path().string(), "--python", broken.string()});
  CHECK(crashed.exit_code == 2);
  CHECK(crashed.err.find("could not list its extension modules (Traceback: boom)") != std::string::npos);

  auto knowledge = dir.write("k.yaml", "schema: 1\npackages:\n  numpy:\n    status: great\n    first-version: unknown\n    source: x\n    date: 2024-01\n");
  auto bad_knowledge = run_gilfree({"inventory", dir.path().string(), "--no-probe", "--knowledge", knowledge.string()});
  CHECK(bad_knowledge.exit_code == 2);
  CHECK(bad_knowledge.err == "gilfree: error: " + knowledge.string() +
                                 ":4: 'numpy' has status 'great' (expected supported, unsupported, pure-python or unknown)\n");

  auto bad_format = run_gilfree({"inventory", dir.path().string(), "--format", "xml"});
  CHECK(bad_format.exit_code == 2);
  CHECK(bad_format.err.rfind("gilfree: error: --format: xml not in {text,json}", 0) == 0);
}

TEST_CASE("inventory: C sources need tree-sitter's C library, without it one line names it and exit 2") {
  TempDir dir;
  dir.write("ext.c", "#include <Python.h>\nPyMODINIT_FUNC PyInit_ext(void) { return NULL; }\n");
  gilfree::runtime::ChildOptions missing_library;
  missing_library.env = {{"GILFREE_C_TREE_SITTER", (dir.path() / "nope.so").string()}};
  auto missing = run_gilfree({"inventory", dir.path().string(), "--no-probe"}, missing_library);
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.rfind("gilfree: error: cannot load " + (dir.path() / "nope.so").string(), 0) == 0);
  CHECK(missing.err.find("or pass --no-sources") != std::string::npos);
  CHECK(std::count(missing.err.begin(), missing.err.end(), '\n') == 1);

  gilfree::runtime::ChildOptions other_library;
  other_library.env = {{"GILFREE_C_TREE_SITTER", "libz.so.1"}};
  auto other = run_gilfree({"inventory", dir.path().string(), "--no-probe"}, other_library);
  CHECK(other.exit_code == 2);
  CHECK(other.err == "gilfree: error: libz.so.1 has no ts_parser_new; it is not tree-sitter 0.20 or newer\n");

  auto skipped = run_gilfree({"inventory", dir.path().string(), "--no-probe", "--no-sources"}, missing_library);
  CHECK(skipped.exit_code == 0);
  auto found = run_gilfree({"inventory", dir.path().string(), "--no-probe", "--format", "json"});
  CHECK(found.exit_code == 0);
  CHECK(found.out.find("\"name\": \"ext\"") != std::string::npos);
}

TEST_CASE("inventory: requirement text that is not UTF-8 is reported and JSON stays valid") {
  TempDir dir;
  dir.write("requirements.txt", "caf\xe9-lib>=1\nnumpy>=2.1\n");
  auto result = run_gilfree({"inventory", dir.path().string(), "--no-probe", "--format", "json"});
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  auto report = nlohmann::json::parse(result.out);
  REQUIRE(report["problems"].size() == 1);
  CHECK(report["problems"][0]["line"] == 1);
  CHECK(report["dependencies"].size() == 1);
  CHECK(report["dependencies"][0]["verdict"] == "ok");
}

TEST_CASE("inventory -o writes the report to a file, and refuses a place where none can be made") {
  TempDir dir;
  dir.write("requirements.txt", "numpy==2.1.0\n");
  auto out = dir.path() / "reports" / "inventory.json";
  auto written = run_gilfree({"inventory", dir.path().string(), "--no-probe", "--no-sources", "--format", "json", "-o",
                              out.string()});
  CHECK(written.exit_code == 0);
  CHECK(written.out.empty());
  std::ifstream in(out);
  auto report = nlohmann::json::parse(in);
  CHECK(report.at("kind") == "gilfree-inventory");
  auto refused = run_gilfree({"inventory", dir.path().string(), "--no-probe", "-o", "/proc/gilfree-no-such/x.txt"});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("gilfree: error: --output-file /proc/gilfree-no-such/x.txt: cannot create a file in /proc") == 0);
}
