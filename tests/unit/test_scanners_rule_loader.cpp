#include <catch2/catch.hpp>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "scanners/engine/query_program.hpp"
#include "scanners/engine/rule_loader.hpp"

using namespace gilfree::scanners;

namespace {

const char* kValid =
    "id: XX001\nname: sleep-call\nseverity: info\nconfidence: high\nmessage: m\nhint: h\n"
    "docs: {what: w, why: y, example: e, instead: i}\n"
    "query: |\n  ((call function: (_) @_f) @match (#eq? @_f \"time.sleep\"))\n";

// A valid rule, one with an unknown predicate (Q.yaml:9) and one whose fact
// names a capture the query lacks (C.yaml:11).
std::vector<Rule> good_and_two_broken_rules() {
  RuleLoadResult good, bad_predicate, bad_fact;
  load_rule_text(kValid, "XX001.yaml", good);
  std::string text = kValid;
  text.replace(text.find("(#eq?"), 5, "(#frobnicate?");
  load_rule_text(text, "Q.yaml", bad_predicate);
  load_rule_text(std::string(kValid) + "where:\n  - module-global: nowhere\n", "C.yaml", bad_fact);
  return {good.rules.at(0), bad_predicate.rules.at(0), bad_fact.rules.at(0)};
}

}  // namespace

TEST_CASE("a valid rule loads with every field") {
  RuleLoadResult out;
  load_rule_text(kValid, "XX001.yaml", out);
  REQUIRE(out.problems.empty());
  REQUIRE(out.rules.size() == 1);
  CHECK(out.rules[0].id == "XX001");
  CHECK(out.rules[0].confidence == Confidence::high);
  CHECK(out.rules[0].query_line == 8);
  std::vector<std::string> problems;
  CHECK(check_rule_query(out.rules[0], problems));
}

TEST_CASE("the loader reports every problem of a broken rule with its line") {
  RuleLoadResult out;
  load_rule_text("id: bad\nname: Bad\nseverity: loud\nconfidence: sure\nextra: 1\nwhere:\n  - no-such-fact: x\n", "B.yaml", out);
  CHECK(out.rules.empty());
  auto has = [&](const std::string& text) {
    for (const auto& problem : out.problems) {
      if (problem.find(text) != std::string::npos) return true;
    }
    return false;
  };
  CHECK(has("B.yaml:5: unknown key 'extra'"));
  CHECK(has("B.yaml:1: id 'bad' must look like FT001"));
  CHECK(has("B.yaml:2: name 'Bad' must be kebab-case"));
  CHECK(has("B.yaml:3: severity 'loud'"));
  CHECK(has("B.yaml:4: confidence must be high, medium or low"));
  CHECK(has("B.yaml:7: unknown fact 'no-such-fact'"));
  CHECK(has("missing required key 'message'"));
  CHECK(has("missing required key 'docs'"));
}

TEST_CASE("invalid YAML and bad queries are problems, not crashes") {
  RuleLoadResult out;
  load_rule_text("id: [unclosed\n", "Y.yaml", out);
  REQUIRE(out.problems.size() == 1);
  CHECK(out.problems[0].rfind("Y.yaml:", 0) == 0);
  CHECK(out.problems[0].find("invalid YAML") != std::string::npos);

  RuleLoadResult bad_query;
  std::string text = kValid;
  text.replace(text.find("(#eq?"), 5, "(#frobnicate?");
  load_rule_text(text, "Q.yaml", bad_query);
  REQUIRE(bad_query.rules.size() == 1);
  std::vector<std::string> problems;
  CHECK(!check_rule_query(bad_query.rules[0], problems));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("Q.yaml:9: unknown predicate #frobnicate?") != std::string::npos);
}

TEST_CASE("conditions must name captures the query defines") {
  RuleLoadResult out;
  load_rule_text(std::string(kValid) + "where:\n  - module-global: nowhere\n", "C.yaml", out);
  REQUIRE(out.rules.size() == 1);
  std::vector<std::string> problems;
  CHECK(!check_rule_query(out.rules[0], problems));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] == "C.yaml:11: fact 'module-global' names capture 'nowhere', which the query does not define");
}

TEST_CASE("a message must name captures the query defines, in each {a|b} alternative") {
  RuleLoadResult out;
  std::string text = kValid;
  text.replace(text.find("message: m"), 10, "message: \"{match} calls {_f|_g}\"");
  load_rule_text(text, "M.yaml", out);
  REQUIRE(out.rules.size() == 1);
  std::vector<std::string> problems;
  CHECK(!check_rule_query(out.rules[0], problems));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] == "M.yaml:5: the message names {_g}, which the query does not capture");
}

TEST_CASE("split_message cuts a template at its placeholders") {
  auto parts = split_message("a {x} b {y|z} c {open");
  REQUIRE(parts.size() == 3);
  CHECK(parts[0].text == "a ");
  CHECK(parts[0].captures == std::vector<std::string>{"x"});
  CHECK(parts[1].text == " b ");
  CHECK(parts[1].captures == std::vector<std::string>{"y", "z"});
  CHECK(parts[2].text == " c {open");
  CHECK(parts[2].captures.empty());
}

TEST_CASE("every shipped rule loads and its query compiles against the grammar") {
  auto loaded = load_rule_files({builtin_rules_dir()});
  CHECK(loaded.problems.empty());
  REQUIRE(loaded.rules.size() >= 15);
  for (const auto& rule : loaded.rules) {
    std::vector<std::string> problems;
    INFO(rule.id);
    CHECK(check_rule_query(rule, problems));
    CHECK(problems.empty());
    CHECK(!rule.docs.what.empty());
    CHECK(!rule.docs.why.empty());
    CHECK(!rule.docs.example.empty());
    CHECK(!rule.docs.instead.empty());
  }
  std::vector<std::string> problems;
  QueryProgram combined(loaded.rules, problems);
  CHECK(problems.empty());
  CHECK(combined.capture_id("match") >= 0);
}

