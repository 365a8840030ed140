#pragma once
// The C++ checks behind the `native: c-extension` rules in rules/c: each is
// registered here by id, with the {fields} it fills in the rule's message
// and hint. The YAML holds everything else (severity, confidence, message,
// docs), so `rules list|show|doc|test` treat FTC rules as they treat FT rules.
#include <map>
#include <string>
#include <vector>

#include "scanners/engine/rule.hpp"

namespace gilfree::scanners {

struct NativeCheck {
  const char* id;
  const char* name;
  std::vector<std::string> fields;  // the {fields} it fills in the message and hint
};

// Every registered check, by id.
const std::vector<NativeCheck>& native_checks();

// rules/c, checked against the registry; UserError naming the first mismatch.
std::vector<Rule> load_checked_native_rules();

// The rule of a registered check, loaded from rules/c once; UserError when the
// data is missing or broken.
const Rule& native_rule(const std::string& id);

// Where rules/c and the registry disagree: a YAML rule with no check (or
// another name), a check with no YAML rule, a {field} the check never fills.
std::vector<std::string> native_registry_problems(const std::vector<Rule>& rules);

// `templ` with each `{name}` replaced by values.at(name) ("?" when absent).
std::string fill_message_fields(const std::string& templ, const std::map<std::string, std::string>& values);

}  // namespace gilfree::scanners
