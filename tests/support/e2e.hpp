#pragma once
// Helpers for end-to-end tests: run the real gilfree binary, make temp dirs.
#include <filesystem>
#include <string>
#include <vector>

#include "runtime/child_process.hpp"

namespace gilfree::test {

// The gilfree under test: $GILFREE_E2E_BINARY (an installed copy, see
// tests/install/install_moved.sh), else the build tree's.
std::string gilfree_binary();

// Runs gilfree_binary() with `args`; `options.argv` is filled in here.
runtime::ChildResult run_gilfree(const std::vector<std::string>& args,
                                 runtime::ChildOptions options = {});

// A fresh directory under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  // Writes `content` to path()/relative (creating parents) and returns the path.
  std::filesystem::path write(const std::string& relative, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

std::filesystem::path runtime_prefix();
std::filesystem::path runtime_python();

// A file's whole content ("" when it cannot be read).
std::string slurp_file(const std::filesystem::path& path);

}  // namespace gilfree::test
