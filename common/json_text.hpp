#pragma once
// JSON as gilfree writes it: two-space indent, one trailing newline, and text
// that is always valid UTF-8 (a file's invalid bytes become U+FFFD instead of
// an exception that would leave nothing written).
#include <nlohmann/json.hpp>

#include <string>

namespace gilfree::runtime {

inline std::string json_text(const nlohmann::json& value, int indent = 2) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace gilfree::runtime
