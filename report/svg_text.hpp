#pragma once
// Text sizes for SVG charts, which must place labels before any font is
// known: a browser lays them out later with whatever sans-serif it has.
#include <cstddef>
#include <string>
#include <string_view>

namespace gilfree::report {

// An upper estimate of `text`'s width in pixels at `font_size`, per code
// point: wide enough for DejaVu Sans, the widest common sans-serif default,
// so a gutter sized by it holds the label in any of them.
double estimated_text_width(std::string_view text, double font_size);

// `text` cut to at most `max_code_points` by an ellipsis in the middle (test
// ids differ at both ends); whole code points only, so UTF-8 stays valid.
std::string ellipsize_middle(std::string_view text, std::size_t max_code_points);

}  // namespace gilfree::report
