#pragma once
// Substring search for the scanner's hot paths. std::string_view::find tries a
// memcmp at every occurrence of the needle's first byte, which in source text
// ('_', 's', '=') is nearly everywhere; glibc's memmem compares byte pairs by
// hash and skips ahead, several times faster on the words the models look for.
#include <cstddef>
#include <cstring>
#include <string_view>

namespace gilfree {

// Where `word` first occurs in `text` at or after `from`; npos when nowhere.
inline std::size_t find_text(std::string_view text, std::string_view word, std::size_t from = 0) {
  if (from > text.size()) return std::string_view::npos;
  if (word.empty()) return from;
  const void* at = memmem(text.data() + from, text.size() - from, word.data(), word.size());
  return at == nullptr ? std::string_view::npos : static_cast<std::size_t>(static_cast<const char*>(at) - text.data());
}

inline bool contains_text(std::string_view text, std::string_view word) {
  return find_text(text, word) != std::string_view::npos;
}

}  // namespace gilfree
