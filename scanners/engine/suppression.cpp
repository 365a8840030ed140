#include "scanners/engine/suppression.hpp"

#include <re2/re2.h>

#include <algorithm>

#include "common/text_search.hpp"

#include "scanners/engine/scanner.hpp"

namespace gilfree::scanners {

std::optional<std::set<std::string>> suppression_ids(std::string_view comment) {
  static const RE2 pattern(R"(gilfree:\s*ignore(\[([A-Za-z0-9_, ]*)\])?)");
  if (!contains_text(comment, "gilfree")) return std::nullopt;  // nearly every comment: no regex
  re2::StringPiece ids;
  if (!RE2::PartialMatch(re2::StringPiece(comment.data(), comment.size()), pattern, static_cast<void*>(nullptr), &ids)) {
    return std::nullopt;
  }
  std::set<std::string> out;
  if (ids.empty()) return std::set<std::string>{"*"};
  std::string current;
  for (char c : std::string(ids.data(), ids.size()) + ",") {
    if (c == ',' || c == ' ') {
      if (!current.empty()) out.insert(current);
      current.clear();
    } else {
      current += c;
    }
  }
  return out;
}

namespace {

Rule make_unused_suppression_rule() {
  Rule rule;
  rule.id = kUnusedSuppressionId;
  rule.name = "unused-suppression";
  rule.severity = Severity::warning;
  rule.confidence = Confidence::high;
  rule.opt_in = true;
  rule.message = "`# gilfree: ignore` comment that silences nothing";
  rule.hint = "remove the comment, or the ids in it that silence nothing";
  rule.docs.what =
      "Checks for `# gilfree: ignore` comments that silence no finding: the rule they name has no finding on "
      "that line, does not run (not selected, ignored, or opt-in), or does not exist.";
  rule.docs.why =
      "A suppression outlives the hazard it was written for: once the code is fixed or moved, it silences "
      "nothing, and a new hazard on that line would be hidden without anyone deciding so. An id that names no "
      "rule (a typo such as `FT01`) never silenced anything, though its author thinks it does. Like ruff's "
      "RUF100 this rule is opt-in: `gilfree scan --select FT900` (or `unused-suppression`, or `ALL`). "
      "Ids that name no rule are also reported as a note on every scan. A comment that names FT900 itself is "
      "left alone.";
  rule.docs.example =
      "import threading\n"
      "_lock = threading.Lock()\n"
      "_count = 0\n"
      "def bump():\n"
      "    global _count\n"
      "    with _lock:\n"
      "        _count += 1  # gilfree: ignore[FT001]\n";
  rule.docs.instead =
      "import threading\n"
      "_lock = threading.Lock()\n"
      "_count = 0\n"
      "def bump():\n"
      "    global _count\n"
      "    with _lock:\n"
      "        _count += 1\n";
  return rule;
}

std::string joined(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : separator) + part;
  return out;
}

// The comment's span on its line: from its '#' to the end of `ignore[...]`, in bytes.
std::pair<std::size_t, std::size_t> comment_span(std::string_view line) {
  auto word = line.rfind("gilfree");
  if (word == std::string_view::npos) return {0, line.size()};
  auto hash = line.rfind('#', word);
  auto start = hash == std::string_view::npos ? word : hash;
  auto ignore = line.find("ignore", word);
  auto end = ignore == std::string_view::npos ? line.size() : ignore + 6;
  if (end < line.size() && line[end] == '[') {
    auto close = line.find(']', end);
    end = close == std::string_view::npos ? line.size() : close + 1;
  }
  return {start, end};
}

}  // namespace

const Rule& unused_suppression_rule() {
  static const Rule rule = make_unused_suppression_rule();
  return rule;
}

bool SuppressionCheck::silences(int line, const std::string& id) {
  auto comment = comments_.find(line);
  if (comment == comments_.end()) return false;
  for (const auto& name : {id, std::string("*")}) {
    if (comment->second.count(name)) {
      used_.emplace(line, name);
      return true;
    }
  }
  return false;
}

std::string SuppressionCheck::problems(int line, const std::set<std::string>& ids, const Context& context,
                                       std::vector<std::string>& unknown) const {
  std::vector<std::string> unused, disabled;
  for (const auto& id : ids) {
    if (used_.count({line, id})) continue;
    bool exists = id == "*" || std::any_of(context.known->begin(), context.known->end(),
                                           [&](const Rule& rule) { return rule.id == id; });
    if (!exists) {
      auto closest = closest_rule(id, *context.known);
      unknown.push_back(id + (closest.empty() ? "" : " (did you mean " + closest + "?)"));
    } else if (id == "*" || context.enabled.count(id)) {
      unused.push_back(id == "*" ? "no rule has a finding on this line" : id + " has no finding on this line");
    } else {
      disabled.push_back(id + " does not run (not selected, ignored or opt-in)");
    }
  }
  std::vector<std::string> parts = unused;
  parts.insert(parts.end(), disabled.begin(), disabled.end());
  if (!unknown.empty()) parts.push_back("no rule " + joined(unknown, ", no rule "));
  return joined(parts, "; ");
}

void SuppressionCheck::report(const SourceFile& file, const LineIndex& lines, const Context& context,
                              FileResult& result) const {
  for (const auto& [line, ids] : comments_) {
    if (ids.count(kUnusedSuppressionId)) continue;  // the author asked to keep this one
    std::vector<std::string> unknown;
    auto what = problems(line, ids, context, unknown);
    if (!context.report_unused) {
      if (!unknown.empty()) {
        result.notes.push_back(file.path + ":" + std::to_string(line) + ": `# gilfree: ignore[...]` names no rule: " +
                               joined(unknown, ", ") + "; see 'gilfree rules list'");
      }
      continue;
    }
    if (what.empty()) continue;
    auto text = lines.line_text(line);
    auto [start, end] = comment_span(text);
    const auto& rule = unused_suppression_rule();
    Finding finding;
    finding.rule_id = rule.id;
    finding.rule_name = rule.name;
    finding.severity = rule.severity;
    finding.confidence = rule.confidence;
    finding.message = "`" + std::string(text.substr(start, end - start)) + "` silences nothing: " + what;
    finding.hint = rule.hint;
    finding.path = file.path;
    finding.line = finding.end_line = line;
    finding.column = count_characters(text.substr(0, start)) + 1;
    finding.end_column = count_characters(text.substr(0, end)) + 1;
    result.findings.push_back(std::move(finding));
  }
}

}  // namespace gilfree::scanners
