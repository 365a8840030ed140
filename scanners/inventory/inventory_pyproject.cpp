#include "scanners/inventory/inventory_pyproject.hpp"

#include <set>
#include <toml++/toml.h>

#include "scanners/inventory/inventory_paths.hpp"
#include "scanners/inventory/inventory_requirements.hpp"
#include "scanners/inventory/inventory_text_file.hpp"

namespace gilfree::scanners {
namespace {

class PyprojectReader {
 public:
  PyprojectReader(std::string path, DependencyScan& scan) : path_(std::move(path)), scan_(scan) {}

  void read(const toml::table& document) {
    if (auto project = table_at(document, "project")) {
      read_pep508_array(project->get("dependencies"), "project.dependencies", "project");
      if (auto extras = table_at(*project, "optional-dependencies", "project.")) {
        for (const auto& [extra, list] : *extras) {
          read_pep508_array(&list, "project.optional-dependencies." + std::string(extra.str()),
                            "extra:" + std::string(extra.str()));
        }
      }
    }
    if (auto groups = table_at(document, "dependency-groups")) read_dependency_groups(*groups);
    read_poetry(document);
  }

 private:
  static int line_of(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

  void problem(int line, const std::string& message) { scan_.problems.push_back({path_, line, message}); }

  // The sub-table `key`, or nullptr; a `key` of another type is reported.
  const toml::table* table_at(const toml::table& parent, std::string_view key, const std::string& prefix = "") {
    const auto* node = parent.get(key);
    if (node == nullptr) return nullptr;
    if (const auto* table = node->as_table()) return table;
    problem(line_of(*node), "'" + prefix + std::string(key) + "' must be a table");
    return nullptr;
  }

  void add(const toml::node& node, const ParsedRequirement& parsed, const std::string& group) {
    scan_.dependencies.push_back(declared_dependency(parsed, path_, line_of(node), group));
  }

  void read_pep508(const toml::node& item, const std::string& where, const std::string& group) {
    const auto* text = item.as_string();
    if (text == nullptr) return problem(line_of(item), "'" + where + "' entries must be strings");
    auto parsed = parse_requirement(text->get());
    if (!parsed.error.empty()) return problem(line_of(item), "invalid requirement in '" + where + "': " + parsed.error);
    add(item, parsed, group);
  }

  void read_pep508_array(const toml::node* node, const std::string& where, const std::string& group) {
    if (node == nullptr) return;
    const auto* array = node->as_array();
    if (array == nullptr) return problem(line_of(*node), "'" + where + "' must be an array of requirement strings");
    for (const auto& item : *array) read_pep508(item, where, group);
  }

  // PEP 735: each group is a list of requirement strings and {include-group = "name"} tables.
  void read_dependency_groups(const toml::table& groups) {
    for (const auto& [key, list] : groups) {
      std::string name(key.str());
      std::string where = "dependency-groups." + name;
      const auto* array = list.as_array();
      if (array == nullptr) {
        problem(line_of(list), "'" + where + "' must be an array");
        continue;
      }
      for (const auto& item : *array) {
        if (const auto* include = item.as_table()) {
          check_include_group(groups, *include, name, where);
        } else {
          read_pep508(item, where, "group:" + name);
        }
      }
    }
  }

  void check_include_group(const toml::table& groups, const toml::table& include, const std::string& from,
                           const std::string& where) {
    auto target = include["include-group"].value<std::string>();
    if (!target || include.size() != 1) {
      return problem(line_of(include), "'" + where + "' tables must be {include-group = \"NAME\"}");
    }
    if (groups.get(*target) == nullptr) {
      return problem(line_of(include), "'" + where + "' includes group '" + *target + "', which is not defined");
    }
    if (includes_group(groups, *target, from, {})) {
      problem(line_of(include), "'" + where + "' includes '" + *target + "', which includes '" + from + "' again (a cycle)");
    }
  }

  static bool includes_group(const toml::table& groups, const std::string& group, const std::string& wanted,
                             std::set<std::string> seen) {
    if (group == wanted) return true;
    if (!seen.insert(group).second) return false;
    const auto* array = groups[group].as_array();
    if (array == nullptr) return false;
    for (const auto& item : *array) {
      const auto* include = item.as_table();
      if (include == nullptr) continue;
      auto next = (*include)["include-group"].value<std::string>();
      if (next && includes_group(groups, *next, wanted, seen)) return true;
    }
    return false;
  }

  void read_poetry(const toml::table& document) {
    const auto* tool = document["tool"].as_table();
    const auto* poetry = tool == nullptr ? nullptr : (*tool)["poetry"].as_table();
    if (poetry == nullptr) return;
    read_poetry_table(poetry->get("dependencies"), "tool.poetry.dependencies", "poetry:main");
    read_poetry_table(poetry->get("dev-dependencies"), "tool.poetry.dev-dependencies", "poetry:dev");
    if (auto groups = table_at(*poetry, "group", "tool.poetry.")) {
      for (const auto& [key, group] : *groups) {
        std::string name(key.str());
        const auto* table = group.as_table();
        if (table == nullptr) {
          problem(line_of(group), "'tool.poetry.group." + name + "' must be a table");
          continue;
        }
        read_poetry_table(table->get("dependencies"), "tool.poetry.group." + name + ".dependencies", "poetry:" + name);
      }
    }
  }

  void read_poetry_table(const toml::node* node, const std::string& where, const std::string& group) {
    if (node == nullptr) return;
    const auto* table = node->as_table();
    if (table == nullptr) return problem(line_of(*node), "'" + where + "' must be a table");
    for (const auto& [key, value] : *table) {
      std::string name(key.str());
      if (name == "python") continue;  // the interpreter constraint, not a package
      if (const auto* alternatives = value.as_array()) {  // several constraints by marker
        for (const auto& alternative : *alternatives) read_poetry_entry(name, alternative, where, group);
      } else {
        read_poetry_entry(name, value, where, group);
      }
    }
  }

  void read_poetry_entry(const std::string& name, const toml::node& value, const std::string& where,
                         const std::string& group) {
    auto parsed = parse_requirement(name);
    if (!parsed.error.empty() || !parsed.specifier.empty()) {
      return problem(line_of(value), "invalid package name '" + name + "' in '" + where + "'");
    }
    if (const auto* constraint = value.as_string()) {
      parsed.specifier = constraint->get();
    } else if (const auto* table = value.as_table()) {
      parsed.specifier = (*table)["version"].value_or(std::string{});
      parsed.marker = (*table)["markers"].value_or(std::string{});
      if (const auto* extras = (*table)["extras"].as_array()) {
        for (const auto& extra : *extras) {
          if (auto text = extra.value<std::string>()) parsed.extras.push_back(*text);
        }
      }
      for (const char* source : {"git", "path", "url", "file"}) {
        if (auto location = (*table)[source].value<std::string>()) parsed.specifier = "@ " + *location;
      }
    } else {
      return problem(line_of(value), "'" + where + "." + name + "' must be a version string or a table");
    }
    if (parsed.specifier == "*") parsed.specifier.clear();
    auto exact = parsed.specifier.rfind("==", 0) == 0 ? parsed.specifier.substr(2) : parsed.specifier;
    if (!exact.empty() && std::isdigit(static_cast<unsigned char>(exact.front())) != 0 &&
        exact.find_first_of(",<>=!~^* ") == std::string::npos) {
      parsed.version = exact;  // Poetry reads a bare version as an exact pin
    }
    add(value, parsed, group);
  }

  std::string path_;
  DependencyScan& scan_;
};

}  // namespace

void read_pyproject(const std::filesystem::path& file, const std::filesystem::path& root, DependencyScan& scan) {
  auto shown = display_path(file, root);
  auto content = read_dependency_file(file, shown, scan);
  if (!content) return;
  toml::table document;
  try {
    document = toml::parse(*content, shown);
  } catch (const toml::parse_error& error) {
    scan.problems.push_back({shown, static_cast<int>(error.source().begin.line),
                             "invalid TOML: " + std::string(error.description()) + "; no dependencies read from this file"});
    return;
  }
  PyprojectReader(shown, scan).read(document);
}

}  // namespace gilfree::scanners
