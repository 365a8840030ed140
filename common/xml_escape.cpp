#include "common/xml_escape.hpp"

#include "common/safe_text.hpp"

namespace gilfree::runtime {
namespace {

// U+FFFE and U+FFFF (EF BF BE, EF BF BF) are valid UTF-8 but not XML characters.
bool is_xml_noncharacter(std::string_view text, std::size_t i) {
  return text.substr(i, 2) == "\xEF\xBF" && i + 2 < text.size() &&
         (static_cast<unsigned char>(text[i + 2]) & 0xFE) == 0xBE;
}

}  // namespace

std::string xml_escape(std::string_view input) {
  auto text = valid_utf8(input);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\r': out += "&#13;"; break;  // a parser would turn a raw one into \n
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') {
          out += spelled_control(static_cast<unsigned char>(c));
        } else if (is_xml_noncharacter(text, i)) {
          out += "\xEF\xBF\xBD";
          i += 2;
        } else {
          out += c;
        }
    }
  }
  return out;
}

}  // namespace gilfree::runtime
