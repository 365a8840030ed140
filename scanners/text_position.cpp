#include "scanners/text_position.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace gilfree::scanners {

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (std::uint32_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts_.push_back(i + 1);
  }
}

int LineIndex::line_of(std::uint32_t byte) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), byte);
  return static_cast<int>(it - starts_.begin());
}

int LineIndex::column_of(std::uint32_t byte) const {
  auto line = line_of(byte);
  auto start = starts_[static_cast<std::size_t>(line - 1)];
  auto end = std::min<std::size_t>(byte, text_.size());
  return count_characters(text_.substr(start, end - start)) + 1;
}

std::string_view LineIndex::line_text(int line) const {
  if (line < 1 || line > line_count()) return {};
  auto start = starts_[static_cast<std::size_t>(line - 1)];
  std::size_t end = line < line_count() ? starts_[static_cast<std::size_t>(line)] : text_.size();
  auto view = text_.substr(start, end - start);
  while (!view.empty() && (view.back() == '\n' || view.back() == '\r')) view.remove_suffix(1);
  return view;
}

int count_characters(std::string_view text) {
  // A continuation byte (10xxxxxx) never starts a character; everything else does.
  int count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::size_t first_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) return i;
    if (length == 2 && c < 0xC2) return i;  // overlong
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return i;
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
    out += "\xEF\xBF\xBD";  // U+FFFD for the one invalid byte
    text.remove_prefix(bad + 1);
  }
  return out;
}

bool has_utf8_bom(std::string_view text) { return text.substr(0, 3) == "\xEF\xBB\xBF"; }

bool read_whole_file(const char* path, std::string& out) {
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  out.clear();
  char buffer[1 << 16];
  for (;;) {
    auto count = ::read(fd, buffer, sizeof buffer);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) {
      int saved = errno;
      ::close(fd);
      errno = saved;
      return false;
    }
    if (count == 0) break;
    out.append(buffer, static_cast<std::size_t>(count));
  }
  ::close(fd);
  return true;
}

}  // namespace gilfree::scanners
