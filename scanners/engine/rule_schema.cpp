#include "scanners/engine/rule_schema.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iterator>

#include "common/json_text.hpp"
#include "common/severity.hpp"
#include "scanners/engine/access_model.hpp"
#include "scanners/engine/facts.hpp"
#include "scanners/engine/rule.hpp"

namespace gilfree::scanners {

const std::vector<RuleKey>& rule_keys() {
  static const std::vector<RuleKey> keys = {
      {"id", RuleKeyType::one_line, true, "Two to four capital letters and three digits (`FT001`); unique in the pack."},
      {"name", RuleKeyType::one_line, true, "kebab-case (`global-augmented-assignment`); `--select` and `rules show` take it too."},
      {"severity", RuleKeyType::choice, true, "`error`, `warning` or `info`."},
      {"confidence", RuleKeyType::choice, true,
       "`high`, `medium` or `low`: where the rule starts, before `confidence-up` and `confidence-down`."},
      {"message", RuleKeyType::one_line, true,
       "One line; `{capture}` is replaced by the captured text, `{a|b}` by the first of those captured "
       "(a relation rule: `{match}` and `{related-line}`; a native rule: the values its check fills)."},
      {"hint", RuleKeyType::one_line, true, "One line: what to do instead."},
      {"docs", RuleKeyType::docs, true, "The rule's documentation: `what`, `why`, `example`, `instead`."},
      {"query", RuleKeyType::string, false,
       "A tree-sitter query; `@match` is the reported span, captures starting with `_` are helpers; predicates "
       "`#eq?`, `#match?` (RE2), `#any-of?` and their `#not-` forms."},
      {"relation", RuleKeyType::choice, false,
       "Instead of a query: an access-model relation whose instances are the candidates (`{match}` is the access)."},
      {"native", RuleKeyType::choice, false,
       "Instead of a query: the rule is checked in C++, registered under its id (only in gilfree's own `rules/c`)."},
      {"where", RuleKeyType::facts, false, "Facts that must all hold."},
      {"confidence-up", RuleKeyType::facts, false, "Each fact that holds raises the confidence one step."},
      {"confidence-down", RuleKeyType::facts, false, "Each fact that holds lowers the confidence one step."},
      {"opt-in", RuleKeyType::boolean, false,
       "`true`: the rule runs only when `--select` names it or `ALL` (an inventory, not a hazard)."},
      {"once-per-function", RuleKeyType::boolean, false, "`true`: one finding per function (a save and its restore are one hazard)."},
  };
  return keys;
}

const std::vector<RuleKey>& rule_doc_keys() {
  static const std::vector<RuleKey> keys = {
      {"what", RuleKeyType::string, true, "What it does; its first line is the rule's summary in `rules list`."},
      {"why", RuleKeyType::string, true, "Why is this bad?"},
      {"example", RuleKeyType::string, true, "Code it flags (Python; C for a native rule)."},
      {"instead", RuleKeyType::string, true, "The same code, fixed."},
  };
  return keys;
}

std::vector<std::string> rule_key_choices(const std::string& key) {
  if (key == "severity") return {severity_name(Severity::error), severity_name(Severity::warning), severity_name(Severity::info)};
  if (key == "confidence") {
    return {confidence_name(Confidence::high), confidence_name(Confidence::medium), confidence_name(Confidence::low)};
  }
  std::vector<std::string> out;
  if (key == "relation") {
    for (const auto& relation : known_relations()) out.emplace_back(relation.name);
  }
  if (key == "native") {
    for (const auto& engine : kNativeEngines) out.emplace_back(engine.name);
  }
  return out;
}

namespace {

using nlohmann::json;

// `fact` or `not-fact` for a fact without argument; `{fact: argument}` otherwise.
json fact_schema() {
  json bare = json::array(), with_capture = json::array(), with_context = json::array();
  for (const auto& fact : known_facts()) {
    auto& list = fact.argument == FactArgument::none ? bare : fact.argument == FactArgument::capture ? with_capture : with_context;
    list.push_back(fact.name);
    list.push_back(std::string("not-") + fact.name);
  }
  json contexts = json::array();
  for (const auto& context : known_contexts()) contexts.push_back(context.name);
  json with_argument = json::object();
  for (const auto& name : with_capture) with_argument[name.get<std::string>()] = {{"type", "string"}, {"description", "a capture of the query"}};
  for (const auto& name : with_context) with_argument[name.get<std::string>()] = {{"enum", contexts}};
  json one_entry = {{"type", "object"}, {"minProperties", 1}, {"maxProperties", 1}, {"properties", with_argument},
                    {"additionalProperties", false}};
  if (bare.empty()) return one_entry;  // every fact of this build takes an argument
  return {{"oneOf", json::array({{{"enum", bare}}, one_entry})}};
}

json key_schema(const RuleKey& key) {
  json out;
  switch (key.type) {
    case RuleKeyType::string: out = {{"type", "string"}}; break;
    case RuleKeyType::one_line: out = {{"type", "string"}, {"pattern", "^[^\\n]*$"}}; break;
    case RuleKeyType::boolean: out = {{"type", "boolean"}}; break;
    case RuleKeyType::choice: out = {{"enum", rule_key_choices(key.name)}}; break;
    case RuleKeyType::facts: out = {{"type", "array"}, {"items", fact_schema()}}; break;
    case RuleKeyType::docs: {
      json properties = json::object(), required = json::array();
      for (const auto& doc : rule_doc_keys()) {
        properties[doc.name] = {{"type", "string"}, {"description", doc.description}};
        if (doc.required) required.push_back(doc.name);
      }
      out = {{"type", "object"}, {"properties", properties}, {"required", required}, {"additionalProperties", false}};
      break;
    }
  }
  out["description"] = key.description;
  return out;
}

}  // namespace

std::string rule_schema_json() {
  json properties = json::object(), required = json::array(), candidates = json::array();
  for (const auto& key : rule_keys()) {
    properties[key.name] = key_schema(key);
    if (key.required) required.push_back(key.name);
  }
  for (const char* key : kCandidateKeys) candidates.push_back({{"required", json::array({key})}});
  json schema = {{"$schema", "https://json-schema.org/draft/2020-12/schema"},
                 {"$comment", "Generated by `gilfree rules schema` from the rule loader's key table; do not edit by hand."},
                 {"title", "gilfree rule"},
                 {"type", "object"},
                 {"properties", properties},
                 {"required", required},
                 {"oneOf", candidates},
                 {"additionalProperties", false}};
  return runtime::json_text(schema);
}

std::string rule_keys_markdown() {
  std::string out = "| Key | Required | Value |\n|-----|----------|-------|\n";
  auto row = [&](const std::string& name, const char* required, std::string description) {
    // A `|` inside a cell ends it, even within backticks.
    for (auto at = description.find('|'); at != std::string::npos; at = description.find('|', at + 2)) description.insert(at, "\\");
    out += "| `" + name + "` | " + required + " | " + description + " |\n";
  };
  for (const auto& key : rule_keys()) {
    bool candidate = std::any_of(std::begin(kCandidateKeys), std::end(kCandidateKeys),
                                 [&](const char* name) { return std::string(name) == key.name; });
    row(key.name, key.required ? "yes" : candidate ? "one of three" : "no", key.description);
    if (key.type == RuleKeyType::docs) {
      for (const auto& doc : rule_doc_keys()) row(std::string("docs.") + doc.name, doc.required ? "yes" : "no", doc.description);
    }
  }
  return out;
}

}  // namespace gilfree::scanners
