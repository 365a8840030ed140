#pragma once
// `[tool.gilfree]` in pyproject.toml: select, ignore, exclude,
// per-file-ignores, rule-dirs, min-confidence.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "scanners/engine/scanner.hpp"

namespace gilfree::scanners {

struct ProjectConfig {
  std::filesystem::path file;  // the pyproject.toml it came from; empty when none
  ScanConfig scan;
  std::vector<std::string> exclude;
  bool min_confidence_set = false;  // the file sets min-confidence
};

// The nearest pyproject.toml with a [tool.gilfree] table, from `start` upwards.
std::optional<std::filesystem::path> find_pyproject(const std::filesystem::path& start);

// Reads [tool.gilfree] from `file`. Invalid TOML, unknown keys or wrong types
// are UserErrors naming file:line and the key. Relative rule-dirs are
// resolved against the file's directory.
ProjectConfig load_project_config(const std::filesystem::path& file);

}  // namespace gilfree::scanners
