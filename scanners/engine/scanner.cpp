#include "scanners/engine/scanner.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <optional>
#include <cctype>
#include <cstdio>
#include <set>
#include <tuple>

#include "common/closest_name.hpp"
#include "common/errors.hpp"
#include "scanners/engine/access_model.hpp"
#include "common/byte_size.hpp"
#include "scanners/engine/facts.hpp"
#include "scanners/engine/python_tree.hpp"
#include "scanners/engine/query_program.hpp"
#include "scanners/engine/rule_loader.hpp"
#include "scanners/engine/semantic_model.hpp"
#include "scanners/engine/suppression.hpp"
#include "common/text_position.hpp"

namespace gilfree::scanners {
namespace {

std::string problems_message(const std::vector<std::string>& problems) {
  std::string message = std::to_string(problems.size()) + " problem(s) in the rule files; fix them or leave the directory out:";
  for (const auto& problem : problems) message += "\n  " + problem;
  return message;
}

// "; did you mean FT009?" for the closest rule id or name, when it is close.
std::string suggestion(const std::string& selector, const std::vector<Rule>& rules) {
  auto best = closest_rule(selector, rules);
  return best.empty() ? "" : "; did you mean " + best + "?";
}

// "FTC002 static-pyobject-cache" when `selector` names a rule of rules/c.
std::optional<std::string> native_rule_named(const std::string& selector) {
  try {
    for (const auto& rule : load_native_rules()) {
      if (selector_matches(selector, rule) && selector != "ALL") return rule.id + " " + rule.name;
    }
  } catch (const std::exception&) {
    // No C rules to name (a moved binary without its data): the plain message follows.
  }
  return std::nullopt;
}

// `option` names the list ("--select"); selectors written in a config file are
// blamed on their file:line instead.
void check_selectors(const std::vector<std::string>& selectors, const std::string& option,
                     const SelectorOrigins& origins, const std::vector<Rule>& rules) {
  for (const auto& selector : selectors) {
    bool any = std::any_of(rules.begin(), rules.end(), [&](const Rule& rule) { return selector_matches(selector, rule); });
    if (any) continue;
    auto origin = origins.find(selector);
    auto where = (origin != origins.end() ? origin->second : option) + " '" + selector + "'";
    if (const auto native = native_rule_named(selector)) {
      throw UserError(where + " names " + *native + ", a C-extension rule: `gilfree inventory` checks it in a project's " +
                      "extension sources, scan checks Python code");
    }
    throw UserError(where + " matches no rule" + suggestion(selector, rules) + " (see 'gilfree rules list')");
  }
}

class Fnv1a {
 public:
  void add(std::string_view text) {
    for (char c : text) {
      hash_ ^= static_cast<unsigned char>(c);
      hash_ *= 1099511628211ULL;
    }
    hash_ ^= 0xff;
    hash_ *= 1099511628211ULL;
  }
  std::string hex() const {
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash_));
    return buffer;
  }

 private:
  std::uint64_t hash_ = 14695981039346656037ULL;
};

void add_conditions(Fnv1a& hash, const std::vector<Condition>& conditions) {
  for (const auto& condition : conditions) {
    hash.add(condition.fact);
    hash.add(condition.argument);
    hash.add(condition.negated ? "!" : "");
  }
}

template <typename Named>
std::string render_message(const std::string& templ, Named&& named, const PythonTree& tree, TSNode related) {
  std::string out;
  for (const auto& part : split_message(templ)) {
    out += part.text;
    if (part.captures.size() == 1 && part.captures[0] == "related-line") {
      out += ts_node_is_null(related) ? std::string("?") : std::to_string(tree.lines().line_of(ts_node_start_byte(related)));
      continue;
    }
    // `{a|b}`: the first of the captures this match has (patterns of one rule may capture different things).
    for (const auto& name : part.captures) {
      TSNode node = named(name);
      if (ts_node_is_null(node)) continue;
      std::string text(tree.node_text(node));
      text = text.substr(0, text.find('\n'));
      out += text.size() > 60 ? text.substr(0, 57) + "..." : text;
      break;
    }
  }
  return out;
}

}  // namespace

std::string closest_rule(const std::string& selector, const std::vector<Rule>& rules) {
  std::vector<std::string> names;
  for (const auto& rule : rules) names.insert(names.end(), {rule.id, rule.name});
  return closest_name(selector, names);
}

bool selector_matches(const std::string& selector, const Rule& rule) {
  if (selector == "ALL") return true;
  return selector == rule.name || (!selector.empty() && rule.id.rfind(selector, 0) == 0);
}

