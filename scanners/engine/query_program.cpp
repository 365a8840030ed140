#include "scanners/engine/query_program.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <set>

namespace gilfree::scanners {
namespace {

// Matches kept per pattern and node (ours) or in flight (tree-sitter's
// cursor): enough for any real file; beyond it the file gets a note.
constexpr std::uint32_t kMatchLimit = 1024;

const char* query_error_name(TSQueryError error) {
  switch (error) {
    case TSQueryErrorSyntax: return "syntax error";
    case TSQueryErrorNodeType: return "unknown node type";
    case TSQueryErrorField: return "unknown field";
    case TSQueryErrorCapture: return "unknown capture";
    case TSQueryErrorStructure: return "impossible pattern structure";
    case TSQueryErrorLanguage: return "language mismatch";
    default: return "error";
  }
}

std::string where(const Rule& rule, int line_in_query) {
  return rule.file.string() + ":" + std::to_string(rule.query_line + line_in_query) + ": ";
}

int line_in_query(const std::string& query, std::uint32_t offset) {
  auto end = std::min<std::size_t>(offset, query.size());
  // The block scalar's text starts on the line after `query: |`.
  return 1 + static_cast<int>(std::count(query.begin(), query.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
}

std::string capture_name(const TSQuery* query, std::uint32_t id) {
  std::uint32_t length = 0;
  const char* name = ts_query_capture_name_for_id(query, id, &length);
  return std::string(name, length);
}

std::string string_value(const TSQuery* query, std::uint32_t id) {
  std::uint32_t length = 0;
  const char* value = ts_query_string_value_for_id(query, id, &length);
  return std::string(value, length);
}

// One pattern's predicates as tree-sitter read them, in the form our parser gives.
std::vector<WrittenPredicate> written_predicates(const TSQuery* query, std::uint32_t pattern) {
  std::uint32_t step_count = 0;
  const TSQueryPredicateStep* steps = ts_query_predicates_for_pattern(query, pattern, &step_count);
  std::vector<WrittenPredicate> out;
  for (std::size_t i = 0; i < step_count; ++i) {
    WrittenPredicate predicate;
    bool first = true;
    for (; i < step_count && steps[i].type != TSQueryPredicateStepTypeDone; ++i, first = false) {
      bool is_capture = steps[i].type == TSQueryPredicateStepTypeCapture;
      if (first && !is_capture) {
        predicate.name = string_value(query, steps[i].value_id);
        continue;
      }
      if (first) predicate.name.clear();  // a capture in the name's place: reported below
      PredicateArgument argument;
      argument.is_capture = is_capture;
      if (is_capture) argument.capture = steps[i].value_id;
      else argument.text = string_value(query, steps[i].value_id);
      predicate.arguments.push_back(std::move(argument));
    }
    out.push_back(std::move(predicate));
  }
  return out;
}

// Compiles the predicates of one pattern; returns a problem text or "".
std::string compile_predicates(const std::vector<WrittenPredicate>& written, std::vector<Predicate>& out) {
  for (const auto& one : written) {
    if (one.name.empty()) return "a predicate must start with its name";
    const auto& name = one.name;
    const auto& args = one.arguments;
    Predicate predicate;
    std::string base = name;
    if (base.rfind("not-", 0) == 0) {
      predicate.negated = true;
      base = base.substr(4);
    }
    if (base == "eq?") predicate.op = Predicate::Op::eq;
    else if (base == "match?") predicate.op = Predicate::Op::match;
    else if (base == "any-of?") predicate.op = Predicate::Op::any_of;
    else return "unknown predicate #" + name + " (known: #eq?, #match?, #any-of? and their #not- forms)";
    if (args.size() < 2 || !args[0].is_capture) return "#" + name + " needs a capture and at least one value";
    predicate.capture = args[0].capture;
    if (predicate.op == Predicate::Op::any_of) {
      for (std::size_t k = 1; k < args.size(); ++k) {
        if (args[k].is_capture) return "#any-of? takes strings after the capture";
        predicate.values.push_back(args[k].text);
      }
    } else {
      if (args.size() != 2) return "#" + name + " takes exactly two arguments";
      if (args[1].is_capture) {
        if (predicate.op == Predicate::Op::match) return "#match? takes a capture and a regular expression string";
        predicate.compare_capture = true;
        predicate.other_capture = args[1].capture;
      } else {
        predicate.text = args[1].text;
      }
      if (predicate.op == Predicate::Op::match) {
        RE2::Options options;
        options.set_log_errors(false);
        predicate.regex = std::make_shared<RE2>(predicate.text, options);
        if (!predicate.regex->ok()) {
          // A rule file may hold a pattern of megabytes: the message stays one short line.
          auto shorten = [](const std::string& text) { return text.size() > 80 ? text.substr(0, 80) + "..." : text; };
          return "bad regular expression '" + shorten(predicate.text) + "': " + shorten(predicate.regex->error());
        }
      }
    }
    out.push_back(std::move(predicate));
  }
  return {};
}

bool predicate_holds(const Predicate& predicate, const std::vector<TSNode>& nodes, const PythonTree& tree) {
  TSNode node = nodes[predicate.capture];
  // A capture from another branch of an alternation is absent: its predicates do not apply.
  if (ts_node_is_null(node)) return true;
  auto text = tree.node_text(node);
  bool holds = false;
  switch (predicate.op) {
    case Predicate::Op::eq:
      if (predicate.compare_capture) {
        TSNode other = nodes[predicate.other_capture];
        holds = ts_node_is_null(other) ? !predicate.negated : tree.node_text(other) == text;
      } else {
        holds = text == predicate.text;
      }
      break;
    case Predicate::Op::match:
      // Match() without submatches: the DFA alone, no argument parsing.
      holds = predicate.regex->Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), RE2::UNANCHORED,
                                     nullptr, 0);
      break;
    case Predicate::Op::any_of:
      holds = std::find(predicate.values.begin(), predicate.values.end(), text) != predicate.values.end();
      break;
  }
  return holds != predicate.negated;
}

TSQuery* compile(const std::string& source, std::uint32_t& error_offset, TSQueryError& error_type) {
  return ts_query_new(tree_sitter_python(), source.data(), static_cast<std::uint32_t>(source.size()), &error_offset,
                      &error_type);
}

}  // namespace

bool check_rule_captures(const Rule& rule, const std::set<std::string>& captures, std::vector<std::string>& problems) {
  if (!rule.relation.empty()) return true;  // no query: the loader checked its message
  bool ok = true;
  if (!captures.count("match")) {
    problems.push_back(where(rule, 0) + "the query has no @match capture (the reported span)");
    ok = false;
  }
  for (const auto& part : split_message(rule.message)) {
    for (const auto& name : part.captures) {
      if (captures.count(name) || name == "related-line") continue;
      problems.push_back(rule.file.string() + ":" + std::to_string(rule.message_line) + ": the message names {" + name +
                         "}, which the query does not capture");
      ok = false;
    }
  }
  for (const auto* list : {&rule.where, &rule.confidence_up, &rule.confidence_down}) {
    for (const auto& condition : *list) {
      if (condition.fact == "inside" || condition.argument.empty()) continue;
      if (!captures.count(condition.argument)) {
        problems.push_back(rule.file.string() + ":" + std::to_string(condition.line) + ": fact '" + condition.fact +
                           "' names capture '" + condition.argument + "', which the query does not define");
        ok = false;
      }
    }
  }
  return ok;
}

bool check_rule_query(const Rule& rule, std::vector<std::string>& problems) {
  std::uint32_t error_offset = 0;
  TSQueryError error_type = TSQueryErrorNone;
  TSQuery* query = compile(rule.query, error_offset, error_type);
  if (!query) {
    auto snippet = rule.query.substr(std::min<std::size_t>(error_offset, rule.query.size()), 30);
    snippet = snippet.substr(0, snippet.find('\n'));
    problems.push_back(where(rule, line_in_query(rule.query, error_offset)) + "invalid query: " +
                       query_error_name(error_type) + " at '" + snippet + "'");
    return false;
  }
  std::set<std::string> captures;
  for (std::uint32_t id = 0; id < ts_query_capture_count(query); ++id) captures.insert(capture_name(query, id));
  bool ok = check_rule_captures(rule, captures, problems);
  for (std::uint32_t pattern = 0; pattern < ts_query_pattern_count(query); ++pattern) {
    std::vector<Predicate> predicates;
    auto problem = compile_predicates(written_predicates(query, pattern), predicates);
    if (!problem.empty()) {
      problems.push_back(where(rule, line_in_query(rule.query, ts_query_start_byte_for_pattern(query, pattern))) + problem);
      ok = false;
    }
  }
  ts_query_delete(query);
  return ok;
}

QueryProgram::QueryProgram(const std::vector<Rule>& rules, std::vector<std::string>& problems, Matching matching) {
  // Bundled rules that PatternMatcher reads need no tree-sitter compilation:
  // its analysis of the patterns cost as much as parsing a tenth of CPython's
  // Lib/, on every scan, however few files. The unit tests compile every
  // bundled rule with tree-sitter; any other rule is compiled on every load.
  std::vector<std::string> scratch_names;
  std::vector<std::vector<TopPattern>> read_alone(rules.size());
  std::vector<std::size_t> compiled_rules;  // indices of the rules tree-sitter compiles
  for (std::size_t r = 0; r < rules.size(); ++r) {
    if (matching != Matching::own_where_supported || !rules[r].bundled || !read_without_tree_sitter(rules[r], scratch_names, read_alone[r])) {
      compiled_rules.push_back(r);
    }
  }
  std::string combined;
  std::vector<std::uint32_t> rule_starts;
  for (auto r : compiled_rules) {
    rule_starts.push_back(static_cast<std::uint32_t>(combined.size()));
    combined += rules[r].query;
    combined += "\n";
  }
  std::uint32_t error_offset = 0;
  TSQueryError error_type = TSQueryErrorNone;
  query_ = compile(combined, error_offset, error_type);
  if (!query_) {
    // Compiling each rule alone names the broken one(s) with file:line.
    auto before = problems.size();
    for (auto r : compiled_rules) check_rule_query(rules[r], problems);
    if (problems.size() == before) {
      problems.push_back(std::string("the combined rule query does not compile: ") + query_error_name(error_type));
    }
    return;
  }
  // tree-sitter's capture ids come first, so that its cursor's ids are ours.
  for (std::uint32_t id = 0; id < ts_query_capture_count(query_); ++id) capture_names_.push_back(capture_name(query_, id));
  std::vector<std::set<std::string>> rule_captures(rules.size());
  for (std::uint32_t index = 0; index < ts_query_pattern_count(query_); ++index) {
    Pattern pattern;
    auto start = ts_query_start_byte_for_pattern(query_, index);
    auto it = std::upper_bound(rule_starts.begin(), rule_starts.end(), start);
    auto position = static_cast<std::size_t>(it - rule_starts.begin()) - 1;
    pattern.rule_index = compiled_rules[position];
    const auto& rule = rules[pattern.rule_index];
    auto problem = compile_predicates(written_predicates(query_, index), pattern.predicates);
    if (!problem.empty()) problems.push_back(where(rule, line_in_query(rule.query, start - rule_starts[position])) + problem);
    for (std::uint32_t id = 0; id < capture_names_.size(); ++id) {
      if (ts_query_capture_quantifier_for_id(query_, index, id) != TSQuantifierZero) {
        rule_captures[pattern.rule_index].insert(capture_names_[id]);
      }
    }
    patterns_.push_back(std::move(pattern));
  }
  query_patterns_ = patterns_.size();
  rule_is_own_.assign(rules.size(), false);
  compile_own_patterns(rules, compiled_rules, rule_starts, matching);
  for (std::size_t r = 0; r < rules.size(); ++r) {
    if (!read_alone[r].empty()) add_read_alone(rules, r, scratch_names, read_alone[r], rule_captures[r], problems);
  }
  literal_filter_.compile();
  for (std::size_t r = 0; r < rules.size(); ++r) check_rule_captures(rules[r], rule_captures[r], problems);
  select(std::vector<bool>(rules.size(), true));
}

// Reads a bundled rule with our parser alone; false when tree-sitter must
// compile it (a construct we lack, a pattern that may start anywhere).
// Capture ids are numbered in `names` until the program's own are known.
bool QueryProgram::read_without_tree_sitter(const Rule& rule, std::vector<std::string>& names,
                                            std::vector<TopPattern>& out) {
  if (!rule.relation.empty()) return false;
  auto number = [&names](std::string_view name) {
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) it = names.insert(names.end(), std::string(name));
    return static_cast<int>(it - names.begin());
  };
  std::string reason;
  auto symbol_count = ts_language_symbol_count(tree_sitter_python());
  if (!parse_patterns(rule.query, tree_sitter_python(), number, out, reason) || out.empty()) {
    out.clear();
    return false;
  }
  for (const auto& top : out) {
    if (scanners::root_symbols(top.root, symbol_count).empty()) {
      out.clear();
      return false;
    }
  }
  return true;
}

