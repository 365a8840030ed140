#include "report/svg_chart.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace gilfree::report {
namespace {

constexpr double kWidth = 560, kHeight = 320, kLeft = 60, kRight = 150, kTop = 40, kBottom = 50;

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

  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\" font-size=\"12\">\n"
      "<title>{2}</title>\n<text x=\"{3}\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{2}</text>\n",
      kWidth, kHeight, xml_escape(title), kLeft);
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
  constexpr double label_w = 220, bar_h = 18, gap = 6, width = 560;
  double max = 1;
  for (const auto& bar : bars) max = std::max(max, bar.value);
  const double height = 40 + static_cast<double>(bars.size()) * (bar_h + gap) + 10;
  const double room = width - label_w - 60;
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\" font-size=\"12\">\n"
      "<title>{2}</title>\n<text x=\"4\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{2}</text>\n",
      width, height, xml_escape(title));
  double y = 36;
  for (const auto& bar : bars) {
    const double w = std::max(1.0, bar.value / max * room);
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>"
                       "<rect class=\"bar\" x=\"{}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"/>"
                       "<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n",
                       label_w - 6, y + 13, xml_escape(bar.label), label_w, y, w, bar_h,
                       bar.color.empty() ? "#4878d0" : bar.color, label_w + w + 4, y + 13, number(bar.value));
    y += bar_h + gap;
  }
  return svg + "</svg>\n";
}

}  // namespace gilfree::report
