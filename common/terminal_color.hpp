#pragma once
// Whether a command colours its text output: `--color auto|always|never`, the
// NO_COLOR and FORCE_COLOR conventions, and whether the output is a terminal.
#include <string>

namespace gilfree::runtime {

enum class ColorChoice { automatic, always, never };

// Parses "auto" | "always" | "never"; throws UserError otherwise.
ColorChoice parse_color_choice(const std::string& text);

// `always` and `never` decide. `automatic`: NO_COLOR set (to any value, even
// empty) disables, then FORCE_COLOR set to anything but "0" or "false" enables even
// when piped, then colour exactly when `to_terminal` and TERM is not "dumb".
bool use_color(ColorChoice choice, bool to_terminal);

// Whether standard output is a terminal.
bool stdout_is_terminal();

}  // namespace gilfree::runtime
