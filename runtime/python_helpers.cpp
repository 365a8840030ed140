#include "runtime/python_helpers.hpp"

#include <cstdlib>
#include <string>

#include "runtime/errors.hpp"

namespace gilfree::runtime {

std::filesystem::path python_helper(std::string_view name) {
  const char* overridden = std::getenv("GILFREE_HELPERS_DIR");
  std::filesystem::path dir = (overridden != nullptr && *overridden != '\0')
                                  ? std::filesystem::path(overridden)
                                  : std::filesystem::path(GILFREE_SOURCE_DIR) / "runtime" / "python";
  auto path = dir / name;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw UserError("gilfree's helper " + path.string() +
                    " is missing; rebuild gilfree from a complete checkout, or set GILFREE_HELPERS_DIR "
                    "to the checkout's runtime/python folder");
  }
  return path;
}

}  // namespace gilfree::runtime
