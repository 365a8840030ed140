#pragma once
// The project's own extension sources: does each module declare that it can
// run without the GIL, and what in its C code is unsafe without it.
//
//   FTC001 module-without-free-threading-declaration  (C Py_mod_gil / PyUnstable_Module_SetGIL,
//          Cython freethreading_compatible, pybind11 mod_gil_not_used, nanobind FREE_THREADED,
//          PyO3 gil_used = false)
//   FTC002 static-pyobject-cache      static or global PyObject * (a cache shared by all threads)
//   FTC003 static-mutable-global      other static or global mutable state in extension code
//   FTC004 borrowed-reference-call    PyList_GetItem & co. where a strong-reference variant exists
//   FTC005 limited-api                Py_LIMITED_API: no stable ABI on free-threaded 3.13/3.14
//
// C and C++ are parsed with tree-sitter's C grammar (C++ constructs it cannot
// parse are skipped, never guessed at); Cython, Rust and build files by text.
#include <filesystem>
#include <string>
#include <vector>

#include "scanners/inventory/inventory_model.hpp"
#include "scanners/engine/source_file.hpp"

namespace gilfree::scanners {

// An extension module the project defines.
struct ExtensionModule {
  std::string name;
  std::string kind;  // "c", "pybind11", "nanobind", "cython", "pyo3"
  std::string path;
  int line = 0;
  bool declares_free_threading = false;
};

struct SourceScan {
  std::vector<ExtensionModule> modules;
  std::vector<Finding> findings;
  std::vector<InventoryProblem> problems;
  int files_scanned = 0;
};

// Build-level facts gathered from build files (setup.py, meson.build, CMake,
// pyproject.toml) before the sources are checked.
struct BuildFacts {
  bool cython_freethreading_compatible = false;   // compiler directive set for all .pyx
  std::vector<std::string> nanobind_free_threaded;  // targets with FREE_THREADED
  std::vector<std::string> nanobind_targets;        // all nanobind_add_module targets
};

// One file each (exposed for unit tests). `file.path` is what findings show.
void scan_c_file(const SourceFile& file, SourceScan& scan, const BuildFacts& build);
void scan_cython_file(const SourceFile& file, SourceScan& scan, const BuildFacts& build);
void scan_rust_file(const SourceFile& file, SourceScan& scan);
void scan_build_file(const SourceFile& file, SourceScan& scan, BuildFacts& build);

// Walks `root` (skipping .git, virtual environments, build output and
// generated Cython C) and checks every extension source it finds.
SourceScan scan_extension_sources(const std::filesystem::path& root);

}  // namespace gilfree::scanners
