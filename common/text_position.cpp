#include "common/text_position.hpp"

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

int count_characters(std::string_view text) { return static_cast<int>(runtime::character_count(text)); }

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
