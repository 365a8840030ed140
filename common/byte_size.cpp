#include "common/byte_size.hpp"

#include <cctype>
#include <cstdio>
#include <limits>

#include "common/errors.hpp"

namespace gilfree::scanners {

std::uint64_t parse_byte_size(const std::string& text, const std::string& option) {
  auto invalid = [&] {
    return UserError(option + " '" + text + "' is not a size; write bytes or a number with K, M or G (e.g. 5MB)");
  };
  std::size_t i = 0;
  std::uint64_t number = 0;
  for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) {
    if (number > std::numeric_limits<std::uint64_t>::max() / 16) throw invalid();
    number = number * 10 + static_cast<std::uint64_t>(text[i] - '0');
  }
  if (i == 0) throw invalid();
  std::string unit;
  for (; i < text.size(); ++i) unit += static_cast<char>(std::toupper(static_cast<unsigned char>(text[i])));
  int shift = 0;
  if (!unit.empty()) {
    static const std::string prefixes = "KMG";
    auto prefix = prefixes.find(unit[0]);
    auto rest = unit.substr(1);
    if (unit == "B") return number;
    if (prefix == std::string::npos || !(rest.empty() || rest == "B" || rest == "IB")) throw invalid();
    shift = 10 * static_cast<int>(prefix + 1);
  }
  if (shift > 0 && number > (std::numeric_limits<std::uint64_t>::max() >> shift)) throw invalid();
  return number << shift;
}

std::string byte_size_text(std::uint64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
  static const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes) / 1024;
  int unit = 0;
  for (; value >= 1024 && unit < 3; ++unit) value /= 1024;
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
  return text;
}

}  // namespace gilfree::scanners
