#include "runtime/python_helpers.hpp"

#include <cstdlib>
#include <string>

#include "runtime/child_process.hpp"
#include "runtime/errors.hpp"

namespace gilfree::runtime {
namespace {

// A file every complete helpers folder has.
constexpr const char* kLandmark = "gilfree_child.py";

bool has_helpers(const std::filesystem::path& dir) {
  std::error_code ec;
  return std::filesystem::is_regular_file(dir / kLandmark, ec);
}

}  // namespace

std::filesystem::path python_helpers_dir() {
  if (const char* set = std::getenv("GILFREE_PYTHON_HELPERS"); set != nullptr && *set != '\0') {
    std::filesystem::path dir(set);
    if (!has_helpers(dir)) {
      throw UserError("GILFREE_PYTHON_HELPERS=" + dir.string() + " has no " + kLandmark +
                      "; point it at gilfree's runtime/python directory or unset it");
    }
    return dir;
  }
  auto installed = self_executable().parent_path().parent_path() / "share" / "gilfree" / "python";
  if (has_helpers(installed)) return installed;
  std::filesystem::path source = std::filesystem::path(GILFREE_SOURCE_DIR) / "runtime" / "python";
  if (has_helpers(source)) return source;
  throw UserError("gilfree's Python helpers were not found (looked in " + installed.string() + " and " +
                  source.string() + "); set GILFREE_PYTHON_HELPERS to the checkout's runtime/python");
}

std::filesystem::path python_helper(std::string_view name) {
  auto path = python_helpers_dir() / name;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw UserError("gilfree's helper " + path.string() +
                    " is missing; rebuild gilfree from a complete checkout");
  }
  return path;
}

}  // namespace gilfree::runtime
