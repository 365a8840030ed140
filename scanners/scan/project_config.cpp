#include "scanners/scan/project_config.hpp"

#include <toml++/toml.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>

#include "common/errors.hpp"

namespace gilfree::scanners {
namespace {

namespace fs = std::filesystem;

std::string where(const fs::path& file, const toml::node& node) {
  return file.string() + ":" + std::to_string(node.source().begin.line);
}

// `origins`, when given, learns where each item was written (for errors about the item).
std::vector<std::string> string_list(const fs::path& file, const std::string& key, const toml::node& node,
                                     SelectorOrigins* origins = nullptr) {
  const auto* array = node.as_array();
  if (!array) throw UserError(where(file, node) + ": [tool.gilfree] " + key + " must be a list of strings");
  std::vector<std::string> items;
  for (const auto& item : *array) {
    const auto* text = item.as_string();
    if (!text) throw UserError(where(file, item) + ": [tool.gilfree] " + key + " must be a list of strings");
    items.push_back(text->get());
    if (origins) origins->emplace(text->get(), where(file, item) + ": [tool.gilfree] " + key);
  }
  return items;
}

}  // namespace

std::optional<fs::path> find_pyproject(const fs::path& start) {
  std::error_code error;
  for (auto dir = fs::absolute(start, error); !dir.empty(); dir = dir.parent_path()) {
    auto candidate = dir / "pyproject.toml";
    if (fs::is_regular_file(candidate, error)) {
      try {
        auto table = toml::parse_file(candidate.string());
        if (table["tool"]["gilfree"]) return candidate;
      } catch (const toml::parse_error&) {
        return candidate;  // reported with its position when loaded
      }
    }
    if (dir == dir.parent_path()) break;
  }
  return std::nullopt;
}

ProjectConfig load_project_config(const fs::path& file) {
  ProjectConfig config;
  config.file = file;
  toml::table table;
  if (std::ifstream probe(file); !probe) {
    // toml++ would say "0:0: File could not be opened", without why.
    throw UserError("cannot read " + file.string() + " (" + std::strerror(errno) +
                    "); make it readable, or scan with --no-config");
  }
  try {
    table = toml::parse_file(file.string());
  } catch (const toml::parse_error& error) {
    throw UserError(file.string() + ":" + std::to_string(error.source().begin.line) + ":" +
                    std::to_string(error.source().begin.column) + ": invalid TOML: " + std::string(error.description()));
  }
  const auto* tool = table["tool"]["gilfree"].as_table();
  if (!tool) return config;
  static const std::set<std::string> known = {"select", "ignore", "exclude", "per-file-ignores", "rule-dirs", "min-confidence"};
  auto base = file.parent_path();
  for (const auto& [key_node, value] : *tool) {
    std::string key(key_node.str());
    if (!known.count(key)) {
      throw UserError(where(file, value) + ": unknown key '" + key +
                      "' in [tool.gilfree] (known: select, ignore, exclude, per-file-ignores, rule-dirs, min-confidence)");
    }
    if (key == "select") config.scan.select = string_list(file, key, value, &config.scan.select_origins);
    else if (key == "ignore") config.scan.ignore = string_list(file, key, value, &config.scan.ignore_origins);
    else if (key == "exclude") config.exclude = string_list(file, key, value);
    else if (key == "rule-dirs") {
      for (const auto& dir : string_list(file, key, value)) config.scan.extra_rule_dirs.push_back((base / dir).lexically_normal());
    } else if (key == "min-confidence") {
      const auto* text = value.as_string();
      auto confidence = text ? parse_confidence(text->get()) : std::nullopt;
      if (!confidence) {
        throw UserError(where(file, value) + ": [tool.gilfree] min-confidence must be \"low\", \"medium\" or \"high\"");
      }
      config.scan.min_confidence = *confidence;
      config.min_confidence_set = true;
    } else if (key == "per-file-ignores") {
      const auto* per_file = value.as_table();
      if (!per_file) throw UserError(where(file, value) + ": [tool.gilfree] per-file-ignores must be a table of glob = [rules]");
      for (const auto& [glob, rules] : *per_file) {
        PerFileIgnore ignore{std::string(glob.str()), {}, {}};
        ignore.rules = string_list(file, "per-file-ignores \"" + ignore.glob + "\"", rules, &ignore.origins);
        config.scan.per_file_ignores.push_back(std::move(ignore));
      }
    }
  }
  return config;
}

}  // namespace gilfree::scanners
