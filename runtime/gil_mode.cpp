#include "runtime/gil_mode.hpp"

namespace gilfree::runtime {

std::optional<GilMode> parse_gil_mode(std::string_view text) {
  if (text == "on" || text == "gil") return GilMode::gil;
  if (text == "off" || text == "nogil") return GilMode::nogil;
  if (text == "default") return GilMode::standard;
  return std::nullopt;
}

std::string_view mode_name(GilMode mode) {
  switch (mode) {
    case GilMode::gil: return "gil";
    case GilMode::nogil: return "nogil";
    case GilMode::standard: return "default";
  }
  return "default";
}

std::string_view cli_name(GilMode mode) {
  switch (mode) {
    case GilMode::gil: return "on";
    case GilMode::nogil: return "off";
    case GilMode::standard: return "default";
  }
  return "default";
}

int enable_gil_value(GilMode mode) {
  switch (mode) {
    case GilMode::gil: return 1;
    case GilMode::nogil: return 0;
    case GilMode::standard: return -1;
  }
  return -1;
}

}  // namespace gilfree::runtime
