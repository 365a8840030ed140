#include "common/terminal_color.hpp"

#include <unistd.h>

#include <cstdlib>
#include <string_view>

#include "common/errors.hpp"

namespace gilfree::runtime {

ColorChoice parse_color_choice(const std::string& text) {
  if (text == "auto") return ColorChoice::automatic;
  if (text == "always") return ColorChoice::always;
  if (text == "never") return ColorChoice::never;
  throw UserError("--color '" + text + "' must be auto, always or never");
}

bool use_color(ColorChoice choice, bool to_terminal) {
  if (choice != ColorChoice::automatic) return choice == ColorChoice::always;
  // https://no-color.org: the user's wish not to see colour wins over a tool's default.
  if (std::getenv("NO_COLOR") != nullptr) return false;
  // As Node's supports-color reads it: set enables, even to "", unless "0" or "false".
  if (const char* force = std::getenv("FORCE_COLOR")) {
    std::string_view value(force);
    if (value != "0" && value != "false") return true;
  }
  const char* term = std::getenv("TERM");
  return to_terminal && !(term && std::string_view(term) == "dumb");
}

bool stdout_is_terminal() { return isatty(STDOUT_FILENO) == 1; }

}  // namespace gilfree::runtime
