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

  // Iterative walk; a directory reached twice (same device and inode) is a symlink loop or alias.
  void walk(const fs::path& root) {
    std::vector<fs::path> pending{root};
    while (!pending.empty()) {
      auto dir = pending.back();
      pending.pop_back();
      struct stat info {};
      if (stat(dir.c_str(), &info) != 0) continue;
      if (!visited_.emplace(info.st_dev, info.st_ino).second) {
        out_.notes.push_back(display_path(dir) + ": skipped: directory already scanned (symbolic link loop?)");
        continue;
      }
      std::error_code error;
      fs::directory_iterator it(dir, error);
      if (error) {
        out_.notes.push_back(display_path(dir) + ": cannot read the directory (" + error.message() + ")");
        continue;
      }
      std::vector<fs::path> entries;
      for (; it != fs::directory_iterator(); it.increment(error)) {
        if (error) break;
        entries.push_back(it->path());
      }
      std::sort(entries.begin(), entries.end());
      for (const auto& entry : entries) visit_entry(entry, pending);
    }
  }

  void visit_entry(const fs::path& entry, std::vector<fs::path>& pending) {
    auto display = display_path(entry);
    auto name = entry.filename().string();
    if (path_matches_any_glob(excludes_, display)) return;
    struct stat info {};
    if (stat(entry.c_str(), &info) != 0) {
      if (entry.extension() == ".py") out_.notes.push_back(display + ": skipped: broken symbolic link");
      return;
    }
    if (S_ISDIR(info.st_mode)) {
      if (!is_excluded_directory(entry)) pending.push_back(entry);
      return;
    }
    if (entry.extension() == ".py") add_file(entry, display, static_cast<std::uint64_t>(info.st_size));
  }

  const std::vector<std::string>& excludes_;
  WalkResult& out_;
  std::set<std::pair<dev_t, ino_t>> visited_;
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
