// PythonTree's helpers: field lookups by cached id and NodeFields must give
// exactly what tree-sitter's ts_node_child_by_field_name gives.
#include <catch2/catch.hpp>

#include <string>

#include "scanners/engine/python_tree.hpp"

using namespace gilfree::scanners;

namespace {

// Calls and attributes split by comments (extra children), a definition with
// every field, a call with more children than NodeFields keeps inline.
const char* kSource =
    "value = (obj  # one\n"
    "  # two\n"
    "  .attr  # three\n"
    "  # four\n"
    "  # five\n"
    "  # six\n"
    "  # seven\n"
    "  # eight\n"
    "  (arg))\n"
    "async def f(a, b=1) -> int:\n"
    "    return a\n"
    "x = y if z else w\n"
    "for i in range(3): pass\n";

}  // namespace

TEST_CASE("node_field and NodeFields agree with ts_node_child_by_field_name on every node and field") {
  PythonTree tree(kSource);
  const TSLanguage* language = tree_sitter_python();
  int compared = 0;
  walk_tree(tree.root(), [&](TSNode node) {
    NodeFields fields(node);
    for (TSFieldId id = 1; id <= ts_language_field_count(language); ++id) {
      const char* name = ts_language_field_name_for_id(language, id);
      TSNode expected = ts_node_child_by_field_name(node, name, static_cast<std::uint32_t>(std::strlen(name)));
      TSNode by_id = node_field(node, name);
      TSNode by_list = fields[name];
      INFO(ts_node_type(node) << " field " << name);
      CHECK(ts_node_eq(by_id, expected));
      CHECK(ts_node_eq(by_list, expected));
      if (!ts_node_is_null(expected)) ++compared;
    }
    return true;
  });
  CHECK(compared >= 19);  // fields present in kSource: the comparison is not vacuous
  CHECK(python_field_id("no_such_field") == 0);
  CHECK(node_field(TSNode{}, "name").id == nullptr);
}
