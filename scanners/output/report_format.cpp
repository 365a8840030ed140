#include "scanners/output/report_format.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "common/errors.hpp"
#include "common/json_text.hpp"
#include "common/stage_document.hpp"
#include "common/text_position.hpp"
#include "scanners/catalog/rule_catalog.hpp"
#include "scanners/engine/finding_json.hpp"

namespace gilfree::scanners {
namespace {

using nlohmann::json;

constexpr int kFrameWidth = 100;  // characters of a source line shown around the column

// The part of a line to show and where the caret starts and ends in it, in characters.
struct FrameSlice {
  std::string text;
  int caret_start = 0;
  int caret_width = 1;
};

// Byte offset of the `n`-th character (0-based) of `text`.
std::size_t byte_of_character(std::string_view text, int n) {
  std::size_t i = 0;
  int seen = -1;
  for (; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && ++seen == n) return i;
  }
  return text.size();
}

FrameSlice slice_line(std::string_view line, int column, int end_column) {
  FrameSlice slice;
  int length = count_characters(line);
  int first = 0;
  if (length > kFrameWidth) first = std::max(0, std::min(column - 1 - kFrameWidth / 3, length - kFrameWidth));
  int last = std::min(length, first + kFrameWidth);
  auto from = byte_of_character(line, first), to = byte_of_character(line, last);
  slice.text = std::string(first > 0 ? "…" : "") + std::string(line.substr(from, to - from)) + (last < length ? "…" : "");
  std::replace(slice.text.begin(), slice.text.end(), '\t', ' ');
  slice.caret_start = column - 1 - first + (first > 0 ? 1 : 0);
  int caret_end = std::min(end_column - 1, last) - first + (first > 0 ? 1 : 0);
  slice.caret_width = std::max(1, caret_end - slice.caret_start);
  return slice;
}

// ANSI SGR codes of the text format, as ruff and rustc colour theirs.
constexpr const char* kBold = "1";
constexpr const char* kRuleId = "1;31";
constexpr const char* kGutter = "1;34";
constexpr const char* kCaret = "1;31";
constexpr const char* kLabel = "1;36";
constexpr const char* kNote = "1;33";

std::string paint(const TextStyle& style, const char* sgr, std::string_view text) {
  if (!style.color || text.empty()) return std::string(text);
  return std::string("\x1b[") + sgr + "m" + std::string(text) + "\x1b[0m";
}

// The rule ids of `rules` with their documentation pages (rules without one left out).
std::map<std::string, std::string> docs_urls(const std::vector<Rule>& rules) {
  std::map<std::string, std::string> urls;
  for (const auto& rule : rules) {
    if (auto url = docs_url(rule); !url.empty()) urls[rule.id] = url;
  }
  return urls;
}

// One finding: "path:line:col: ID message [severity, confidence]", the code
// frame with a caret under the span, the hint and the rule's docs page.
std::string text_finding(const Finding& f, const SourceLines& lines, const std::string& docs, const TextStyle& style) {
  std::string out = paint(style, kBold, f.path + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + ":") + " " +
                    paint(style, kRuleId, f.rule_id) + " " + f.message + " [" + severity_name(f.severity) + ", " + confidence_name(f.confidence) +
                    " confidence]\n";
  auto source = lines.line(f.path, f.line);
  auto number = std::to_string(f.line);
  std::string gutter(number.size(), ' ');
  auto bar = paint(style, kGutter, gutter + " |");
  if (!source.empty()) {
    int end_column = f.end_line == f.line ? f.end_column : count_characters(source) + 1;
    auto slice = slice_line(source, f.column, end_column);
    out += bar + "\n" + paint(style, kGutter, number + " |") + " " + slice.text + "\n";
    out += bar + " " + std::string(static_cast<std::size_t>(std::max(0, slice.caret_start)), ' ') +
           paint(style, kCaret, std::string(static_cast<std::size_t>(slice.caret_width), '^')) + "\n";
  }
  out += gutter + " " + paint(style, kGutter, "=") + " " + paint(style, kLabel, "hint:") + " " + f.hint + "\n";
  if (!docs.empty()) out += gutter + " " + paint(style, kGutter, "=") + " " + paint(style, kLabel, "docs:") + " " + docs + "\n";
  return out + "\n";
}

std::string text_report(const ScanReport& report, const SourceLines& lines, const std::vector<Rule>& rules,
                        const TextStyle& style) {
  auto urls = docs_urls(rules);
  std::string out;
  for (const auto& f : report.findings) {
    auto docs = urls.find(f.rule_id);
    out += text_finding(f, lines, docs == urls.end() ? "" : docs->second, style);
  }
  if (style.quiet == 0) {
    for (const auto& note : report.notes) out += paint(style, kNote, "note:") + " " + note + "\n";
    out += paint(style, kBold, summary_line(report)) + "\n";
  }
  return valid_utf8(out);
}

// RFC 3986: a path's bytes outside the unreserved set and '/' as %XX.
std::string percent_encoded(std::string_view path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (char c : path) {
    auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += c;
    } else {
      out += '%';
      out += hex[byte >> 4];
      out += hex[byte & 0xF];
    }
  }
  return out;
}

