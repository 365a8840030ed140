// Fuzz target: arbitrary bytes as a rule YAML file (rule files may come from
// the scanned repository). Loading and compiling the query must report
// problems, never crash or throw.
#include <cstdint>
#include <string>
#include <vector>

#include "scanners/engine/query_program.hpp"
#include "scanners/engine/rule_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  gilfree::scanners::RuleLoadResult loaded;
  gilfree::scanners::load_rule_text(text, "FZ001.yaml", loaded);
  std::vector<std::string> problems;
  for (const auto& rule : loaded.rules) gilfree::scanners::check_rule_query(rule, problems);
  return 0;
}
