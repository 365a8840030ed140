#pragma once
// The semantic facts a rule's `where`, `confidence-up` and `confidence-down`
// may require. Each is computed in C++ from the file's SemanticModel.
#include <tree_sitter/api.h>

#include <string>
#include <vector>

#include "scanners/rule.hpp"

namespace gilfree::scanners {

class SemanticModel;

enum class FactArgument { none, capture, context };

struct FactInfo {
  const char* name;
  FactArgument argument;
  const char* description;  // one line, for docs and error messages
};

// Every fact rules may use, in documentation order.
const std::vector<FactInfo>& known_facts();
const FactInfo* find_fact(const std::string& name);
// Context names accepted by `inside` / `not-inside`.
const std::vector<std::string>& known_contexts();

// What a fact is evaluated against: the match's reported node and the capture
// named by the condition (null node when the fact takes no capture).
struct FactQuery {
  const SemanticModel& model;
  TSNode match;
  TSNode argument_node;  // valid when the fact takes a capture
};

bool evaluate_fact(const Condition& condition, const FactQuery& query);

}  // namespace gilfree::scanners