std::filesystem::path absolute_root(const ScanReport& report) {
  auto root = report.source_root.empty() ? std::filesystem::current_path() : report.source_root;
  return std::filesystem::absolute(root).lexically_normal();
}

// The path relative to the root, or empty when the file lies outside it.
std::string root_relative(const std::string& path, const std::filesystem::path& root) {
  auto relative = std::filesystem::absolute(path).lexically_normal().lexically_relative(root);
  auto text = relative.generic_string();
  if (text.empty() || text == ".." || text.rfind("../", 0) == 0) return {};
  return text;
}

// SARIF's default column unit: UTF-16 code units (a character beyond U+FFFF
// counts two) from 1-based code-point column `column` of `line`.
int utf16_column(std::string_view line, int column) {
  int units = 1, seen = 1;
  for (std::size_t i = 0; i < line.size() && seen < column; ++i) {
    auto byte = static_cast<unsigned char>(line[i]);
    if ((byte & 0xC0) == 0x80) continue;
    units += byte >= 0xF0 ? 2 : 1;
    ++seen;
  }
  return units + (column - seen);
}

// A finding's identity for code scanning, independent of its line number: the
// rule and the line's trimmed text, then which such line of the file it is.
std::string line_fingerprint(const Finding& f, std::string_view line_text,
                             std::map<std::pair<std::string, std::uint64_t>, int>& seen) {
  auto first = line_text.find_first_not_of(" \t");
  auto last = line_text.find_last_not_of(" \t\r");
  auto trimmed = first == std::string_view::npos ? std::string_view{} : line_text.substr(first, last - first + 1);
  std::uint64_t hash = 1469598103934665603ull;
  auto add = [&](std::string_view text) {
    for (char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    hash = (hash ^ 0xFF) * 1099511628211ull;
  };
  add(f.rule_id);
  add(trimmed);
  int occurrence = ++seen[{f.path, hash}];
  char text[40];
  std::snprintf(text, sizeof text, "%016llx:%d", static_cast<unsigned long long>(hash), occurrence);
  return text;
}

std::map<std::string, int> counts_by_rule(const std::vector<Finding>& findings) {
  std::map<std::string, int> counts;
  for (const auto& f : findings) ++counts[f.rule_id];
  return counts;
}

std::string json_report(const ScanReport& report) {
  json findings = json::array();
  for (const auto& f : report.findings) findings.push_back(finding_json(f));
  json doc{{"kind", runtime::kScanDocument.kind},
           {"schema_version", runtime::kScanDocument.schema_version},
           {"version", 1},
           {"tool", "gilfree " GILFREE_VERSION},
           {"findings", findings},
           {"notes", report.notes},
           {"summary",
            {{"files", report.files_scanned},
             {"findings", report.findings.size()},
             {"baseline_matched", report.baseline_matched},
             {"by_rule", counts_by_rule(report.findings)}}}};
  return runtime::json_text(doc);
}

const char* sarif_level(Severity severity) {
  switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "note";
  }
  return "note";
}

