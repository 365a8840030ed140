#include "report/svg_text.hpp"

#include <string_view>
#include <vector>

namespace gilfree::report {
namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Where each code point of `text` starts.
std::vector<std::size_t> code_point_starts(std::string_view text) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!is_continuation(text[i])) starts.push_back(i);
  }
  return starts;
}

// Advance widths in em, rounded up from DejaVu Sans (e.g. 'm' 0.97, 'W' 0.99,
// digits 0.64, 'i' 0.28); any non-ASCII code point counts as a full em.
double advance_em(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x80) return 1.0;
  if (std::string_view("mwMW@%").find(c) != std::string_view::npos) return 1.0;
  if (std::string_view("iljft.,:;'|!()[] ").find(c) != std::string_view::npos) return 0.45;
  if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return 0.78;
  return 0.66;
}

}  // namespace

double estimated_text_width(std::string_view text, double font_size) {
  double em = 0;
  for (std::size_t start : code_point_starts(text)) em += advance_em(text[start]);
  return em * font_size;
}

std::string ellipsize_middle(std::string_view text, std::size_t max_code_points) {
  const auto starts = code_point_starts(text);
  if (starts.size() <= max_code_points || max_code_points < 3) return std::string(text);
  const std::size_t keep = max_code_points - 1;  // one for the ellipsis
  const std::size_t head = keep / 2, tail = keep - head;
  return std::string(text.substr(0, starts[head])) + "…" + std::string(text.substr(starts[starts.size() - tail]));
}

}  // namespace gilfree::report
