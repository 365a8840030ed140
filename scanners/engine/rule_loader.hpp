#pragma once
// Loads rule YAML files. Every broken rule is reported (file:line: problem),
// not just the first; the query itself is compiled later by QueryProgram.
#include <filesystem>
#include <string>
#include <vector>

#include "scanners/engine/rule.hpp"

namespace gilfree::scanners {

struct RuleLoadResult {
  std::vector<Rule> rules;            // sorted by id
  std::vector<std::string> problems;  // "file:line: what is wrong"
};

// The forms a rule's id (FT001: two to four capitals, three digits) and name
// (kebab-case) must have.
bool is_valid_rule_id(const std::string& id);
bool is_valid_rule_name(const std::string& name);

// The built-in pack in gilfree's data dir (runtime/data_dir.hpp); UserError when it is missing.
std::filesystem::path builtin_rules_dir();

// The C-extension rules (rules/c): metadata of checks that are C++.
std::filesystem::path builtin_c_rules_dir();

// Reads every *.yaml / *.yml file of each directory (non-recursive). A
// `native:` rule is a problem anywhere but builtin_c_rules_dir(), and any other
// rule is one there: only gilfree's C++ can check a native rule.
RuleLoadResult load_rule_files(const std::vector<std::filesystem::path>& dirs);

// builtin_c_rules_dir()'s rules; UserError listing every problem.
std::vector<Rule> load_native_rules();

// Parses one rule from YAML text (`file` is used in problems).
void load_rule_text(const std::string& text, const std::filesystem::path& file, RuleLoadResult& out);

}  // namespace gilfree::scanners