bool path_matches_any_glob(const std::vector<std::string>& globs, const std::string& path) {
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& glob) { return path_matches_glob(glob, path); });
}

bool path_matches_glob(const std::string& glob, const std::string& path) {
  std::string pattern = glob;
  while (pattern.size() > 1 && pattern.back() == '/') pattern.pop_back();
  if (pattern.rfind("./", 0) == 0) pattern = pattern.substr(2);
  // `**/` may match no directory at all.
  std::string collapsed = pattern;
  for (auto at = collapsed.find("**/"); at != std::string::npos; at = collapsed.find("**/")) collapsed.erase(at, 3);
  auto match = [](const std::string& p, const std::string& text) {
    std::string translated;  // fnmatch with FNM_PATHNAME keeps `*` within a component; `**` becomes `*` without it
    bool has_double = p.find("**") != std::string::npos;
    return fnmatch(p.c_str(), text.c_str(), has_double ? 0 : FNM_PATHNAME) == 0;
  };
  std::vector<std::string> candidates{path};
  for (auto slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
    candidates.push_back(path.substr(0, slash));  // directories above the file
  }
  bool plain = pattern.find('/') == std::string::npos;
  for (const auto& candidate : candidates) {
    if (match(pattern, candidate) || match(collapsed, candidate)) return true;
    if (plain) {
      auto last = candidate.substr(candidate.rfind('/') == std::string::npos ? 0 : candidate.rfind('/') + 1);
      if (match(pattern, last)) return true;
    }
  }
  return false;
}

Scanner::Scanner(const ScanConfig& config) : config_(config) {
  std::vector<std::filesystem::path> dirs;
  if (config.builtin_rules) dirs.push_back(builtin_rules_dir());
  dirs.insert(dirs.end(), config.extra_rule_dirs.begin(), config.extra_rule_dirs.end());
  auto loaded = load_rule_files(dirs);
  if (!loaded.problems.empty()) {
    // Compile what loaded too, so that the one message lists every problem.
    QueryProgram checked(config.parse_only ? std::vector<Rule>{} : loaded.rules, loaded.problems);
    throw UserError(problems_message(loaded.problems));
  }
  all_rules_ = loaded.rules;
  // FT900 is checked in C++ after the queries ran: it comes last, after the
  // rule files' rules, so that leaving it out of the query program keeps the
  // program's rule indices those of rules_.
  bool with_unused_suppression =
      config.builtin_rules && std::none_of(all_rules_.begin(), all_rules_.end(),
                                           [](const Rule& rule) { return rule.id == kUnusedSuppressionId; });
  if (with_unused_suppression) all_rules_.push_back(unused_suppression_rule());
  check_selectors(config.select, "--select", config.select_origins, all_rules_);
  check_selectors(config.ignore, "--ignore", config.ignore_origins, all_rules_);
  for (const auto& ignore : config.per_file_ignores) {
    check_selectors(ignore.rules, "per-file-ignores \"" + ignore.glob + "\"", ignore.origins, all_rules_);
  }
  std::vector<bool> chosen;
  for (const auto& rule : all_rules_) {
    bool selected = config.select.empty() ||
                    std::any_of(config.select.begin(), config.select.end(), [&](const auto& s) { return selector_matches(s, rule); });
    if (rule.opt_in) {
      selected = std::any_of(config.select.begin(), config.select.end(),
                             [&](const auto& s) { return s == "ALL" || s == rule.id || s == rule.name; });
    }
    bool ignored = std::any_of(config.ignore.begin(), config.ignore.end(), [&](const auto& s) { return selector_matches(s, rule); });
    chosen.push_back(selected && !ignored);
    if (chosen.back()) rules_.push_back(rule);
  }
  // tree-sitter's query analysis is the one serial step of a scan: run it
  // beside the parsing of the first files.
  auto program_rules = all_rules_;
  auto program_chosen = chosen;
  if (with_unused_suppression) program_rules.pop_back(), program_chosen.pop_back();
  compiled_ = std::async(std::launch::async, [config, all = std::move(program_rules), chosen_rules = rules_,
                                              chosen = std::move(program_chosen)] {
                return std::shared_ptr<const Compiled>(std::make_shared<Compiled>(compile(config, all, chosen_rules, chosen)));
              }).share();
  Fnv1a hash;
  hash.add(GILFREE_VERSION);
  for (const auto& rule : rules_) {
    for (const auto* list : {&rule.where, &rule.confidence_up, &rule.confidence_down}) add_conditions(hash, *list);
    hash.add(rule.id);
    hash.add(rule.name);
    hash.add(severity_name(rule.severity));
    for (const auto* text : {&rule.message, &rule.hint, &rule.query, &rule.relation}) hash.add(*text);
    hash.add(confidence_name(rule.confidence));
    hash.add(rule.once_per_function ? "once-per-function" : "");
  }
  // Whether a suppression's id names a rule depends on every loaded rule, selected or not.
  for (const auto& rule : all_rules_) hash.add(rule.id);
  hash.add(confidence_name(config.min_confidence));
  hash.add(config.parse_only ? "parse-only" : "rules");
  hash.add(std::to_string(config.max_file_bytes));
  for (const auto& ignore : config.per_file_ignores) {
    hash.add(ignore.glob);
    for (const auto& id : ignore.rules) hash.add(id);
  }
  fingerprint_ = hash.hex();
}

