// Backtracking matcher over PatternNode trees, in continuation-passing style so
// that every way a pattern matches is reported, as tree-sitter's query cursor
// reports every match (e.g. one per module-level statement of
// `(module (expression_statement ...))`).
#include "scanners/engine/pattern_matcher.hpp"

#include <cstdint>

#include "scanners/engine/tree_sitter_walk.h"

namespace gilfree::scanners {

PatternMatcher::PatternMatcher(std::size_t capture_count) : captures_(capture_count) {}

PatternMatcher::~PatternMatcher() {
  if (cursor_ready_) ts_tree_cursor_delete(&cursor_);
}

const std::vector<PatternMatcher::Child>& PatternMatcher::children_of(TSNode node, std::size_t depth) {
  if (children_by_depth_.size() <= depth) {
    children_by_depth_.resize(depth + 1);
    listed_by_depth_.resize(depth + 1);
  }
  auto& children = children_by_depth_[depth];
  // The patterns tried at one node ask for the same children one after another.
  if (ts_node_eq(listed_by_depth_[depth], node) && !ts_node_is_null(node)) return children;
  listed_by_depth_[depth] = node;
  children.clear();
  buffer_.resize(std::max<std::size_t>(buffer_.size(), 16));
  auto count = gilfree_visible_children(node, buffer_.data(), static_cast<std::uint32_t>(buffer_.size()));
  if (count != UINT32_MAX && count > buffer_.size()) {
    buffer_.resize(count);
    count = gilfree_visible_children(node, buffer_.data(), count);
  }
  if (count == UINT32_MAX) return children_by_cursor(node, children);
  children.assign(buffer_.begin(), buffer_.begin() + count);
  return children;
}

// For hidden nodes nested deeper than gilfree_visible_children follows.
const std::vector<PatternMatcher::Child>& PatternMatcher::children_by_cursor(TSNode node, std::vector<Child>& children) {
  if (!cursor_ready_) {
    cursor_ = ts_tree_cursor_new(node);
    cursor_ready_ = true;
  } else {
    ts_tree_cursor_reset(&cursor_, node);
  }
  if (!ts_tree_cursor_goto_first_child(&cursor_)) return children;
  do {
    TSNode child = ts_tree_cursor_current_node(&cursor_);
    children.push_back(Child{child, ts_tree_cursor_current_field_id(&cursor_), ts_node_symbol(child),
                             ts_node_is_named(child), true});
  } while (ts_tree_cursor_goto_next_sibling(&cursor_));
  return children;
}

bool PatternMatcher::kind_matches(const PatternNode& pattern, TSSymbol symbol, bool named) {
  switch (pattern.kind) {
    case PatternNode::Kind::alternation:
      for (const auto& alternative : pattern.children) {
        if (kind_matches(alternative, symbol, named)) return true;
      }
      return false;
    case PatternNode::Kind::named:
    case PatternNode::Kind::anonymous:
      return symbol < pattern.symbols.size() && pattern.symbols[symbol] &&
             named == (pattern.kind == PatternNode::Kind::named);
    case PatternNode::Kind::any_named: return named;
    case PatternNode::Kind::any: return true;
  }
  return false;
}

bool PatternMatcher::may_match(const PatternNode& pattern, const gilfree_child& node) {
  if (pattern.kind == PatternNode::Kind::alternation) return true;  // match() tries each alternative
  if (!kind_matches(pattern, node.symbol, node.named)) return false;
  return pattern.children.empty() || children_possible(pattern, children_of(node.node, 0));
}

// A quick necessary condition before any descent: every child pattern has at
// least one child of its kind (and field) to match.
bool PatternMatcher::children_possible(const PatternNode& pattern, const std::vector<Child>& children) {
  for (const auto& child_pattern : pattern.children) {
    bool any = false;
    for (const auto& child : children) {
      if ((child_pattern.field == 0 || child.field == child_pattern.field) &&
          kind_matches(child_pattern, child.symbol, child.named)) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  return true;
}

// When the next child pattern is anchored to this one (`a . b`), the next
// named sibling must be of b's kind: checked before matching a in depth.
bool PatternMatcher::anchored_next_possible(const PatternNode& pattern, const std::vector<Child>& children,
                                            std::size_t index, std::size_t j) {
  if (index + 1 >= pattern.children.size() || !pattern.anchored[index + 1]) return true;
  const auto& next_pattern = pattern.children[index + 1];
  for (std::size_t k = j + 1; k < children.size(); ++k) {
    bool field_ok = next_pattern.field == 0 || children[k].field == next_pattern.field;
    if (field_ok && kind_matches(next_pattern, children[k].symbol, children[k].named)) return true;
    if (children[k].named) return false;  // the anchor allows no named node in between
  }
  return false;
}

void PatternMatcher::match_node(const PatternNode& pattern, const Child& child, const Next& next) {
  if (matches_ >= limit_ || !kind_matches(pattern, child.symbol, child.named)) return;
  TSNode node = child.node;
  for (TSFieldId field : pattern.negated_fields) {
    if (!ts_node_is_null(gilfree_child_by_field_id(node, field))) return;
  }
  // The first node bound to a capture name wins, as in QueryProgram's
  // reading of tree-sitter matches; bindings are undone on the way back.
  std::uint32_t bound[kMaxNodeCaptures];
  std::size_t bound_count = 0;
  for (auto id : pattern.captures) {
    if (ts_node_is_null(captures_[id])) {
      captures_[id] = node;
      bound[bound_count++] = id;
    }
  }
  // Predicates on the root's own captures (often a regex over the whole
  // matched text) wait for the end; those naming inner captures prune early.
  if (depth_ > 0 && bound_count > 0 && !(*check_)(bound, bound_count)) {
    // a predicate on what is bound so far fails: nothing below can match
  } else if (pattern.kind == PatternNode::Kind::alternation) {
    for (const auto& alternative : pattern.children) match_node(alternative, child, next);
  } else if (pattern.children.empty()) {
    next();
  } else {
    auto depth = depth_++;
    const auto& children = children_of(node, depth);
    if (children_possible(pattern, children)) match_children(pattern, children, 0, 0, static_cast<std::size_t>(-1), next);
    --depth_;
  }
  for (std::size_t i = 0; i < bound_count; ++i) captures_[bound[i]] = TSNode{};
}

void PatternMatcher::match_children(const PatternNode& pattern, const std::vector<Child>& children, std::size_t index,
                                    std::size_t from, std::size_t previous, const Next& next) {
  if (index == pattern.children.size()) {
    if (pattern.anchored_last) {
      for (std::size_t j = previous + 1; j < children.size(); ++j) {
        if (children[j].named) return;
      }
    }
    next();
    return;
  }
  const auto& child_pattern = pattern.children[index];
  for (std::size_t j = from; j < children.size() && matches_ < limit_; ++j) {
    // An anchor (`.`) allows no named node between this child and the previous
    // one (or the parent's start); anonymous nodes do not count.
    if (pattern.anchored[index] && j > from && children[j - 1].named) break;
    if (child_pattern.field != 0 && children[j].field != child_pattern.field) continue;
    if (kind_matches(child_pattern, children[j].symbol, children[j].named) &&
        anchored_next_possible(pattern, children, index, j)) {
      auto rest = [&] { match_children(pattern, children, index + 1, j + 1, j, next); };
      match_node(child_pattern, children[j], rest);
    }
    // tree-sitter tries a field step on the first child in that field only,
    // unless the production allows the field again later (`a, b` in a list).
    if (child_pattern.field != 0 && !children[j].later_in_field) break;
  }
}

}  // namespace gilfree::scanners
