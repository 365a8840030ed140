#pragma once
#include <filesystem>
#include <string_view>

namespace gilfree::runtime {

// A Python-side helper that gilfree runs in the interpreter (bench workloads,
// pytest plugin, unittest runner, import probe): runtime/python/<name> in the
// source tree gilfree was built from, or in GILFREE_HELPERS_DIR when set.
// Throws UserError when it is missing (a moved or partial checkout).
std::filesystem::path python_helper(std::string_view name);

}  // namespace gilfree::runtime
