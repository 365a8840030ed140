#include "scanners/inventory/c_tree_sitter.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <string>

#include "common/errors.hpp"

namespace gilfree::scanners {
namespace {

// Debian's soname; GILFREE_C_TREE_SITTER names another build of tree-sitter
// 0.20 or newer (a path or a soname) where it is called differently.
std::string library_name() {
  const char* chosen = std::getenv("GILFREE_C_TREE_SITTER");
  return chosen != nullptr && *chosen != '\0' ? chosen : "libtree-sitter.so.0";
}

CTreeSitter load() {
  auto name = library_name();
  void* library = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    const char* error = dlerror();
    throw UserError("cannot load " + name + " to parse C extension sources (" + (error ? error : "unknown error") +
                    "); install it with 'apt-get install libtree-sitter0', set GILFREE_C_TREE_SITTER to a "
                    "libtree-sitter.so, or pass --no-sources");
  }
  CTreeSitter api{};
  auto bind = [&](auto& slot, const char* symbol_name) {
    void* symbol = dlsym(library, symbol_name);
    if (!symbol) throw UserError(name + " has no " + symbol_name + "; it is not tree-sitter 0.20 or newer");
    slot = reinterpret_cast<std::remove_reference_t<decltype(slot)>>(symbol);
  };
  bind(api.parser_new, "ts_parser_new");
  bind(api.parser_delete, "ts_parser_delete");
  bind(api.parser_set_language, "ts_parser_set_language");
  bind(api.parser_parse_string, "ts_parser_parse_string");
  bind(api.tree_delete, "ts_tree_delete");
  bind(api.tree_root_node, "ts_tree_root_node");
  bind(api.node_type, "ts_node_type");
  bind(api.node_is_null, "ts_node_is_null");
  bind(api.node_has_error, "ts_node_has_error");
  bind(api.node_start_byte, "ts_node_start_byte");
  bind(api.node_end_byte, "ts_node_end_byte");
  bind(api.node_parent, "ts_node_parent");
  bind(api.node_child, "ts_node_child");
  bind(api.node_child_count, "ts_node_child_count");
  bind(api.node_named_child, "ts_node_named_child");
  bind(api.node_named_child_count, "ts_node_named_child_count");
  bind(api.node_child_by_field_name, "ts_node_child_by_field_name");
  return api;  // the library stays loaded for the process's life
}

}  // namespace

const CTreeSitter& c_tree_sitter() {
  static const CTreeSitter api = load();
  return api;
}

}  // namespace gilfree::scanners
