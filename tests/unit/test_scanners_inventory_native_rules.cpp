// The registry of C++ checks behind the native FTC rules, against rules/c.
#include <catch2/catch.hpp>

#include <algorithm>

#include "scanners/engine/rule_loader.hpp"
#include "scanners/inventory/native_rules.hpp"

using namespace gilfree::scanners;

namespace {

const char* kNative =
    "id: FTC004\nname: borrowed-reference-call\nseverity: warning\nconfidence: medium\nnative: c-extension\n"
    "message: \"{function} returns a borrowed reference\"\nhint: \"use {instead}\"\n"
    "docs: {what: w, why: y, example: e, instead: i}\n";

Rule load_one(const std::string& text, RuleLoadResult& out) {
  load_rule_text(text, "FTC004.yaml", out);
  return out.rules.empty() ? Rule{} : out.rules.front();
}

bool mentions(const std::vector<std::string>& problems, const std::string& text) {
  return std::any_of(problems.begin(), problems.end(), [&](const std::string& p) { return p.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("the shipped rules/c and the registry agree, every check has its YAML") {
  auto rules = load_native_rules();
  CHECK(rules.size() == native_checks().size());
  CHECK(native_registry_problems(rules).empty());
  for (const auto& check : native_checks()) CHECK(native_rule(check.id).name == check.name);
}

TEST_CASE("a native rule loads without a query and names its checker") {
  RuleLoadResult out;
  auto rule = load_one(kNative, out);
  REQUIRE(out.problems.empty());
  CHECK(rule.native == "c-extension");
  CHECK(std::string(code_language(rule)) == "c");
}

TEST_CASE("a native rule with a query, an unknown checker or a field it never fills is refused") {
  RuleLoadResult with_query;
  load_one(std::string(kNative) + "query: (call) @match\n", with_query);
  CHECK(mentions(with_query.problems, "a native rule has no 'query'"));

  RuleLoadResult unknown;
  std::string text = kNative;
  text.replace(text.find("c-extension"), 11, "rust-extension");
  load_one(text, unknown);
  CHECK(mentions(unknown.problems, "unknown native checker 'rust-extension'"));

  RuleLoadResult typo;
  text = kNative;
  text.replace(text.find("{instead}"), 9, "{replacement}");
  auto rule = load_one(text, typo);
  REQUIRE(typo.problems.empty());
  auto problems = native_registry_problems({rule});
  CHECK(mentions(problems, "{replacement} is not filled by the FTC004 check"));
  CHECK(mentions(problems, "the check FTC001 has no rule file"));
}

TEST_CASE("a native rule with another name, or an id no check has, is refused") {
  RuleLoadResult renamed;
  std::string text = kNative;
  text.replace(text.find("borrowed-reference-call"), 23, "borrowed-call");
  auto problems = native_registry_problems({load_one(text, renamed)});
  CHECK(mentions(problems, "FTC004 is registered as 'borrowed-reference-call', not 'borrowed-call'"));

  RuleLoadResult unregistered;
  text = kNative;
  text.replace(text.find("FTC004"), 6, "FTC099");
  problems = native_registry_problems({load_one(text, unregistered)});
  CHECK(mentions(problems, "no C++ check is registered as FTC099"));
}

TEST_CASE("fill_message_fields puts each value in, verbatim, and ? for a missing one") {
  CHECK(fill_message_fields("use {instead} for {function}", {{"instead", "PyList_GetItemRef"}, {"function", "PyList_GetItem"}}) ==
        "use PyList_GetItemRef for PyList_GetItem");
  CHECK(fill_message_fields("{how}", {{"how", "add {Py_mod_gil, Py_MOD_GIL_NOT_USED}"}}) == "add {Py_mod_gil, Py_MOD_GIL_NOT_USED}");
  CHECK(fill_message_fields("x {nothing} y", {}) == "x ? y");
}