namespace {

void renumber_captures(PatternNode& node, const std::vector<std::uint32_t>& id_of) {
  for (auto& capture : node.captures) capture = id_of[capture];
  for (auto& child : node.children) renumber_captures(child, id_of);
}

void collect_capture_names(const PatternNode& node, const std::vector<std::string>& names, std::set<std::string>& out) {
  for (auto capture : node.captures) out.insert(names[capture]);
  for (const auto& child : node.children) collect_capture_names(child, names, out);
}

}  // namespace

void QueryProgram::add_read_alone(const std::vector<Rule>& rules, std::size_t r, const std::vector<std::string>& scratch_names,
                                  std::vector<TopPattern>& patterns, std::set<std::string>& captures,
                                  std::vector<std::string>& problems) {
  std::vector<std::uint32_t> id_of(scratch_names.size());
  for (std::size_t i = 0; i < scratch_names.size(); ++i) {
    int id = capture_id(scratch_names[i]);
    if (id < 0) {
      id = static_cast<int>(capture_names_.size());
      capture_names_.push_back(scratch_names[i]);
    }
    id_of[i] = static_cast<std::uint32_t>(id);
  }
  auto symbol_count = ts_language_symbol_count(tree_sitter_python());
  for (auto& top : patterns) {
    renumber_captures(top.root, id_of);
    for (auto& predicate : top.predicates) {
      for (auto& argument : predicate.arguments) {
        if (argument.is_capture) argument.capture = id_of[argument.capture];
      }
    }
    collect_capture_names(top.root, capture_names_, captures);
    Pattern pattern;
    pattern.rule_index = r;
    auto problem = compile_predicates(top.predicates, pattern.predicates);
    if (!problem.empty()) problems.push_back(where(rules[r], line_in_query(rules[r].query, top.start)) + problem);
    auto index = static_cast<std::uint32_t>(patterns_.size());
    patterns_.push_back(std::move(pattern));
    auto starts = scanners::root_symbols(top.root, symbol_count);
    OwnPattern own{std::move(top.root), index, std::move(starts)};
    add_to_literal_filter(own);
    own_patterns_.push_back(std::move(own));
  }
  rule_is_own_[r] = true;
}

