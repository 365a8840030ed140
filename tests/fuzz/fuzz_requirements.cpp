// Fuzz target: arbitrary bytes as a pip requirements file (each line also as a
// PEP 508 requirement with its marker evaluated), read through the same
// reader as `gilfree inventory`.
#include <cstdint>
#include <sstream>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "scanners/inventory/inventory_requirements.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream lines(std::string(reinterpret_cast<const char*>(data), size));
  std::string line;
  gilfree::scanners::MarkerEnvironment environment{"3.13", "3.13.5"};
  while (std::getline(lines, line)) {
    auto parsed = gilfree::scanners::parse_requirement(line);
    if (!parsed.marker.empty()) gilfree::scanners::evaluate_marker(parsed.marker, environment);
    gilfree::scanners::evaluate_marker(line, environment);
  }
  auto file = gilfree::fuzz::write_scratch_file("requirements.txt", data, size);
  gilfree::scanners::DependencyScan scan;
  gilfree::scanners::RequirementsReader(gilfree::fuzz::scratch_dir(), scan).read(file);
  return 0;
}
