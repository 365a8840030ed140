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

TEST_CASE("LiteralFilter rules a group out at a node whose own text lacks the words it needs") {
  LiteralFilter filter;
  auto method = filter.add_group({"^(?:append|extend)$"});
  auto short_atoms = filter.add_group({"^(\\{\\}|\\[\\]|set\\(\\))$"});
  auto two = filter.add_group({"^acquire$", "(^|\\.)Timer$"});
  filter.compile();
  std::string_view text = "a.append(1)\nb.pop()\nt = threading.Timer(1, lock.acquire)\n";
  auto search = filter.search(text);
  auto span = [&](std::string_view part) {
    auto start = static_cast<std::uint32_t>(text.find(part));
    return std::make_pair(start, start + static_cast<std::uint32_t>(part.size()));
  };
  auto [append_start, append_end] = span("a.append(1)");
  auto [pop_start, pop_end] = span("b.pop()");
  CHECK(search.possible_within(method, append_start, append_end));
  CHECK_FALSE(search.possible_within(method, pop_start, pop_end));
  CHECK_FALSE(search.possible_within(method, append_start, append_end - 4));  // "appe" is not "append"
  // No word every match needs: possible at every node of a file where it is possible.
  CHECK(search.possible_within(short_atoms, pop_start, pop_end));
  // Both regexes need their word inside the node.
  auto [timer_start, timer_end] = span("threading.Timer(1, lock.acquire)");
  CHECK(search.possible_within(two, timer_start, timer_end));
  CHECK_FALSE(search.possible_within(two, timer_start, timer_start + 15));
}

TEST_CASE("LiteralFilter does not rule out by a word it cannot compare regardless of case") {
  LiteralFilter filter;
  auto accented = filter.add_group({"^caf\xc3\xa9$"});
  filter.compile();
  std::string_view text = "CAF\xc3\x89()\n";
  CHECK(filter.possible(text)[accented]);
  CHECK(filter.search(text).possible_within(accented, 0, 5));
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
