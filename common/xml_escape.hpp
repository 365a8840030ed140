#pragma once
#include <string>
#include <string_view>

namespace gilfree::runtime {

// Escapes text for XML/HTML content and attribute values. The result is valid
// UTF-8 (invalid bytes become U+FFFD) and holds only characters XML 1.0 allows:
// other control characters are spelled out as text ("\x00", "\x1b"), as a
// terminal would be shown them (runtime/safe_text), U+FFFE and U+FFFF become U+FFFD,
// and a carriage return is kept as &#13; (a parser would turn a raw one into a newline).
std::string xml_escape(std::string_view text);

}  // namespace gilfree::runtime
