#include "scanners/catalog/rule_catalog.hpp"

#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "runtime/data_dir.hpp"
#include "common/errors.hpp"
#include "common/json_text.hpp"
#include "scanners/engine/access_model.hpp"
#include "scanners/engine/facts.hpp"
#include "scanners/engine/python_tree.hpp"
#include "scanners/engine/query_program.hpp"
#include "scanners/engine/rule_loader.hpp"
#include "scanners/engine/rule_schema.hpp"
#include "scanners/engine/scanner.hpp"
#include "scanners/inventory/inventory_c_sources.hpp"
#include "scanners/inventory/native_rules.hpp"
#include "common/text_position.hpp"

namespace gilfree::scanners {
namespace {

namespace fs = std::filesystem;

std::string pad(const std::string& text, std::size_t width) {
  return text.size() >= width ? text + " " : text + std::string(width - text.size(), ' ');
}

const Rule& find_rule(const std::vector<Rule>& rules, const std::string& id) {
  for (const auto& rule : rules) {
    if (rule.id == id || rule.name == id) return rule;
  }
  throw UserError("no rule '" + id + "' (see 'gilfree rules list')");
}

std::string ensure_newline(const std::string& text) { return text.empty() || text.back() == '\n' ? text : text + "\n"; }

std::string rule_section(const Rule& rule, const char* heading) {
  std::string out;
  out += std::string(heading) + " " + rule.id + " " + rule.name + "\n\n";
  out += std::string("Severity: **") + severity_name(rule.severity) + "** · confidence: **" + confidence_name(rule.confidence) + "**" +
         (rule.opt_in ? " · opt-in: runs only with `--select " + rule.id + "` (or `ALL`)" : "") + "\n\n";
  out += "Message: " + rule.message + "\n\n";
  std::string sub = std::string(heading) + "#";
  out += sub + " What it does\n\n" + ensure_newline(rule.docs.what) + "\n";
  out += sub + " Why is this bad?\n\n" + ensure_newline(rule.docs.why) + "\n";
  std::string fence = std::string("```") + code_language(rule) + "\n";
  out += sub + " Example\n\n" + fence + ensure_newline(rule.docs.example) + "```\n\n";
  out += sub + " Use instead\n\n" + fence + ensure_newline(rule.docs.instead) + "```\n\n";
  out += "Hint shown with each finding: " + rule.hint + "\n";
  return out;
}

}  // namespace

// Each `# expect:` marker's ids, with the confidence after `@` where one is given ("" otherwise).
std::map<int, std::map<std::string, std::string>> fixture_confidences(const std::string& text) {
  static const RE2 marker(R"((?:#|//)\s*expect:\s*([A-Z]+[0-9]+(?:@[a-z]+)?(?:\s*,\s*[A-Z]+[0-9]+(?:@[a-z]+)?)*))");
  std::map<int, std::map<std::string, std::string>> out;
  std::istringstream in(text);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::string ids;
    if (!RE2::PartialMatch(line, marker, &ids)) continue;
    std::string current;
    for (char c : ids + ",") {
      if (c == ',' || c == ' ') {
        if (!current.empty()) {
          auto at = current.find('@');
          out[number][current.substr(0, at)] = at == std::string::npos ? "" : current.substr(at + 1);
        }
        current.clear();
      } else {
        current += c;
      }
    }
  }
  return out;
}

std::map<int, std::set<std::string>> fixture_expectations(const std::string& text) {
  std::map<int, std::set<std::string>> out;
  for (const auto& [line, ids] : fixture_confidences(text)) {
    for (const auto& [id, confidence] : ids) out[line].insert(id);
  }
  return out;
}

std::vector<Rule> load_rule_pack(const std::vector<fs::path>& extra_dirs) {
  ScanConfig config;
  config.extra_rule_dirs = extra_dirs;
  Scanner scanner(config);
  scanner.check_rules();  // a broken query is a problem of the pack, as a broken key is
  auto rules = scanner.all_rules();
  auto native = load_checked_native_rules();
  rules.insert(rules.end(), native.begin(), native.end());
  std::sort(rules.begin(), rules.end(), [](const Rule& a, const Rule& b) { return a.id < b.id; });
  return rules;
}

std::string docs_url(const Rule& rule) {
  return rule.file.empty() || rule.bundled ? rule_docs_url(rule.id, rule.name) : "";
}

