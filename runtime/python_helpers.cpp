#include "runtime/python_helpers.hpp"

#include "runtime/data_dir.hpp"
#include "common/errors.hpp"

namespace gilfree::runtime {

const std::vector<std::string_view>& python_helper_names() {
  static const std::vector<std::string_view> names = {"gilfree_child.py", "gilfree_pytest_plugin.py",
                                                      "gilfree_unittest.py", "gilfree_probe.py",
                                                      "gilfree_bench.py"};
  return names;
}

std::filesystem::path python_helpers_dir() { return data_dir().require(DataItem::python_helpers); }

std::filesystem::path python_helper(std::string_view name) {
  auto dir = data_dir();
  auto path = dir.require(DataItem::python_helpers) / name;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw UserError(dir.lacks("Python helper " + path.string()));
  }
  return path;
}

}  // namespace gilfree::runtime
