#include "scanners/inventory/inventory_paths.hpp"

namespace gilfree::scanners {

std::string display_path(const std::filesystem::path& file, const std::filesystem::path& root) {
  std::error_code ec;
  auto absolute_root = std::filesystem::weakly_canonical(root, ec);
  auto absolute_file = std::filesystem::weakly_canonical(file, ec);
  if (!ec) {
    auto relative = absolute_file.lexically_relative(absolute_root);
    if (!relative.empty() && *relative.begin() != "..") return relative.generic_string();
  }
  return file.generic_string();
}

}  // namespace gilfree::scanners
