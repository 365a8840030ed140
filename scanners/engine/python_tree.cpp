#include "scanners/engine/python_tree.hpp"

#include <stdexcept>
#include <unordered_map>

namespace gilfree::scanners {
namespace {

struct ParserDeleter {
  void operator()(TSParser* parser) const { ts_parser_delete(parser); }
};

// One parser per thread: TSParser is not thread-safe, creating one per file is wasteful.
TSParser* thread_parser() {
  thread_local std::unique_ptr<TSParser, ParserDeleter> parser = [] {
    std::unique_ptr<TSParser, ParserDeleter> created{ts_parser_new()};
    if (!ts_parser_set_language(created.get(), tree_sitter_python())) {
      throw std::runtime_error("tree-sitter-python grammar ABI does not match the tree-sitter core");
    }
    return created;
  }();
  return parser.get();
}

}  // namespace

TSFieldId python_field_id(std::string_view name) {
  static const std::unordered_map<std::string_view, TSFieldId> ids = [] {
    std::unordered_map<std::string_view, TSFieldId> out;
    const TSLanguage* language = tree_sitter_python();
    for (TSFieldId id = 1; id <= ts_language_field_count(language); ++id) {
      if (const char* field = ts_language_field_name_for_id(language, id)) out.emplace(field, id);
    }
    return out;
  }();
  auto it = ids.find(name);
  return it == ids.end() ? 0 : it->second;
}

const std::vector<std::string_view>& python_symbol_names() {
  static const std::vector<std::string_view> names = [] {
    const TSLanguage* language = tree_sitter_python();
    std::vector<std::string_view> out(ts_language_symbol_count(language));
    for (TSSymbol symbol = 0; symbol < out.size(); ++symbol) out[symbol] = ts_language_symbol_name(language, symbol);
    return out;
  }();
  return names;
}

// Files up to this size are parsed into an arena (tree_arena.hpp); larger ones
// (generated data, vendored bundles) would hold a chunk of their size per thread.
// Under AddressSanitizer every tree is allocated one node at a time, so that it
// sees each node's lifetime.
#if defined(__SANITIZE_ADDRESS__)
constexpr std::size_t kArenaFileLimit = 0;
#else
constexpr std::size_t kArenaFileLimit = std::size_t{512} << 10;
#endif

TSTree* parse_in_arena(std::string_view text, TreeArena& arena) {
  TreeArena::Active active(arena);
  // A parser of its own, in the arena too: a parser kept across files would
  // hold buffers of an arena that is gone.
  TSParser* parser = ts_parser_new();
  TSTree* tree = nullptr;
  if (ts_parser_set_language(parser, tree_sitter_python())) {
    tree = ts_parser_parse_string(parser, nullptr, text.data(), static_cast<std::uint32_t>(text.size()));
  }
  ts_parser_delete(parser);
  return tree;
}

PythonTree::PythonTree(std::string_view text) : text_(text), tree_(nullptr, TreeDeleter{false}), lines_(text) {
  install_tree_arena_allocator();
  if (text.size() <= kArenaFileLimit) {
    arena_ = std::make_unique<TreeArena>();
    tree_ = std::unique_ptr<TSTree, TreeDeleter>(parse_in_arena(text, *arena_), TreeDeleter{true});
  } else {
    tree_ = std::unique_ptr<TSTree, TreeDeleter>(
        ts_parser_parse_string(thread_parser(), nullptr, text.data(), static_cast<std::uint32_t>(text.size())), TreeDeleter{false});
  }
  if (!tree_) throw std::runtime_error("tree-sitter failed to parse");
}

std::string_view PythonTree::node_text(TSNode node) const {
  if (ts_node_is_null(node)) return {};
  auto start = ts_node_start_byte(node);
  auto end = ts_node_end_byte(node);
  if (start >= text_.size() || end <= start) return {};
  return text_.substr(start, end - start);
}

int PythonTree::first_error_line() const {
  auto root_node = root();
  if (!ts_node_has_error(root_node)) return 0;
  // Report the innermost error: an ERROR node that tree-sitter grew around a
  // large valid region starts far before the offending token.
  auto children_have_error = [](TSNode node) {
    for (std::uint32_t i = 0; i < ts_node_child_count(node); ++i) {
      if (ts_node_has_error(ts_node_child(node, i))) return true;
    }
    return false;
  };
  int line = 0;
  walk_tree(root_node, [&](TSNode node) {
    if (line != 0) return false;
    bool is_error = std::string_view(ts_node_type(node)) == "ERROR" || ts_node_is_missing(node);
    if (is_error && !children_have_error(node)) {
      line = static_cast<int>(ts_node_start_point(node).row) + 1;
      return false;
    }
    return ts_node_has_error(node);
  });
  return line == 0 ? 1 : line;
}

}  // namespace gilfree::scanners
