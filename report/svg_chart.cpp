#include "report/svg_chart.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "report/svg_text.hpp"

namespace gilfree::report {
namespace {

constexpr double kWidth = kLineChartWidth, kHeight = kLineChartHeight, kLeft = 60, kRight = 150, kTop = 40,
                 kBottom = 50;
constexpr double kFontSize = 12, kMargin = 8;
constexpr std::size_t kMaxLabel = 64;  // code points

// A round step for about five grid lines up to `max`.
double nice_step(double max) {
  double raw = max / 5;
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double factor : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (raw <= factor * magnitude) return factor * magnitude;
  }
  return 10 * magnitude;
}

std::string number(double value) { return fmt::format("{:g}", std::round(value * 100) / 100); }

std::string svg_open(double width, double height, const std::string& title) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\" font-size=\"{2}\">\n<title>{3}</title>\n",
      width, height, kFontSize, xml_escape(title));
}

// A bar's label, left-aligned at the margin (a wider font than estimated runs
// into the bar, never off the chart); a cut label keeps the whole in a tooltip.
std::string bar_label(const std::string& label, double baseline) {
  const auto shown = ellipsize_middle(label, kMaxLabel);
  const auto tooltip = shown == label ? std::string() : "<title>" + xml_escape(label) + "</title>";
  return fmt::format("<text class=\"label\" x=\"{}\" y=\"{:.1f}\">{}{}</text>", kMargin, baseline, tooltip,
                     xml_escape(shown));
}

}  // namespace

std::string line_chart_svg(const std::string& title, const std::string& x_label,
                           const std::string& y_label, const std::vector<Series>& series) {
  double max_x = 1, max_y = 1;
  for (const auto& s : series) {
    for (auto [x, y] : s.points) {
      max_x = std::max(max_x, x);
      max_y = std::max(max_y, y);
    }
  }
  const double x_step = nice_step(max_x), y_step = nice_step(max_y);
  max_x = std::ceil(max_x / x_step) * x_step;
  max_y = std::ceil(max_y / y_step) * y_step;
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  auto px = [&](double x) { return kLeft + x / max_x * plot_w; };
  auto py = [&](double y) { return kTop + plot_h - y / max_y * plot_h; };

  std::string svg = svg_open(kWidth, kHeight, title) +
                    fmt::format("<text x=\"{}\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{}</text>\n", kLeft,
                                xml_escape(title));
  for (double y = 0; y <= max_y + 1e-9; y += y_step) {
    svg += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#ddd\"/>"
                       "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n",
                       kLeft, py(y), kLeft + plot_w, py(y), kLeft - 6, py(y) + 4, number(y));
  }
  for (double x = 0; x <= max_x + 1e-9; x += x_step) {
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", px(x),
                       kTop + plot_h + 16, number(x));
  }
  svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#333\"/>"
                     "<line x1=\"{0}\" y1=\"{2}\" x2=\"{3}\" y2=\"{2}\" stroke=\"#333\"/>\n",
                     kLeft, kTop, kTop + plot_h, kLeft + plot_w);
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", kLeft + plot_w / 2,
                     kHeight - 12, xml_escape(x_label));
  svg += fmt::format("<text transform=\"translate(14 {:.1f}) rotate(-90)\" text-anchor=\"middle\">{}</text>\n",
                     kTop + plot_h / 2, xml_escape(y_label));
  double legend_y = kTop + 10;
  for (const auto& s : series) {
    std::string path;
    for (auto [x, y] : s.points) path += fmt::format("{}{:.1f},{:.1f}", path.empty() ? "M" : " L", px(x), py(y));
    const char* dash = s.dashed ? " stroke-dasharray=\"5 4\"" : "";
    svg += fmt::format("<path class=\"series\" d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{}/>\n", path,
                       s.color, dash);
    for (auto [x, y] : s.points) {
      svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"><title>{}: {} at {}</title></circle>\n",
                         px(x), py(y), s.color, xml_escape(s.name), number(y), number(x));
    }
    svg += fmt::format("<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" stroke=\"{3}\" stroke-width=\"2\"{4}/>"
                       "<text x=\"{5}\" y=\"{6:.1f}\">{7}</text>\n",
                       kWidth - kRight + 12, legend_y, kWidth - kRight + 32, s.color, dash,
                       kWidth - kRight + 38, legend_y + 4, xml_escape(s.name));
    legend_y += 18;
  }
  return svg + "</svg>\n";
}

std::string bar_chart_svg(const std::string& title, const std::vector<Bar>& bars) {
  constexpr double bar_h = 18, gap = 6, value_room = 60, min_room = 200;
  double max = 1, longest = 0;
  for (const auto& bar : bars) {
    max = std::max(max, bar.value);
    longest = std::max(longest, estimated_text_width(ellipsize_middle(bar.label, kMaxLabel), kFontSize));
  }
  const double gutter = kMargin + longest + kMargin;
  // Long labels widen the chart rather than squeeze the bars to nothing.
  const double width = std::max(kBarChartWidth, gutter + min_room + value_room);
  const double room = width - gutter - value_room;
  const double height = 40 + static_cast<double>(bars.size()) * (bar_h + gap) + 10;
  std::string svg = svg_open(width, height, title) +
                    fmt::format("<text x=\"{}\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{}</text>\n",
                                kMargin, xml_escape(title));
  double y = 36;
  for (const auto& bar : bars) {
    const double w = std::max(1.0, bar.value / max * room);
    svg += bar_label(bar.label, y + 13) +
           fmt::format("<rect class=\"bar\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"/>"
                       "<text class=\"value\" x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n",
                       gutter, y, w, bar_h, bar.color.empty() ? "#4878d0" : bar.color, gutter + w + 4, y + 13,
                       number(bar.value));
    y += bar_h + gap;
  }
  return svg + "</svg>\n";
}

}  // namespace gilfree::report
