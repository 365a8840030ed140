#pragma once
#include <optional>
#include <string_view>

namespace gilfree::runtime {

// How the free-threaded interpreter treats the GIL.
enum class GilMode {
  gil,      // forced on (PYTHON_GIL=1)
  nogil,    // forced off (PYTHON_GIL=0), even for extensions that did not opt in
  standard  // the free-threaded default: off unless an extension re-enables it
};

// Accepts on/off/default and the runner's names gil/nogil/default.
std::optional<GilMode> parse_gil_mode(std::string_view text);

// The runner's name of a mode: "gil", "nogil" or "default".
std::string_view mode_name(GilMode mode);

// The name `gilfree python --gil` takes: "on", "off" or "default".
std::string_view cli_name(GilMode mode);

// PyConfig.enable_gil for the mode (-1 default, 0 off, 1 on).
int enable_gil_value(GilMode mode);

}  // namespace gilfree::runtime
