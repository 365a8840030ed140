#pragma once
// The semantic facts a rule's `where`, `confidence-up` and `confidence-down`
// may require. Each is computed in C++ from the file's SemanticModel.
#include <tree_sitter/api.h>

#include <string>
#include <vector>

#include "scanners/engine/rule.hpp"

namespace gilfree::scanners {

class SemanticModel;

enum class FactArgument { none, capture, context };

// What a fact is evaluated against: the match's reported node and the capture
// named by the condition (null node when the fact takes no capture).
struct FactQuery {
  const SemanticModel& model;
  TSNode match;
  TSNode argument_node;      // valid when the fact takes a capture
  TSNode* related = nullptr;  // a relation fact that holds puts the node it relates to here ({related-line})
};

// One table drives loading (names, arguments), evaluation and the docs: a fact
// missing here cannot be named in a rule, and every named fact has code.
struct FactInfo {
  const char* name;
  FactArgument argument;
  const char* description;  // one line, for docs and error messages
  bool (*holds)(const FactQuery& query, const std::string& argument);
};

struct ContextInfo {
  std::string name;
  const char* description;
  bool (*holds)(const FactQuery& query);
};

// Every fact rules may use, in documentation order.
const std::vector<FactInfo>& known_facts();
const FactInfo* find_fact(const std::string& name);
// Contexts accepted by `inside` / `not-inside`, in documentation order.
const std::vector<ContextInfo>& known_contexts();

bool evaluate_fact(const Condition& condition, const FactQuery& query);

}  // namespace gilfree::scanners
