#include "scanners/inventory/inventory_lockfiles.hpp"

#include <sstream>
#include <string_view>
#include <toml++/toml.h>

#include "scanners/inventory/inventory_paths.hpp"
#include "scanners/inventory/inventory_text_file.hpp"

namespace gilfree::scanners {
namespace {

// One piece of a lock file that is parsed on its own, and where it starts.
struct Block {
  std::string text;
  int first_line = 1;
};

// A line that opens a package entry: `[[package]]`, also written `[[ package ]]`,
// or broken (`[[package]`, `[package]`, `[ [package] ]`). Not a sub-table such
// as `[package.extras]`. A broken header must start a block of its own: left in
// the entry above, it would make that valid entry fail to parse too.
bool is_package_header(std::string_view line) {
  std::size_t at = 0;
  auto skip_blanks = [&] {
    while (at < line.size() && (line[at] == ' ' || line[at] == '\t' || line[at] == '\r')) ++at;
  };
  skip_blanks();
  int brackets = 0;
  while (at < line.size() && line[at] == '[' && brackets < 2) {
    ++at;
    ++brackets;
    skip_blanks();
  }
  if (brackets == 0 || line.substr(at, 7) != "package") return false;
  at += 7;
  skip_blanks();
  return at == line.size() || line[at] == ']' || line[at] == '#';
}

// The preamble and each [[package]] block (with its sub-tables) as separate
// TOML documents.
std::vector<Block> split_into_package_blocks(const std::string& content) {
  std::vector<Block> blocks{{"", 1}};
  std::istringstream lines(content);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (is_package_header(line)) blocks.push_back({"", number});
    blocks.back().text += line;
    blocks.back().text += '\n';
  }
  return blocks;
}

class LockReader {
 public:
  LockReader(std::string path, DependencyScan& scan) : path_(std::move(path)), scan_(scan) {}

  void read(const std::string& content) {
    try {
      read_packages(toml::parse(content, path_), 0);
      return;
    } catch (const toml::parse_error&) {
      // Parsed again block by block below, which reports each broken block.
    }
    auto blocks = split_into_package_blocks(content);
    for (size_t i = 0; i < blocks.size(); ++i) {
      try {
        auto document = toml::parse(blocks[i].text, path_);
        if (i > 0) read_packages(document, blocks[i].first_line - 1);
      } catch (const toml::parse_error& error) {
        problem(blocks[i].first_line - 1 + static_cast<int>(error.source().begin.line),
                "invalid TOML: " + std::string(error.description()) +
                    (i == 0 ? "; reading the [[package]] entries anyway" : "; this [[package]] entry is skipped"));
      }
    }
  }

 private:
  void problem(int line, const std::string& message) { scan_.problems.push_back({path_, line, message}); }

  void read_packages(const toml::table& document, int line_offset) {
    const auto* node = document.get("package");
    if (node == nullptr) return;
    const auto* packages = node->as_array();
    if (packages == nullptr) {
      return problem(line_offset + static_cast<int>(node->source().begin.line), "'package' must be an array of tables ([[package]])");
    }
    for (const auto& entry : *packages) read_package(entry, line_offset);
  }

  void read_package(const toml::node& entry, int line_offset) {
    int line = line_offset + static_cast<int>(entry.source().begin.line);
    const auto* package = entry.as_table();
    if (package == nullptr) return problem(line, "a [[package]] entry must be a table");
    auto name = (*package)["name"].value<std::string>();
    auto version = (*package)["version"].value<std::string>();
    if (!name) return problem(line, "[[package]] entry without a 'name' string; skipped");
    // uv: the project itself and workspace members are editable/virtual, not dependencies.
    if (const auto* source = (*package)["source"].as_table()) {
      if (source->contains("editable") || source->contains("virtual")) return;
    }
    if (!version) {
      // uv leaves out the version of dynamic-version local packages; nothing to compare.
      problem(line, "[[package]] '" + *name + "' has no 'version' string; listed without a version");
    }
    DeclaredDependency dependency;
    dependency.name = *name;
    dependency.version = version.value_or("");
    dependency.path = path_;
    dependency.line = line;
    dependency.group = "lock";
    scan_.dependencies.push_back(std::move(dependency));
  }

  std::string path_;
  DependencyScan& scan_;
};

}  // namespace

void read_lock_file(const std::filesystem::path& file, const std::filesystem::path& root, DependencyScan& scan) {
  auto shown = display_path(file, root);
  auto content = read_dependency_file(file, shown, scan);
  if (!content) return;
  LockReader(shown, scan).read(*content);
}

}  // namespace gilfree::scanners