// One compilation of every loaded rule checks them all and is the program
// (selection disables patterns); parse-only runs no rule and compiles none.
Scanner::Compiled Scanner::compile(const ScanConfig& config, const std::vector<Rule>& all,
                                   const std::vector<Rule>& chosen_rules, const std::vector<bool>& chosen) {
  Compiled out;
  out.program = std::make_unique<QueryProgram>(config.parse_only ? std::vector<Rule>{} : all, out.problems);
  if (!out.problems.empty()) return out;
  if (!config.parse_only) out.program->select(chosen);
  for (const auto& rule : chosen_rules) {
    out.match_capture.push_back(out.program->capture_id("match"));
    auto& lists = out.condition_captures.emplace_back();
    for (const auto* list : {&rule.where, &rule.confidence_up, &rule.confidence_down}) {
      auto& ids = lists.emplace_back();
      for (const auto& condition : *list) {
        ids.push_back(condition.fact == "inside" ? -1 : out.program->capture_id(condition.argument));
      }
    }
  }
  return out;
}

const Scanner::Compiled& Scanner::compiled() const {
  const auto& compiled = *compiled_.get();
  if (!compiled.problems.empty()) throw UserError(problems_message(compiled.problems));
  return compiled;
}

void Scanner::check_rules() const { compiled(); }

Scanner::~Scanner() = default;

FileResult Scanner::scan(const SourceFile& file) const {
  FileResult result;
  std::string_view text = file.content;
  if (config_.max_file_bytes != 0 && text.size() > config_.max_file_bytes) {
    result.notes.push_back(file.path + ": skipped: " + byte_size_text(text.size()) + " is over the " +
                           byte_size_text(config_.max_file_bytes) +
                           " limit (generated data? exclude it, or raise --max-file-size)");
    return result;
  }
  if (text.find('\0') != std::string_view::npos) {
    result.notes.push_back(file.path + ": skipped: binary file (contains a NUL byte)");
    return result;
  }
  if (has_utf8_bom(text)) text.remove_prefix(3);
  auto invalid = first_invalid_utf8(text);
  if (invalid != std::string_view::npos) {
    LineIndex lines(text);
    result.notes.push_back(file.path + ":" + std::to_string(lines.line_of(static_cast<std::uint32_t>(invalid))) +
                           ": not valid UTF-8; scanned anyway, invalid bytes count as one column each");
  }
  scan_tree(file, text, result);
  return result;
}

