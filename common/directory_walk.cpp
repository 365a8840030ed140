#include "common/directory_walk.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/excluded_directories.hpp"

namespace gilfree {
namespace {

namespace fs = std::filesystem;

void report(const WalkVisitor& visitor, const fs::path& path, WalkProblem problem, const std::string& detail = "") {
  if (visitor.problem) visitor.problem(path, problem, detail);
}

// The entries of one directory, sorted; false when it cannot be read.
bool sorted_entries(const fs::path& dir, std::vector<fs::path>& entries, std::string& error_text) {
  std::error_code error;
  fs::directory_iterator it(dir, error);
  if (error) {
    error_text = error.message();
    return false;
  }
  for (; it != fs::directory_iterator(); it.increment(error)) {
    if (error) break;
    entries.push_back(it->path());
  }
  std::sort(entries.begin(), entries.end());
  return true;
}

}  // namespace

bool walk_directory(const fs::path& root, const WalkVisitor& visitor) {
  std::set<std::pair<dev_t, ino_t>> visited;
  std::vector<fs::path> pending{root};
  while (!pending.empty()) {
    auto dir = pending.back();
    pending.pop_back();
    struct stat info {};
    if (stat(dir.c_str(), &info) != 0) continue;
    if (!visited.emplace(info.st_dev, info.st_ino).second) {
      report(visitor, dir, WalkProblem::directory_seen);
      continue;
    }
    std::vector<fs::path> entries;
    std::string error_text;
    if (!sorted_entries(dir, entries, error_text)) {
      report(visitor, dir, WalkProblem::unreadable_directory, error_text);
      continue;
    }
    std::vector<fs::path> subdirectories;
    for (const auto& entry : entries) {
      struct stat entry_info {};
      if (stat(entry.c_str(), &entry_info) != 0) {
        report(visitor, entry, WalkProblem::broken_link);
        continue;
      }
      if (S_ISDIR(entry_info.st_mode)) {
        if (!is_excluded_directory(entry) && (!visitor.enter || visitor.enter(entry))) subdirectories.push_back(entry);
      } else if (visitor.file &&
                 !visitor.file(WalkedFile{entry, static_cast<std::uint64_t>(entry_info.st_size), S_ISREG(entry_info.st_mode)})) {
        return false;
      }
    }
    // Depth first in sorted order: the first subdirectory is walked next.
    pending.insert(pending.end(), subdirectories.rbegin(), subdirectories.rend());
  }
  return true;
}

}  // namespace gilfree
