#include "scanners/scan/baseline.hpp"

#include <nlohmann/json.hpp>

#include <sstream>

#include "common/atomic_file.hpp"
#include "common/errors.hpp"
#include "common/json_text.hpp"
#include "common/text_position.hpp"

namespace gilfree::scanners {
namespace {

std::string trimmed(std::string_view text) {
  auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  auto last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last - first + 1));
}

// A finding's key as the baseline file stores it: JSON text is UTF-8, so a
// path or line with invalid bytes is kept (and compared) with U+FFFD in their place.
Baseline::Key key_of(const Finding& f, const SourceLines& lines) {
  return Baseline::Key{valid_utf8(f.path), f.rule_id, valid_utf8(trimmed(lines.line(f.path, f.line)))};
}

}  // namespace

Baseline Baseline::load(const std::filesystem::path& file) {
  std::string text;
  if (!read_whole_file(file.c_str(), text)) {
    throw UserError(file.string() + ": cannot read the baseline (write one with --write-baseline)");
  }
  Baseline baseline;
  try {
    auto doc = nlohmann::json::parse(text);
    if (doc.value("version", 0) != 1 || !doc.contains("findings") || !doc["findings"].is_array()) {
      throw UserError(file.string() + ": not a gilfree baseline (expected {\"version\": 1, \"findings\": [...]})");
    }
    for (const auto& entry : doc["findings"]) {
      Key key{entry.at("path").get<std::string>(), entry.at("rule_id").get<std::string>(),
              entry.at("line_text").get<std::string>()};
      baseline.counts_[key] += entry.value("count", 1);
    }
  } catch (const nlohmann::json::exception& error) {
    throw UserError(file.string() + ": malformed baseline: " + error.what());
  }
  return baseline;
}

Baseline Baseline::from_findings(const std::vector<Finding>& findings, const SourceLines& lines) {
  Baseline baseline;
  for (const auto& f : findings) ++baseline.counts_[key_of(f, lines)];
  return baseline;
}

void Baseline::write(const std::filesystem::path& file) const {
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& [key, count] : counts_) {
    entries.push_back({{"path", std::get<0>(key)}, {"rule_id", std::get<1>(key)}, {"line_text", std::get<2>(key)}, {"count", count}});
  }
  nlohmann::json doc{{"version", 1}, {"tool", "gilfree " GILFREE_VERSION}, {"findings", entries}};
  // Temp file + rename; on any failure (a full disk) the temp file is removed
  // and the error names the file and the reason.
  runtime::write_file_atomically(file, runtime::json_text(doc));
}

int Baseline::filter(std::vector<Finding>& findings, const SourceLines& lines) const {
  auto remaining = counts_;
  int matched = 0;
  std::vector<Finding> kept;
  for (auto& f : findings) {
    auto it = remaining.find(key_of(f, lines));
    if (it != remaining.end() && it->second > 0) {
      --it->second;
      ++matched;
    } else {
      kept.push_back(std::move(f));
    }
  }
  findings = std::move(kept);
  return matched;
}

std::size_t Baseline::size() const {
  std::size_t total = 0;
  for (const auto& [key, count] : counts_) total += static_cast<std::size_t>(count);
  return total;
}

}  // namespace gilfree::scanners
