#include "scanners/inventory_paths.hpp"

#include "runtime/child_process.hpp"

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

std::filesystem::path find_data_file(const std::string& relative) {
  std::error_code ec;
  auto in_source_tree = std::filesystem::path(GILFREE_SOURCE_DIR) / relative;
  if (std::filesystem::is_regular_file(in_source_tree, ec)) return in_source_tree;
  // Installed layout: <prefix>/bin/gilfree and <prefix>/share/gilfree/<relative>.
  auto installed = runtime::self_executable().parent_path().parent_path() / "share" / "gilfree" / relative;
  if (std::filesystem::is_regular_file(installed, ec)) return installed;
  return {};
}

}  // namespace gilfree::scanners
