#include "scanners/scan/work_tree.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

#include "common/errors.hpp"
#include "common/directory_walk.hpp"
#include "common/excluded_directories.hpp"
#include "scanners/engine/scanner.hpp"
#include "common/text_position.hpp"

namespace gilfree::scanners {
namespace {

namespace fs = std::filesystem;

std::string display_path(const fs::path& path) {
  std::error_code error;
  auto absolute = fs::absolute(path, error).lexically_normal();
  auto cwd = fs::current_path(error);
  auto relative = absolute.lexically_relative(cwd);
  std::string text = (!relative.empty() && *relative.begin() != "..") ? relative.generic_string() : path.lexically_normal().generic_string();
  if (text.rfind("./", 0) == 0) text = text.substr(2);
  return text;
}

class Walker {
 public:
  Walker(const std::vector<std::string>& excludes, WalkResult& out) : excludes_(excludes), out_(out) {}

  void add_root(const fs::path& root) {
    struct stat info {};
    if (stat(root.c_str(), &info) != 0) {
      if (lstat(root.c_str(), &info) == 0) {
        out_.notes.push_back(display_path(root) + ": skipped: broken symbolic link");
        return;
      }
      throw UserError(root.string() + ": no such file or directory (give files or directories to scan)");
    }
    if (S_ISDIR(info.st_mode)) walk(root);
    else add_file(root, display_path(root), static_cast<std::uint64_t>(info.st_size));
  }

 private:
  void add_file(const fs::path& path, std::string display, std::uint64_t bytes) {
    if (seen_files_.insert(display).second) out_.files.push_back(FileToScan{path, std::move(display), bytes});
  }

  void walk(const fs::path& root) {
    WalkVisitor visitor;
    visitor.enter = [&](const fs::path& dir) { return !path_matches_any_glob(excludes_, display_path(dir)); };
    visitor.file = [&](const WalkedFile& file) {
      if (file.path.extension() != ".py") return true;
      auto display = display_path(file.path);
      // A non-regular x.py is kept: reading it reports "not a regular file".
      if (!path_matches_any_glob(excludes_, display)) add_file(file.path, display, file.bytes);
      return true;
    };
    visitor.problem = [&](const fs::path& path, WalkProblem problem, const std::string& detail) {
      auto display = display_path(path);
      switch (problem) {
        case WalkProblem::directory_seen:
          return out_.notes.push_back(display + ": skipped: directory already scanned (symbolic link loop?)");
        case WalkProblem::unreadable_directory:
          return out_.notes.push_back(display + ": cannot read the directory (" + detail + ")");
        case WalkProblem::broken_link:
          if (path.extension() == ".py" && !path_matches_any_glob(excludes_, display)) {
            out_.notes.push_back(display + ": skipped: broken symbolic link");
          }
          return;
      }
    };
    walk_directory(root, visitor);
  }

  const std::vector<std::string>& excludes_;
  WalkResult& out_;
  std::set<std::string> seen_files_;
};

}  // namespace

WalkResult find_python_files(const std::vector<fs::path>& paths, const std::vector<std::string>& excludes) {
  WalkResult out;
  Walker walker(excludes, out);
  for (const auto& path : paths) walker.add_root(path);
  std::sort(out.files.begin(), out.files.end(), [](const auto& a, const auto& b) { return a.display < b.display; });
  return out;
}

bool read_source_file(const FileToScan& file, SourceFile& out, std::string& problem) {
  struct stat info {};
  if (stat(file.location.c_str(), &info) != 0) {
    problem = file.display + ": cannot read the file (" + std::strerror(errno) + ")";
    return false;
  }
  if (!S_ISREG(info.st_mode)) {
    problem = file.display + ": skipped: not a regular file";
    return false;
  }
  if (!read_whole_file(file.location.c_str(), out.content)) {
    problem = file.display + ": cannot read the file (" + std::strerror(errno) + ")";
    return false;
  }
  out.path = file.display;
  out.blob_id.clear();
  return true;
}

}  // namespace gilfree::scanners
