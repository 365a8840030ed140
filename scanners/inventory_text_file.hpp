#pragma once
// Reading an inventory input file whole, with a one-line reason on failure.
#include <filesystem>
#include <optional>
#include <string>

namespace gilfree::scanners {

// The file's bytes, or nullopt with `problem` set (unreadable, a directory, binary).
std::optional<std::string> read_text_file(const std::filesystem::path& file, std::string& problem);

}  // namespace gilfree::scanners
