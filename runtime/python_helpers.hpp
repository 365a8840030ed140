#pragma once
#include <filesystem>
#include <string_view>

namespace gilfree::runtime {

// The folder of gilfree's Python-side helpers (pytest plugin, unittest runner,
// bench workloads, import probe): $GILFREE_PYTHON_HELPERS, else
// <dir of gilfree>/../share/gilfree/python (an installed layout), else the
// source tree's runtime/python. Throws UserError when none has them.
std::filesystem::path python_helpers_dir();

// One helper file in that folder; UserError when it is missing.
std::filesystem::path python_helper(std::string_view name);

}  // namespace gilfree::runtime
