#pragma once
// Sizes as users write them (`--max-file-size 5MB`) and as notes show them.
#include <cstdint>
#include <string>

namespace gilfree::scanners {

// "5000000", "512K", "5MB", "5MiB", "1G" (K, M, G count 1024s, with or without
// "B"/"iB", any case); "0" is 0. UserError naming `option` otherwise.
std::uint64_t parse_byte_size(const std::string& text, const std::string& option);

// "812 bytes", "4.0 KiB", "20.1 MiB", "1.5 GiB".
std::string byte_size_text(std::uint64_t bytes);

}  // namespace gilfree::scanners
