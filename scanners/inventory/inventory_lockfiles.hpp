#pragma once
// Locked versions from uv.lock, poetry.lock and pdm.lock (all TOML with one
// [[package]] table per locked distribution). A file that does not parse as a
// whole is read one [[package]] block at a time, so one broken entry costs
// only that entry.
#include <filesystem>

#include "scanners/inventory/inventory_model.hpp"

namespace gilfree::scanners {

void read_lock_file(const std::filesystem::path& file, const std::filesystem::path& root, DependencyScan& scan);

}  // namespace gilfree::scanners
