#pragma once
// Finds the Python files under the paths given to `gilfree scan` and reads
// them into SourceFile values. Kept simple on purpose: recursive *.py,
// default and configured excludes, symlink loops skipped, problems as notes.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "scanners/engine/source_file.hpp"

namespace gilfree::scanners {

struct FileToScan {
  std::filesystem::path location;  // where to read it
  std::string display;             // SourceFile::path: relative to the current directory, '/'
  std::uint64_t bytes = 0;         // size when found: big files are scanned first
};

struct WalkResult {
  std::vector<FileToScan> files;  // sorted by display path, no duplicates
  std::vector<std::string> notes;
};


// A path that does not exist is a UserError. Files named explicitly are
// scanned whatever their extension; directories contribute their *.py files.
WalkResult find_python_files(const std::vector<std::filesystem::path>& paths, const std::vector<std::string>& excludes);

// Reads one file; on failure returns false and sets `problem` (a note).
bool read_source_file(const FileToScan& file, SourceFile& out, std::string& problem);

}  // namespace gilfree::scanners
