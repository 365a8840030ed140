// End-to-end: the default mode names a C extension that re-enables the GIL,
// and not one that declares Py_MOD_GIL_NOT_USED. Both are compiled here.
#include <catch2/catch.hpp>

#include "e2e/e2e_run_support.hpp"

using namespace gilfree::test;

namespace {

constexpr const char* kLegacyExtension = R"(#include <Python.h>
static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "legacyext", NULL, 0, NULL};
PyMODINIT_FUNC PyInit_legacyext(void) { return PyModule_Create(&def); }
)";

constexpr const char* kFreeThreadedExtension = R"(#include <Python.h>
static PyModuleDef_Slot slots[] = {{Py_mod_gil, Py_MOD_GIL_NOT_USED}, {0, NULL}};
static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "freeext", NULL, 0, NULL, slots};
PyMODINIT_FUNC PyInit_freeext(void) { return PyModuleDef_Init(&def); }
)";

void compile_extension(const TempDir& dir, const std::string& name, const std::string& source) {
  auto c_file = dir.write(name + ".c", source);
  auto config = runtime_prefix() / "bin" / ("python" + std::string(GILFREE_TEST_PYTHON_MINOR) + "t-config");
  gilfree::runtime::ChildOptions options;
  options.argv = {"sh", "-c", "gcc -shared -fPIC $(\"$0\" --cflags) \"$1\" -o \"$2\"", config.string(),
                  c_file.string(),
                  (dir.path() / (name + ".cpython-" + std::string(GILFREE_TEST_PYTHON_MINOR).erase(1, 1) +
                                 "t-x86_64-linux-gnu.so"))
                      .string()};
  auto result = gilfree::runtime::run_child(options);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
}

}  // namespace

TEST_CASE("run: default mode names the extension that re-enables the GIL") {
  TempDir dir;
  compile_extension(dir, "legacyext", kLegacyExtension);
  compile_extension(dir, "freeext", kFreeThreadedExtension);
  dir.write("tests/test_ext.py",
            "def test_free_threaded_extension():\n    import freeext\n\n"
            "def test_legacy_extension():\n    import legacyext\n\n"
            "def test_plain():\n    pass\n");
  auto [result, report] = run_with_json(dir, {"--mode", "gil,default"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);  // a re-enabled GIL is reported, not a failure
  auto verdicts = verdicts_of(report);
  CHECK(verdicts.at("tests/test_ext.py::test_legacy_extension") == "gil-reenabled");
  CHECK(verdicts.at("tests/test_ext.py::test_free_threaded_extension") == "pass");
  CHECK(verdicts.at("tests/test_ext.py::test_plain") == "pass");
  REQUIRE(report.at("gil_reenabled").size() == 1);
  CHECK(report.at("gil_reenabled")[0].at("module") == "legacyext");
  CHECK(result.out.find("GIL re-enabled in default mode by module 'legacyext'") != std::string::npos);
  CHECK(result.out.find("freeext") == std::string::npos);
}

TEST_CASE("run: an extension imported at collection time is named too") {
  TempDir dir;
  compile_extension(dir, "legacyext", kLegacyExtension);
  dir.write("tests/test_import.py", "import legacyext\n\ndef test_uses_it():\n    assert legacyext\n");
  auto result = run_gilfree({"run", dir.path().string(), "--mode", "default", "--no-progress", "--no-history"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("by module 'legacyext' (imported during collection)") != std::string::npos);
}

TEST_CASE("run: an extension loaded around the import system is named as a suspect") {
  TempDir dir;
  compile_extension(dir, "legacyext", kLegacyExtension);
  dir.write("tests/test_custom.py",
            "import _imp, glob, importlib.util, os, sys\n\n"
            "def test_custom_loader():\n"
            "    path = glob.glob(os.path.join(os.path.dirname(__file__), '..', 'legacyext.*.so'))[0]\n"
            "    spec = importlib.util.spec_from_file_location('legacyext', path)\n"
            "    sys.modules['legacyext'] = _imp.create_dynamic(spec)\n");
  auto result = run_gilfree({"run", dir.path().string(), "--mode", "default", "--no-progress", "--no-history"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("by module 'legacyext (suspected)' (imported during tests/test_custom.py::test_custom_loader)") !=
        std::string::npos);
}
