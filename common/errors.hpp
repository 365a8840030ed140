#pragma once
// The one exception type that crosses from the libraries to cli/main.cpp:
// a problem the user can fix. Its message is one line (what, where, what to
// do); main prints it as `gilfree: error: ...` and exits 2.
#include <stdexcept>
#include <string>

#include "common/safe_text.hpp"

namespace gilfree {

class UserError : public std::runtime_error {
 public:
  // The message often echoes what the user gave (a path, a name, a test's error text):
  // it is made terminal-safe here (valid UTF-8, control characters spelled out), so no
  // caller has to remember to. Line breaks stay for the messages that list problems.
  explicit UserError(const std::string& message) : std::runtime_error(runtime::terminal_safe(message)) {}
};

}  // namespace gilfree