void Scanner::scan_tree(const SourceFile& file, std::string_view text, FileResult& result) const {
  if (text.size() > 0xFFFFFFF0u) {
    result.notes.push_back(file.path + ": skipped: larger than 4 GiB");
    return;
  }
  PythonTree tree(text);
  if (int line = tree.first_error_line()) {
    result.notes.push_back(file.path + ":" + std::to_string(line) +
                           ": syntax error; findings come only from the parts that parse");
  }
  if (config_.parse_only || rules_.empty()) return;
  const auto& compiled = this->compiled();
  const auto& program = *compiled.program;
  // The patterns are tried at their roots during the model's walk of the tree.
  QueryProgram::FileMatcher matcher(program, tree);
  SemanticModel model(tree, file.path, NodeTap{&program.root_symbols(), [&](TSNode node) { matcher.at(node); }});
  std::vector<bool> ignored_here(rules_.size(), false);
  for (const auto& ignore : config_.per_file_ignores) {
    if (!path_matches_glob(ignore.glob, file.path)) continue;
    for (std::size_t i = 0; i < rules_.size(); ++i) {
      for (const auto& selector : ignore.rules) ignored_here[i] = ignored_here[i] || selector_matches(selector, rules_[i]);
    }
  }
  SuppressionCheck suppressions(model.suppressions());
  std::set<std::tuple<std::size_t, std::uint32_t, std::uint32_t>> seen;
  // Weighs one candidate finding of rule r at `node`. `related` is the node a
  // relation ties it to; `condition_node(list, i)` gives the node that the i-th
  // condition of a list (0 where, 1 up, 2 down) takes as its argument, and
  // `named(name)` the node a message placeholder {name} prints.
  auto consider = [&](std::size_t r, TSNode node, TSNode related, auto&& condition_node, auto&& named) {
    const auto& rule = rules_[r];
    if (ignored_here[r] || ts_node_is_null(node)) return;
    auto holds = [&](const Condition& condition, std::size_t list, std::size_t i) {
      return evaluate_fact(condition, FactQuery{model, node, condition_node(list, i), &related});
    };
    for (std::size_t i = 0; i < rule.where.size(); ++i) {
      if (!holds(rule.where[i], 0, i)) return;
    }
    // A suppression is used by any finding it hides, at any confidence: one
    // hidden by --min-confidence today shows again with a lower threshold.
    bool suppressed = suppressions.silences(tree.lines().line_of(ts_node_start_byte(node)), rule.id);
    int confidence = static_cast<int>(rule.confidence);
    for (std::size_t i = 0; i < rule.confidence_up.size(); ++i) confidence += holds(rule.confidence_up[i], 1, i) ? 1 : 0;
    for (std::size_t i = 0; i < rule.confidence_down.size(); ++i) confidence -= holds(rule.confidence_down[i], 2, i) ? 1 : 0;
    confidence = std::clamp(confidence, 0, 2);
    if (confidence < static_cast<int>(config_.min_confidence)) return;
    auto start = ts_node_start_byte(node), end = ts_node_end_byte(node);
    if (!seen.emplace(r, start, end).second) return;
    if (rule.once_per_function) {
      auto function = static_cast<std::uint32_t>(model.function_at(start) + 1);
      if (!seen.emplace(r, UINT32_MAX, function).second) return;
    }
    if (suppressed) return;
    const auto& lines = tree.lines();
    int line = lines.line_of(start);
    Finding finding;
    finding.rule_id = rule.id;
    finding.rule_name = rule.name;
    finding.severity = rule.severity;
    finding.confidence = static_cast<Confidence>(confidence);
    finding.message = render_message(rule.message, named, tree, related);
    finding.hint = rule.hint;
    finding.path = file.path;
    finding.line = line;
    finding.column = lines.column_of(start);
    finding.end_line = lines.line_of(end);
    finding.end_column = lines.column_of(end);
    result.findings.push_back(std::move(finding));
  };
  bool complete = matcher.finish([&](const RuleMatch& match) {
    int match_id = compiled.match_capture[match.rule_index];
    if (match_id < 0) return;
    const auto& ids = compiled.condition_captures[match.rule_index];
    auto capture = [&](int id) { return id >= 0 ? match.capture(static_cast<std::uint32_t>(id)) : TSNode{}; };
    consider(
        match.rule_index, capture(match_id), TSNode{}, [&](std::size_t list, std::size_t i) { return capture(ids[list][i]); },
        [&](const std::string& name) { return capture(program.capture_id(name)); });
  });
  // Relation rules: the access model's instances are the candidates; `match` is the access.
  for (std::size_t r = 0; r < rules_.size(); ++r) {
    if (rules_[r].relation.empty() || ignored_here[r]) continue;
    for (const auto& instance : find_relation(rules_[r].relation, model.access_model())) {
      TSNode node = instance.node;
      consider(
          r, node, instance.related, [&](std::size_t, std::size_t) { return node; },
          [&](const std::string& name) { return name == "match" ? node : TSNode{}; });
    }
  }
  if (!complete) result.notes.push_back(file.path + ": too many simultaneous matches; some findings may be missing");
  SuppressionCheck::Context context{&all_rules_, {}, false};
  for (std::size_t r = 0; r < rules_.size(); ++r) {
    if (ignored_here[r]) continue;
    context.enabled.insert(rules_[r].id);
    context.report_unused = context.report_unused || rules_[r].id == kUnusedSuppressionId;
  }
  suppressions.report(file, tree.lines(), context, result);
  std::sort(result.findings.begin(), result.findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.line, a.column, a.rule_id) < std::tie(b.line, b.column, b.rule_id);
  });
}

}  // namespace gilfree::scanners
