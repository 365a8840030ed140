#pragma once
// Small self-contained SVG charts (no scripts, no external fonts or styles),
// for bench output and the HTML plan.
#include <string>
#include <utility>
#include <vector>

#include "common/xml_escape.hpp"

namespace gilfree::report {

// Every chart has a viewBox and scales to its container's width (the HTML
// plan makes it 100%); these are the coordinates it is drawn in, about the
// width of the plan's page, so text keeps its size there.
inline constexpr double kLineChartWidth = 900, kLineChartHeight = 400;
inline constexpr double kBarChartWidth = 900;

struct Series {
  std::string name;
  std::string color;  // CSS colour
  std::vector<std::pair<double, double>> points;
  bool dashed = false;
};

// A line chart with numeric axes starting at zero and a legend.
std::string line_chart_svg(const std::string& title, const std::string& x_label,
                           const std::string& y_label, const std::vector<Series>& series);

struct Bar {
  std::string label;
  double value = 0;
  std::string color;
};

// Horizontal bars, one per label, longest first as given. The label gutter
// fits the longest label (ellipsized in the middle past 64 characters, the
// whole label in a <title>), so no label is cut at the chart's edge.
std::string bar_chart_svg(const std::string& title, const std::vector<Bar>& bars);

using runtime::xml_escape;

}  // namespace gilfree::report
