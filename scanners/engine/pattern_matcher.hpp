#pragma once
// Our own matcher for the tree-sitter query patterns rules are written in.
//
// Why: tree-sitter's query cursor walks every node of the file and keeps
// partial-match states for every pattern at each step, and cannot test a
// #match?/#eq? predicate before a match is complete; over CPython's Lib/ that
// cost as much as half the parse. Here a pattern is tried only at the nodes of
// its root kind, which the scanner's one walk of the tree already collects.
//
// The matcher covers the query language the rule pack uses: named nodes,
// `(_)`, `_`, "anonymous" nodes, fields, negated fields (`!field`),
// alternations `[...]`, captures, anchors (`.`) and a single pattern in a
// grouping with predicates. A pattern using anything else (quantifiers,
// supertypes, sibling sequences at the top level, ERROR/MISSING, nesting
// deeper than 64) is reported as unsupported and its rule runs on
// tree-sitter's query cursor instead.
//
// Matches are tree-sitter's, checked against its cursor by unit tests and by
// a differential fuzz target (tests/fuzz/fuzz_pattern_matcher.cpp), including
// two of its rules that are easy to miss: ways that differ only in uncaptured
// nodes are one match, and a field step is tried on the first child in that
// field only, unless the production allows the field again later.
#include <tree_sitter/api.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "scanners/engine/tree_sitter_walk.h"

namespace gilfree::scanners {

inline constexpr std::size_t kMaxNodeCaptures = 8;

struct PatternNode {
  enum class Kind { named, any_named, any, anonymous, alternation };
  Kind kind = Kind::named;
  std::vector<std::uint8_t> symbols;  // named / anonymous: symbols[s] != 0 for the kinds it matches
  TSFieldId field = 0;                // the field it must sit in, 0 for any
  std::vector<std::uint32_t> captures;  // at most kMaxNodeCaptures
  std::vector<PatternNode> children;  // child patterns in order, or an alternation's alternatives
  std::vector<bool> anchored;         // anchored[i]: `.` right before children[i]
  bool anchored_last = false;         // `.` after the last child
  std::vector<TSFieldId> negated_fields;
};

// A non-owning reference to a callable: no allocation, unlike std::function,
// which matters on the matcher's hot path. The callable must outlive it.
template <typename Signature>
class FunctionRef;
template <typename Result, typename... Args>
class FunctionRef<Result(Args...)> {
 public:
  template <typename F>
  FunctionRef(F& f)  // NOLINT(google-explicit-constructor): passed like a lambda
      : object_(&f), call_([](void* object, Args... args) -> Result { return (*static_cast<F*>(object))(args...); }) {}
  Result operator()(Args... args) const { return call_(object_, args...); }

 private:
  void* object_;
  Result (*call_)(void*, Args...);
};

// A predicate as written, `(#name @capture "text" ...)`: compiled by QueryProgram.
struct PredicateArgument {
  bool is_capture = false;
  std::uint32_t capture = 0;  // is_capture: its id
  std::string text;           // otherwise: the string (or bare word)
};
struct WrittenPredicate {
  std::string name;  // "eq?", "not-match?", ...
  std::vector<PredicateArgument> arguments;
};

// One top-level pattern of a query.
struct TopPattern {
  PatternNode root;
  std::uint32_t start = 0;  // byte offset in the query text where it starts
  std::vector<WrittenPredicate> predicates;  // anywhere inside it, in order, as tree-sitter attaches them
};

// Parses `query` (a rule's whole query) into its top-level patterns. Capture
// names resolve through `capture_id` (-1: unknown). Returns false, with a reason,
// when a construct is outside what PatternMatcher supports.
// (pattern_parser.cpp)
bool parse_patterns(std::string_view query, const TSLanguage* language,
                    const std::function<int(std::string_view)>& capture_id, std::vector<TopPattern>& out,
                    std::string& reason);

// The kinds a pattern can start at (empty when it could start anywhere).
std::vector<std::uint8_t> root_symbols(const PatternNode& pattern, std::size_t symbol_count);
// Adds to `out` the captures every match of `pattern` binds (those inside an
// alternative are bound only when that alternative matched).
void certain_captures(const PatternNode& pattern, std::vector<std::uint32_t>& out);

// Enumerates every way `pattern` matches at `node`, calling on_match() with
// `captures` (indexed by capture id, null for unset) filled for each. Keeps one
// tree cursor and scratch buffers; use one per thread.
class PatternMatcher {
 public:
  explicit PatternMatcher(std::size_t capture_count);
  ~PatternMatcher();
  PatternMatcher(const PatternMatcher&) = delete;
  PatternMatcher& operator=(const PatternMatcher&) = delete;

