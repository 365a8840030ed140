#pragma once
// PEP 508 requirement strings and pip requirements files.
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "scanners/inventory/inventory_model.hpp"

namespace gilfree::scanners {

// One PEP 508 requirement; `error` is non-empty (one line) when it does not parse.
struct ParsedRequirement {
  std::string name;
  std::vector<std::string> extras;
  std::string specifier;  // version clauses as written, or "@ URL"
  std::string marker;
  std::string version;    // set for a single `==V` (no wildcard) or `===V`
  std::string error;
};

ParsedRequirement parse_requirement(std::string_view text);

// The interpreter a marker is evaluated for; an empty field is not known.
struct MarkerEnvironment {
  std::string python_version;       // "3.13"
  std::string python_full_version;  // "3.13.5"
};

// Whether a PEP 508 marker holds for a free-threaded CPython described by
// `environment`: nullopt when it depends on anything else (platform, extra)
// or does not parse.
std::optional<bool> evaluate_marker(std::string_view marker, const MarkerEnvironment& environment);

// The dependency a parsed requirement declares at path:line.
DeclaredDependency declared_dependency(const ParsedRequirement& parsed, std::string path, int line, std::string group);

// Reads a pip requirements file and, recursively, the files it includes with
// -r/--requirement and -c/--constraint (relative to the including file).
// `visited` holds canonical paths already read: a file is read once, and an
// include cycle is reported at the line that closes it.
class RequirementsReader {
 public:
  RequirementsReader(std::filesystem::path root, DependencyScan& scan) : root_(std::move(root)), scan_(scan) {}
  void read(const std::filesystem::path& file);

 private:
  void read_file(const std::filesystem::path& file, bool constraints);
  void read_line(const std::filesystem::path& file, int line, std::string text, bool constraints);
  void include(const std::filesystem::path& from, int line, const std::string& target, bool constraints);
  void add_requirement(const std::filesystem::path& file, int line, const std::string& text, bool constraints);
  void add_direct_reference(const std::filesystem::path& file, int line, const std::string& text, bool constraints);
  void problem(const std::filesystem::path& file, int line, const std::string& message);

  std::filesystem::path root_;
  DependencyScan& scan_;
  std::set<std::filesystem::path> visited_;
  std::vector<std::filesystem::path> stack_;  // files being read, outermost first
};

}  // namespace gilfree::scanners
