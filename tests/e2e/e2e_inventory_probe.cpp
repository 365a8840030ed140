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

// A virtual environment made from the runtime, and extension modules compiled into it.
struct ProbeEnvironment {
  explicit ProbeEnvironment(const TempDir& dir) : venv(dir.path() / "env") {
    auto runtime = runtime_python().string();
    run_ok({runtime, "-m", "venv", "--without-pip", venv.string()});
    site = ask(python(), "sysconfig.get_paths()['platlib']");
    suffix = ask(runtime, "sysconfig.get_config_var('EXT_SUFFIX')");
    include = ask(runtime, "sysconfig.get_paths()['include']");
  }
  std::string python() const { return (venv / "bin" / "python").string(); }
  void compile(const std::filesystem::path& source, const std::string& module) const {
    run_ok({"gcc", "-shared", "-fPIC", "-O1", "-I" + include, source.string(), "-o", site + "/" + module + suffix});
  }
  static std::string ask(const std::string& python, const std::string& expression) {
    return trimmed(run_ok({python, "-c", "import sysconfig; print(" + expression + ")"}));
  }

  std::filesystem::path venv;
  std::string site;
  std::string suffix;
  std::string include;
};

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
  ProbeEnvironment env(dir);
  auto project = dir.path() / "project";
  for (auto [name, code] : {std::pair{"ft_declared", kDeclared}, {"ft_legacy", kLegacy}, {"ft_crash", kCrash}}) {
    auto source = dir.write("project/src/" + std::string(name) + ".c", code);
    env.compile(source, name);
  }

  auto result = run_gilfree({"inventory", project.string(), "--python", env.python(),
                             "--format", "json", "--fail-on", "blocker", "--jobs", "2"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);  // blockers: re-enabled GIL, crash, undeclared modules in the sources
  auto report = nlohmann::json::parse(result.out);
  REQUIRE(report["probe"]["ran"] == true);
  CHECK(report["probe"]["modules"].size() == 3);

  CHECK(module(report, "ft_declared")["outcome"] == "gil-stays-off");
  CHECK(module(report, "ft_declared")["abi_tag"] == env.suffix.substr(1, env.suffix.size() - 4));
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

TEST_CASE("inventory: a module built for another ABI is reported and a hanging or flooding import does not stop the probe") {
  TempDir dir;
  ProbeEnvironment env(dir);
  auto relative_site = env.site.substr(dir.path().string().size() + 1);
  // Built for the GIL ABI: found by its name, never imported (it could not load).
  dir.write(relative_site + "/gil_only.cpython-313-x86_64-linux-gnu.so", "not a library");
  // Hangs in its init function: killed at the time limit, the probe goes on.
  auto hang = dir.write("src/ft_hang.c",
                        "#include <Python.h>\n#include <unistd.h>\n"
                        "PyMODINIT_FUNC PyInit_ft_hang(void) { sleep(60); return NULL; }\n");
  env.compile(hang, "ft_hang");
  // Floods stdout while it is imported: the answer must survive the output cap.
  auto noisy = dir.write("src/ft_noisy.c",
                         "#include <Python.h>\n#include <stdio.h>\n"
                         "static PyModuleDef_Slot slots[] = {{Py_mod_gil, Py_MOD_GIL_NOT_USED}, {0, NULL}};\n"
                         "static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, \"ft_noisy\", NULL, 0, NULL, slots};\n"
                         "PyMODINIT_FUNC PyInit_ft_noisy(void) {\n"
                         "  for (int i = 0; i < 40000; i++) printf(\"%0100d\\n\", i);\n"
                         "  fflush(stdout);\n  return PyModuleDef_Init(&def);\n}\n");
  env.compile(noisy, "ft_noisy");

  auto result = run_gilfree({"inventory", dir.path().string(), "--python", env.python(),
                             "--format", "json", "--no-sources", "--probe-timeout", "8"});
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  auto report = nlohmann::json::parse(result.out);
  REQUIRE(report["probe"]["modules"].size() == 3);
  CHECK(module(report, "ft_noisy")["outcome"] == "gil-stays-off");
  CHECK(module(report, "gil_only")["outcome"] == "abi-mismatch");
  CHECK(module(report, "gil_only")["abi_tag"] == "cpython-313-x86_64-linux-gnu");
  CHECK(module(report, "ft_hang")["outcome"] == "timeout");
  CHECK(module(report, "ft_hang")["detail"] == "no answer within 8 s; the import was killed");
  CHECK(module(report, "ft_hang")["seconds"].get<double>() < 30);
  CHECK(report["sources"].is_null());
}
