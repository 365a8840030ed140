#pragma once
// The rule pack's matches from PatternMatcher and from tree-sitter's query
// cursor (the reference), for the tests and the differential fuzz target.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "scanners/engine/python_tree.hpp"
#include "scanners/engine/query_program.hpp"
#include "scanners/engine/rule_loader.hpp"

namespace gilfree::test {

// One match: the rule and every capture's byte range ((0, 0) when absent).
using MatchKey = std::tuple<std::size_t, std::vector<std::pair<std::uint32_t, std::uint32_t>>>;

// Every match of `program` over `tree`, or nothing when a match limit cut the run short.
inline std::optional<std::multiset<MatchKey>> all_matches(const scanners::QueryProgram& program,
                                                          const scanners::PythonTree& tree) {
  std::vector<TSNode> candidates;
  scanners::walk_wanted_nodes(tree, program.root_symbols(), [&](TSNode node) { candidates.push_back(node); });
  std::multiset<MatchKey> out;
  bool complete = program.run(tree, candidates, [&](const scanners::RuleMatch& match) {
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

// A rule with only an id and a query, for tests of the query engine.
inline scanners::Rule inline_rule(const char* id, const char* query) {
  scanners::Rule rule;
  rule.id = id;
  rule.file = "inline.yaml";
  rule.query = query;
  return rule;
}

// The built-in pack compiled both ways.
struct ReferencePrograms {
  std::vector<std::string> problems;
  scanners::RuleLoadResult loaded = scanners::load_rule_files({scanners::builtin_rules_dir()});
  scanners::QueryProgram own{loaded.rules, problems};
  scanners::QueryProgram reference{loaded.rules, problems, scanners::Matching::tree_sitter_cursor};
};

}  // namespace gilfree::test
