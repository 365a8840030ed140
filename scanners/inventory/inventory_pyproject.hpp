#pragma once
// Declared dependencies in pyproject.toml: PEP 621 (dependencies and
// optional-dependencies), PEP 735 dependency-groups, and Poetry's tables.
#include <filesystem>

#include "scanners/inventory/inventory_model.hpp"

namespace gilfree::scanners {

void read_pyproject(const std::filesystem::path& file, const std::filesystem::path& root, DependencyScan& scan);

}  // namespace gilfree::scanners