TEST_CASE("the combined program reports the same problems with file and line as a rule compiled alone") {
  auto rules = good_and_two_broken_rules();
  std::vector<std::string> problems;
  QueryProgram program(rules, problems);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].find("Q.yaml:9: unknown predicate #frobnicate?") != std::string::npos);
  CHECK(problems[1] == "C.yaml:11: fact 'module-global' names capture 'nowhere', which the query does not define");
}

TEST_CASE("a combined query that does not compile names the broken rule") {
  RuleLoadResult good, broken;
  load_rule_text(kValid, "XX001.yaml", good);
  std::string text = kValid;
  text.replace(text.find("(call"), 5, "(no_such_node");
  load_rule_text(text, "N.yaml", broken);
  std::vector<Rule> rules{good.rules.at(0), broken.rules.at(0)};
  std::vector<std::string> problems;
  QueryProgram program(rules, problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("N.yaml:9: invalid query: unknown node type") != std::string::npos);
}

TEST_CASE("a relation rule loads without a query, and its mistakes are problems with their line") {
  const std::string head = "id: XX002\nname: racy\nseverity: info\nconfidence: high\nhint: h\n"
                           "docs: {what: w, why: y, example: e, instead: i}\n";
  RuleLoadResult good;
  load_rule_text(head + "message: \"`{match}` at {related-line}\"\nrelation: check-then-act\nopt-in: true\n", "XX002.yaml", good);
  REQUIRE(good.problems.empty());
  REQUIRE(good.rules.size() == 1);
  CHECK(good.rules[0].relation == "check-then-act");
  CHECK(good.rules[0].query.empty());
  CHECK(good.rules[0].opt_in);

  RuleLoadResult bad;
  load_rule_text(head + "message: \"{target}\"\nrelation: no-such-relation\nquery: \"(identifier) @match\"\nopt-in: maybe\n",
                 "XX003.yaml", bad);
  CHECK(bad.rules.empty());
  auto has = [&](const std::string& text) {
    for (const auto& problem : bad.problems) {
      if (problem.find(text) != std::string::npos) return true;
    }
    return false;
  };
  CHECK(has("XX003.yaml:8: unknown relation 'no-such-relation' (known: check-then-act"));
  CHECK(has("XX003.yaml:9: a rule has a 'query' or a 'relation', not both"));
  CHECK(has("XX003.yaml:7: the message names {target}; a relation rule has only {match} and {related-line}"));
  CHECK(has("XX003.yaml:10: 'opt-in' must be true or false"));
}

TEST_CASE("rules from the shipped directory are marked bundled, rules from any other directory are not") {
  auto shipped = load_rule_files({builtin_rules_dir()});
  REQUIRE(!shipped.rules.empty());
  for (const auto& rule : shipped.rules) CHECK(rule.bundled);
  auto dir = std::filesystem::temp_directory_path() / ("gilfree-rules-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    std::ofstream out(dir / "XX001.yaml");
    out << kValid;
  }
  auto extra = load_rule_files({dir});
  std::filesystem::remove_all(dir);
  REQUIRE(extra.rules.size() == 1);
  CHECK(!extra.rules[0].bundled);
}

TEST_CASE("a bundled rule read by our parser alone reports predicate and capture mistakes as tree-sitter's reading does") {
  auto rules = good_and_two_broken_rules();
  std::vector<std::string> compiled_problems, read_problems;
  QueryProgram compiled(rules, compiled_problems);
  for (auto& rule : rules) rule.bundled = true;
  QueryProgram read(rules, read_problems);
  CHECK(read_problems == compiled_problems);
  REQUIRE(read_problems.size() == 2);
  CHECK(read_problems[0].find("Q.yaml:9: unknown predicate #frobnicate?") != std::string::npos);
  CHECK(read.cursor_rules().empty());
}

TEST_CASE("bundled and compiled readings of one rule find the same matches, predicates included") {
  auto rule = Rule{};
  rule.id = "XX003";
  rule.file = "inline.yaml";
  rule.query =
      "((call function: (attribute object: (identifier) @obj attribute: (identifier) @m) @match)\n"
      " (#any-of? @m \"append\" \"pop\") (#not-eq? @obj \"self\") (#match? @obj \"^[a-z]\"))\n"
      "((augmented_assignment left: (identifier) @a right: (identifier) @b) @match (#eq? @a @b))\n";
  std::vector<std::string> problems;
  QueryProgram compiled({rule}, problems);
  rule.bundled = true;
  QueryProgram read({rule}, problems);
  REQUIRE(problems.empty());
  PythonTree tree("items.append(1)\nself.pop()\nItems.pop()\nq.pop()\nq.put(1)\nx += x\nx += y\n");
  auto count = [&](const QueryProgram& program) {
    std::vector<TSNode> candidates;
    walk_wanted_nodes(tree, program.root_symbols(), [&](TSNode node) { candidates.push_back(node); });
    std::vector<std::uint32_t> starts;
    program.run(tree, candidates, [&](const RuleMatch& match) {
      starts.push_back(ts_node_start_byte(match.capture(static_cast<std::uint32_t>(program.capture_id("match")))));
    });
    std::sort(starts.begin(), starts.end());
    return starts;
  };
  auto read_starts = count(read);
  CHECK(read_starts == count(compiled));
  CHECK(read_starts.size() == 3);  // items.append, q.pop, x += x
}
