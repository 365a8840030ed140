#pragma once
// The rules' queries, read by our parser (bundled rules) or compiled into one
// tree-sitter query (every other rule: that checks them, node kinds, fields,
// captures); their predicates (#eq?, #match?, #any-of? and their #not- forms)
// are evaluated by us with RE2. Matching is done
// by our PatternMatcher at the nodes of each pattern's root kind, which the
// caller collects in its one walk of the tree (root_symbols()); a rule whose
// query uses a construct PatternMatcher lacks runs on tree-sitter's query
// cursor over the whole tree instead.
#include <tree_sitter/api.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "scanners/engine/literal_filter.hpp"
#include "scanners/engine/pattern_matcher.hpp"
#include "scanners/engine/python_tree.hpp"
#include "scanners/engine/rule.hpp"

namespace re2 {
class RE2;
}

namespace gilfree::scanners {

struct Predicate {
  enum class Op { eq, match, any_of };
  Op op = Op::eq;
  bool negated = false;
  std::uint32_t capture = 0;
  bool compare_capture = false;     // #eq? @a @b
  std::uint32_t other_capture = 0;
  std::string text;                 // #eq? @a "text"
  std::shared_ptr<re2::RE2> regex;  // #match?
  std::vector<std::string> values;  // #any-of?
};

// One match of one rule: the captured nodes by capture id (null node when absent).
struct RuleMatch {
  std::size_t rule_index = 0;
  const std::vector<TSNode>* captures = nullptr;
  TSNode capture(std::uint32_t id) const { return (*captures)[id]; }
};

// How patterns are matched: by PatternMatcher where it supports the pattern
// (the default), or all by tree-sitter's query cursor (the reference the
// tests compare PatternMatcher with).
enum class Matching { own_where_supported, tree_sitter_cursor };

class QueryProgram {
 public:
  // Compiles `rules` into one query, once, and checks each rule against it (the
  // @match capture, predicates, the captures its facts name); a problem adds
  // "file:line: problem" to `problems`. A query that does not compile is located
  // by compiling each rule alone.
  QueryProgram(const std::vector<Rule>& rules, std::vector<std::string>& problems,
               Matching matching = Matching::own_where_supported);
  // Keeps only the patterns of rules[i] with selected[i]; RuleMatch::rule_index
  // then counts selected rules only. Call before run(), from one thread.
  void select(const std::vector<bool>& selected);
  ~QueryProgram();
  QueryProgram(const QueryProgram&) = delete;
  QueryProgram& operator=(const QueryProgram&) = delete;

  // Capture id of `name` ("match", "target", ...) or -1 when no rule uses it.
  int capture_id(const std::string& name) const;
  // The node kinds where a selected pattern matched by PatternMatcher starts.
  const std::vector<std::uint8_t>& root_symbols() const { return root_symbols_; }
  // Matches every selected pattern: ours at `candidates` (the tree's nodes of
  // root_symbols() kinds, in document order), the rest with tree-sitter's
  // cursor. Returns false when a match limit was hit.
  bool run(const PythonTree& tree, const std::vector<TSNode>& candidates,
           const std::function<void(const RuleMatch&)>& on_match) const;
  class FileMatcher;
  // Rules (by index in the constructor's list) that run on tree-sitter's cursor, with why.
  const std::vector<std::pair<std::size_t, std::string>>& cursor_rules() const { return cursor_rules_; }

 private:
  struct Pattern {
    std::size_t rule_index = 0;
    std::vector<Predicate> predicates;
  };
  struct OwnPattern {
    PatternNode root;
    std::uint32_t query_pattern = 0;    // its index in query_ (predicates, rule)
    std::vector<std::uint8_t> starts;   // root_symbols(root): the kinds it can start at
    std::size_t filter_group = 0;       // its group in literal_filter_
  };
  bool predicates_hold(const Pattern& pattern, const std::vector<TSNode>& nodes, const PythonTree& tree) const;
  // The predicates that name one of `bound` and have all their captures set.
  bool bound_predicates_hold(const Pattern& pattern, const std::vector<TSNode>& nodes, const PythonTree& tree,
                             const std::uint32_t* bound, std::size_t count) const;
  static bool read_without_tree_sitter(const Rule& rule, std::vector<std::string>& names, std::vector<TopPattern>& out);
  void add_read_alone(const std::vector<Rule>& rules, std::size_t r, const std::vector<std::string>& scratch_names,
                      std::vector<TopPattern>& patterns, std::set<std::string>& captures, std::vector<std::string>& problems);
  void compile_own_patterns(const std::vector<Rule>& rules, const std::vector<std::size_t>& compiled_rules,
                            const std::vector<std::uint32_t>& rule_starts, Matching matching);
  void add_to_literal_filter(OwnPattern& own);
  bool run_cursor(const PythonTree& tree, const std::function<void(const RuleMatch&)>& on_match) const;

  TSQuery* query_ = nullptr;     // the rules tree-sitter compiles (its patterns come first in patterns_)
  std::size_t query_patterns_ = 0;
  std::vector<Pattern> patterns_;
  std::vector<std::string> capture_names_;
  std::vector<bool> rule_is_own_;
  std::vector<OwnPattern> own_patterns_;
  LiteralFilter literal_filter_;  // which own patterns a file's text allows
  std::vector<std::vector<std::uint32_t>> own_by_symbol_;  // selected own patterns by root symbol
  std::vector<std::uint8_t> root_symbols_;
  std::size_t cursor_patterns_ = 0;  // enabled patterns left to the cursor
  std::vector<std::pair<std::size_t, std::string>> cursor_rules_;
};

// run() in two steps, for a caller that walks the tree anyway: at() tries the
// own patterns at each candidate while the walk has just read the node, so
// its children are still in the caches (matching after the walk read them
// back from memory: a fifth of the last-level cache read misses); finish()
// runs the cursor's patterns and hands every match to on_match, in run()'s order.
class QueryProgram::FileMatcher {
 public:
  FileMatcher(const QueryProgram& program, const PythonTree& tree);
  void at(TSNode candidate);
  // Returns false when a match limit was hit.
  bool finish(const std::function<void(const RuleMatch&)>& on_match);

 private:
  struct Kept {
    std::size_t rule_index;
    std::uint32_t first, count;  // its captures in captures_
  };
  const QueryProgram& program_;
  const PythonTree& tree_;
  PatternMatcher matcher_;
  LiteralFilter::Search text_;  // where the literal filter's atoms are in the file
  std::vector<Kept> kept_;
  std::vector<std::pair<std::uint32_t, TSNode>> captures_;  // (capture id, node) of the kept matches
  bool complete_ = true;
};

// Compiles one rule's query alone, for error messages with file:line; adds problems.
bool check_rule_query(const Rule& rule, std::vector<std::string>& problems);
// The rule's query defines @match and every capture its facts name; adds problems.
bool check_rule_captures(const Rule& rule, const std::set<std::string>& captures, std::vector<std::string>& problems);

}  // namespace gilfree::scanners
