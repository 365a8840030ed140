#pragma once
// The project's own extension sources: does each module declare that it can
// run without the GIL, and what in its C code is unsafe without it.
//
// The checks are the FTC rules of rules/c (FTC001 undeclared module, FTC002
// static PyObject cache, FTC003 other mutable global, FTC004 borrowed-reference
// call, FTC005 limited API), registered in native_rules.cpp: the YAML gives
// each one's severity, confidence, message and docs.
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
