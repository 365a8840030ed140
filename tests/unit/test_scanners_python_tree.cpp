// PythonTree's helpers: field lookups by cached id, NodeFields and the
// walker's own field lookup must give exactly what tree-sitter's
// ts_node_child_by_field_name gives.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "scanners/engine/python_tree.hpp"
#include "support/e2e.hpp"

using namespace gilfree::scanners;
using gilfree::test::runtime_prefix;
using gilfree::test::slurp_file;

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

// The stdlib files with the most unusual syntax (every grammar construct,
// pattern matching, type parameters, f-strings, syntax errors on purpose) and
// two large ordinary modules: the walker's field lookup must be the library's
// on every node and every field of the grammar.
TEST_CASE("gilfree_child_by_field_id is ts_node_child_by_field_id on real stdlib files") {
  auto lib = runtime_prefix() / "lib" / ("python" + std::string(GILFREE_TEST_PYTHON_MINOR) + "t");
  const TSLanguage* language = tree_sitter_python();
  std::uint64_t compared = 0, found = 0;
  for (const char* name : {"test/test_grammar.py", "test/test_patma.py", "test/test_type_params.py",
                           "test/test_fstring.py", "test/test_syntax.py", "test/test_exceptions.py",
                           "typing.py", "argparse.py", "asyncio/base_events.py", "lib2to3/tests/data/bom.py"}) {
    auto path = lib / name;
    if (!std::filesystem::exists(path)) continue;
    auto text = slurp_file(path);
    PythonTree tree(text);
    walk_tree(tree.root(), [&](TSNode node) {
      for (TSFieldId id = 1; id <= ts_language_field_count(language); ++id) {
        TSNode expected = ts_node_child_by_field_id(node, id);
        TSNode ours = gilfree_child_by_field_id(node, id);
        if (!ts_node_eq(ours, expected)) {
          FAIL_CHECK(name << ": " << ts_node_type(node) << " at byte " << ts_node_start_byte(node) << " field "
                          << ts_language_field_name_for_id(language, id));
        }
        ++compared;
        if (!ts_node_is_null(expected)) ++found;
      }
      return true;
    });
  }
  CHECK(found > 50000);  // the runtime's stdlib was there and fields were present
  CHECK(compared > 1000000);
  CHECK(gilfree_child_by_field_id(TSNode{}, 1).id == nullptr);
}
