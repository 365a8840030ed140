#include <catch2/catch.hpp>

#include "support/e2e.hpp"
#include "scanners/inventory/inventory_c_sources.hpp"

using namespace gilfree::scanners;
using gilfree::test::TempDir;

namespace {

SourceScan scan_c(const std::string& content, const std::string& path = "ext.c") {
  SourceScan scan;
  scan_c_file({path, content, ""}, scan, BuildFacts{});
  return scan;
}

std::vector<std::string> findings(const SourceScan& scan) {
  std::vector<std::string> out;
  for (const auto& f : scan.findings) out.push_back(f.rule_id + "@" + std::to_string(f.line) + ":" + std::to_string(f.column));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("inventory: C: a module without Py_mod_gil is reported at PyInit: the slot or SetGIL declares it") {
  auto missing = scan_c("#include <Python.h>\nstatic struct PyModuleDef def = {PyModuleDef_HEAD_INIT, \"m\", NULL, -1};\n"
                        "PyMODINIT_FUNC\nPyInit_m(void) { return PyModule_Create(&def); }\n");
  REQUIRE(missing.modules.size() == 1);
  CHECK(missing.modules[0].name == "m");
  CHECK_FALSE(missing.modules[0].declares_free_threading);
  CHECK(findings(missing) == std::vector<std::string>{"FTC001@4:1"});
  CHECK(missing.findings[0].severity == Severity::error);

  auto slot = scan_c("static PyModuleDef_Slot slots[] = {\n#ifdef Py_GIL_DISABLED\n  {Py_mod_gil, Py_MOD_GIL_NOT_USED},\n#endif\n  {0, NULL}};\n"
                     "PyMODINIT_FUNC PyInit_m(void) { return PyModuleDef_Init(&def); }\n");
  REQUIRE(slot.modules.size() == 1);
  CHECK(slot.modules[0].declares_free_threading);
  CHECK(slot.findings.empty());

  auto set_gil = scan_c("PyMODINIT_FUNC PyInit_m(void) {\n  PyObject *m = PyModule_Create(&def);\n"
                        "  PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);\n  return m;\n}\n");
  CHECK(set_gil.modules.at(0).declares_free_threading);

  auto used = scan_c("static PyModuleDef_Slot slots[] = {{Py_mod_gil, Py_MOD_GIL_USED}, {0, NULL}};\n"
                     "PyMODINIT_FUNC PyInit_m(void) { return PyModuleDef_Init(&def); }\n");
  CHECK_FALSE(used.modules.at(0).declares_free_threading);
  CHECK(used.findings.at(0).hint.find("declares Py_MOD_GIL_USED") != std::string::npos);
}

TEST_CASE("inventory: C: static PyObject * caches and mutable globals written outside module init") {
  auto scan = scan_c(R"(#include <Python.h>
static PyObject *cache = NULL;
static PyObject *Error;
PyObject *exported_state;
static int counter;
static const char *names[] = {"a", NULL};
static long table[4];
static double never_written = 1.0;
extern PyObject *elsewhere;
static int helper(int x);
static PyTypeObject *FooType;
static _Thread_local int per_thread;

static PyObject *get(PyObject *self, PyObject *args) {
    static PyObject *interned = NULL;
    static char *kwlist[] = {"x", NULL};
    int local = 0;
    if (cache == NULL) { cache = PyImport_ImportModule("json"); }
    if (!interned) interned = PyUnicode_InternFromString("x");
    counter++;
    table[local] += 1;
    exported_state = Py_None;
    FooType = NULL;
    per_thread = 1;
    elsewhere = NULL;
    (void)kwlist; (void)names;
    return cache;
}

PyMODINIT_FUNC PyInit_m(void) {
    Error = PyErr_NewException("m.Error", NULL, NULL);
    never_written = 2.0;
    return NULL;
}
)");
  CHECK(findings(scan) == std::vector<std::string>{
                              "FTC001@30:16",
                              "FTC002@11:1",   // FooType
                              "FTC002@15:5",   // interned
                              "FTC002@2:1",    // cache
                              "FTC002@4:1",    // exported_state
                              "FTC003@5:1",    // counter
                              "FTC003@7:1",    // table
                          });
  for (const auto& f : scan.findings) {
    if (f.line == 2) CHECK(f.message.rfind("static PyObject *cache is a cache shared by all threads", 0) == 0);
    if (f.line == 4) CHECK(f.message.rfind("global PyObject *exported_state", 0) == 0);
  }
}

TEST_CASE("inventory: C: borrowed-reference calls Py_LIMITED_API suppressions and columns in characters") {
  auto scan = scan_c("#define Py_LIMITED_API 0x030A0000\n#include <Python.h>\n"
                     "static PyObject *f(PyObject *l, PyObject *d) {\n"
                     "  PyObject *a = PyList_GetItem(l, 0);\n"
                     "  /* é */ PyObject *b = PyDict_GetItem(d, a);\n"
                     "  PyObject *c = PyWeakref_GetObject(b);  // gilfree: ignore[FTC004]\n"
                     "  PyObject *e = PyList_GetItemRef(l, 0);\n"
                     "  PyObject *g = PyTuple_GetItem(l, 0);\n"
                     "  return c;\n}\n");
  CHECK(findings(scan) == std::vector<std::string>{"FTC004@4:17", "FTC004@5:25", "FTC005@1:1"});
  for (const auto& f : scan.findings) {
    if (f.line == 5) CHECK(f.hint.find("PyDict_GetItemRef") != std::string::npos);
  }
}

TEST_CASE("inventory: C++: pybind11 and nanobind declarations: code the C grammar cannot parse is skipped") {
  BuildFacts build;
  build.nanobind_targets = {"fast_nb", "slow_nb"};
  build.nanobind_free_threaded = {"fast_nb"};
  SourceScan scan;
  scan_c_file({"bind.cpp",
               "#include <pybind11/pybind11.h>\nnamespace py = pybind11;\n"
               "template <typename T> class Holder { public: static T value; };\n"
               "PYBIND11_MODULE(old_pb, m) { m.def(\"f\", [] { return 1; }); }\n"
               "PYBIND11_MODULE(new_pb, m, py::mod_gil_not_used()) {}\n"
               "NB_MODULE(fast_nb, m) {}\nNB_MODULE(slow_nb, m) {}\n",
               ""},
              scan, build);
  std::vector<std::string> modules;
  for (const auto& m : scan.modules) modules.push_back(m.name + (m.declares_free_threading ? "+" : "-"));
  CHECK(modules == std::vector<std::string>{"old_pb-", "new_pb+", "fast_nb+", "slow_nb-"});
  CHECK(findings(scan) == std::vector<std::string>{"FTC001@4:1", "FTC001@7:1"});
  CHECK(scan.problems.empty());  // C++ files are not expected to parse as C
}

TEST_CASE("inventory: Cython and PyO3 declarations: build files set project-wide facts") {
  SourceScan scan;
  BuildFacts none;
  scan_cython_file({"pkg/fast.pyx", "def f():\n    return 1\n", ""}, scan, none);
  scan_cython_file({"pkg/ok.pyx", "# cython: language_level=3, freethreading_compatible=True\n", ""}, scan, none);
  scan_rust_file({"src/lib.rs",
                  "#[pymodule]\nfn old_rs(m: &Bound<'_, PyModule>) -> PyResult<()> { Ok(()) }\n"
                  "#[pymodule(gil_used = false)]\npub fn new_rs() {}\n#[pyo3::pymodule(name = \"x\", gil_used=false)]\nmod mod_rs {}\n",
                  ""},
                 scan);
  std::vector<std::string> modules;
  for (const auto& m : scan.modules) modules.push_back(m.kind + ":" + m.name + (m.declares_free_threading ? "+" : "-") + "@" + std::to_string(m.line));
  CHECK(modules == std::vector<std::string>{"cython:fast-@1", "cython:ok+@1", "pyo3:old_rs-@1", "pyo3:new_rs+@3", "pyo3:mod_rs+@5"});

  SourceScan build_scan;
  BuildFacts build;
  scan_build_file({"setup.py", "cythonize(exts, compiler_directives={'freethreading_compatible': True})\n"
                               "Extension('m', ['m.c'], py_limited_api=True)\n", ""}, build_scan, build);
  scan_build_file({"CMakeLists.txt", "nanobind_add_module(a FREE_THREADED a.cpp)\nnanobind_add_module(b b.cpp)\n", ""}, build_scan, build);
  CHECK(build.cython_freethreading_compatible);
  CHECK(build.nanobind_targets == std::vector<std::string>{"a", "b"});
  CHECK(build.nanobind_free_threaded == std::vector<std::string>{"a"});
  CHECK(findings(build_scan) == std::vector<std::string>{"FTC005@2:25"});
}

TEST_CASE("inventory: scan_extension_sources walks the tree skips virtual environments and generated C") {
  TempDir dir;
  dir.write("src/m.c", "#include <Python.h>\nPyMODINIT_FUNC PyInit_m(void) { return NULL; }\n");
  dir.write("src/generated.c", "/* Generated by Cython 3.0.11 */\nPyMODINIT_FUNC PyInit_generated(void) { return 0; }\n");
  dir.write("src/plain.c", "int add(int a, int b) { return a + b; }\n");
  dir.write(".venv/lib/x.c", "PyMODINIT_FUNC PyInit_x(void) { return 0; }\n");
  dir.write("env2/pyvenv.cfg", "home = /usr\n");
  dir.write("env2/lib/y.c", "PyMODINIT_FUNC PyInit_y(void) { return 0; }\n");
  dir.write("build/lib/z.c", "PyMODINIT_FUNC PyInit_z(void) { return 0; }\n");
  dir.write("src/broken.c", "#include <Python.h>\nPyMODINIT_FUNC PyInit_broken(void) { return ; ; }}}\n");
  std::filesystem::create_directory_symlink("..", dir.path() / "src" / "loop");  // not followed
  std::filesystem::create_symlink("self.c", dir.path() / "src" / "self.c");      // a link to itself
  auto scan = scan_extension_sources(dir.path());
  std::vector<std::string> modules;
  for (const auto& m : scan.modules) modules.push_back(m.path + ":" + m.name);
  CHECK(modules == std::vector<std::string>{"src/broken.c:broken", "src/m.c:m"});
  CHECK(scan.files_scanned == 2);
  REQUIRE(scan.problems.size() == 1);
  CHECK(scan.problems[0].path == "src/broken.c");
  CHECK(scan.problems[0].message.find("did not parse as C") != std::string::npos);
}

TEST_CASE("inventory: C: what CPython's own modules do is not reported") {
  // Found by scanning CPython 3.13's Modules/: each case was a false positive once.
  auto guarded = scan_c("#include \"pyconfig.h\"\n#ifndef Py_GIL_DISABLED\n#  define Py_LIMITED_API 0x030d0000\n#endif\n"
                        "#if !defined(Py_GIL_DISABLED) && 1\n#define Py_LIMITED_API 3\n#endif\n");
  CHECK(guarded.findings.empty());

  auto exec_slot = scan_c("static PyObject *ErrorObject;\n"
                          "static int xx_exec(PyObject *m) { ErrorObject = PyErr_NewException(\"xx.error\", NULL, NULL); return 0; }\n"
                          "static PyModuleDef_Slot slots[] = {{Py_mod_exec, xx_exec}, {Py_mod_gil, Py_MOD_GIL_NOT_USED}, {0, NULL}};\n");
  CHECK(exec_slot.findings.empty());

  // The preprocessor splits the function header; the body's locals are not globals.
  auto split_header = scan_c("static void\n#if OPENSSL_VERSION_NUMBER >= 0x30000000L\nmapper(EVP_MD *md, void *arg)\n#else\n"
                             "mapper(const EVP_MD *md, const char *from,\n       const char *to, void *arg)\n#endif\n"
                             "{\n    PyObject *py_name;\n    py_name = PyUnicode_FromString(\"x\");\n}\n");
  CHECK(split_header.findings.empty());

  auto lock = scan_c("static PyThread_type_lock tcl_lock;\nvoid init_lock(void) { tcl_lock = PyThread_allocate_lock(); }\n");
  CHECK(lock.findings.empty());

  auto struct_type = scan_c("static struct globals {\n  int count;\n} _globals;\nvoid bump(void) { _globals.count++; }\n");
  REQUIRE(struct_type.findings.size() == 1);
  CHECK(struct_type.findings[0].message.rfind("static struct globals _globals is mutable state", 0) == 0);
}
