// Fuzz target, differential: for arbitrary bytes parsed as Python, the rule
// pack's matches from PatternMatcher (at the pattern roots the walk collects)
// must equal tree-sitter's query cursor's, rule by rule and capture by capture.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "scanners/python_tree.hpp"
#include "scanners/query_program.hpp"
#include "scanners/rule_loader.hpp"

namespace {

using namespace gilfree::scanners;

using MatchKey = std::tuple<std::size_t, std::vector<std::pair<std::uint32_t, std::uint32_t>>>;

// The matches, or nothing when a match limit cut the run short.
std::optional<std::multiset<MatchKey>> all_matches(const QueryProgram& program, const PythonTree& tree) {
  std::vector<TSNode> candidates;
  walk_wanted_nodes(tree, program.root_symbols(), [&](TSNode node) { candidates.push_back(node); });
  std::multiset<MatchKey> out;
  bool complete = program.run(tree, candidates, [&](const RuleMatch& match) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;
    for (TSNode node : *match.captures) {
      bool absent = ts_node_is_null(node);
      ranges.emplace_back(absent ? 0 : ts_node_start_byte(node), absent ? 0 : ts_node_end_byte(node));
    }
    out.emplace(match.rule_index, ranges);
  });
  if (!complete) return std::nullopt;
  return out;
}

struct Programs {
  std::vector<std::string> problems;
  RuleLoadResult loaded = load_rule_files({builtin_rules_dir()});
  QueryProgram own{loaded.rules, problems};
  QueryProgram reference{loaded.rules, problems, Matching::tree_sitter_cursor};
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Programs programs;
  std::string text(reinterpret_cast<const char*>(data), size);
  PythonTree tree(text);
  // Either side may stop at its match limit on pathological input; the
  // comparison holds where both saw everything.
  auto own = all_matches(programs.own, tree);
  auto reference = all_matches(programs.reference, tree);
  if (own && reference && *own != *reference) __builtin_trap();
  return 0;
}
