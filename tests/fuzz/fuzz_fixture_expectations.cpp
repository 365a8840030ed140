// Fuzz target: arbitrary bytes as a rule fixture (`x += 1  # expect: FT001`).
#include <cstdint>
#include <string>

#include "scanners/catalog/rule_catalog.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  for (const auto& [line, ids] : gilfree::scanners::fixture_expectations(text)) {
    if (line < 1 || ids.empty()) __builtin_trap();
    for (const auto& id : ids) {
      if (id.empty()) __builtin_trap();
    }
  }
  return 0;
}
