#include "runtime/runtime_location.hpp"

#include <cstdlib>

namespace gilfree::runtime {

std::filesystem::path RuntimeLocation::library() const {
  return prefix / "lib" / ("libpython" + minor + "t.so");
}

std::filesystem::path RuntimeLocation::python() const {
  return prefix / "bin" / ("python" + minor + "t");
}

std::filesystem::path RuntimeLocation::stdlib() const {
  return prefix / "lib" / ("python" + minor + "t");
}

RuntimeLocation locate_runtime() {
  const char* overridden = std::getenv("GILFREE_RUNTIME");
  std::filesystem::path prefix = (overridden != nullptr && *overridden != '\0')
                                     ? std::filesystem::path(overridden)
                                     : std::filesystem::path(GILFREE_RUNTIME_PREFIX);
  return RuntimeLocation{prefix, GILFREE_PYTHON_MINOR};
}

}  // namespace gilfree::runtime
