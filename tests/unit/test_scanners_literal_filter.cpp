// LiteralFilter rules a pattern out of a file only when the file lacks text
// every match needs; QueryProgram feeds it only predicates every match must pass.
#include <catch2/catch.hpp>

#include "scanners/engine/literal_filter.hpp"
#include "scanners/engine/python_tree.hpp"
#include "scanners/engine/query_program.hpp"
#include "support/matcher_reference.hpp"

using namespace gilfree::scanners;
using gilfree::test::inline_rule;

TEST_CASE("LiteralFilter rules out a group whose regex needs text the file lacks") {
  LiteralFilter filter;
  auto rare = filter.add_group({"(^|\\.)setswitchinterval$"});
  auto both = filter.add_group({"^acquire$", "^(?:Thread|Timer)$"});
  auto none = filter.add_group({});
  filter.compile();
  REQUIRE(filter.filters());

  auto plain = filter.possible("x = compute(1)\n");
  CHECK_FALSE(plain[rare]);
  CHECK_FALSE(plain[both]);
  CHECK(plain[none]);

  auto with_text = filter.possible("sys.setswitchinterval(1e-6)\nlock.acquire()\n");
  CHECK(with_text[rare]);
  CHECK_FALSE(with_text[both]);  // "acquire" without Thread or Timer: one of two is missing
  CHECK(filter.possible("lock.acquire(); threading.Timer(1, f)")[both]);
  // The search ignores case: it may let a group through, never wrongly rule one out.
  CHECK(filter.possible("SETSWITCHINTERVAL")[rare]);
}

TEST_CASE("LiteralFilter never rules out what no literal decides") {
  LiteralFilter filter;
  // Atoms shorter than three characters, or none at all: always possible.
  auto short_atoms = filter.add_group({"^(\\{\\}|\\[\\]|set\\(\\))$"});
  auto anything = filter.add_group({".*"});
  filter.compile();
  auto result = filter.possible("pass\n");
  CHECK(result[short_atoms]);
  CHECK(result[anything]);

  LiteralFilter empty;
  empty.compile();
  CHECK_FALSE(empty.filters());
}

namespace {

std::size_t count_matches(const QueryProgram& program, const char* text) {
  PythonTree tree(text);
  auto matches = gilfree::test::all_matches(program, tree);
  REQUIRE(matches);
  return matches->size();
}

}  // namespace

TEST_CASE("a pattern is skipped in a file only when its predicates cannot hold there") {
  std::vector<std::string> problems;
  QueryProgram program({inline_rule("X010", "((call function: (identifier) @f) @match (#eq? @f \"frobnicate\"))\n")},
                       problems);
  REQUIRE(problems.empty());
  CHECK(count_matches(program, "frobnicate(1)\nother(2)\n") == 1);
  CHECK(count_matches(program, "other(2)\n") == 0);
}

TEST_CASE("predicates on a capture inside an alternative do not filter: another alternative may match") {
  // `x.y()` matches through the attribute alternative, with @f unbound, so
  // #eq? @f does not apply, as in tree-sitter; the file never says "frobnicate".
  std::vector<std::string> problems;
  auto rule = inline_rule("X011", "((call function: [(identifier) @f (attribute)]) @match (#eq? @f \"frobnicate\"))\n");
  QueryProgram own({rule}, problems);
  QueryProgram reference({rule}, problems, Matching::tree_sitter_cursor);
  REQUIRE(problems.empty());
  const char* text = "x.y()\nother(2)\n";
  CHECK(count_matches(own, text) == 1);
  CHECK(count_matches(reference, text) == 1);
}

TEST_CASE("negated predicates do not filter") {
  std::vector<std::string> problems;
  QueryProgram program({inline_rule("X012", "((call function: (identifier) @f) @match (#not-eq? @f \"frobnicate\"))\n")},
                       problems);
  REQUIRE(problems.empty());
  CHECK(count_matches(program, "other(2)\n") == 1);
}
