// GCC 12 reports a false -Wnull-dereference inside CLI11's option parsing
// (CLI::detail::split inlined into this file); the code is CLI11's, not ours.
#pragma GCC diagnostic ignored "-Wnull-dereference"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>

#include "cli/commands.hpp"
#include "common/errors.hpp"
#include "common/atomic_file.hpp"
#include "scanners/catalog/rule_catalog.hpp"
#include "scanners/catalog/rule_scaffold.hpp"
#include "scanners/engine/rule_schema.hpp"
#include "common/text_position.hpp"

namespace gilfree::cli {
namespace {

void print(const std::string& text) { std::fwrite(text.data(), 1, text.size(), stdout); }

// To stdout, or atomically to `output`.
void emit(const std::string& text, const std::filesystem::path& output) {
  if (output.empty()) return print(text);
  runtime::write_file_atomically(output, text);
}

}  // namespace

void add_rules_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("rules", "List, explain and test the rule pack");
  cmd->require_subcommand(1);
  auto dirs = std::make_shared<std::vector<std::filesystem::path>>();
  cmd->add_option("--rules-dir", *dirs, "Extra directory of rule YAML files")->allow_extra_args(false);

  auto* list = cmd->add_subcommand("list", "One line per rule: id, severity, confidence, name, what it does");
  auto json = std::make_shared<bool>(false);
  list->add_flag("--json", *json, "Print JSON");
  list->callback([dirs, json] {
    auto rules = scanners::load_rule_pack(*dirs);
    print(*json ? scanners::rules_list_json(rules) : scanners::rules_list_text(rules));
  });

  auto* show = cmd->add_subcommand("show", "A rule's documentation and query");
  auto id = std::make_shared<std::string>();
  show->add_option("id", *id, "Rule id or name")->required();
  show->callback([dirs, id] { print(scanners::rule_show(scanners::load_rule_pack(*dirs), *id)); });

  auto* test = cmd->add_subcommand("test", "Run rule fixtures (ID.py with `# expect: ID` lines; ID.c with `// expect: ID`)");
  auto ids = std::make_shared<std::vector<std::string>>();
  test->add_option("ids", *ids, "Rules to test (default: all)");
  test->callback([dirs, ids, &status] {
    auto results = scanners::test_rule_fixtures(scanners::load_rule_pack(*dirs), *ids, *dirs);
    print(scanners::fixture_report(results));
    for (const auto& result : results) {
      if (!result.passed) status = 1;
    }
  });

  auto* doc = cmd->add_subcommand("doc", "Generate docs/rules.md from the rule YAML");
  auto output = std::make_shared<std::filesystem::path>();
  doc->add_option("-o,--output", *output, "Write to this file (atomically) instead of stdout");
  doc->callback([dirs, output] { emit(scanners::rules_markdown(scanners::load_rule_pack(*dirs)), *output); });

  auto* schema = cmd->add_subcommand("schema", "Print the JSON Schema of a rule file (rules/schema.json)");
  auto schema_output = std::make_shared<std::filesystem::path>();
  schema->add_option("-o,--output", *schema_output, "Write to this file (atomically) instead of stdout");
  schema->callback([schema_output] { emit(scanners::rule_schema_json(), *schema_output); });

  auto* scaffold = cmd->add_subcommand("new", "Write a new rule's YAML and fixture (a working example to edit)");
  auto spec = std::make_shared<scanners::RuleScaffold>();
  scaffold->add_option("id", spec->id, "Rule id, like XX001")->required();
  scaffold->add_option("--name", spec->name, "kebab-case name, like shared-cache-write")->required();
  scaffold->add_option("--dir", spec->dir, "Directory of your rules (default in a gilfree checkout: its rules/python)");
  scaffold->callback([spec] {
    for (const auto& path : scanners::write_rule_scaffold(*spec)) print("wrote " + path.string() + "\n");
    auto dir = spec->dir.empty() ? std::string() : " --rules-dir " + spec->dir.string();
    print("next: edit the query and the fixture, then run `gilfree rules" + dir + " test " + spec->id + "`\n");
  });

  auto* tree = cmd->add_subcommand("tree", "Print a Python file's tree-sitter syntax tree (for writing queries)");
  auto file = std::make_shared<std::filesystem::path>();
  tree->add_option("file", *file, "Python file")->required();
  tree->callback([file] {
    std::string source;
    if (!scanners::read_whole_file(file->c_str(), source)) throw UserError(file->string() + ": cannot read the file");
    print(scanners::syntax_tree_text(source));
  });
}

}  // namespace gilfree::cli