std::string rules_list_text(const std::vector<Rule>& rules) {
  std::string out;
  for (const auto& rule : rules) {
    out += pad(rule.id, 7) + pad(severity_name(rule.severity), 8) + pad(confidence_name(rule.confidence), 7) + pad(rule.name, 44) +
           rule.docs.what.substr(0, rule.docs.what.find('\n')) + "\n";
  }
  return out;
}

std::string rules_list_json(const std::vector<Rule>& rules) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& rule : rules) {
    list.push_back({{"id", rule.id}, {"name", rule.name}, {"severity", severity_name(rule.severity)},
                    {"confidence", confidence_name(rule.confidence)}, {"message", rule.message},
                    {"hint", rule.hint}, {"what", rule.docs.what}, {"file", rule.file.string()},
                    {"checks", rule.native.empty() ? "python" : rule.native}});
  }
  return runtime::json_text(list);
}

std::string rule_show(const std::vector<Rule>& rules, const std::string& id) {
  const auto& rule = find_rule(rules, id);
  auto text = rule_section(rule, "#");
  if (auto url = docs_url(rule); !url.empty()) text += "Docs: " + url + "\n";
  if (rule.file.empty()) return text + "\nBuilt in: checked in C++ after every other rule ran on the file.\n";
  if (!rule.native.empty()) {
    return text + "\nChecked in C++ by `gilfree inventory` on the project's extension sources (" +
           rule.file.filename().string() + ": " + rule.native + ").\n";
  }
  if (!rule.relation.empty()) {
    return text + "\nRelation (" + rule.file.filename().string() + "): " + rule.relation + "\n";
  }
  return text + "\nQuery (" + rule.file.filename().string() + "):\n\n" + ensure_newline(rule.query);
}

std::string rules_markdown(const std::vector<Rule>& rules) {
  std::string out =
      "# Rules\n\n"
      "<!-- Generated by `gilfree rules doc` from rules/python/*.yaml and rules/c/*.yaml; do not edit by hand. -->\n\n"
      "Each rule is one YAML file in `rules/python/` with a fixture in `tests/rules/python/`\n"
      "(FT900, about suppression comments rather than code, is built in). The FTC rules are about\n"
      "a project's C extensions: `gilfree inventory` checks them in C++, each described by one YAML\n"
      "file in `rules/c/` (`native: c-extension`) with a fixture in `tests/rules/c/`.\n"
      "Findings can be silenced on their line with `# gilfree: ignore[FT001]` (`// gilfree: ignore[FTC002]` in C).\n"
      "Each finding in the text output links its rule's section here (`= docs:`), as `rules show` and SARIF's `helpUri` do.\n\n"
      "| ID | Name | Severity | Confidence | What it does |\n|----|------|----------|------------|--------------|\n";
  for (const auto& rule : rules) {
    auto anchor = rule.id + "-" + rule.name;
    for (auto& c : anchor) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out += "| [" + rule.id + "](#" + anchor + ") | `" + rule.name + "` | " + severity_name(rule.severity) + " | " +
           confidence_name(rule.confidence) + " | " + rule.docs.what.substr(0, rule.docs.what.find('\n')) + " |\n";
  }
  out += "\n";
  for (const auto& rule : rules) out += rule_section(rule, "##") + "\n";
  out +=
      "## Writing rules\n\n"
      "`gilfree rules new XX001 --name my-rule --dir myrules` writes a working rule and its fixture to start from; "
      "`gilfree rules --rules-dir myrules test XX001` runs the fixture and `gilfree scan --rules-dir myrules` uses the rule. "
      "Editors check rule files against [rules/schema.json](../rules/schema.json) (`gilfree rules schema`), "
      "made from the same table of keys as this one. Unknown keys are errors; any fact can be negated with a `not-` prefix.\n\n" +
      rule_keys_markdown() + "\n" +
      "Queries run fastest when each top-level pattern starts at a named node kind and uses node kinds, "
      "`(_)`, `_`, \"anonymous\" nodes, fields, `!field`, alternations `[...]`, captures and anchors `.`: "
      "gilfree then matches it only where that kind occurs. A rule whose query uses anything else "
      "(quantifiers `*` `+` `?`, supertypes, several sibling patterns at the top of a grouping, "
      "`(ERROR)`, nesting deeper than 64) still works, on tree-sitter's query cursor over the whole file. "
      "A query may nest at most 256 levels. A pattern whose positive predicates (`#eq?`, `#any-of?`, "
      "`#match?` on a capture outside any alternative) name a word of three or more characters is "
      "skipped in every file that lacks that word (case ignored), and at every node whose own text lacks "
      "it, so a rule about `setswitchinterval` costs next to nothing in files that never mention it. "
      "A pattern is tried in depth only at nodes whose children have the kinds and fields of its top "
      "level, so start it at the most specific node: `(assignment right: [(dictionary) (list)])` is "
      "ruled out at most assignments at once, `(expression_statement (assignment ...))` is not.\n\n"
      "| Fact | Argument | Holds when |\n|------|----------|------------|\n";
  for (const auto& fact : known_facts()) {
    std::string argument = fact.argument == FactArgument::capture ? "capture" : fact.argument == FactArgument::context ? "context" : "";
    out += std::string("| `") + fact.name + "` | " + argument + " | " + fact.description + " |\n";
  }
  out += "\n| Relation (`relation:`) | Its instances |\n|------|------------|\n";
  for (const auto& relation : known_relations()) out += std::string("| `") + relation.name + "` | " + relation.description + " |\n";
  out += "\nA message may name `{related-line}`: the line of the node a relation fact relates the finding to "
         "(the check before an act, the locked access, the publication).\n\n"
         "| Context for `inside` / `not-inside` | Holds in |\n|------|------------|\n";
  for (const auto& context : known_contexts()) out += "| `" + context.name + "` | " + context.description + " |\n";
  return out;
}

