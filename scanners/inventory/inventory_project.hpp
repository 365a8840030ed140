#pragma once
// `gilfree inventory`: a project's declared and locked dependencies checked
// against the knowledge file, the extension modules of an environment probed
// by importing them, and the project's own extension sources.
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scanners/inventory/inventory_c_sources.hpp"
#include "scanners/inventory/inventory_knowledge.hpp"
#include "scanners/inventory/inventory_model.hpp"
#include "scanners/inventory/inventory_probe.hpp"
#include "scanners/inventory/inventory_requirements.hpp"

namespace gilfree::scanners {

// The project's own environment, in which the probe runs when no --python is given.
struct ProbeEnvironment {
  std::filesystem::path python;
  std::string summary;     // "environment .gilfree/env/<key> (reused; project: editable)"
  nlohmann::json details;  // what the environment holds, for --format json
};

struct InventoryOptions {
  std::filesystem::path root = ".";
  std::optional<std::filesystem::path> python;     // --python or --env; else the embedded runtime's
  // Without --python: the project's environment (made from the embedded runtime) given the
  // canonical root, nullopt when the project declares nothing. The CLI wires runner's
  // ensure_project_env here (scanners do not depend on the runner); unset: the runtime as it is.
  std::function<std::optional<ProbeEnvironment>(const std::filesystem::path& root)> project_env;
  std::optional<std::filesystem::path> knowledge;  // --knowledge; else the shipped file
  bool probe = true;
  bool sources = true;
  std::chrono::seconds probe_timeout{60};
  unsigned jobs = 0;  // 0: one per core, at most 4
};

// One package, merged over every file that declares or locks it.
struct DependencyEntry {
  std::string name;         // as first written
  bool direct = false;      // declared by the project (not only locked or constrained)
  std::vector<DeclaredDependency> declarations;
  std::string version;      // locked or pinned; empty when not known
  std::string version_from; // "uv.lock:12"
  std::optional<PackageFact> fact;
  std::string verdict;      // "ok", "blocker", "unknown"
  std::string reason;       // one line
};

struct Inventory {
  std::string root;
  std::vector<std::string> files;
  std::string knowledge_file;
  std::size_t knowledge_entries = 0;
  std::vector<DependencyEntry> dependencies;
  std::optional<ProbeReport> probe;
  std::optional<ProbeEnvironment> environment;  // where the probe ran, when it was the project's
  std::string probe_skipped;  // why the probe did not run
  std::optional<SourceScan> sources;
  std::vector<InventoryProblem> problems;

  int blockers() const;
  int unknown() const;
};

Inventory run_inventory(const InventoryOptions& options);

// The dependency files inventory reads in `root`, in reading order.
std::vector<std::filesystem::path> find_dependency_files(const std::filesystem::path& root);

// Merges declarations into one entry per package and gives each a verdict
// (exposed for unit tests). `probe` may be null. Declarations whose marker
// cannot hold for `target` (python_version < "3.13", ...) do not count.
std::vector<DependencyEntry> assess_dependencies(const std::vector<DeclaredDependency>& declared,
                                                 const Knowledge& knowledge, const ProbeReport* probe,
                                                 const MarkerEnvironment& target = {});

std::string inventory_to_text(const Inventory& inventory);
// The input problems as lines, "path:line: message"; a message that more than
// three files share is one line with the count and the first three paths.
std::vector<std::string> problem_lines(const std::vector<InventoryProblem>& problems);
nlohmann::json inventory_to_json(const Inventory& inventory);

}  // namespace gilfree::scanners
