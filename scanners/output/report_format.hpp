#pragma once
#include <filesystem>
// Output formats for findings and notes: text (path:line:col: ID message, a
// code frame, a hint), JSON, SARIF 2.1.0, GitHub workflow annotations.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "scanners/engine/rule.hpp"
#include "scanners/engine/source_file.hpp"

namespace gilfree::scanners {

enum class OutputFormat { text, json, sarif, github };
// Parses "text" | "json" | "sarif" | "github"; throws UserError otherwise.
OutputFormat parse_output_format(const std::string& name);

// The source lines findings point at, kept so a report can show code frames
// (and baselines can match by line text) without holding whole files.
class SourceLines {
 public:
  void add(const SourceFile& file, const FileResult& result);
  void add_line(const std::string& path, int line, std::string text);
  // The line's text without its ending, or "" when unknown.
  std::string_view line(const std::string& path, int line) const;

 private:
  std::map<std::string, std::map<int, std::string>> lines_;
};

// A file the scanner parsed in this run, and how long that took (for -v).
struct FileTiming {
  std::string path;
  double milliseconds = 0;
};

struct ScanReport {
  std::vector<Finding> findings;
  std::vector<std::string> notes;
  int files_scanned = 0;
  int baseline_matched = 0;  // findings hidden because the baseline has them
  // The repository's work tree (else the working directory): SARIF and GitHub
  // annotations name files relative to it, as code scanning expects.
  std::filesystem::path source_root;
  std::vector<FileTiming> timings;  // the files parsed in this run (not those from the cache), for -v
  std::size_t from_cache = 0;       // files whose findings came from the cache
};

// How the text format looks; the machine formats ignore it.
struct TextStyle {
  bool color = false;  // ANSI colours (the caller decides: runtime::use_color)
  int quiet = 0;       // 1: the findings only, no notes and no summary line
};

// `rules` supplies rule metadata (docs pages, SARIF's rules): pass the scanner's selected rules.
std::string format_report(OutputFormat format, const ScanReport& report, const SourceLines& lines,
                          const std::vector<Rule>& rules, const TextStyle& style = {});

// `--statistics`: one line per rule with findings, most first ("   12  FT001  global-augmented-assignment"),
// then the summary line; JSON ({"statistics": [{rule_id, rule_name, count}], ...}) for any other format.
std::string statistics_report(OutputFormat format, const ScanReport& report, const std::vector<Rule>& rules,
                              const TextStyle& style = {});

// One-line summary for the text format: "Found 3 findings (FT001: 2, FT003: 1) in 10 files."
std::string summary_line(const ScanReport& report);

}  // namespace gilfree::scanners
