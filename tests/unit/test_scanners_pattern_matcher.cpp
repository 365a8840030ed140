// PatternMatcher and the walker over the core's tree layout must agree exactly
// with tree-sitter's own API: the walk with TSTreeCursor, the children and
// their fields with the cursor, and every match with tree-sitter's query
// cursor (QueryProgram with Matching::tree_sitter_cursor is the reference).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include "scanners/engine/pattern_matcher.hpp"
#include "scanners/engine/python_tree.hpp"
#include "scanners/engine/query_program.hpp"
#include "scanners/engine/rule_loader.hpp"
#include "support/e2e.hpp"
#include "support/matcher_reference.hpp"

using namespace gilfree::scanners;

namespace {

// Aliases, extras (comments) between fields, hidden nodes, errors, strings
// with interpolation, decorators, lambdas, nested classes.
const char* kTricky =
    "import threading, os as o\n"
    "from . import x  # comment\n"
    "@decorator(arg)\n"
    "class A(B, metaclass=M):\n"
    "    items = []  # shared\n"
    "    def m(self, a=[], *args, b: int = {}, **kw):\n"
    "        self.items.append(f'{a!r:>{b}}')\n"
    "        if k not in self.d:\n"
    "            self.d[k] = (lambda q: q + 1)(2)\n"
    "        with threading.Lock() as l, open(p) as f:\n"
    "            global n; n += 1\n"
    "        return [y for y in self.items if y] or {k: v for k, v in kw.items()}\n"
    "def broken(:\n"
    "    x = = 1\n"
    "match command:\n"
    "    case [a, *rest] if a > 0:\n"
    "        pass\n"
    "print(*args, sep='')\n";

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<TSNode> cursor_walk(TSNode root) {
  std::vector<TSNode> nodes;
  walk_tree(root, [&](TSNode node) {
    nodes.push_back(node);
    return true;
  });
  return nodes;
}

bool same_node(TSNode a, TSNode b) {
  return ts_node_eq(a, b) && ts_node_start_byte(a) == ts_node_start_byte(b) &&
         ts_node_end_byte(a) == ts_node_end_byte(b) && ts_node_symbol(a) == ts_node_symbol(b) &&
         ts_node_start_point(a).row == ts_node_start_point(b).row &&
         ts_node_start_point(a).column == ts_node_start_point(b).column && ts_node_is_named(a) == ts_node_is_named(b);
}

using Programs = gilfree::test::ReferencePrograms;
using gilfree::test::inline_rule;
using gilfree::test::all_matches;

void check_same_matches(const Programs& programs, const std::string& text, const std::string& what) {
  PythonTree tree(text);
  auto own = all_matches(programs.own, tree);
  auto reference = all_matches(programs.reference, tree);
  INFO(what);
  REQUIRE(own);
  REQUIRE(reference);
  CHECK(own->size() == reference->size());
  CHECK(*own == *reference);
}

}  // namespace

TEST_CASE("the wanted-node walk visits exactly what TSTreeCursor visits, as equal nodes") {
  std::vector<std::uint8_t> all(ts_language_symbol_count(tree_sitter_python()), 1);
  for (std::string text : {std::string(kTricky), std::string(), std::string("x"), std::string("(((((((((1)))))))))\n")}) {
    PythonTree tree(text);
    std::vector<TSNode> walked;
    walk_wanted_nodes(tree, all, [&](TSNode node) { walked.push_back(node); });
    auto expected = cursor_walk(tree.root());
    expected.erase(std::remove_if(expected.begin(), expected.end(), [&](TSNode n) { return ts_node_symbol(n) >= all.size(); }),
                   expected.end());
    REQUIRE(walked.size() == expected.size());
    for (std::size_t i = 0; i < walked.size(); ++i) CHECK(same_node(walked[i], expected[i]));
  }
}

TEST_CASE("the wanted-node walk hands over only the wanted kinds, in document order") {
  PythonTree tree(kTricky);
  std::vector<std::uint8_t> wanted(ts_language_symbol_count(tree_sitter_python()), 0);
  wanted[ts_language_symbol_for_name(tree_sitter_python(), "call", 4, true)] = 1;
  std::vector<std::string> calls;
  walk_wanted_nodes(tree, wanted, [&](TSNode node) { calls.emplace_back(tree.node_text(node).substr(0, 10)); });
  CHECK(calls == std::vector<std::string>{"decorator(", "self.items", "(lambda q:", "threading.", "open(p)", "kw.items()",
                                          "print(*arg"});
}

TEST_CASE("the wanted-node walk survives nesting deeper than any stack") {
  std::string deep = std::string(100000, '[') + std::string(100000, ']') + "\n";
  PythonTree tree(deep);
  std::vector<std::uint8_t> all(ts_language_symbol_count(tree_sitter_python()), 1);
  std::size_t count = 0;
  walk_wanted_nodes(tree, all, [&](TSNode) { ++count; });
  CHECK(count == cursor_walk(tree.root()).size());
}