void QueryProgram::compile_own_patterns(const std::vector<Rule>& rules, const std::vector<std::size_t>& compiled_rules,
                                        const std::vector<std::uint32_t>& rule_starts, Matching matching) {
  auto capture = [this](std::string_view name) { return capture_id(std::string(name)); };
  auto symbol_count = ts_language_symbol_count(tree_sitter_python());
  for (std::size_t position = 0; position < compiled_rules.size(); ++position) {
    auto r = compiled_rules[position];
    if (matching == Matching::tree_sitter_cursor) {
      cursor_rules_.emplace_back(r, "tree-sitter's query cursor was asked for");
      continue;
    }
    std::vector<std::uint32_t> indices;  // the rule's patterns in query_, in order
    for (std::uint32_t index = 0; index < patterns_.size(); ++index) {
      if (patterns_[index].rule_index == r) indices.push_back(index);
    }
    std::vector<TopPattern> parsed;
    std::string reason;
    if (!parse_patterns(rules[r].query, tree_sitter_python(), capture, parsed, reason)) {
      cursor_rules_.emplace_back(r, reason);
      continue;
    }
    // Our reading must split the query exactly as tree-sitter did, so that
    // pattern i has tree-sitter pattern i's predicates.
    std::vector<OwnPattern> own;
    bool aligned = parsed.size() == indices.size();
    for (std::size_t i = 0; aligned && i < parsed.size(); ++i) {
      auto starts = scanners::root_symbols(parsed[i].root, symbol_count);
      aligned = parsed[i].start == ts_query_start_byte_for_pattern(query_, indices[i]) - rule_starts[position] &&
                !starts.empty();
      own.push_back(OwnPattern{std::move(parsed[i].root), indices[i], std::move(starts)});
    }
    if (!aligned) {
      cursor_rules_.emplace_back(r, "a pattern that can start at any node kind, or patterns split differently from tree-sitter");
      continue;
    }
    rule_is_own_[r] = true;
    for (auto& pattern : own) {
      add_to_literal_filter(pattern);
      own_patterns_.push_back(std::move(pattern));
    }
  }
}

