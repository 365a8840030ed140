#include "scanners/inventory/inventory_knowledge.hpp"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <set>
#include <vector>

#include "runtime/data_dir.hpp"
#include "common/errors.hpp"
#include "scanners/inventory/inventory_model.hpp"
#include "scanners/inventory/inventory_version.hpp"

namespace gilfree::scanners {
namespace {

std::optional<PackageStatus> parse_status(const std::string& text) {
  for (auto status : {PackageStatus::supported, PackageStatus::unsupported, PackageStatus::pure_python,
                      PackageStatus::unknown}) {
    if (text == status_name(status)) return status;
  }
  return std::nullopt;
}

class KnowledgeLoader {
 public:
  explicit KnowledgeLoader(std::string shown) : shown_(std::move(shown)) {}

  std::map<std::string, PackageFact> load(const YAML::Node& root) {
    std::map<std::string, PackageFact> facts;
    if (!root.IsMap()) {
      error(root, "the top level must be a mapping with 'schema' and 'packages'");
      return facts;
    }
    for (const auto& item : root) {
      auto key = item.first.as<std::string>();
      if (key != "schema" && key != "packages") error(item.first, "unknown key '" + key + "' (expected schema, packages)");
    }
    if (!root["schema"] || root["schema"].as<std::string>() != "1") error(root, "'schema: 1' is required");
    auto packages = root["packages"];
    if (!packages || !packages.IsMap()) {
      error(root, "'packages' must be a mapping of package name to facts");
      return facts;
    }
    for (const auto& item : packages) {
      auto fact = load_fact(item.first, item.second);
      if (!fact) continue;
      auto normalized = normalize_package_name(fact->name);
      if (facts.count(normalized) != 0) {
        error(item.first, "package '" + fact->name + "' is listed twice (first at line " +
                              std::to_string(facts[normalized].line) + ")");
        continue;
      }
      facts.emplace(normalized, std::move(*fact));
    }
    return facts;
  }

  const std::vector<std::string>& errors() const { return errors_; }

  void error(const YAML::Node& node, const std::string& message) { error(node.Mark().line + 1, message); }
  void error(int line, const std::string& message) {
    errors_.push_back(shown_ + ":" + std::to_string(line) + ": " + message);
  }

 private:
  std::optional<PackageFact> load_fact(const YAML::Node& key, const YAML::Node& node) {
    PackageFact fact;
    fact.name = key.as<std::string>();
    fact.line = key.Mark().line + 1;
    if (!node.IsMap()) {
      error(key, "'" + fact.name + "' must be a mapping (status, first-version, source, date)");
      return std::nullopt;
    }
    static const std::set<std::string> kKeys = {"status", "first-version", "source", "url", "date", "note"};
    size_t errors_before = errors_.size();
    for (const auto& item : node) {
      auto field = item.first.as<std::string>();
      if (kKeys.count(field) == 0) error(item.first, "unknown key '" + field + "' in '" + fact.name + "'");
      if (!item.second.IsScalar()) error(item.second, "'" + fact.name + "." + field + "' must be a plain value");
    }
    if (errors_.size() != errors_before) return std::nullopt;
    auto required = [&](const char* field) {
      if (!node[field]) {
        error(key, "'" + fact.name + "' has no '" + field + "' (status, first-version, source and date are required)");
        return std::string{};
      }
      return node[field].as<std::string>();
    };
    auto status = required("status");
    fact.first_version = required("first-version");
    fact.source = required("source");
    fact.date = required("date");
    fact.url = node["url"] ? node["url"].as<std::string>() : "";
    fact.note = node["note"] ? node["note"].as<std::string>() : "";
    if (errors_.size() != errors_before) return std::nullopt;
    check_values(node, fact, status);
    if (errors_.size() != errors_before) return std::nullopt;
    return fact;
  }

  void check_values(const YAML::Node& node, PackageFact& fact, const std::string& status) {
    auto parsed = parse_status(status);
    if (!parsed) {
      error(node["status"], "'" + fact.name + "' has status '" + status +
                                "' (expected supported, unsupported, pure-python or unknown)");
      return;
    }
    fact.status = *parsed;
    if (fact.first_version != "unknown" && !parse_version(fact.first_version)) {
      error(node["first-version"], "'" + fact.name + "' first-version '" + fact.first_version +
                                       "' is not a version (write \"unknown\" when it is not known)");
    }
    if (fact.status != PackageStatus::supported && fact.first_version != "unknown") {
      error(node["first-version"], "'" + fact.name + "' is not 'supported', so its first-version must be \"unknown\"");
    }
    if (!RE2::FullMatch(fact.date, R"(20[0-9]{2}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)")) {
      error(node["date"], "'" + fact.name + "' date '" + fact.date + "' must be YYYY-MM or YYYY-MM-DD");
    }
    if (fact.source.empty()) error(node["source"], "'" + fact.name + "' has an empty source");
  }

  std::string shown_;
  std::vector<std::string> errors_;
};

}  // namespace

std::string_view status_name(PackageStatus status) {
  switch (status) {
    case PackageStatus::supported: return "supported";
    case PackageStatus::unsupported: return "unsupported";
    case PackageStatus::pure_python: return "pure-python";
    case PackageStatus::unknown: return "unknown";
  }
  return "unknown";
}

Knowledge Knowledge::load(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    throw UserError("knowledge file " + file.string() + " not found; pass an existing YAML file");
  }
  KnowledgeLoader loader(file.string());
  Knowledge knowledge;
  knowledge.path_ = file;
  try {
    knowledge.facts_ = loader.load(YAML::LoadFile(file.string()));
  } catch (const YAML::Exception& error) {
    loader.error(error.mark.line + 1, "invalid YAML: " + error.msg);
  }
  const auto& errors = loader.errors();
  if (!errors.empty()) {
    auto more = errors.size() > 1 ? " (and " + std::to_string(errors.size() - 1) + " more problems in this file)" : "";
    throw UserError(errors.front() + more);
  }
  return knowledge;
}

Knowledge Knowledge::load_shipped() {
  return load(runtime::data_dir().require(runtime::DataItem::package_knowledge));
}

const PackageFact* Knowledge::find(const std::string& name) const {
  auto it = facts_.find(normalize_package_name(name));
  return it == facts_.end() ? nullptr : &it->second;
}

}  // namespace gilfree::scanners