fs::path fixture_path(const Rule& rule) {
  if (const auto* engine = find_native_engine(rule.native)) {
    return runtime::data_dir().path(runtime::DataItem::c_rule_fixtures) / (rule.id + engine->fixture_extension);
  }
  auto beside = rule.file.parent_path() / (rule.id + ".py");
  if (!rule.file.empty() && fs::exists(beside)) return beside;
  return runtime::data_dir().path(runtime::DataItem::rule_fixtures) / (rule.id + ".py");
}

// The rule's fixture and its variants beside it (`FT002-tests.py`: the same
// rule on code that lives elsewhere, named by its `# fixture-path:` line;
// `FTC001-bindings.cpp`: a C rule on C++).
std::vector<fs::path> fixture_paths(const Rule& rule) {
  std::vector<fs::path> paths{fixture_path(rule)};
  auto extensions = rule.native.empty() ? std::set<std::string>{".py"} : std::set<std::string>{".c", ".h", ".cpp", ".cc"};
  std::error_code error;
  std::vector<fs::path> variants;
  for (const auto& entry : fs::directory_iterator(paths.front().parent_path(), error)) {
    auto name = entry.path().filename().string();
    if (name.rfind(rule.id + "-", 0) == 0 && extensions.count(entry.path().extension().string())) variants.push_back(entry.path());
  }
  std::sort(variants.begin(), variants.end());
  paths.insert(paths.end(), variants.begin(), variants.end());
  return paths;
}

