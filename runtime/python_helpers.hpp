#pragma once
#include <filesystem>
#include <string_view>
#include <vector>

namespace gilfree::runtime {

// The files of gilfree's Python-side helpers: pytest plugin, unittest runner
// and their shared child, import probe, bench workloads.
const std::vector<std::string_view>& python_helper_names();

// Their folder in gilfree's data dir (runtime/data_dir.hpp); UserError when it is missing.
std::filesystem::path python_helpers_dir();

// One helper file in that folder; UserError when it is missing.
std::filesystem::path python_helper(std::string_view name);

}  // namespace gilfree::runtime