// The pattern's predicates that every match must pass, as regular expressions
// for LiteralFilter: #eq? and #any-of? with strings are anchored literals.
void QueryProgram::add_to_literal_filter(OwnPattern& own) {
  std::vector<std::uint32_t> certain;
  certain_captures(own.root, certain);
  std::vector<std::string> regexes;
  for (const auto& predicate : patterns_[own.query_pattern].predicates) {
    if (predicate.negated || predicate.compare_capture) continue;
    if (std::find(certain.begin(), certain.end(), predicate.capture) == certain.end()) continue;
    switch (predicate.op) {
      case Predicate::Op::eq: regexes.push_back("^" + RE2::QuoteMeta(predicate.text) + "$"); break;
      case Predicate::Op::match: regexes.push_back(predicate.text); break;
      case Predicate::Op::any_of: {
        std::string alternatives;
        for (const auto& value : predicate.values) alternatives += (alternatives.empty() ? "" : "|") + RE2::QuoteMeta(value);
        regexes.push_back("^(?:" + alternatives + ")$");
        break;
      }
    }
  }
  own.filter_group = literal_filter_.add_group(regexes);
}

void QueryProgram::select(const std::vector<bool>& selected) {
  if (!query_) return;
  auto symbol_count = ts_language_symbol_count(tree_sitter_python());
  own_by_symbol_.assign(symbol_count, {});
  root_symbols_.assign(symbol_count, 0);
  for (std::uint32_t own = 0; own < own_patterns_.size(); ++own) {
    if (!selected[patterns_[own_patterns_[own].query_pattern].rule_index]) continue;
    const auto& starts = own_patterns_[own].starts;
    for (std::size_t s = 0; s < starts.size(); ++s) {
      if (!starts[s]) continue;
      own_by_symbol_[s].push_back(own);
      root_symbols_[s] = 1;
    }
  }
  std::vector<std::size_t> position(selected.size());
  std::size_t next = 0;
  for (std::size_t r = 0; r < selected.size(); ++r) position[r] = selected[r] ? next++ : 0;
  cursor_patterns_ = 0;
  for (std::uint32_t index = 0; index < patterns_.size(); ++index) {
    auto& pattern = patterns_[index];
    bool on_cursor = selected[pattern.rule_index] && !rule_is_own_[pattern.rule_index];
    if (on_cursor) ++cursor_patterns_;
    else if (index < query_patterns_) ts_query_disable_pattern(query_, index);
    pattern.rule_index = position[pattern.rule_index];
  }
  // Later selections index rules by their position in this one.
  std::vector<bool> own_now(next);
  for (std::size_t r = 0; r < selected.size(); ++r) if (selected[r]) own_now[position[r]] = rule_is_own_[r];
  rule_is_own_ = std::move(own_now);
}