std::string sarif_report(const ScanReport& report, const SourceLines& lines, const std::vector<Rule>& rules) {
  json sarif_rules = json::array();
  std::map<std::string, int> rule_index;
  for (const auto& rule : rules) {
    rule_index[rule.id] = static_cast<int>(sarif_rules.size());
    sarif_rules.push_back(json{
        {"id", rule.id},
        {"name", rule.name},
        {"shortDescription", {{"text", rule.docs.what}}},
        {"fullDescription", {{"text", rule.docs.why}}},
        {"help", {{"text", rule.hint}, {"markdown", "**Use instead:**\n\n```python\n" + rule.docs.instead + "```"}}},
                {"defaultConfiguration", {{"level", sarif_level(rule.severity)}}},
        {"properties", {{"confidence", confidence_name(rule.confidence)}}}});
    if (auto url = docs_url(rule); !url.empty()) sarif_rules.back()["helpUri"] = url;
  }
  json results = json::array();
  auto root = absolute_root(report);
  std::map<std::pair<std::string, std::uint64_t>, int> seen;
  for (const auto& f : report.findings) {
    auto line = lines.line(f.path, f.line);
    auto relative = root_relative(f.path, root);
    json artifact = relative.empty()
                        ? json{{"uri", "file://" + percent_encoded(std::filesystem::absolute(f.path).lexically_normal().generic_string())}}
                        : json{{"uri", percent_encoded(relative)}, {"uriBaseId", "%SRCROOT%"}};
    // The end column is converted with the start line's text, exact for one-line spans.
    int end_column = f.end_line == f.line ? utf16_column(line, f.end_column) : f.end_column;
    json result{{"ruleId", f.rule_id},
                {"level", sarif_level(f.severity)},
                {"message", {{"text", f.message}}},
                {"locations",
                 json::array({{{"physicalLocation",
                                {{"artifactLocation", artifact},
                                 {"region",
                                  {{"startLine", f.line},
                                   {"startColumn", utf16_column(line, f.column)},
                                   {"endLine", f.end_line},
                                   {"endColumn", end_column}}}}}}})},
                {"partialFingerprints", {{"primaryLocationLineHash", line_fingerprint(f, line, seen)}}},
                {"properties", {{"confidence", confidence_name(f.confidence)}}}};
    if (rule_index.count(f.rule_id)) result["ruleIndex"] = rule_index[f.rule_id];
    results.push_back(result);
  }
  json notifications = json::array();
  for (const auto& note : report.notes) notifications.push_back(json{{"level", "warning"}, {"message", {{"text", note}}}});
  json doc{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
           {"version", "2.1.0"},
           {"runs",
            json::array({{{"tool",
                           {{"driver",
                             {{"name", "gilfree"},
                              {"version", GILFREE_VERSION},
                              {"rules", sarif_rules}}}}},
                          {"columnKind", "utf16CodeUnits"},
                          {"originalUriBaseIds",
                           {{"%SRCROOT%", {{"uri", "file://" + percent_encoded(root.generic_string() + "/")}}}}},
                          {"invocations",
                           json::array({{{"executionSuccessful", true},
                                         {"toolExecutionNotifications", notifications}}})},
                          {"results", results}}})}};
  return runtime::json_text(doc);
}

