// Fuzz target, differential: for arbitrary bytes parsed as Python, the rule
// pack's matches from PatternMatcher (at the pattern roots the walk collects)
// must equal tree-sitter's query cursor's, rule by rule and capture by capture.
#include <cstdint>
#include <string>

#include "support/matcher_reference.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const gilfree::test::ReferencePrograms programs;
  std::string text(reinterpret_cast<const char*>(data), size);  // outlives the tree, which views it
  gilfree::scanners::PythonTree tree(text);
  // Either side may stop at its match limit on pathological input; the
  // comparison holds where both saw everything.
  auto own = gilfree::test::all_matches(programs.own, tree);
  auto reference = gilfree::test::all_matches(programs.reference, tree);
  if (own && reference && *own != *reference) __builtin_trap();
  return 0;
}
