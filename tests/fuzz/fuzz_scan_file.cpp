// Fuzz target: arbitrary bytes as one Python file through the full built-in
// rule pack (any repository's files are untrusted input): findings and notes,
// never a crash.
#include <cstdint>
#include <string>

#include "scanners/engine/scanner.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const gilfree::scanners::Scanner scanner{gilfree::scanners::ScanConfig{}};
  gilfree::scanners::SourceFile file{"fuzz.py", std::string(reinterpret_cast<const char*>(data), size), ""};
  auto result = scanner.scan(file);
  for (const auto& finding : result.findings) {
    if (finding.line < 1 || finding.column < 1 || finding.end_line < finding.line) __builtin_trap();
  }
  return 0;
}