// GitHub workflow commands: data escapes %, CR, LF; properties also ':' and ','.
std::string escape_data(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string escape_property(const std::string& text) {
  std::string out;
  for (char c : escape_data(text)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

std::string github_report(const ScanReport& report) {
  std::string out;
  auto root = absolute_root(report);
  for (const auto& f : report.findings) {
    auto relative = root_relative(f.path, root);
    // GitHub's workflow commands say "notice" where SARIF says "note".
    auto level = f.severity == Severity::info ? "notice" : severity_name(f.severity);
    out += std::string("::") + level + " file=" + escape_property(relative.empty() ? f.path : relative) + ",line=" + std::to_string(f.line) +
           ",col=" + std::to_string(f.column) + ",endLine=" + std::to_string(f.end_line) +
           ",endColumn=" + std::to_string(f.end_column) + ",title=" + escape_property(f.rule_id + " " + f.rule_name) +
           "::" + escape_data(f.message + " (hint: " + f.hint + ")") + "\n";
  }
  for (const auto& note : report.notes) out += "::notice title=gilfree note::" + escape_data(note) + "\n";
  return valid_utf8(out);
}

}  // namespace

OutputFormat parse_output_format(const std::string& name) {
  if (name == "text") return OutputFormat::text;
  if (name == "json") return OutputFormat::json;
  if (name == "sarif") return OutputFormat::sarif;
  if (name == "github") return OutputFormat::github;
  throw UserError("unknown output format '" + name + "' (use text, json, sarif or github)");
}

void SourceLines::add(const SourceFile& file, const FileResult& result) {
  if (result.findings.empty()) return;
  std::string_view text = file.content;
  if (has_utf8_bom(text)) text.remove_prefix(3);
  LineIndex index(text);
  for (const auto& f : result.findings) add_line(file.path, f.line, std::string(index.line_text(f.line)));
}

void SourceLines::add_line(const std::string& path, int line, std::string text) {
  lines_[path][line] = std::move(text);
}

std::string_view SourceLines::line(const std::string& path, int line) const {
  auto file = lines_.find(path);
  if (file == lines_.end()) return {};
  auto it = file->second.find(line);
  return it == file->second.end() ? std::string_view{} : std::string_view(it->second);
}

std::string summary_line(const ScanReport& report) {
  auto counts = counts_by_rule(report.findings);
  std::string text = report.findings.empty() ? "No findings" : "Found " + std::to_string(report.findings.size()) +
                                                                   (report.findings.size() == 1 ? " finding" : " findings");
  if (!counts.empty()) {
    text += " (";
    bool first = true;
    for (const auto& [id, count] : counts) {
      text += (first ? "" : ", ") + id + ": " + std::to_string(count);
      first = false;
    }
    text += ")";
  }
  text += " in " + std::to_string(report.files_scanned) + (report.files_scanned == 1 ? " file" : " files");
  if (report.baseline_matched > 0) text += "; " + std::to_string(report.baseline_matched) + " more in the baseline";
  if (!report.notes.empty()) text += "; " + std::to_string(report.notes.size()) + (report.notes.size() == 1 ? " note" : " notes");
  return text + ".";
}

std::string statistics_report(OutputFormat format, const ScanReport& report, const std::vector<Rule>& rules,
                              const TextStyle& style) {
  std::map<std::string, std::string> names;
  for (const auto& rule : rules) names[rule.id] = rule.name;
  std::vector<std::pair<std::string, int>> counts;
  for (const auto& [id, count] : counts_by_rule(report.findings)) counts.emplace_back(id, count);
  std::stable_sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (format != OutputFormat::text) {
    json rows = json::array();
    for (const auto& [id, count] : counts) rows.push_back(json{{"rule_id", id}, {"rule_name", names[id]}, {"count", count}});
    return runtime::json_text(json{{"version", 1}, {"statistics", rows}, {"files", report.files_scanned}});
  }
  std::string out;
  for (const auto& [id, count] : counts) {
    char line[160];
    std::snprintf(line, sizeof line, "%6d  ", count);
    out += line + paint(style, kRuleId, id) + "  " + names[id] + "\n";
  }
  if (style.quiet == 0) out += paint(style, kBold, summary_line(report)) + "\n";
  return valid_utf8(out);
}

std::string format_report(OutputFormat format, const ScanReport& report, const SourceLines& lines,
                          const std::vector<Rule>& rules, const TextStyle& style) {
  switch (format) {
    case OutputFormat::text: return text_report(report, lines, rules, style);
    case OutputFormat::json: return json_report(report);
    case OutputFormat::sarif: return sarif_report(report, lines, rules);
    case OutputFormat::github: return github_report(report);
  }
  return {};
}

}  // namespace gilfree::scanners
