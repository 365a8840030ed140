#pragma once
// The tree-sitter core that parses C extension sources: Debian's
// libtree-sitter 0.20.7 (package libtree-sitter0), loaded with dlopen beside
// the 0.25.0 core linked in for Python (cmake/tree_sitter.cmake).
//
// Why two cores: 0.25's error recovery is worse on C full of preprocessor
// conditionals. Measured on CPython 3.13's Modules/: after an `#ifdef
// Py_GIL_DISABLED` inside a slot array (the usual way to declare Py_mod_gil)
// it wraps the following PyInit function in an ERROR node, so modules such as
// time, faulthandler and _decimal went unseen and new false FTC003 findings
// appeared; 0.20.7 parses them. Loaded privately (RTLD_LOCAL): its symbols
// never mix with the linked-in core's.
#include <tree_sitter/api.h>

#include <cstdint>

namespace gilfree::scanners {

struct CTreeSitter {
  TSParser* (*parser_new)();
  void (*parser_delete)(TSParser*);
  bool (*parser_set_language)(TSParser*, const TSLanguage*);
  TSTree* (*parser_parse_string)(TSParser*, const TSTree*, const char*, std::uint32_t);
  void (*tree_delete)(TSTree*);
  TSNode (*tree_root_node)(const TSTree*);
  const char* (*node_type)(TSNode);
  bool (*node_is_null)(TSNode);
  bool (*node_has_error)(TSNode);
  std::uint32_t (*node_start_byte)(TSNode);
  std::uint32_t (*node_end_byte)(TSNode);
  TSNode (*node_parent)(TSNode);
  TSNode (*node_child)(TSNode, std::uint32_t);
  std::uint32_t (*node_child_count)(TSNode);
  TSNode (*node_named_child)(TSNode, std::uint32_t);
  std::uint32_t (*node_named_child_count)(TSNode);
  TSNode (*node_child_by_field_name)(TSNode, const char*, std::uint32_t);
};

// Loads the library once (thread-safe); throws UserError naming the package
// when it cannot be loaded.
const CTreeSitter& c_tree_sitter();

}  // namespace gilfree::scanners
