#pragma once
// A scratch directory for the inventory unit tests: files written into it,
// removed at the end of the test.
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace gilfree::test {

class InventoryTestDir {
 public:
  InventoryTestDir() {
    auto pattern = (std::filesystem::temp_directory_path() / "gilfree-unit-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~InventoryTestDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  InventoryTestDir(const InventoryTestDir&) = delete;
  InventoryTestDir& operator=(const InventoryTestDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& relative, const std::string& content) const {
    auto file = path_ / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
    return file;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace gilfree::test
