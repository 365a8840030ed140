#pragma once
// `gilfree rules list|show|test|doc|tree`: the rule pack as documentation and
// as tested data.
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "scanners/engine/rule.hpp"

namespace gilfree::scanners {

// Loads the built-in pack plus `extra_dirs`; UserError listing every broken rule.
std::vector<Rule> load_rule_pack(const std::vector<std::filesystem::path>& extra_dirs);

// The rule's section of the published docs (rule_docs_url), or "" for a rule
// loaded from another directory (--rules-dir): gilfree's pages do not describe it.
std::string docs_url(const Rule& rule);

std::string rules_list_text(const std::vector<Rule>& rules);
std::string rules_list_json(const std::vector<Rule>& rules);
// One rule's documentation (Markdown); UserError for an unknown id or name.
std::string rule_show(const std::vector<Rule>& rules, const std::string& id);
// docs/rules.md, generated from the rule YAML and the fact table.
std::string rules_markdown(const std::vector<Rule>& rules);

// The fixture of a rule: <rule dir>/<ID>.py, else <source>/tests/rules/python/<ID>.py.
std::filesystem::path fixture_path(const Rule& rule);

struct FixtureResult {
  std::string rule_id;
  bool passed = false;
  int expected = 0;                    // `# expect:` markers for this rule
  std::vector<std::string> problems;   // "missing: file:line ...", "noisy: file:line ..."
};

// Line number (1-based) -> rule ids of each `# expect: ID[, ID...]` marker in a fixture.
std::map<int, std::set<std::string>> fixture_expectations(const std::string& text);

// Scans each rule's fixture with that rule alone; every `# expect: ID` line
// must fire and no other line may. `ids` empty: all rules.
std::vector<FixtureResult> test_rule_fixtures(const std::vector<Rule>& rules, const std::vector<std::string>& ids,
                                              const std::vector<std::filesystem::path>& extra_dirs);
std::string fixture_report(const std::vector<FixtureResult>& results);

// The tree-sitter S-expression of a file, for writing queries.
std::string syntax_tree_text(const std::string& source);

}  // namespace gilfree::scanners
