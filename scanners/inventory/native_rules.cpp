#include "scanners/inventory/native_rules.hpp"

#include <algorithm>

#include "common/errors.hpp"
#include "scanners/engine/rule_loader.hpp"

namespace gilfree::scanners {

const std::vector<NativeCheck>& native_checks() {
  static const std::vector<NativeCheck> checks = {
      {"FTC001", "module-without-free-threading-declaration", {"module", "how"}},
      {"FTC002", "static-pyobject-cache", {"declaration"}},
      {"FTC003", "static-mutable-global", {"declaration"}},
      {"FTC004", "borrowed-reference-call", {"function", "instead"}},
      {"FTC005", "limited-api", {"source"}},
  };
  return checks;
}

std::vector<Rule> load_checked_native_rules() {
  auto loaded = load_native_rules();
  if (auto problems = native_registry_problems(loaded); !problems.empty()) {
    throw UserError("the C-extension rules do not match gilfree's checks (reinstall gilfree): " + problems.front());
  }
  return loaded;
}

const Rule& native_rule(const std::string& id) {
  static const std::vector<Rule> rules = load_checked_native_rules();
  auto found = std::find_if(rules.begin(), rules.end(), [&](const Rule& rule) { return rule.id == id; });
  if (found == rules.end()) throw UserError("no C-extension rule " + id + " in " + builtin_c_rules_dir().string());
  return *found;
}

namespace {

const NativeCheck* find_check(const std::string& id) {
  const auto& checks = native_checks();
  auto found = std::find_if(checks.begin(), checks.end(), [&](const NativeCheck& check) { return id == check.id; });
  return found == checks.end() ? nullptr : &*found;
}

void check_message_fields(const Rule& rule, const NativeCheck& check, std::vector<std::string>& problems) {
  for (const auto* templ : {&rule.message, &rule.hint}) {
    for (const auto& part : split_message(*templ)) {
      for (const auto& name : part.captures) {
        if (std::find(check.fields.begin(), check.fields.end(), name) == check.fields.end()) {
          std::string known;
          for (const auto& field : check.fields) known += (known.empty() ? "{" : ", {") + field + "}";
          problems.push_back(rule.file.string() + ":1: {" + name + "} is not filled by the " + rule.id + " check (it fills " +
                             known + ")");
        }
      }
    }
  }
}

}  // namespace

std::vector<std::string> native_registry_problems(const std::vector<Rule>& rules) {
  std::vector<std::string> problems;
  for (const auto& rule : rules) {
    if (rule.native.empty()) continue;
    const auto* check = find_check(rule.id);
    if (!check) {
      problems.push_back(rule.file.string() + ":1: no C++ check is registered as " + rule.id +
                         " (scanners/inventory/native_rules.cpp)");
      continue;
    }
    if (rule.name != check->name) {
      problems.push_back(rule.file.string() + ":1: " + rule.id + " is registered as '" + check->name + "', not '" + rule.name + "'");
    }
    check_message_fields(rule, *check, problems);
  }
  for (const auto& check : native_checks()) {
    bool described = std::any_of(rules.begin(), rules.end(), [&](const Rule& rule) { return rule.id == check.id; });
    if (!described) problems.push_back(std::string("the check ") + check.id + " has no rule file " + check.id + ".yaml in rules/c");
  }
  return problems;
}

std::string fill_message_fields(const std::string& templ, const std::map<std::string, std::string>& values) {
  std::string out;
  for (const auto& part : split_message(templ)) {
    out += part.text;
    if (part.captures.empty()) continue;
    auto value = values.find(part.captures.front());
    out += value == values.end() ? "?" : value->second;
  }
  return out;
}

}  // namespace gilfree::scanners
