// The key table is the loader's: every key it lists loads, every required key
// is required, and the schema and docs are made from it.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "scanners/engine/rule_loader.hpp"
#include "scanners/engine/rule_schema.hpp"

using namespace gilfree::scanners;

namespace {

// One line per key, so that each can be left out.
const std::vector<std::pair<std::string, std::string>> kLines = {
    {"id", "id: XX001"},
    {"name", "name: sleep-call"},
    {"severity", "severity: info"},
    {"confidence", "confidence: high"},
    {"message", "message: m"},
    {"hint", "hint: h"},
    {"docs", "docs: {what: w, why: y, example: e, instead: i}"},
    {"query", "query: \"((call function: (_) @_f) @match (#eq? @_f \\\"time.sleep\\\"))\""},
    {"where", "where: [not-inside: lock]"},
    {"confidence-up", "confidence-up: [inside: thread-reachable]"},
    {"confidence-down", "confidence-down: [inside: test-file]"},
    {"opt-in", "opt-in: false"},
    {"once-per-function", "once-per-function: false"},
};

std::string rule_without(const std::string& left_out) {
  std::string text;
  for (const auto& [key, line] : kLines) {
    if (key != left_out) text += line + "\n";
  }
  return text;
}

bool has_problem(const RuleLoadResult& out, const std::string& part) {
  return std::any_of(out.problems.begin(), out.problems.end(), [&](const std::string& p) { return p.find(part) != std::string::npos; });
}

}  // namespace

TEST_CASE("a rule using every key but relation and native loads: the table's keys are the loader's") {
  RuleLoadResult out;
  load_rule_text(rule_without(""), "XX001.yaml", out);
  CHECK(out.problems.empty());
  for (const auto& key : rule_keys()) {
    bool candidate = std::string(key.name) == "relation" || std::string(key.name) == "native";
    bool written = std::any_of(kLines.begin(), kLines.end(), [&](const auto& line) { return line.first == key.name; });
    CHECK((written || candidate));
  }
}

TEST_CASE("each key the table calls required is required by the loader, and no other") {
  for (const auto& key : rule_keys()) {
    if (std::string(key.name) == "relation" || std::string(key.name) == "native") continue;
    RuleLoadResult out;
    load_rule_text(rule_without(key.name), "XX001.yaml", out);
    INFO(key.name);
    bool candidate = std::string(key.name) == "query";  // one of query, relation, native
    CHECK(has_problem(out, std::string("missing required key '") + key.name + "'") == (key.required || candidate));
  }
}

TEST_CASE("a key the table lacks is an error naming the known ones") {
  RuleLoadResult out;
  load_rule_text(rule_without("") + "severity-up: [x]\n", "XX001.yaml", out);
  CHECK(has_problem(out, "unknown key 'severity-up' (known: confidence, confidence-down"));
}

TEST_CASE("the schema names every key, its required ones, and the engine's facts and relations") {
  auto schema = nlohmann::json::parse(rule_schema_json());
  CHECK(schema.at("additionalProperties") == false);
  for (const auto& key : rule_keys()) CHECK(schema.at("properties").contains(key.name));
  CHECK(schema.at("required") == nlohmann::json({"id", "name", "severity", "confidence", "message", "hint", "docs"}));
  CHECK(schema.at("oneOf").size() == 3);
  auto severities = schema.at("properties").at("severity").at("enum");
  CHECK(severities == nlohmann::json({"error", "warning", "info"}));
  auto facts = schema.at("properties").at("where").at("items").at("properties");
  CHECK(facts.contains("declared-global"));
  CHECK(facts.contains("not-declared-global"));
  CHECK(facts.at("not-inside").at("enum").size() > 3);
  CHECK_FALSE(schema.at("properties").at("relation").at("enum").empty());
  CHECK(schema.at("properties").at("native").at("enum") == nlohmann::json({"c-extension"}));
}
