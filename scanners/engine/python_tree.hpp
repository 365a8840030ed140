#pragma once
// One parsed Python file: the text tree-sitter saw (BOM removed), its tree,
// and helpers to read node text and positions.
#include <tree_sitter/api.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "common/text_position.hpp"
#include "scanners/engine/tree_arena.hpp"
#include "scanners/engine/tree_sitter_walk.h"

extern "C" const TSLanguage* tree_sitter_python();

namespace gilfree::scanners {

// Null-safe node accessors: the tree-sitter 0.20 core dereferences a null
// node (an absent field in a tree with syntax errors) in these calls.
inline std::uint32_t safe_end_byte(TSNode node) { return ts_node_is_null(node) ? 0 : ts_node_end_byte(node); }
inline std::uint32_t safe_named_child_count(TSNode node) {
  return ts_node_is_null(node) ? 0 : ts_node_named_child_count(node);
}
inline TSNode safe_named_child(TSNode node, std::uint32_t index) {
  return ts_node_is_null(node) ? TSNode{} : ts_node_named_child(node, index);
}
inline TSNode safe_parent(TSNode node) { return ts_node_is_null(node) ? TSNode{} : ts_node_parent(node); }
inline TSNode safe_next_named_sibling(TSNode node) {
  return ts_node_is_null(node) ? TSNode{} : ts_node_next_named_sibling(node);
}

// The grammar's name of every symbol, with its length: the model compares
// node types with literals at nearly every node, and ts_node_type() would
// mean a strlen() each time.
const std::vector<std::string_view>& python_symbol_names();
inline std::string_view node_type(TSNode node) {
  if (ts_node_is_null(node)) return {};
  const auto& names = python_symbol_names();
  TSSymbol symbol = ts_node_symbol(node);
  return symbol < names.size() ? names[symbol] : std::string_view(ts_node_type(node));
}
// The grammar's id of a field name (0 when unknown), from a table built once:
// ts_node_child_by_field_name compares the name with every field's each call.
TSFieldId python_field_id(std::string_view name);
// python_field_id for the field names this code spells out, remembered per
// name's address (a string literal) and confirmed by content: the hot walks
// ask for the same few fields millions of times.
inline TSFieldId cached_field_id(const char* name) {
  struct Entry {
    const char* address = nullptr;
    char text[24] = {};
    TSFieldId id = 0;
  };
  thread_local Entry cache[64];
  auto& entry = cache[(reinterpret_cast<std::uintptr_t>(name) >> 3) & 63];
  if (entry.address != name || std::strncmp(entry.text, name, sizeof entry.text) != 0) {
    entry.address = name;
    std::strncpy(entry.text, name, sizeof entry.text - 1);
    entry.id = python_field_id(name);
  }
  return entry.id;
}
inline TSNode node_field(TSNode node, const char* name) {
  return ts_node_is_null(node) ? TSNode{} : gilfree_child_by_field_id(node, cached_field_id(name));
}

// A node's children listed once, to read several fields without a
// ts_node_child_by_field_id walk over the children for each.
class NodeFields {
 public:
  explicit NodeFields(TSNode node) : node_(node) {
    count_ = ts_node_is_null(node) ? 0 : gilfree_visible_children(node, children_, kCapacity);
  }
  TSNode operator[](const char* name) const {
    if (count_ > kCapacity) return node_field(node_, name);  // long lists (and deep hidden nesting): the API
    TSFieldId id = cached_field_id(name);
    for (std::uint32_t i = 0; i < count_; ++i) {
      if (children_[i].field == id) return children_[i].node;
    }
    return TSNode{};
  }

 private:
  static constexpr std::uint32_t kCapacity = 8;
  TSNode node_;
  gilfree_child children_[kCapacity];
  std::uint32_t count_ = 0;
};

class PythonTree {
 public:
  // Parses `text` (must outlive this object) with a parser owned by the calling thread.
  explicit PythonTree(std::string_view text);
  explicit PythonTree(const char* text) : PythonTree(std::string_view(text)) {}
  explicit PythonTree(std::string&& text) = delete;  // a temporary would die before the tree
  TSNode root() const { return ts_tree_root_node(tree_.get()); }
  const TSTree* raw() const { return tree_.get(); }
  std::string_view text() const { return text_; }
  std::string_view node_text(TSNode node) const;
  const LineIndex& lines() const { return lines_; }
  // Line of the first syntax error (ERROR or MISSING node), 0 when the tree is clean.
  int first_error_line() const;

 private:
  struct TreeDeleter {
    bool in_arena = false;  // then the arena frees it, all at once
    void operator()(TSTree* tree) const {
      if (!in_arena) ts_tree_delete(tree);
    }
  };
  std::string_view text_;
  std::unique_ptr<TreeArena> arena_;  // before tree_: outlives it
  std::unique_ptr<TSTree, TreeDeleter> tree_;
  LineIndex lines_;
};

// Iterates a subtree depth-first without recursion (deeply nested input must
// not overflow the stack). `visit(node)` returns false to skip the node's children.
template <typename Visit>
void walk_tree(TSNode start, Visit&& visit) {
  TSTreeCursor cursor = ts_tree_cursor_new(start);
  bool descend = visit(ts_tree_cursor_current_node(&cursor));
  for (;;) {
    if (descend && ts_tree_cursor_goto_first_child(&cursor)) {
      descend = visit(ts_tree_cursor_current_node(&cursor));
      continue;
    }
    bool moved = false;
    for (;;) {
      if (ts_tree_cursor_goto_next_sibling(&cursor)) {
        moved = true;
        break;
      }
      if (!ts_tree_cursor_goto_parent(&cursor)) break;
    }
    if (!moved) break;
    descend = visit(ts_tree_cursor_current_node(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
}

// Visits, in document order, every node whose symbol s has wanted[s] != 0,
// in one walk that skips the rest cheaply (see tree_sitter_walk.h). `visit`
// takes the node, or the node and its symbol.
template <typename Visit>
void walk_wanted_nodes(const PythonTree& tree, const std::vector<std::uint8_t>& wanted, Visit&& visit) {
  auto trampoline = [](void* context, TSNode node, TSSymbol symbol) {
    auto& callable = *static_cast<std::remove_reference_t<Visit>*>(context);
    if constexpr (std::is_invocable_v<Visit&, TSNode, TSSymbol>) {
      callable(node, symbol);
    } else {
      (void)symbol;
      callable(node);
    }
  };
  if (!gilfree_walk_wanted_nodes(tree.raw(), wanted.data(), static_cast<std::uint32_t>(wanted.size()), trampoline, &visit)) {
    throw std::bad_alloc();
  }
}

}  // namespace gilfree::scanners