QueryProgram::~QueryProgram() {
  if (query_) ts_query_delete(query_);
}

int QueryProgram::capture_id(const std::string& name) const {
  auto it = std::find(capture_names_.begin(), capture_names_.end(), name);
  return it == capture_names_.end() ? -1 : static_cast<int>(it - capture_names_.begin());
}

bool QueryProgram::bound_predicates_hold(const Pattern& pattern, const std::vector<TSNode>& nodes,
                                         const PythonTree& tree, const std::uint32_t* bound, std::size_t count) const {
  for (const auto& predicate : pattern.predicates) {
    bool names_bound = std::find(bound, bound + count, predicate.capture) != bound + count ||
                       (predicate.compare_capture && std::find(bound, bound + count, predicate.other_capture) != bound + count);
    if (!names_bound || ts_node_is_null(nodes[predicate.capture])) continue;
    if (predicate.compare_capture && ts_node_is_null(nodes[predicate.other_capture])) continue;
    if (!predicate_holds(predicate, nodes, tree)) return false;
  }
  return true;
}

bool QueryProgram::predicates_hold(const Pattern& pattern, const std::vector<TSNode>& nodes,
                                   const PythonTree& tree) const {
  for (const auto& predicate : pattern.predicates) {
    if (!predicate_holds(predicate, nodes, tree)) return false;
  }
  return true;
}

