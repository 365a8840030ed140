#pragma once
// `gilfree rules new ID --name NAME`: a new rule's YAML, its fixture and its
// docs, written so that `rules test ID` passes at once and the author edits
// from a working rule (as `cargo new` starts from a program that runs).
#include <filesystem>
#include <string>
#include <vector>

namespace gilfree::scanners {

struct RuleScaffold {
  std::string id;
  std::string name;
  // Where the YAML and its fixture (beside it) go; empty: the checkout's own
  // rules/python and tests/rules/python, and docs/rules.md regenerated.
  std::filesystem::path dir;
};

// Writes the files (each atomically, none over an existing file) and returns
// them; UserError for a bad id or name, an id or name the pack has, an
// existing file, or no --dir outside a checkout.
std::vector<std::filesystem::path> write_rule_scaffold(const RuleScaffold& scaffold);

}  // namespace gilfree::scanners
