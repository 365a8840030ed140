#pragma once
// The scanner's library API, for `gilfree scan` and for any other caller that
// has SourceFile values (git revisions, the index, a cache keyed by blob id):
//
//   Scanner scanner(config);                 // loads and compiles the pack once
//   FileResult result = scanner.scan(file);  // thread-safe, from many threads
//   scanner.fingerprint();                   // changes when pack or config change
#include <cstdint>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "scanners/engine/rule.hpp"
#include "scanners/engine/source_file.hpp"

namespace gilfree::scanners {

class QueryProgram;

// `--max-file-size`'s default: hand-written Python stays far below it; the
// files above it are generated data (a 20 MB list literal costs gigabytes of
// syntax tree), which ruff and semgrep users exclude too.
inline constexpr std::uint64_t kDefaultMaxFileBytes = 5 * 1024 * 1024;

// Where each selector of a list was written, for errors naming file:line:
// selector -> "pyproject.toml:4: [tool.gilfree] select". A selector not in it
// came from the command line.
using SelectorOrigins = std::map<std::string, std::string>;

struct PerFileIgnore {
  std::string glob;                // matched against SourceFile::path (see path_matches_glob)
  std::vector<std::string> rules;  // ids, id prefixes or names; "ALL"
  SelectorOrigins origins;
};

struct ScanConfig {
  std::vector<std::string> select;  // ids ("FT001"), prefixes ("FT0"), names, or "ALL"; empty: all
  std::vector<std::string> ignore;
  SelectorOrigins select_origins, ignore_origins;  // the entries that come from a config file
  Confidence min_confidence = Confidence::low;
  bool builtin_rules = true;
  std::vector<std::filesystem::path> extra_rule_dirs;
  std::vector<PerFileIgnore> per_file_ignores;
  bool parse_only = false;  // parse and report syntax notes, run no rule (for benchmarks)
  std::uint64_t max_file_bytes = kDefaultMaxFileBytes;  // larger files are skipped with a note; 0: no limit
};

class Scanner {
 public:
  // Loads every rule file, reports every broken one (UserError listing
  // file:line: problem), then compiles the rules into one query on a thread
  // of its own, so that the first files are parsed meanwhile: scan() waits
  // for it, and throws the query's problems (UserError) if it had any.
  explicit Scanner(const ScanConfig& config);
  ~Scanner();
  Scanner(const Scanner&) = delete;
  Scanner& operator=(const Scanner&) = delete;

  FileResult scan(const SourceFile& file) const;
  // Hex digest of the selected rules' full text and the config: equal
  // fingerprints give equal results for equal file content.
  const std::string& fingerprint() const { return fingerprint_; }
  const std::vector<Rule>& rules() const { return rules_; }      // the selected ones
  const std::vector<Rule>& all_rules() const { return all_rules_; }  // loaded, before selection
  // Waits for the compilation and throws its problems: for callers that may scan no file at all.
  void check_rules() const;

 private:
  void scan_tree(const SourceFile& file, std::string_view text, FileResult& result) const;

  ScanConfig config_;
  std::vector<Rule> all_rules_;
  std::vector<Rule> rules_;
  struct Compiled {
    std::unique_ptr<QueryProgram> program;
    std::vector<int> match_capture;                                // per rule
    std::vector<std::vector<std::vector<int>>> condition_captures;  // per rule, per list, per condition
    std::vector<std::string> problems;
  };
  static Compiled compile(const ScanConfig& config, const std::vector<Rule>& all, const std::vector<Rule>& chosen_rules,
                          const std::vector<bool>& chosen);
  const Compiled& compiled() const;  // waits; throws UserError on problems

  std::shared_future<std::shared_ptr<const Compiled>> compiled_;
  std::string fingerprint_;
};

// The rule id or name closest to a mistyped one (edit distance), or "" when none is close.
std::string closest_rule(const std::string& selector, const std::vector<Rule>& rules);
// True when `selector` names the rule: "ALL", its id, an id prefix, or its name.
bool selector_matches(const std::string& selector, const Rule& rule);
// Glob over '/'-separated paths: `*` and `?` stay within a component, `**`
// spans components; a pattern without '/' also matches any path's last
// component, and a pattern matching a directory matches everything below it.
bool path_matches_glob(const std::string& glob, const std::string& path);
// Whether any of the globs matches the path (the `exclude` lists).
bool path_matches_any_glob(const std::vector<std::string>& globs, const std::string& path);

}  // namespace gilfree::scanners