  // `check(bound, count)` is called when a node binds captures (their ids);
  // returning false abandons that partial match, so a failing predicate
  // prunes the search before deeper nodes are visited. Returns false when it
  // stopped at `limit` matches for this node.
  using Check = FunctionRef<bool(const std::uint32_t* bound, std::size_t count)>;
  template <typename OnMatch>
  bool match(const PatternNode& pattern, const gilfree_child& node, std::size_t limit, Check check, OnMatch&& on_match);
  // A quick necessary condition for match(): the root's kind, and for each
  // child pattern a child of its kind and field. Lists the node's children
  // once for all the patterns tried at it (match() reuses the list).
  bool may_match(const PatternNode& pattern, const gilfree_child& node);
  // `node` described for match(): its symbol and whether it is named.
  static gilfree_child describe(TSNode node) { return {node, 0, ts_node_symbol(node), ts_node_is_named(node), false}; }
  const std::vector<TSNode>& captures() const { return captures_; }

 private:
  using Next = FunctionRef<void()>;
  using Child = gilfree_child;

  static bool kind_matches(const PatternNode& pattern, TSSymbol symbol, bool named);
  static bool children_possible(const PatternNode& pattern, const std::vector<Child>& children);
  static bool anchored_next_possible(const PatternNode& pattern, const std::vector<Child>& children,
                                     std::size_t index, std::size_t j);
  void match_node(const PatternNode& pattern, const Child& node, const Next& next);
  void match_children(const PatternNode& pattern, const std::vector<Child>& children, std::size_t index,
                      std::size_t from, std::size_t previous, const Next& next);
  const std::vector<Child>& children_of(TSNode node, std::size_t depth);
  const std::vector<Child>& children_by_cursor(TSNode node, std::vector<Child>& children);

  std::vector<TSNode> captures_;
  std::vector<std::vector<TSNode>> emitted_;  // the capture sets reported by this match() call
  std::deque<std::vector<Child>> children_by_depth_;  // a deque: growing it keeps references to outer levels valid
  std::vector<TSNode> listed_by_depth_;  // whose children children_by_depth_ holds
  std::vector<gilfree_child> buffer_;
  std::size_t depth_ = 0;
  std::size_t matches_ = 0;
  std::size_t limit_ = 0;
  const Check* check_ = nullptr;
  TSTreeCursor cursor_;
  bool cursor_ready_ = false;
};

template <typename OnMatch>
bool PatternMatcher::match(const PatternNode& pattern, const gilfree_child& node, std::size_t limit, Check check,
                           OnMatch&& on_match) {
  // captures_ is all null here: match_node unbinds what it bound on the way back.
  check_ = &check;
  matches_ = 0;
  limit_ = limit;
  depth_ = 0;
  emitted_.clear();
  auto done = [&] {
    // Ways that differ only in uncaptured nodes are one match, as tree-sitter
    // reports them (e.g. `(_) "not in" (_) @c` where two nodes fit the first (_)).
    for (const auto& earlier : emitted_) {
      if (std::equal(earlier.begin(), earlier.end(), captures_.begin(), ts_node_eq)) return;
    }
    emitted_.push_back(captures_);
    ++matches_;
    on_match();
  };
  match_node(pattern, node, done);
  return matches_ < limit_;
}

}  // namespace gilfree::scanners
