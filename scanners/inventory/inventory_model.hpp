#pragma once
// What `gilfree inventory` finds: declared and locked dependencies, extension
// modules probed in an environment, findings in the project's own extension
// sources, and problems with the input files (each naming file and line).
#include <string>
#include <vector>

#include "scanners/engine/source_file.hpp"

namespace gilfree::scanners {

// A problem with an input file; the inventory goes on with the rest.
struct InventoryProblem {
  std::string path;  // as shown to the user (relative to the project root when inside it)
  int line = 0;      // 1-based; 0 when the problem is about the whole file
  std::string message;
};

// One dependency as one file declares (or locks) it.
struct DeclaredDependency {
  std::string name;        // as written
  std::string specifier;   // ">=1.2,<2", a Poetry constraint "^1.2", or "@ URL"
  std::vector<std::string> extras;
  std::string marker;      // PEP 508 environment marker, without the ';'
  std::string version;     // an exact version: locked, or pinned with == / ===
  std::string path;        // the declaring file
  int line = 0;
  std::string group;       // "project", "extra:NAME", "group:NAME", "poetry:NAME",
                           // "requirements", "constraint", "lock"
};

// The PEP 503 normalized form of a distribution name: lower case, runs of
// '-', '_' and '.' become one '-'.
std::string normalize_package_name(const std::string& name);

// Where inventory input came from, collected by each reader.
struct DependencyScan {
  std::vector<DeclaredDependency> dependencies;
  std::vector<InventoryProblem> problems;
  std::vector<std::string> files;  // every file read, as shown to the user
};

}  // namespace gilfree::scanners
