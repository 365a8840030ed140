#include <catch2/catch.hpp>

#include <regex>

#include "report/svg_chart.hpp"
#include "report/svg_text.hpp"

using gilfree::report::Bar;
using gilfree::report::bar_chart_svg;
using gilfree::report::ellipsize_middle;
using gilfree::report::estimated_text_width;

namespace {

double attribute(const std::string& svg, const std::string& element, const std::string& name) {
  std::smatch match;
  const std::regex pattern("<" + element + "[^>]* " + name + "=\"([0-9.]+)\"");
  REQUIRE(std::regex_search(svg, match, pattern));
  return std::stod(match[1]);
}

}  // namespace

TEST_CASE("text width estimates are wide enough for DejaVu Sans") {
  // DejaVu Sans at 12 px, from its advance widths: "FT002" 37.1, "mmmm" 46.8, "WWW" 35.6.
  CHECK(estimated_text_width("FT002", 12) >= 37.1);
  CHECK(estimated_text_width("mmmm", 12) >= 46.8);
  CHECK(estimated_text_width("WWW", 12) >= 35.6);
  CHECK(estimated_text_width("é", 12) == estimated_text_width("W", 12));  // one code point, not two bytes
}

TEST_CASE("long labels are cut in the middle on code point boundaries") {
  CHECK(ellipsize_middle("short", 10) == "short");
  const std::string id = "tests/test_shop.py::TestCart::test_concurrent_checkout[many-threads]";
  const auto cut = ellipsize_middle(id, 21);
  CHECK(cut == "tests/test…y-threads]");
  CHECK(ellipsize_middle("ééééééééé", 5) == "éé…éé");
}

TEST_CASE("the bar chart's label gutter fits its longest label") {
  const std::string id = "tests/test_shop.py::TestCart::test_concurrent_checkout";
  auto svg = bar_chart_svg("Flake rate", {{id, 50, ""}, {"FT002 x", 10, ""}});
  const double bar_x = attribute(svg, "rect", "x");
  CHECK(bar_x >= 8 + estimated_text_width(id, 12));
  CHECK(attribute(svg, "text class=\"label\"", "x") >= 0);
  CHECK(svg.find(">" + id + "<") != std::string::npos);
  const double width = attribute(svg, "svg", "width");
  CHECK(width >= gilfree::report::kBarChartWidth);

  const std::string longer(100, 'W');
  auto wide = bar_chart_svg("t", {{longer, 1, ""}});
  CHECK(wide.find("<title>" + longer + "</title>") != std::string::npos);  // the whole label as a tooltip
  CHECK(attribute(wide, "rect", "x") + attribute(wide, "rect", "width") <= attribute(wide, "svg", "width"));
}
