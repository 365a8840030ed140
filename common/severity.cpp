#include "common/severity.hpp"

namespace gilfree {

const char* severity_name(Severity severity) {
  switch (severity) {
    case Severity::info: return "info";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "warning";
}

const char* confidence_name(Confidence confidence) {
  switch (confidence) {
    case Confidence::low: return "low";
    case Confidence::medium: return "medium";
    case Confidence::high: return "high";
  }
  return "medium";
}

std::optional<Severity> parse_severity(std::string_view text) {
  for (auto severity : {Severity::info, Severity::warning, Severity::error}) {
    if (text == severity_name(severity)) return severity;
  }
  return std::nullopt;
}

std::optional<Confidence> parse_confidence(std::string_view text) {
  for (auto confidence : {Confidence::low, Confidence::medium, Confidence::high}) {
    if (text == confidence_name(confidence)) return confidence;
  }
  return std::nullopt;
}

}  // namespace gilfree
