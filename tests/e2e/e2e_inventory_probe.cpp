// gilfree inventory's import probe on real extension modules compiled by the
// test against the runtime: one declaring Py_MOD_GIL_NOT_USED, one not, and
// one that crashes on import. The C scan runs on the same sources.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/e2e.hpp"

using gilfree::runtime::ChildOptions;
using gilfree::runtime::run_child;
using gilfree::test::run_gilfree;
using gilfree::test::runtime_python;
using gilfree::test::TempDir;

namespace {

constexpr const char* kDeclared = R"(#include <Python.h>
static PyModuleDef_Slot slots[] = {
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
    {0, NULL}};
static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "ft_declared", NULL, 0, NULL, slots};
PyMODINIT_FUNC PyInit_ft_declared(void) { return PyModuleDef_Init(&def); }
)";

constexpr const char* kLegacy = R"(#include <Python.h>
static PyObject *cached_json = NULL;

static PyObject *legacy_json(PyObject *self, PyObject *unused) {
    if (cached_json == NULL) {
        cached_json = PyImport_ImportModule("json");
    }
    Py_XINCREF(cached_json);
    return cached_json;
}

static PyMethodDef methods[] = {{"json", legacy_json, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "ft_legacy", NULL, -1, methods};
PyMODINIT_FUNC PyInit_ft_legacy(void) { return PyModule_Create(&def); }
)";

constexpr const char* kCrash = R"(#include <Python.h>
PyMODINIT_FUNC PyInit_ft_crash(void) {
    volatile int *nowhere = NULL;
    *nowhere = 1;
    return NULL;
}
)";

std::string run_ok(const std::vector<std::string>& argv) {
  ChildOptions options;
  options.argv = argv;
  options.timeout = std::chrono::seconds(120);
  auto result = run_child(options);
  INFO(argv[0] << ": " << result.out << result.err);
  REQUIRE(result.exited_ok());
  return result.out;
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

const nlohmann::json& module(const nlohmann::json& report, const std::string& name) {
  for (const auto& m : report["probe"]["modules"]) {
    if (m["module"] == name) return m;
  }
  FAIL("module " << name << " not probed");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("inventory: the probe classifies compiled extensions: a crashing one does not stop it") {
  TempDir dir;
  auto python = runtime_python().string();
  auto venv = dir.path() / "env";
  run_ok({python, "-m", "venv", "--without-pip", venv.string()});
  auto site = trimmed(run_ok({(venv / "bin" / "python").string(), "-c",
                              "import sysconfig; print(sysconfig.get_paths()['platlib'])"}));
  auto suffix = trimmed(run_ok({python, "-c", "import sysconfig; print(sysconfig.get_config_var('EXT_SUFFIX'))"}));
  auto include = trimmed(run_ok({python, "-c", "import sysconfig; print(sysconfig.get_paths()['include'])"}));
  auto project = dir.path() / "project";
  for (auto [name, code] : {std::pair{"ft_declared", kDeclared}, {"ft_legacy", kLegacy}, {"ft_crash", kCrash}}) {
    auto source = dir.write("project/src/" + std::string(name) + ".c", code);
    run_ok({"gcc", "-shared", "-fPIC", "-O1", "-I" + include, source.string(), "-o", site + "/" + name + suffix});
  }

  auto result = run_gilfree({"inventory", project.string(), "--python", (venv / "bin" / "python").string(),
                             "--format", "json", "--fail-on", "blocker", "--jobs", "2"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);  // blockers: re-enabled GIL, crash, undeclared modules in the sources
  auto report = nlohmann::json::parse(result.out);
  REQUIRE(report["probe"]["ran"] == true);
  CHECK(report["probe"]["modules"].size() == 3);

  CHECK(module(report, "ft_declared")["outcome"] == "gil-stays-off");
  CHECK(module(report, "ft_declared")["abi_tag"] == suffix.substr(1, suffix.size() - 4));
  CHECK(module(report, "ft_legacy")["outcome"] == "gil-reenabled");
  CHECK(module(report, "ft_legacy")["detail"].get<std::string>().rfind(
            "RuntimeWarning: The global interpreter lock (GIL) has been enabled to load module 'ft_legacy'", 0) == 0);
  CHECK(module(report, "ft_crash")["outcome"] == "crash");
  CHECK(module(report, "ft_crash")["detail"].get<std::string>().find("Fatal Python error: Segmentation fault") != std::string::npos);
  CHECK(module(report, "ft_crash")["blocker"] == true);

  // The C scan of the same sources: the missing slot and the static PyObject * cache.
  std::vector<std::string> findings;
  for (const auto& f : report["sources"]["findings"]) {
    findings.push_back(f["path"].get<std::string>() + ":" + std::to_string(f["line"].get<int>()) + ": " +
                       f["rule_id"].get<std::string>());
  }
  CHECK(findings == std::vector<std::string>{"src/ft_crash.c:2: FTC001", "src/ft_legacy.c:2: FTC002",
                                             "src/ft_legacy.c:14: FTC001"});
  std::vector<std::string> modules;
  for (const auto& m : report["sources"]["modules"]) {
    modules.push_back(m["name"].get<std::string>() + (m["declares_free_threading"].get<bool>() ? "+" : "-"));
  }
  CHECK(modules == std::vector<std::string>{"ft_crash-", "ft_declared+", "ft_legacy-"});
}

TEST_CASE("inventory: a module built for another ABI is reported and a hanging import times out") {
  TempDir dir;
  auto python = runtime_python().string();
  auto venv = dir.path() / "env";
  run_ok({python, "-m", "venv", "--without-pip", venv.string()});
  auto site = trimmed(run_ok({(venv / "bin" / "python").string(), "-c",
                              "import sysconfig; print(sysconfig.get_paths()['platlib'])"}));
  auto suffix = trimmed(run_ok({python, "-c", "import sysconfig; print(sysconfig.get_config_var('EXT_SUFFIX'))"}));
  auto include = trimmed(run_ok({python, "-c", "import sysconfig; print(sysconfig.get_paths()['include'])"}));
  auto relative_site = site.substr(dir.path().string().size() + 1);
  // Built for the GIL ABI: found by its name, never imported (it could not load).
  dir.write(relative_site + "/gil_only.cpython-313-x86_64-linux-gnu.so", "not a library");
  // Hangs in its init function: killed at the time limit, the probe goes on.
  auto hang = dir.write("src/ft_hang.c",
                        "#include <Python.h>\n#include <unistd.h>\n"
                        "PyMODINIT_FUNC PyInit_ft_hang(void) { sleep(60); return NULL; }\n");
  run_ok({"gcc", "-shared", "-fPIC", "-I" + include, hang.string(), "-o", site + "/ft_hang" + suffix});

  auto result = run_gilfree({"inventory", dir.path().string(), "--python", (venv / "bin" / "python").string(),
                             "--format", "json", "--no-sources", "--probe-timeout", "2"});
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  auto report = nlohmann::json::parse(result.out);
  REQUIRE(report["probe"]["modules"].size() == 2);
  CHECK(module(report, "gil_only")["outcome"] == "abi-mismatch");
  CHECK(module(report, "gil_only")["abi_tag"] == "cpython-313-x86_64-linux-gnu");
  CHECK(module(report, "ft_hang")["outcome"] == "timeout");
  CHECK(module(report, "ft_hang")["detail"] == "no answer within 2 s; the import was killed");
  CHECK(module(report, "ft_hang")["seconds"].get<double>() < 30);
  CHECK(report["sources"].is_null());
}
