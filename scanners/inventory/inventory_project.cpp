#include "scanners/inventory/inventory_project.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <thread>

#include "common/errors.hpp"
#include "common/thread_pool.hpp"
#include "runtime/interpreter_probe.hpp"
#include "runtime/runtime_location.hpp"
#include "scanners/inventory/inventory_lockfiles.hpp"
#include "scanners/inventory/inventory_pyproject.hpp"
#include "scanners/inventory/inventory_requirements.hpp"
#include "scanners/inventory/inventory_version.hpp"

namespace gilfree::scanners {
namespace {

bool is_requirements_name(const std::string& name) {
  auto txt = name.size() > 4 && (name.substr(name.size() - 4) == ".txt" || name.substr(name.size() - 3) == ".in");
  return txt && name.rfind("requirements", 0) == 0;
}

std::string where(const DeclaredDependency& dependency) {
  return dependency.path + ":" + std::to_string(dependency.line);
}

// The probe's modules that belong to a distribution (by normalized name).
std::vector<const ProbedModule*> modules_of(const ProbeReport* probe, const std::string& normalized) {
  std::vector<const ProbedModule*> found;
  if (probe == nullptr) return found;
  for (const auto& module : probe->modules) {
    for (const auto& distribution : module.distributions) {
      if (normalize_package_name(distribution) == normalized) {
        found.push_back(&module);
        break;
      }
    }
  }
  return found;
}

// The installed modules' outcome decides what the knowledge file cannot.
bool judge_by_probe(DependencyEntry& entry, const std::vector<const ProbedModule*>& modules) {
  if (modules.empty()) return false;
  for (const auto* module : modules) {
    if (is_blocker(module->outcome)) {
      entry.verdict = "blocker";
      entry.reason = "probe: importing " + module->module + " gave " + std::string(outcome_name(module->outcome)) +
                     " (" + module->detail + ")";
      return true;
    }
  }
  bool all_off = std::all_of(modules.begin(), modules.end(),
                             [](const ProbedModule* m) { return m->outcome == ImportOutcome::gil_stays_off; });
  if (!all_off) return false;
  entry.verdict = "ok";
  entry.reason = "probe: all " + std::to_string(modules.size()) + " of its installed extension modules keep the GIL off";
  return true;
}

void judge_supported(DependencyEntry& entry, const PackageFact& fact) {
  auto first = parse_version(fact.first_version);
  if (!first) {
    entry.verdict = "ok";
    entry.reason = "supports free-threading (first version not recorded)";
    return;
  }
  if (!entry.version.empty()) {
    auto version = parse_version(entry.version);
    if (version && *version < *first) {
      entry.verdict = "blocker";
      entry.reason = entry.version + " (" + entry.version_from + ") is older than " + fact.first_version +
                     ", the first release with free-threading support";
      return;
    }
    if (version) {
      entry.verdict = "ok";
      entry.reason = entry.version + " >= " + fact.first_version + ", the first release with free-threading support";
      return;
    }
  }
  for (const auto& declaration : entry.declarations) {
    if (!declaration.specifier.empty() && declaration.specifier.front() != '@' &&
        specifier_stays_below(declaration.specifier, *first)) {
      entry.verdict = "blocker";
      entry.reason = "'" + declaration.specifier + "' (" + where(declaration) + ") excludes " + fact.first_version +
                     ", the first release with free-threading support";
      return;
    }
  }
  entry.verdict = "ok";
  entry.reason = "needs >= " + fact.first_version + " for free-threading support";
}

void judge(DependencyEntry& entry, const std::vector<const ProbedModule*>& modules) {
  if (!entry.fact) {
    if (judge_by_probe(entry, modules)) return;
    entry.verdict = "unknown";
    entry.reason = "not in the knowledge file";
    return;
  }
  const auto& fact = *entry.fact;
  switch (fact.status) {
    case PackageStatus::unsupported:
      entry.verdict = "blocker";
      entry.reason = "does not support free-threading";
      return;
    case PackageStatus::pure_python:
      entry.verdict = "ok";
      entry.reason = "pure Python: no extension module to re-enable the GIL";
      return;
    case PackageStatus::unknown:
      if (judge_by_probe(entry, modules)) return;
      entry.verdict = "unknown";
      entry.reason = "has compiled parts; status not established: not installed where the probe ran";
      return;
    case PackageStatus::supported:
      if (judge_by_probe(entry, modules) && entry.verdict == "blocker") return;
      return judge_supported(entry, fact);
  }
}

// A package every declaration of which is for other interpreters (and that
// no lock file pins) is not installed on the target at all.
bool excluded_by_markers(DependencyEntry& entry, const MarkerEnvironment& target) {
  if (entry.declarations.empty() || entry.version_from.find(".lock") != std::string::npos) return false;
  for (const auto& declaration : entry.declarations) {
    if (declaration.marker.empty() || evaluate_marker(declaration.marker, target) != false) return false;
  }
  entry.verdict = "ok";
  entry.reason = "not installed on CPython " + target.python_version + ": '" + entry.declarations.front().marker + "'";
  return true;
}

// The interpreter markers are evaluated for: the probed one, else the runtime's minor version.
MarkerEnvironment marker_target(const Inventory& inventory) {
  MarkerEnvironment target;
  if (inventory.probe && !inventory.probe->python_version.empty()) {
    target.python_full_version = inventory.probe->python_version;
    auto second_dot = target.python_full_version.find('.', target.python_full_version.find('.') + 1);
    target.python_version = target.python_full_version.substr(0, second_dot);
  } else {
    target.python_version = runtime::locate_runtime().minor;
  }
  return target;
}

unsigned default_jobs() { return std::min(resolve_jobs(0), 4u); }

}  // namespace

int Inventory::blockers() const {
  int count = static_cast<int>(std::count_if(dependencies.begin(), dependencies.end(),
                                             [](const DependencyEntry& e) { return e.verdict == "blocker"; }));
  if (probe) {
    for (const auto& module : probe->modules) count += is_blocker(module.outcome) ? 1 : 0;
  }
  if (sources) {
    for (const auto& finding : sources->findings) count += finding.severity == Severity::error ? 1 : 0;
  }
  return count;
}

int Inventory::unknown() const {
  return static_cast<int>(std::count_if(dependencies.begin(), dependencies.end(),
                                        [](const DependencyEntry& e) { return e.verdict == "unknown"; }));
}

std::vector<std::filesystem::path> find_dependency_files(const std::filesystem::path& root) {
  std::vector<std::filesystem::path> requirements;
  std::error_code ec;
  for (const auto& directory : {root, root / "requirements"}) {
    if (!std::filesystem::is_directory(directory, ec)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
      auto name = entry.path().filename().string();
      bool wanted = directory == root ? is_requirements_name(name)
                                      : (name.size() > 4 && name.substr(name.size() - 4) == ".txt");
      if (wanted && !entry.is_directory(ec)) requirements.push_back(entry.path());
    }
  }
  std::sort(requirements.begin(), requirements.end());
  std::vector<std::filesystem::path> files;
  if (std::filesystem::exists(root / "pyproject.toml", ec)) files.push_back(root / "pyproject.toml");
  files.insert(files.end(), requirements.begin(), requirements.end());
  for (const char* lock : {"uv.lock", "poetry.lock", "pdm.lock"}) {
    if (std::filesystem::exists(root / lock, ec)) files.push_back(root / lock);
  }
  return files;
}

std::vector<DependencyEntry> assess_dependencies(const std::vector<DeclaredDependency>& declared,
                                                 const Knowledge& knowledge, const ProbeReport* probe,
                                                 const MarkerEnvironment& target) {
  std::vector<DependencyEntry> entries;
  std::map<std::string, size_t> index;
  std::set<std::string> locked;
  for (const auto& dependency : declared) {
    auto key = normalize_package_name(dependency.name);
    auto [it, inserted] = index.emplace(key, entries.size());
    if (inserted) {
      entries.emplace_back();
      entries.back().name = dependency.name;
    }
    auto& entry = entries[it->second];
    bool is_lock = dependency.group == "lock";
    if (is_lock) locked.insert(key);
    if (!is_lock && dependency.group != "constraint") entry.direct = true;
    // A locked version wins over a pin; the first of each kind is kept.
    bool better = entry.version.empty() || (is_lock && entry.version_from.find(".lock") == std::string::npos);
    bool applies = dependency.marker.empty() || evaluate_marker(dependency.marker, target) != false;
    if (!dependency.version.empty() && better && applies) {
      entry.version = dependency.version;
      entry.version_from = where(dependency);
    }
    if (!is_lock) entry.declarations.push_back(dependency);
  }
  // A name only constrained (-c), neither declared nor locked, is not a dependency.
  entries.erase(std::remove_if(entries.begin(), entries.end(),
                               [&](const DependencyEntry& e) {
                                 return !e.direct && locked.count(normalize_package_name(e.name)) == 0;
                               }),
                entries.end());
  for (auto& entry : entries) {
    if (const auto* fact = knowledge.find(entry.name)) entry.fact = *fact;
    if (excluded_by_markers(entry, target)) continue;
    // Only declarations that apply to the target can hold it back.
    auto all = entry.declarations;
    std::erase_if(entry.declarations, [&](const DeclaredDependency& d) {
      return !d.marker.empty() && evaluate_marker(d.marker, target) == false;
    });
    judge(entry, modules_of(probe, normalize_package_name(entry.name)));
    entry.declarations = std::move(all);
  }
  std::stable_sort(entries.begin(), entries.end(), [](const DependencyEntry& a, const DependencyEntry& b) {
    if (a.direct != b.direct) return a.direct;
    if (a.direct) return false;  // direct ones keep the order of the files
    return normalize_package_name(a.name) < normalize_package_name(b.name);
  });
  return entries;
}

Inventory run_inventory(const InventoryOptions& options) {
  std::error_code ec;
  if (!std::filesystem::exists(options.root, ec)) {
    throw UserError("project path " + options.root.string() + " does not exist; pass the project's directory");
  }
  if (!std::filesystem::is_directory(options.root, ec)) {
    throw UserError("project path " + options.root.string() + " is not a directory; pass the project's directory");
  }
  Inventory inventory;
  inventory.root = options.root.string();
  auto knowledge = options.knowledge ? Knowledge::load(*options.knowledge) : Knowledge::load_shipped();
  inventory.knowledge_file = knowledge.path().string();
  inventory.knowledge_entries = knowledge.size();

  DependencyScan scan;
  RequirementsReader requirements(options.root, scan);
  for (const auto& file : find_dependency_files(options.root)) {
    auto name = file.filename().string();
    if (name == "pyproject.toml") read_pyproject(file, options.root, scan);
    else if (name == "uv.lock" || name == "poetry.lock" || name == "pdm.lock") read_lock_file(file, options.root, scan);
    else requirements.read(file);
  }
  inventory.files = scan.files;
  inventory.problems = scan.problems;

  if (options.probe) {
    std::filesystem::path python =
        options.python ? runtime::interpreter_path(*options.python) : runtime::locate_runtime().python();
    if (options.python && !std::filesystem::exists(python, ec)) {
      throw UserError("--python " + python.string() + " does not exist (nor on PATH); pass the path of a free-threaded python");
    }
    if (!options.python && !std::filesystem::exists(python, ec)) {
      inventory.probe_skipped = "the embedded runtime is not installed (" + python.string() +
                                "); run 'make build' or pass --python PATH";
    } else {
      if (!options.python && options.project_env) {
        inventory.environment = options.project_env(std::filesystem::canonical(options.root));
        if (inventory.environment) python = inventory.environment->python;
      }
      inventory.probe = probe_environment({python, options.probe_timeout, options.jobs ? options.jobs : default_jobs()});
    }
  } else {
    inventory.probe_skipped = "--no-probe";
  }
  inventory.dependencies = assess_dependencies(scan.dependencies, knowledge, inventory.probe ? &*inventory.probe : nullptr,
                                               marker_target(inventory));

  if (options.sources) {
    inventory.sources = scan_extension_sources(options.root);
    inventory.problems.insert(inventory.problems.end(), inventory.sources->problems.begin(),
                              inventory.sources->problems.end());
  }
  return inventory;
}

}  // namespace gilfree::scanners
