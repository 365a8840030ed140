#include "scanners/engine/finding_json.hpp"

#include <stdexcept>
#include <string>

namespace gilfree::scanners {
namespace {

template <typename Enum>
Enum enum_from(const nlohmann::json& json, const char* key, std::optional<Enum> (*parse)(std::string_view)) {
  auto text = json.at(key).get<std::string>();
  auto value = parse(text);
  if (!value) throw std::invalid_argument(std::string("unknown ") + key + " '" + text + "'");
  return *value;
}

}  // namespace

nlohmann::json finding_json(const Finding& finding) {
  return {{"rule_id", finding.rule_id},
          {"rule_name", finding.rule_name},
          {"severity", severity_name(finding.severity)},
          {"confidence", confidence_name(finding.confidence)},
          {"message", finding.message},
          {"hint", finding.hint},
          {"path", finding.path},
          {"line", finding.line},
          {"column", finding.column},
          {"end_line", finding.end_line},
          {"end_column", finding.end_column}};
}

Finding finding_from_json(const nlohmann::json& json) {
  Finding finding;
  finding.rule_id = json.at("rule_id").get<std::string>();
  finding.rule_name = json.at("rule_name").get<std::string>();
  finding.severity = enum_from(json, "severity", &parse_severity);
  finding.confidence = enum_from(json, "confidence", &parse_confidence);
  finding.message = json.at("message").get<std::string>();
  finding.hint = json.at("hint").get<std::string>();
  if (json.contains("path")) finding.path = json.at("path").get<std::string>();
  finding.line = json.at("line").get<int>();
  finding.column = json.at("column").get<int>();
  finding.end_line = json.at("end_line").get<int>();
  finding.end_column = json.at("end_column").get<int>();
  return finding;
}

}  // namespace gilfree::scanners
