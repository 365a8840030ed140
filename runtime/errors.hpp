#pragma once
// The one exception type that crosses from the libraries to cli/main.cpp:
// a problem the user can fix. Its message is one line (what, where, what to
// do); main prints it as `gilfree: error: ...` and exits 2.
#include <stdexcept>
#include <string>

namespace gilfree {

class UserError : public std::runtime_error {
 public:
  explicit UserError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace gilfree
