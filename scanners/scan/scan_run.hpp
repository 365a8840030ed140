#pragma once
// `gilfree scan PATH...` as a library call: config, file walk, parallel
// scan, baseline, output and exit status.
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "scanners/output/report_format.hpp"
#include "scanners/engine/scanner.hpp"

namespace gilfree::scanners {

struct ScanOptions {
  std::vector<std::filesystem::path> paths;  // empty: "."
  std::string format = "text";
  std::vector<std::string> select;  // replaces the config's select when given
  std::vector<std::string> ignore;  // added to the config's ignore
  std::optional<std::string> min_confidence;
  std::vector<std::filesystem::path> rule_dirs;  // added to the config's rule-dirs
  std::vector<std::string> exclude;              // added to the config's exclude
  std::filesystem::path config;                  // explicit pyproject.toml; empty: nearest one
  bool no_config = false;
  std::filesystem::path baseline;        // hide findings it lists
  std::filesystem::path write_baseline;  // write all current findings there
  unsigned jobs = 0;                     // 0: one per core
  bool parse_only = false;
  bool statistics = false;  // counts per rule instead of the findings (any --format but text gives JSON)
  bool exit_zero = false;   // exit 0 even when there are findings
  std::string stdin_filename;  // the name findings give the source read from stdin (`scan -`)
  bool color = false;          // ANSI colours in the text format (decided by the caller: runtime::use_color)
  int quiet = 0;               // -q: the findings only; -qq: nothing on stdout, the exit status says it
  bool verbose = false;        // -v: rules loaded, each file scanned with its time, the total (ScanOutcome::log)
  std::uint64_t max_file_bytes = kDefaultMaxFileBytes;  // larger files are skipped with a note; 0: no limit
  // The command's start, for the total time that -v reports.
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

struct ScanOutcome {
  std::string output;   // for stdout
  std::string log;      // for stderr: what -v reports
  int exit_code = 0;    // 0 clean, 1 findings
};

ScanOutcome run_scan(const ScanOptions& options);

// The pieces of run_scan that other sources of files (git revisions, the
// index) share: the effective configuration, and baseline + output + status.
struct ProjectConfig;
ProjectConfig effective_config(const ScanOptions& options);
ScanOutcome finish_scan(const ScanOptions& options, ScanReport& report, const SourceLines& lines,
                        const Scanner& scanner);

// Scans one file and adds the time it took to `timings` (for -v); thread-safe
// when every thread passes its own `timings` or the caller serialises them.
FileResult timed_scan(const Scanner& scanner, const SourceFile& file, std::vector<FileTiming>& timings);


// Scans many in-memory files in parallel, results in input order; also keeps
// the lines findings point at for code frames.
std::vector<FileResult> scan_all(const Scanner& scanner, const std::vector<SourceFile>& files, unsigned jobs,
                                 SourceLines* lines = nullptr);

}  // namespace gilfree::scanners
