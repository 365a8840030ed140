#pragma once
// The keys of a rule file, in one table: the loader accepts exactly these, the
// docs' "Writing rules" table and rules/schema.json (a JSON Schema that editors
// use to check and complete rule YAML) are generated from it.
#include <string>
#include <vector>

namespace gilfree::scanners {

enum class RuleKeyType {
  string,    // any text
  one_line,  // text without a newline
  boolean,   // true or false
  choice,    // one of a fixed set (severity, confidence, relation, native)
  facts,     // a list of facts: `name` or `name: argument`, each optionally `not-`
  docs,      // the docs mapping (rule_doc_keys())
};

struct RuleKey {
  const char* name;
  RuleKeyType type;
  bool required;            // always; `query`, `relation` and `native` are required one of three
  const char* description;  // one sentence, Markdown
};

// The top-level keys of a rule file, in the order the docs show them.
const std::vector<RuleKey>& rule_keys();
// The keys of its `docs:` mapping.
const std::vector<RuleKey>& rule_doc_keys();
// The keys of which a rule has exactly one: how its candidates are found.
inline constexpr const char* kCandidateKeys[] = {"query", "relation", "native"};

// The allowed values of a `choice` key, from the tables of the engine
// (severity and confidence names, known_relations(), kNativeEngines).
std::vector<std::string> rule_key_choices(const std::string& key);

// rules/schema.json: a JSON Schema (draft 2020-12) of a rule file, with the
// fact, context and relation names of this build.
std::string rule_schema_json();

// The docs' table of keys (Markdown).
std::string rule_keys_markdown();

}  // namespace gilfree::scanners
