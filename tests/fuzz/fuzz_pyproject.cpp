// Fuzz target: arbitrary bytes as pyproject.toml, read both for declared
// dependencies (`gilfree inventory`) and for [tool.gilfree] (`gilfree scan`).
// A broken file is a problem or a UserError, never a crash.
#include <cstdint>

#include "fuzz/fuzz_support.hpp"
#include "common/errors.hpp"
#include "scanners/inventory/inventory_pyproject.hpp"
#include "scanners/scan/project_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto file = gilfree::fuzz::write_scratch_file("pyproject.toml", data, size);
  gilfree::scanners::DependencyScan scan;
  gilfree::scanners::read_pyproject(file, gilfree::fuzz::scratch_dir(), scan);
  try {
    gilfree::scanners::load_project_config(file);
  } catch (const gilfree::UserError&) {
  }
  return 0;
}
