#include "scanners/engine/rule_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <re2/re2.h>
#include <set>
#include <sstream>

#include "runtime/data_dir.hpp"
#include "scanners/engine/access_model.hpp"
#include "scanners/engine/facts.hpp"
#include "scanners/engine/rule_schema.hpp"
#include "common/errors.hpp"
#include "common/text_position.hpp"

namespace gilfree::scanners {
namespace {

namespace fs = std::filesystem;

// The names of a table of keys (rule_schema.cpp): what the loader accepts.
std::set<std::string> key_names(const std::vector<RuleKey>& keys) {
  std::set<std::string> names;
  for (const auto& key : keys) names.insert(key.name);
  return names;
}
const std::set<std::string> kTopKeys = key_names(rule_keys());
const std::set<std::string> kDocKeys = key_names(rule_doc_keys());

// tree-sitter's query compiler recurses once per level of nesting: a query of
// thousands of levels would overflow the stack before any error is reported.
constexpr int kMaxQueryNesting = 256;

// The deepest nesting of ( and [ in a query, outside strings and comments.
int query_nesting(std::string_view query) {
  int depth = 0, deepest = 0;
  for (std::size_t i = 0; i < query.size(); ++i) {
    char c = query[i];
    if (c == '"') {
      for (++i; i < query.size() && query[i] != '"'; ++i) {
        if (query[i] == '\\') ++i;
      }
    } else if (c == ';') {
      while (i < query.size() && query[i] != '\n') ++i;
    } else if (c == '(' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ')' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

class RuleReader {
 public:
  RuleReader(const fs::path& file, RuleLoadResult& out) : file_(file), out_(out) {}

  void read(const YAML::Node& root) {
    if (!root.IsMap()) return problem(root, "a rule file must be a YAML mapping");
    for (const auto& entry : root) {
      auto key = entry.first.as<std::string>("");
      if (!kTopKeys.count(key)) problem(entry.first, "unknown key '" + key + "' (known: " + join(kTopKeys) + ")");
    }
    Rule rule;
    rule.file = file_;
    rule.id = required_string(root, "id");
    rule.name = required_string(root, "name");
    auto severity = required_string(root, "severity");  // read into rule.severity by check_fields
    rule.message = required_string(root, "message");
    rule.hint = required_string(root, "hint");
    if (root["native"]) {
      read_native(root, rule);
    } else if (root["relation"]) {
      // A relation rule: the access model finds the candidates, no query.
      rule.relation = required_string(root, "relation");
      if (root["query"]) problem(root["query"], "a rule has a 'query' or a 'relation', not both");
      if (root["relation"] && !rule.relation.empty() && !find_relation_info(rule.relation)) {
        std::string names;
        for (const auto& relation : known_relations()) names += (names.empty() ? "" : ", ") + std::string(relation.name);
        problem(root["relation"], "unknown relation '" + rule.relation + "' (known: " + names + ")");
      }
      check_relation_message(root, rule);
    } else {
      rule.query = required_string(root, "query");
    }
    if (root["query"]) rule.query_line = root["query"].Mark().line + 1;
    if (root["message"]) rule.message_line = root["message"].Mark().line + 1;
    if (auto depth = query_nesting(rule.query); depth > kMaxQueryNesting) {
      problem(root["query"], "the query nests " + std::to_string(depth) + " levels deep; at most " +
                                 std::to_string(kMaxQueryNesting) + " are allowed");
    }
    check_fields(root, rule, severity);
    read_docs(root, rule.docs);
    rule.opt_in = read_flag(root, "opt-in");
    rule.once_per_function = read_flag(root, "once-per-function");
    rule.where = read_conditions(root, "where");
    rule.confidence_up = read_conditions(root, "confidence-up");
    rule.confidence_down = read_conditions(root, "confidence-down");
    if (problems_ == 0) out_.rules.push_back(std::move(rule));
  }

  void problem(const YAML::Node& node, const std::string& what) { problem_at(node.Mark().line + 1, what); }
  void problem_at(int line, const std::string& what) {
    ++problems_;
    out_.problems.push_back(file_.string() + ":" + std::to_string(std::max(line, 1)) + ": " + what);
  }

 private:
  static std::string join(const std::set<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
    return text;
  }

  std::string required_string(const YAML::Node& map, const char* key) {
    auto node = map[key];
    if (!node) {
      problem(map, std::string("missing required key '") + key + "'");
      return {};
    }
    if (!node.IsScalar()) {
      problem(node, std::string("'") + key + "' must be a string");
      return {};
    }
    return node.as<std::string>();
  }

  bool read_flag(const YAML::Node& root, const char* key) {
    auto node = root[key];
    if (!node) return false;
    if (!node.IsScalar() || (node.as<std::string>() != "true" && node.as<std::string>() != "false")) {
      problem(node, std::string("'") + key + "' must be true or false");
      return false;
    }
    return node.as<std::string>() == "true";
  }

  // A native rule: its checker (C++) finds the candidates and fills the message's
  // {fields}; the catalog checks them against the checker's registry.
  void read_native(const YAML::Node& root, Rule& rule) {
    rule.native = required_string(root, "native");
    for (const char* key : {"query", "relation", "where", "confidence-up", "confidence-down", "once-per-function"}) {
      if (root[key]) problem(root[key], std::string("a native rule has no '") + key + "': its checker is C++");
    }
    if (!rule.native.empty() && !find_native_engine(rule.native)) {
      std::string names;
      for (const auto& engine : kNativeEngines) names += (names.empty() ? "" : ", ") + std::string(engine.name);
      problem(root["native"], "unknown native checker '" + rule.native + "' (known: " + names + ")");
    }
  }

  // A relation rule's message may name only {match} (the access) and {related-line}.
  void check_relation_message(const YAML::Node& root, const Rule& rule) {
    for (const auto& part : split_message(rule.message)) {
      for (const auto& name : part.captures) {
        if (name != "match" && name != "related-line") {
          problem(root["message"], "the message names {" + name + "}; a relation rule has only {match} and {related-line}");
        }
      }
    }
  }

  void check_fields(const YAML::Node& root, Rule& rule, const std::string& severity) {
    if (root["id"] && !is_valid_rule_id(rule.id)) problem(root["id"], "id '" + rule.id + "' must look like FT001");
    if (root["name"] && !is_valid_rule_name(rule.name)) {
      problem(root["name"], "name '" + rule.name + "' must be kebab-case (global-augmented-assignment)");
    }
    if (auto parsed = parse_severity(severity)) {
      rule.severity = *parsed;
    } else if (root["severity"]) {
      problem(root["severity"], "severity '" + severity + "' must be error, warning or info");
    }
    auto confidence = root["confidence"];
    auto parsed_confidence = confidence && confidence.IsScalar() ? parse_confidence(confidence.as<std::string>()) : std::nullopt;
    if (!confidence) {
      problem(root, "missing required key 'confidence'");
    } else if (!parsed_confidence) {
      problem(confidence, "confidence must be high, medium or low");
    } else {
      rule.confidence = *parsed_confidence;
    }
    for (const char* key : {"message", "hint"}) {
      auto node = root[key];
      if (node && node.IsScalar() && node.as<std::string>().find('\n') != std::string::npos) {
        problem(node, std::string("'") + key + "' must be one line");
      }
    }
  }

  void read_docs(const YAML::Node& root, RuleDocs& docs) {
    auto node = root["docs"];
    if (!node) return problem(root, "missing required key 'docs' (what, why, example, instead)");
    if (!node.IsMap()) return problem(node, "'docs' must be a mapping with what, why, example, instead");
    for (const auto& entry : node) {
      auto key = entry.first.as<std::string>("");
      if (!kDocKeys.count(key)) problem(entry.first, "unknown docs key '" + key + "' (known: " + join(kDocKeys) + ")");
    }
    docs.what = required_string(node, "what");
    docs.why = required_string(node, "why");
    docs.example = required_string(node, "example");
    docs.instead = required_string(node, "instead");
  }

  std::vector<Condition> read_conditions(const YAML::Node& root, const char* key) {
    std::vector<Condition> conditions;
    auto node = root[key];
    if (!node) return conditions;
    if (!node.IsSequence()) {
      problem(node, std::string("'") + key + "' must be a list of facts");
      return conditions;
    }
    for (const auto& item : node) {
      Condition condition;
      condition.line = item.Mark().line + 1;
      std::string name;
      if (item.IsScalar()) {
        name = item.as<std::string>();
      } else if (item.IsMap() && item.size() == 1) {
        auto entry = *item.begin();
        name = entry.first.as<std::string>("");
        if (!entry.second.IsScalar()) {
          problem(entry.second, "the argument of '" + name + "' must be a capture or context name");
          continue;
        }
        condition.argument = entry.second.as<std::string>();
      } else {
        problem(item, "each fact is a name or a one-entry mapping `fact: argument`");
        continue;
      }
      if (name.rfind("not-", 0) == 0 && !find_fact(name)) {
        condition.negated = true;
        name = name.substr(4);
      }
      condition.fact = name;
      condition.info = find_fact(name);
      check_condition(item, condition);
      conditions.push_back(condition);
    }
    return conditions;
  }

  void check_condition(const YAML::Node& item, const Condition& condition) {
    const auto* fact = find_fact(condition.fact);
    if (!fact) return problem(item, "unknown fact '" + condition.fact + "' (see docs/rules.md, 'Facts')");
    if (fact->argument == FactArgument::none && !condition.argument.empty()) {
      return problem(item, "fact '" + condition.fact + "' takes no argument");
    }
    if (fact->argument != FactArgument::none && condition.argument.empty()) {
      return problem(item, "fact '" + condition.fact + "' needs an argument");
    }
    if (fact->argument == FactArgument::context) {
      const auto& contexts = known_contexts();
      if (std::none_of(contexts.begin(), contexts.end(), [&](const ContextInfo& c) { return c.name == condition.argument; })) {
        std::string names;
        for (const auto& c : contexts) names += (names.empty() ? "" : ", ") + c.name;
        problem(item, "unknown context '" + condition.argument + "' (known: " + names + ")");
      }
    }
  }

  const fs::path& file_;
  RuleLoadResult& out_;
  int problems_ = 0;
};

}  // namespace

bool is_valid_rule_id(const std::string& id) {
  static const RE2 pattern("[A-Z]{2,4}[0-9]{3}");
  return RE2::FullMatch(id, pattern);
}

bool is_valid_rule_name(const std::string& name) {
  static const RE2 pattern("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  return RE2::FullMatch(name, pattern);
}

std::filesystem::path builtin_rules_dir() { return runtime::data_dir().require(runtime::DataItem::rules); }
std::filesystem::path builtin_c_rules_dir() { return runtime::data_dir().require(runtime::DataItem::c_rules); }

namespace {
// Whether `dir` is the built-in directory `builtin()` names; false without a data dir
// (a moved binary scanning with --rules-dir only: nothing is bundled).
bool is_builtin(const fs::path& dir, fs::path (*builtin)()) {
  std::error_code error;
  try {
    return fs::equivalent(dir, builtin(), error);
  } catch (const std::exception&) {
    return false;
  }
}

void check_native_placement(bool native_dir, std::size_t first, RuleLoadResult& out) {
  for (auto i = first; i < out.rules.size(); ++i) {
    const auto& rule = out.rules[i];
    if (!rule.native.empty() && !native_dir) {
      out.problems.push_back(rule.file.string() + ":1: a `native:` rule is checked by gilfree's own C++ and ships only in " +
                             "its rules/c; write a `query:` or `relation:` instead");
    } else if (rule.native.empty() && native_dir) {
      out.problems.push_back(rule.file.string() + ":1: every rule in rules/c is `native: c-extension`");
    }
  }
}
}  // namespace

std::vector<Rule> load_native_rules() {
  auto loaded = load_rule_files({builtin_c_rules_dir()});
  if (!loaded.problems.empty()) {
    std::string text = "the C-extension rules are broken (reinstall gilfree):";
    for (const auto& problem : loaded.problems) text += " " + problem + ";";
    throw UserError(text);
  }
  return loaded.rules;
}

void load_rule_text(const std::string& text, const fs::path& file, RuleLoadResult& out) {
  RuleReader reader(file, out);
  try {
    reader.read(YAML::Load(text));
  } catch (const YAML::Exception& error) {
    reader.problem_at(error.mark.line + 1, "invalid YAML: " + error.msg);
  }
}

RuleLoadResult load_rule_files(const std::vector<fs::path>& dirs) {
  RuleLoadResult out;
  for (const auto& dir : dirs) {
    std::error_code error;
    if (!fs::is_directory(dir, error)) {
      out.problems.push_back(dir.string() + ": rule directory not found");
      continue;
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, error)) {
      auto ext = entry.path().extension();
      if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    auto first_of_dir = out.rules.size();
    for (const auto& file : files) {
      std::string text;
      if (!read_whole_file(file.c_str(), text)) {
        out.problems.push_back(file.string() + ":1: cannot read the file");
        continue;
      }
      load_rule_text(text, file, out);
    }
    bool native_dir = is_builtin(dir, builtin_c_rules_dir);
    bool bundled = native_dir || is_builtin(dir, builtin_rules_dir);
    for (auto i = first_of_dir; i < out.rules.size(); ++i) out.rules[i].bundled = bundled;
    check_native_placement(native_dir, first_of_dir, out);
  }
  std::map<std::string, fs::path> seen;
  for (const auto& rule : out.rules) {
    auto [it, inserted] = seen.emplace(rule.id, rule.file);
    if (!inserted) out.problems.push_back(rule.file.string() + ":1: duplicate rule id " + rule.id + " (also in " + it->second.string() + ")");
  }
  std::sort(out.rules.begin(), out.rules.end(), [](const Rule& a, const Rule& b) { return a.id < b.id; });
  return out;
}

}  // namespace gilfree::scanners
