#pragma once
#include <filesystem>
#include <string_view>

namespace gilfree::runner {

// Writes a report file through a temp file beside it and a rename, so a reader
// never sees half a report. Throws UserError naming the path.
void write_output_file(const std::filesystem::path& path, std::string_view content);

}  // namespace gilfree::runner
