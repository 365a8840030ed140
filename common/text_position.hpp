#pragma once
// Byte offsets -> 1-based line and character columns, and the text checks
// the scanner needs before parsing (UTF-8 validity, BOM, binary content).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/safe_text.hpp"

namespace gilfree::scanners {

// Line starts of a text, for turning byte offsets into (line, column).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  int line_of(std::uint32_t byte) const;  // 1-based
  // 1-based column counted in characters (UTF-8 code points; an invalid byte counts as one).
  int column_of(std::uint32_t byte) const;
  std::string_view line_text(int line) const;  // without the line ending
  int line_count() const { return static_cast<int>(starts_.size()); }

 private:
  std::string_view text_;
  std::vector<std::uint32_t> starts_;
};

// Characters in text[0, bytes): code points, invalid bytes counted one each.
int count_characters(std::string_view text);

// UTF-8 validity: one implementation for every output gilfree writes (runtime/safe_text).
using runtime::first_invalid_utf8;
using runtime::valid_utf8;

bool has_utf8_bom(std::string_view text);

// Reads a whole file; false (errno set) when it cannot be opened or read.
bool read_whole_file(const char* path, std::string& out);

}  // namespace gilfree::scanners
