#include "common/safe_text.hpp"

#include <fmt/format.h>

namespace gilfree::runtime {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// C1 controls are U+0080..U+009F, encoded as C2 80..C2 9F.
bool is_c1_at(std::string_view text, std::size_t i) {
  return i + 1 < text.size() && static_cast<unsigned char>(text[i]) == 0xC2 &&
         static_cast<unsigned char>(text[i + 1]) < 0xA0;
}

std::string spelled_out(std::string_view text, bool keep_line_breaks) {
  auto valid = valid_utf8(text);
  std::string out;
  out.reserve(valid.size());
  for (std::size_t i = 0; i < valid.size(); ++i) {
    auto c = static_cast<unsigned char>(valid[i]);
    if (keep_line_breaks && (c == '\n' || c == '\t')) {
      out += valid[i];
    } else if (c < 0x20 || c == 0x7F) {
      out += spelled_control(c);
    } else if (is_c1_at(valid, i)) {
      out += spelled_control(static_cast<unsigned char>(valid[i + 1]));
      ++i;
    } else {
      out += valid[i];
    }
  }
  return out;
}

}  // namespace

std::size_t first_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) return i;
    if (length == 2 && c < 0xC2) return i;  // overlong
    for (std::size_t k = 1; k < length; ++k) {
      if (!is_continuation(text[i + k])) return i;
    }
    if (length == 3) {
      auto c1 = static_cast<unsigned char>(text[i + 1]);
      if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) return i;  // overlong, surrogate
    }
    if (length == 4) {
      auto c1 = static_cast<unsigned char>(text[i + 1]);
      if ((c == 0xF0 && c1 < 0x90) || c > 0xF4 || (c == 0xF4 && c1 >= 0x90)) return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    auto bad = first_invalid_utf8(text);
    if (bad == std::string_view::npos) {
      out += text;
      break;
    }
    out += text.substr(0, bad);
    out += kReplacement;  // for the one invalid byte
    text.remove_prefix(bad + 1);
  }
  return out;
}

std::string terminal_safe(std::string_view text) { return spelled_out(text, true); }

std::string terminal_safe_line(std::string_view text) { return spelled_out(text, false); }

void print_safe(std::FILE* stream, std::string_view text) {
  auto safe = terminal_safe(text);
  std::fwrite(safe.data(), 1, safe.size(), stream);
  std::fflush(stream);
}

std::string spelled_control(char32_t code_point) {
  return code_point < 0x80 ? fmt::format("\\x{:02x}", static_cast<unsigned>(code_point))
                           : fmt::format("\\u{:04x}", static_cast<unsigned>(code_point));
}

std::string_view first_characters(std::string_view text, std::size_t limit) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (is_continuation(text[i])) continue;
    if (count++ == limit) return text.substr(0, i);
  }
  return text;
}

std::size_t character_count(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) count += is_continuation(c) ? 0 : 1;
  return count;
}

}  // namespace gilfree::runtime