TEST_CASE("gilfree_visible_children gives each node's children and fields as the cursor does") {
  PythonTree tree(kTricky);
  for (TSNode node : cursor_walk(tree.root())) {
    std::vector<gilfree_child> children(64);
    auto count = gilfree_visible_children(node, children.data(), 64);
    REQUIRE(count <= 64);
    TSTreeCursor cursor = ts_tree_cursor_new(node);
    std::uint32_t index = 0;
    if (ts_tree_cursor_goto_first_child(&cursor)) {
      do {
        REQUIRE(index < count);
        TSNode expected = ts_tree_cursor_current_node(&cursor);
        CHECK(same_node(children[index].node, expected));
        CHECK(children[index].field == ts_tree_cursor_current_field_id(&cursor));
        CHECK(children[index].symbol == ts_node_symbol(expected));
        CHECK(children[index].named == ts_node_is_named(expected));
        ++index;
      } while (ts_tree_cursor_goto_next_sibling(&cursor));
    }
    ts_tree_cursor_delete(&cursor);
    CHECK(index == count);
  }
}

TEST_CASE("PatternMatcher finds exactly tree-sitter's matches for the rule pack on every fixture") {
  Programs programs;
  REQUIRE(programs.problems.empty());
  CHECK(programs.own.cursor_rules().empty());  // the whole built-in pack runs on PatternMatcher
  CHECK(programs.reference.cursor_rules().size() == programs.loaded.rules.size());
  check_same_matches(programs, kTricky, "tricky source");
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(GILFREE_SOURCE_DIR) / "tests/rules/python")) {
    check_same_matches(programs, read_file(entry.path()), entry.path().string());
  }
}

TEST_CASE("PatternMatcher finds exactly tree-sitter's matches on CPython's own modules") {
  auto stdlib = gilfree::test::runtime_prefix() / "lib/python3.13t";
  REQUIRE(std::filesystem::exists(stdlib / "threading.py"));  // make test builds the runtime first
  Programs programs;
  for (const char* name : {"threading.py", "queue.py", "logging/__init__.py", "concurrent/futures/thread.py",
                           "asyncio/base_events.py", "typing.py", "dataclasses.py", "multiprocessing/pool.py",
                           "test/test_sys.py", "unittest/mock.py", "tkinter/__init__.py", "email/_header_value_parser.py"}) {
    check_same_matches(programs, read_file(stdlib / name), name);
  }
}

TEST_CASE("PatternMatcher reports ways that differ only in uncaptured nodes once, as tree-sitter does") {
  // A syntax error leaves an ERROR node before "not in": both it and the
  // identifier fit FT003's leading (_), and nothing captured differs.
  Programs programs;
  check_same_matches(programs, "if \"x\xd0 not in _cache:\n    _cache[\"x\"] = 1\n", "ERROR before not in");
}

TEST_CASE("parse_patterns leaves constructs it lacks to tree-sitter, with the reason") {
  auto capture = [](std::string_view name) { return name == "a" ? 0 : name == "b" ? 1 : -1; };
  auto reason_for = [&](const char* query) {
    std::vector<TopPattern> out;
    std::string reason;
    bool ok = parse_patterns(query, tree_sitter_python(), capture, out, reason);
    return ok ? std::string("ok") : reason;
  };
  CHECK(reason_for("(call function: (identifier) @a) @b") == "ok");
  CHECK(reason_for("((call) @a (#eq? @a \"x\"))") == "ok");
  CHECK(reason_for("[(identifier) (attribute)] @a") == "ok");
  CHECK(reason_for("(block . (expression_statement) @a .)") == "ok");
  CHECK(reason_for("(call !arguments) @a") == "ok");
  CHECK(reason_for("(block (expression_statement)* @a)").find("quantifier") == 0);
  CHECK(reason_for("(expression) @a").find("not a plain node kind") != std::string::npos);
  CHECK(reason_for("((identifier) @a (identifier) @b)").find("sibling patterns") == 0);
  CHECK(reason_for("(ERROR) @a").find("not a plain node kind") != std::string::npos);
  CHECK(reason_for("(call) @unknown").find("unknown capture") == 0);
  std::string deep = std::string(10000, '(') + "identifier" + std::string(10000, ')');
  CHECK(reason_for(deep.c_str()).find("nesting deeper than 64") == 0);
}

TEST_CASE("a rule PatternMatcher cannot run still matches, on tree-sitter's cursor") {
  std::vector<std::string> problems;
  QueryProgram program({inline_rule("X001", "(block (expression_statement)+ @match)\n")}, problems);
  REQUIRE(problems.empty());
  REQUIRE(program.cursor_rules().size() == 1);
  CHECK(program.cursor_rules()[0].second.find("quantifier") == 0);
  PythonTree tree("def f():\n    a()\n    b()\n");
  std::size_t matches = 0;
  program.run(tree, {}, [&](const RuleMatch&) { ++matches; });
  CHECK(matches >= 1);
}

TEST_CASE("PatternMatcher enumerates every way a pattern matches, as tree-sitter does") {
  auto rule = inline_rule("X002", "(module (expression_statement (assignment left: (identifier) @match)))\n");
  std::vector<std::string> problems;
  QueryProgram own({rule}, problems);
  QueryProgram reference({rule}, problems, Matching::tree_sitter_cursor);
  REQUIRE(problems.empty());
  PythonTree tree("a = 1\nb = 2\nif x:\n    c = 3\nd = 4\n");
  auto matches = all_matches(own, tree);
  REQUIRE(matches);
  CHECK(matches->size() == 3);
  CHECK(matches == all_matches(reference, tree));
}
