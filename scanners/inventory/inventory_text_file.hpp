#pragma once
// Reading an inventory input file whole, with a one-line reason on failure.
#include <filesystem>
#include <optional>
#include <string>

#include "scanners/inventory/inventory_model.hpp"

namespace gilfree::scanners {

// The file's bytes, or nullopt with `problem` set (unreadable, a directory, binary).
std::optional<std::string> read_text_file(const std::filesystem::path& file, std::string& problem);

// Reads a dependency file shown to the user as `shown`: records it in
// scan.files, or records why not in scan.problems and returns nullopt.
std::optional<std::string> read_dependency_file(const std::filesystem::path& file, const std::string& shown,
                                                DependencyScan& scan);

}  // namespace gilfree::scanners
