#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace gilfree::report {

// The thread-scaling curve of one workload of `gilfree bench` JSON
// (workloads[i]): speedup per thread count, GIL on vs off, and ideal.
std::string bench_chart_svg(const nlohmann::json& workload);

// Every workload's chart of a whole `gilfree bench` JSON, stacked in one SVG file.
std::string bench_charts_svg(const nlohmann::json& bench);

}  // namespace gilfree::report
