#pragma once
// How bad a finding is and how sure a rule is of it: the vocabulary shared by
// the scanner, the inventory and the plan. Each is an ordered enum with one
// spelling, used by the YAML rules, every report and the JSON that `plan` reads.
#include <optional>
#include <string_view>

namespace gilfree {

enum class Severity { info = 0, warning = 1, error = 2 };
enum class Confidence { low = 0, medium = 1, high = 2 };

const char* severity_name(Severity severity);
const char* confidence_name(Confidence confidence);
// nullopt for any other text (the spellings are exactly the names above).
std::optional<Severity> parse_severity(std::string_view text);
std::optional<Confidence> parse_confidence(std::string_view text);

}  // namespace gilfree
