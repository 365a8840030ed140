#include "report/bench_chart.hpp"

#include <fmt/format.h>

#include "report/svg_chart.hpp"

namespace gilfree::report {

std::string bench_chart_svg(const nlohmann::json& workload) {
  std::vector<Series> series;
  Series ideal{"ideal", "#999", {}, true};
  for (const auto& [mode, points] : workload.at("modes").items()) {
    const bool gil = mode == "gil";
    Series line{gil ? "GIL on" : "GIL off", gil ? "#d65f5f" : "#4878d0", {}, false};
    for (const auto& point : points) {
      const double threads = point.at("threads").get<double>();
      line.points.emplace_back(threads, point.at("speedup").get<double>());
      if (gil) ideal.points.emplace_back(threads, threads);
    }
    series.push_back(std::move(line));
  }
  series.push_back(std::move(ideal));
  return line_chart_svg("Thread scaling: " + workload.at("name").get<std::string>(), "threads",
                        "speedup (x)", series);
}

std::string bench_charts_svg(const nlohmann::json& bench) {
  std::string inner;
  double y = 0;
  for (const auto& workload : bench.at("workloads")) {
    inner += fmt::format("<g transform=\"translate(0 {})\">\n{}</g>\n", y, bench_chart_svg(workload));
    y += kLineChartHeight;
  }
  return fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
                     "viewBox=\"0 0 {0} {1}\">\n{2}</svg>\n",
                     kLineChartWidth, y, inner);
}

}  // namespace gilfree::report
