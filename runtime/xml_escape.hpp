#pragma once
#include <string>

namespace gilfree::runtime {

// Escapes text for XML/HTML content and attribute values. Control characters
// that XML 1.0 forbids even when escaped become '?'.
std::string xml_escape(const std::string& text);

}  // namespace gilfree::runtime
