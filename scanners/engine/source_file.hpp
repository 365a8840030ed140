#pragma once
// The contract between where Python source comes from (work tree, a git
// revision, the index) and the scanner that reads it.
#include <string>
#include <vector>

#include "common/severity.hpp"

namespace gilfree::scanners {

using gilfree::Confidence;
using gilfree::Severity;

// One file to scan, already read into memory.
struct SourceFile {
  std::string path;     // as shown to the user: relative to the scan root, '/' separated
  std::string content;  // raw bytes, exactly as stored (may be binary or not UTF-8)
  std::string blob_id;  // git blob id (hex) when known, else empty; the cache key
};

// One finding. Lines and columns are 1-based; columns count characters, not bytes.
struct Finding {
  std::string rule_id;     // "FT001"
  std::string rule_name;   // "global-augmented-assignment"
  Severity severity = Severity::warning;
  Confidence confidence = Confidence::medium;
  std::string message;     // one line
  std::string hint;        // one line: what to do instead
  std::string path;
  int line = 0;
  int column = 0;
  int end_line = 0;
  int end_column = 0;
};

// What scanning one file produced: findings plus notes about the file itself
// (did not parse cleanly, not UTF-8, skipped as binary...).
struct FileResult {
  std::vector<Finding> findings;
  std::vector<std::string> notes;
};

}  // namespace gilfree::scanners
