#pragma once
// How inventory shows file names, and where its shipped data files live.
#include <filesystem>
#include <string>

namespace gilfree::scanners {

// `file` relative to `root` ('/' separated) when it lies inside it, else as given.
std::string display_path(const std::filesystem::path& file, const std::filesystem::path& root);

// A data file shipped with gilfree (`relative` to the source tree, e.g.
// "rules/packages/free_threading.yaml"): the source tree this binary was built
// from, else <prefix>/share/gilfree/ beside an installed binary. Empty when
// neither exists.
std::filesystem::path find_data_file(const std::string& relative);

}  // namespace gilfree::scanners
