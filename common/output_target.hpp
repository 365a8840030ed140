#pragma once
#include <filesystem>
#include <string_view>

namespace gilfree::runtime {

// Before any work, for an output file written at the end (write_file_atomically): a
// UserError naming `option` when `path` is a directory (check_output_file), when a
// part of its directory is a file, or when no file can be created where it goes (a
// read-only or unwritable directory). Probes by creating and removing a temp file, which
// also holds for root, to whom permission bits do not apply.
void check_writable_output(const std::filesystem::path& path, std::string_view option);

}  // namespace gilfree::runtime
