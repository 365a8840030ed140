#pragma once
#include <filesystem>
#include <string>
#include <string_view>

namespace gilfree::runtime {

// Writes `content` to a temp file beside `path`, flushes it, then renames it
// over `path`: readers see the old file or the new one, never half of one.
// Creates missing parent directories. Throws UserError naming the path.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

// Before any work: a UserError naming `option` when `path` is a directory, so a
// mistake costs one line instead of the whole run's output.
void check_output_file(const std::filesystem::path& path, std::string_view option);

}  // namespace gilfree::runtime
