#pragma once
// The one walk of a directory tree, shared by scan (the work tree's Python
// files), inventory (a project's extension sources and build files) and run
// (telling pytest projects from unittest ones): sorted, depth first, each
// directory once (a symbolic link loop or a second link to a directory is
// walked once), the directories of excluded_directories.hpp left out, and
// what cannot be read handed to the caller rather than dropped.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace gilfree {

enum class WalkProblem {
  unreadable_directory,  // opendir failed (permissions, vanished)
  directory_seen,        // reached again: a symbolic link loop or alias
  broken_link,           // an entry whose target does not exist
};

// A file the walk found: anything that is not a directory, regular or not
// (a FIFO named x.py is the caller's to report, not to open).
struct WalkedFile {
  const std::filesystem::path& path;
  std::uint64_t bytes;
  bool regular;
};

struct WalkVisitor {
  // Whether to go into a directory found in the walk (excluded directories are
  // never entered; the root always is). Unset: every other directory.
  std::function<bool(const std::filesystem::path& dir)> enter;
  // Each file (links followed); return false to stop the walk.
  std::function<bool(const WalkedFile& file)> file;
  // Unset: problems are skipped silently.
  std::function<void(const std::filesystem::path& path, WalkProblem problem, const std::string& detail)> problem;
};

// Walks `root` (a directory). Returns false when `visitor.file` stopped it.
bool walk_directory(const std::filesystem::path& root, const WalkVisitor& visitor);

}  // namespace gilfree