namespace {

// Every `expect:` marker of `rule` must have a finding on its line (at the
// confidence after `@`, when given), and no other line may have one.
void compare_with_markers(const Rule& rule, const fs::path& path, const std::string& source,
                          const std::vector<Finding>& findings, FixtureResult& result) {
  std::map<int, int> fired;
  std::map<int, std::string> confidence_at;
  for (const auto& f : findings) {
    ++fired[f.line];
    confidence_at[f.line] = confidence_name(f.confidence);
  }
  for (const auto& [line, expected_ids] : fixture_confidences(source)) {
    auto expected = expected_ids.find(rule.id);
    if (expected == expected_ids.end()) continue;
    ++result.expected;
    auto where = path.string() + ":" + std::to_string(line);
    if (!fired.count(line)) {
      result.problems.push_back("missing: " + where + " expects " + rule.id);
    } else if (!expected->second.empty() && confidence_at[line] != expected->second) {
      result.problems.push_back("confidence: " + where + " expects " + rule.id + " at " + expected->second + ", got " +
                                confidence_at[line]);
    }
    fired.erase(line);
  }
  for (const auto& f : findings) {
    if (fired.count(f.line)) {
      result.problems.push_back("noisy: " + path.string() + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + " " +
                                rule.id + " fired without `expect: " + rule.id + "`: " + f.message);
    }
  }
}

std::optional<std::string> read_fixture(const Rule& rule, const fs::path& path, FixtureResult& result) {
  std::string source;
  if (read_whole_file(path.c_str(), source)) return source;
  auto marker = std::string(rule.native.empty() ? "#" : "//") + " expect: " + rule.id;
  result.problems.push_back("missing fixture " + path.string() + " (write one with `" + marker + "` lines)");
  return std::nullopt;
}

// Scanned as library code (`FT001.py`), or as if it lived where its
// `# fixture-path: tests/test_shop.py` line says (test-file and the other
// path-based contexts are part of what a fixture shows).
void check_python_fixture(const Scanner& scanner, const Rule& rule, const fs::path& path, FixtureResult& result) {
  auto source = read_fixture(rule, path, result);
  if (!source) return;
  static const RE2 scan_as(R"((?m)^#\s*fixture-path:\s*(\S+))");
  std::string scanned_path = path.filename().string();
  RE2::PartialMatch(*source, scan_as, &scanned_path);
  auto file_result = scanner.scan(SourceFile{scanned_path, *source, ""});
  compare_with_markers(rule, path, *source, file_result.findings, result);
  for (const auto& note : file_result.notes) result.problems.push_back("note: " + note);
}

// A C fixture goes through inventory's own check of one extension source;
// only the rule's findings count.
void check_native_fixture(const Rule& rule, const fs::path& path, FixtureResult& result) {
  auto source = read_fixture(rule, path, result);
  if (!source) return;
  SourceScan scan;
  scan_c_file(SourceFile{path.filename().string(), *source, ""}, scan, BuildFacts{});
  std::vector<Finding> findings;
  for (auto& finding : scan.findings) {
    if (finding.rule_id == rule.id) findings.push_back(std::move(finding));
  }
  // A note that part of the file did not parse is no failure: C fixtures hold
  // what real extensions hold (#ifdef inside initialisers), and a finding lost
  // in such a part fails its marker.
  compare_with_markers(rule, path, *source, findings, result);
}

FixtureResult test_rule_fixture(const Rule& rule, const std::vector<fs::path>& extra_dirs) {
  FixtureResult result;
  result.rule_id = rule.id;
  if (!rule.native.empty()) {
    for (const auto& path : fixture_paths(rule)) check_native_fixture(rule, path, result);
  } else {
    ScanConfig config;
    config.select = {rule.id};
    config.extra_rule_dirs = extra_dirs;
    Scanner scanner(config);
    scanner.check_rules();
    for (const auto& path : fixture_paths(rule)) check_python_fixture(scanner, rule, path, result);
  }
  if (result.expected == 0 && result.problems.empty()) {
    result.problems.push_back("the fixture " + fixture_path(rule).string() + " has no `expect: " + rule.id + "` line");
  }
  result.passed = result.problems.empty();
  return result;
}

}  // namespace

std::vector<FixtureResult> test_rule_fixtures(const std::vector<Rule>& rules, const std::vector<std::string>& ids,
                                              const std::vector<fs::path>& extra_dirs) {
  std::vector<FixtureResult> results;
  for (const auto& id : ids) find_rule(rules, id);
  for (const auto& rule : rules) {
    bool selected = ids.empty() || std::find(ids.begin(), ids.end(), rule.id) != ids.end() ||
                    std::find(ids.begin(), ids.end(), rule.name) != ids.end();
    if (selected) results.push_back(test_rule_fixture(rule, extra_dirs));
  }
  return results;
}

std::string fixture_report(const std::vector<FixtureResult>& results) {
  std::string out;
  int failed = 0;
  for (const auto& result : results) {
    out += result.rule_id + (result.passed ? " ok" : " FAILED") + " (" + std::to_string(result.expected) + " expected finding" +
           (result.expected == 1 ? "" : "s") + ")\n";
    for (const auto& problem : result.problems) out += "  " + problem + "\n";
    if (!result.passed) ++failed;
  }
  out += std::to_string(results.size() - static_cast<std::size_t>(failed)) + " of " + std::to_string(results.size()) +
         " rule fixtures passed.\n";
  return out;
}

std::string syntax_tree_text(const std::string& source) {
  PythonTree tree(source);
  char* text = ts_node_string(tree.root());
  std::string out(text);
  std::free(text);
  return out + "\n";
}

}  // namespace gilfree::scanners
