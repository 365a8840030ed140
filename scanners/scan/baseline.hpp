#pragma once
// A baseline accepts today's findings so that only new ones fail. Entries
// match by path, rule and the finding's line text (trimmed), not by line
// number, so unrelated edits above a finding do not resurrect it.
#include <filesystem>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "scanners/output/report_format.hpp"

namespace gilfree::scanners {

class Baseline {
 public:
  // Reads a baseline written by write(); UserError when unreadable or malformed.
  static Baseline load(const std::filesystem::path& file);
  static Baseline from_findings(const std::vector<Finding>& findings, const SourceLines& lines);

  // Writes atomically (temp file, then rename).
  void write(const std::filesystem::path& file) const;
  // Removes from `findings` those the baseline accepts; returns how many.
  int filter(std::vector<Finding>& findings, const SourceLines& lines) const;
  std::size_t size() const;
  using Key = std::tuple<std::string, std::string, std::string>;  // path, rule, line text

 private:
  std::map<Key, int> counts_;
};

}  // namespace gilfree::scanners
