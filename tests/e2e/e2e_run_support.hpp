#pragma once
// Shared by the e2e_run*.cpp tests: fixture projects and reading `run --json`.
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <utility>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/e2e.hpp"

namespace gilfree::test {

// Copies tests/fixtures/run/<name> into `dir` and returns the copy's path.
inline std::filesystem::path copy_run_fixture(const TempDir& dir, const std::string& name) {
  auto target = dir.path() / name;
  std::filesystem::copy(std::filesystem::path(GILFREE_SOURCE_DIR) / "tests" / "fixtures" / "run" / name, target,
                        std::filesystem::copy_options::recursive);
  return target;
}

// test id -> verdict, from a `gilfree run --json` file.
inline std::map<std::string, std::string> verdicts_of(const nlohmann::json& report) {
  std::map<std::string, std::string> verdicts;
  for (const auto& test : report.at("tests")) verdicts[test.at("id")] = test.at("verdict");
  return verdicts;
}

// `gilfree run ROOT ARGS... --no-progress --json FILE` on a project in `dir`.
struct JsonRun {
  runtime::ChildResult result;
  nlohmann::json report;  // null when no JSON was written
};

inline JsonRun run_with_json(const TempDir& dir, std::vector<std::string> args) {
  auto json_path = dir.path() / "run.json";
  args.insert(args.begin(), {"run", dir.path().string()});
  args.insert(args.end(), {"--no-progress", "--json", json_path.string()});
  JsonRun run{run_gilfree(args), nullptr};
  if (std::filesystem::exists(json_path)) run.report = nlohmann::json::parse(slurp_file(json_path));
  return run;
}

// Environment changes for a child: a value sets, nullopt unsets.
using EnvVars = std::vector<std::pair<std::string, std::optional<std::string>>>;

// pip with no index and only `wheels` as its source, as on a machine offline.
inline EnvVars offline_pip(const std::filesystem::path& wheels) {
  return {{"PIP_NO_INDEX", "1"}, {"PIP_FIND_LINKS", wheels.string()}, {"PIP_INDEX_URL", std::nullopt},
          {"PIP_CONFIG_FILE", "/dev/null"}};
}

// Builds the distribution whose sources are in `dir`/src-NAME into `wheels` with pip.
inline void pip_wheel(const TempDir& dir, const std::string& name, const std::filesystem::path& wheels) {
  runtime::ChildOptions options;
  options.env = offline_pip(wheels);
  auto built = run_gilfree({"python", "-m", "pip", "wheel", "-q", "--no-build-isolation", "--no-deps",
                            (dir.path() / ("src-" + name)).string(), "-w", wheels.string()},
                           options);
  if (built.exit_code != 0) throw std::runtime_error("pip wheel failed: " + built.out + built.err);
}

inline std::string setuptools_pyproject(const std::string& name, const std::string& version) {
  return "[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n\n"
         "[project]\nname = \"" + name + "\"\nversion = \"" + version + "\"\n";
}

// A real wheel of a one-module distribution, built by pip into `wheels`.
inline void build_wheel(const TempDir& dir, const std::string& name, const std::filesystem::path& wheels,
                 const std::string& version = "1.0") {
  dir.write("src-" + name + "/pyproject.toml", setuptools_pyproject(name, version));
  dir.write("src-" + name + "/" + name + "/__init__.py", "def double(x):\n    return 2 * x\n");
  pip_wheel(dir, name, wheels);
}

// A real wheel of a distribution NAME holding one C extension module `module` (compiled by
// setuptools against the runtime) whose single-phase init does not declare Py_mod_gil: importing
// it turns the GIL back on.
inline void build_extension_wheel(const TempDir& dir, const std::string& name, const std::string& module,
                                  const std::filesystem::path& wheels) {
  dir.write("src-" + name + "/pyproject.toml", setuptools_pyproject(name, "1.0"));
  dir.write("src-" + name + "/setup.py", "from setuptools import Extension, setup\n\nsetup(ext_modules=[Extension(\"" +
                                             module + "\", [\"" + module + ".c\"])])\n");
  dir.write("src-" + name + "/" + module + ".c",
            "#include <Python.h>\nstatic struct PyModuleDef def = {PyModuleDef_HEAD_INIT, \"" + module +
                "\", NULL, -1, NULL};\nPyMODINIT_FUNC PyInit_" + module + "(void) { return PyModule_Create(&def); }\n");
  pip_wheel(dir, name, wheels);
}

}  // namespace gilfree::test
