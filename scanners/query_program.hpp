#pragma once
// All selected rules' queries compiled into one tree-sitter query, so a file
// is walked once for the whole pack. Predicates (#eq?, #match?, #any-of? and
// their #not- forms) are compiled once here and evaluated by us (RE2).
#include <tree_sitter/api.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "scanners/python_tree.hpp"
#include "scanners/rule.hpp"

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

class QueryProgram {
 public:
  // Compiles `rules` into one query, once, and checks each rule against it (the
  // @match capture, predicates, the captures its facts name); a problem adds
  // "file:line: problem" to `problems`. A query that does not compile is located
  // by compiling each rule alone.
  QueryProgram(const std::vector<Rule>& rules, std::vector<std::string>& problems);
  // Keeps only the patterns of rules[i] with selected[i]; RuleMatch::rule_index
  // then counts selected rules only. Call before run(), from one thread.
  void select(const std::vector<bool>& selected);
  ~QueryProgram();
  QueryProgram(const QueryProgram&) = delete;
  QueryProgram& operator=(const QueryProgram&) = delete;

  // Capture id of `name` ("match", "target", ...) or -1 when no rule uses it.
  int capture_id(const std::string& name) const;
  // Runs every pattern over `tree`; returns false when the match limit was hit.
  bool run(const PythonTree& tree, const std::function<void(const RuleMatch&)>& on_match) const;

 private:
  struct Pattern {
    std::size_t rule_index = 0;
    std::vector<Predicate> predicates;
  };
  bool predicates_hold(const Pattern& pattern, const std::vector<TSNode>& nodes, const PythonTree& tree) const;

  TSQuery* query_ = nullptr;
  std::vector<Pattern> patterns_;
  std::vector<std::string> capture_names_;
};

// Compiles one rule's query alone, for error messages with file:line; adds problems.
bool check_rule_query(const Rule& rule, std::vector<std::string>& problems);
// The rule's query defines @match and every capture its facts name; adds problems.
bool check_rule_captures(const Rule& rule, const std::set<std::string>& captures, std::vector<std::string>& problems);

}  // namespace gilfree::scanners
