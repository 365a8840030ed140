// Fuzz target: arbitrary bytes as a lock file (uv.lock, poetry.lock,
// pdm.lock: TOML, read whole or one [[package]] block at a time).
#include <cstdint>

#include "fuzz/fuzz_support.hpp"
#include "scanners/inventory/inventory_lockfiles.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto file = gilfree::fuzz::write_scratch_file("uv.lock", data, size);
  gilfree::scanners::DependencyScan scan;
  gilfree::scanners::read_lock_file(file, gilfree::fuzz::scratch_dir(), scan);
  return 0;
}
