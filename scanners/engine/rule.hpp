#pragma once
// A rule as loaded from its YAML file (rules/python/FTxxx.yaml).
#include <cctype>
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "common/severity.hpp"
#include "scanners/engine/source_file.hpp"

namespace gilfree::scanners {


// One semantic condition: a fact the engine computes in C++ (see facts.hpp),
// optionally about a capture of the query, optionally negated (`not-` prefix).
struct FactInfo;

struct Condition {
  std::string fact;       // "declared-global", "inside", ...
  // The fact's entry in known_facts(), resolved once by the loader: a rule's
  // conditions are evaluated at every candidate, and a lookup by name there
  // was the scan's largest string comparison. Looked up by name when null.
  const FactInfo* info = nullptr;
  std::string argument;   // capture name or context name; empty when the fact takes none
  bool negated = false;
  int line = 0;           // in the YAML file, for error messages
};

struct RuleDocs {
  std::string what;     // What it does
  std::string why;      // Why is this bad?
  std::string example;  // Example (Python)
  std::string instead;  // Use instead (Python)
};

// A message template split at its placeholders: each part is literal text,
// then the capture names of one `{a|b}` placeholder (none after the last).
struct MessagePart {
  std::string text;
  std::vector<std::string> captures;
};
inline std::vector<MessagePart> split_message(const std::string& templ) {
  std::vector<MessagePart> parts;
  std::size_t i = 0;
  while (i < templ.size()) {
    auto open = templ.find('{', i);
    auto close = open == std::string::npos ? std::string::npos : templ.find('}', open);
    if (close == std::string::npos) {
      parts.push_back({templ.substr(i), {}});
      break;
    }
    MessagePart part{templ.substr(i, open - i), {}};
    for (std::size_t from = open + 1; from <= close;) {
      auto bar = std::min(templ.find('|', from), close);
      part.captures.push_back(templ.substr(from, bar - from));
      from = bar + 1;
    }
    parts.push_back(std::move(part));
    i = close + 1;
  }
  return parts;
}

// Where the rules' documentation is published: docs/rules.md of the repository,
// one section per rule, in GitHub's anchor form ("## FT001 name" -> #ft001-name).
inline constexpr const char* kRulesDocsUrl = "https://github.com/gilfree/gilfree/blob/main/docs/rules.md";

struct Rule {
  std::string id;        // FT001
  std::string name;      // global-augmented-assignment
  Severity severity = Severity::warning;
  Confidence confidence = Confidence::medium;
  std::string message;   // one line; {capture} is replaced by the capture's text, {a|b} by the first present
  std::string hint;      // one line
  RuleDocs docs;
  std::string query;     // tree-sitter query; @match is the reported span
  std::string relation;  // or: an access-model relation whose instances are the candidates (access_model.hpp)
  // or: detected in C++ by the checker registered under this id (kNativeEngines);
  // the YAML gives its metadata, message and docs, as clang-tidy's checks do.
  std::string native;
  int query_line = 0;    // line of the query's first line in the YAML file
  int message_line = 0;  // line of the message in the YAML file
  std::vector<Condition> where;            // all must hold
  std::vector<Condition> confidence_up;    // each that holds raises confidence one step
  std::vector<Condition> confidence_down;  // each that holds lowers it one step
  std::filesystem::path file;              // the YAML file it came from
  bool once_per_function = false;  // `once-per-function: true`: a save and its restore are one finding
  bool opt_in = false;  // `opt-in: true`: runs only when selected by id, name or ALL (an inventory, not a hazard)
  // Shipped with gilfree (its rules directory): the unit tests compile its query
  // with tree-sitter, so a scan need not (see QueryProgram).
  bool bundled = false;
};

// The C++ checkers a `native:` rule can name, and the language of their docs' examples.
struct NativeEngine {
  const char* name;           // "c-extension"
  const char* code_language;  // the Markdown fence of its example and instead
  const char* fixture_extension;
};
inline constexpr NativeEngine kNativeEngines[] = {{"c-extension", "c", ".c"}};
inline const NativeEngine* find_native_engine(const std::string& name) {
  for (const auto& engine : kNativeEngines) {
    if (name == engine.name) return &engine;
  }
  return nullptr;
}

// The language of the rule's examples: Python, or its native checker's.
inline const char* code_language(const Rule& rule) {
  const auto* engine = find_native_engine(rule.native);
  return engine ? engine->code_language : "python";
}

// The rule's section of the published rules documentation.
inline std::string rule_docs_url(const std::string& id, const std::string& name) {
  std::string anchor = id + "-" + name;
  for (auto& c : anchor) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::string(kRulesDocsUrl) + "#" + anchor;
}

}  // namespace gilfree::scanners