bool QueryProgram::run(const PythonTree& tree, const std::vector<TSNode>& candidates,
                       const std::function<void(const RuleMatch&)>& on_match) const {
  FileMatcher matcher(*this, tree);
  for (TSNode node : candidates) matcher.at(node);
  return matcher.finish(on_match);
}

QueryProgram::FileMatcher::FileMatcher(const QueryProgram& program, const PythonTree& tree)
    : program_(program), tree_(tree), matcher_(program.capture_names_.size()) {
  if (program.query_) text_ = program.literal_filter_.search(tree.text());
}

void QueryProgram::FileMatcher::at(TSNode node) {
  if (!program_.query_) return;
  TSSymbol symbol = ts_node_symbol(node);
  if (symbol >= program_.own_by_symbol_.size()) return;
  auto described = PatternMatcher::describe(node);
  auto start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  for (auto own : program_.own_by_symbol_[symbol]) {
    const auto& own_pattern = program_.own_patterns_[own];
    if (!text_.possible_within(own_pattern.filter_group, start, end)) continue;
    if (!matcher_.may_match(own_pattern.root, described)) continue;
    const auto& pattern = program_.patterns_[own_pattern.query_pattern];
    auto check = [&](const std::uint32_t* bound, std::size_t count) {
      return program_.bound_predicates_hold(pattern, matcher_.captures(), tree_, bound, count);
    };
    complete_ &= matcher_.match(own_pattern.root, described, kMatchLimit, check, [&] {
      if (!program_.predicates_hold(pattern, matcher_.captures(), tree_)) return;
      Kept kept{pattern.rule_index, static_cast<std::uint32_t>(captures_.size()), 0};
      const auto& nodes = matcher_.captures();
      for (std::uint32_t id = 0; id < nodes.size(); ++id) {
        if (!ts_node_is_null(nodes[id])) captures_.emplace_back(id, nodes[id]);
      }
      kept.count = static_cast<std::uint32_t>(captures_.size()) - kept.first;
      kept_.push_back(kept);
    });
  }
}

bool QueryProgram::FileMatcher::finish(const std::function<void(const RuleMatch&)>& on_match) {
  if (!program_.query_) return true;
  std::vector<TSNode> nodes(program_.capture_names_.size());
  for (const auto& kept : kept_) {
    for (std::uint32_t i = kept.first; i < kept.first + kept.count; ++i) nodes[captures_[i].first] = captures_[i].second;
    on_match(RuleMatch{kept.rule_index, &nodes});
    for (std::uint32_t i = kept.first; i < kept.first + kept.count; ++i) nodes[captures_[i].first] = TSNode{};
  }
  return program_.run_cursor(tree_, on_match) && complete_;
}

bool QueryProgram::run_cursor(const PythonTree& tree, const std::function<void(const RuleMatch&)>& on_match) const {
  if (cursor_patterns_ == 0) return true;
  TSQueryCursor* cursor = ts_query_cursor_new();
  ts_query_cursor_set_match_limit(cursor, kMatchLimit);
  ts_query_cursor_exec(cursor, query_, tree.root());
  std::vector<TSNode> nodes(capture_names_.size());
  TSQueryMatch match;
  while (ts_query_cursor_next_match(cursor, &match)) {
    std::fill(nodes.begin(), nodes.end(), TSNode{});
    for (std::uint16_t i = 0; i < match.capture_count; ++i) {
      auto& slot = nodes[match.captures[i].index];
      if (ts_node_is_null(slot)) slot = match.captures[i].node;
    }
    const auto& pattern = patterns_[match.pattern_index];
    if (!predicates_hold(pattern, nodes, tree)) continue;
    RuleMatch rule_match{pattern.rule_index, &nodes};
    on_match(rule_match);
  }
  bool complete = !ts_query_cursor_did_exceed_match_limit(cursor);
  ts_query_cursor_delete(cursor);
  return complete;
}

}  // namespace gilfree::scanners
