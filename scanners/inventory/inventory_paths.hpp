#pragma once
// How inventory shows file names.
#include <filesystem>
#include <string>

namespace gilfree::scanners {

// `file` relative to `root` ('/' separated) when it lies inside it, else as given.
std::string display_path(const std::filesystem::path& file, const std::filesystem::path& root);

}  // namespace gilfree::scanners
