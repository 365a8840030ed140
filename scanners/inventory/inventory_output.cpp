// Text and JSON renderings of an Inventory.
#include <fmt/format.h>

#include <map>
#include <set>

#include "common/stage_document.hpp"
#include "scanners/engine/finding_json.hpp"
#include "scanners/inventory/inventory_project.hpp"

namespace gilfree::scanners {
namespace {

std::string label(const DependencyEntry& entry) {
  std::string text = entry.name;
  if (!entry.version.empty()) return text + " " + entry.version;
  for (const auto& declaration : entry.declarations) {
    if (!declaration.specifier.empty()) return text + " " + declaration.specifier;
  }
  return text;
}

std::string first_place(const DependencyEntry& entry) {
  if (!entry.declarations.empty()) {
    return entry.declarations.front().path + ":" + std::to_string(entry.declarations.front().line);
  }
  return entry.version_from;
}

std::string verdict_label(const std::string& verdict) { return verdict == "blocker" ? "BLOCKER" : verdict; }

void dependencies_text(const Inventory& inventory, std::string& out) {
  int direct = 0;
  for (const auto& entry : inventory.dependencies) direct += entry.direct ? 1 : 0;
  int locked_only = static_cast<int>(inventory.dependencies.size()) - direct;
  out += fmt::format("Dependencies: {} declared, {} more locked ({} files read; knowledge: {} packages)\n", direct,
                     locked_only, inventory.files.size(), inventory.knowledge_entries);
  if (inventory.files.empty()) {
    out += "  no dependency files found (pyproject.toml, requirements*.txt, requirements/*.txt, uv.lock, poetry.lock, pdm.lock)\n";
  }
  std::map<std::string, int> transitive_counts;
  for (const auto& entry : inventory.dependencies) {
    if (!entry.direct && entry.verdict != "blocker") {
      ++transitive_counts[entry.verdict];
      continue;
    }
    out += fmt::format("  {:<8} {:<24} {:<26} {}\n", verdict_label(entry.verdict), label(entry), first_place(entry),
                       entry.reason);
    if (entry.verdict == "blocker" && entry.fact) {
      out += fmt::format("  {:<8} source: {} ({}){}\n", "", entry.fact->source, entry.fact->date,
                         entry.fact->url.empty() ? "" : " " + entry.fact->url);
    }
  }
  if (!transitive_counts.empty()) {
    std::string counts;
    for (const auto& [verdict, count] : transitive_counts) {
      counts += (counts.empty() ? "" : ", ") + std::to_string(count) + " " + verdict;
    }
    out += "  locked, not declared: " + counts + " (each one in --format json)\n";
  }
}

void probe_text(const Inventory& inventory, std::string& out) {
  if (!inventory.probe) {
    out += "\nExtension modules: probe skipped: " + inventory.probe_skipped + "\n";
    return;
  }
  const auto& probe = *inventory.probe;
  out += fmt::format("\nExtension modules: {} in {} (Python {}, default GIL mode, each imported in its own process)\n",
                     probe.modules.size(), probe.python, probe.python_version);
  if (inventory.environment) out += "  " + inventory.environment->summary + "\n";
  int quiet = 0;
  for (const auto& module : probe.modules) {
    if (module.outcome == ImportOutcome::gil_stays_off && probe.modules.size() > 20) {
      ++quiet;
      continue;
    }
    out += fmt::format("  {:<14} {:<28} {:<30} {}\n", outcome_name(module.outcome), module.module,
                       module.abi_tag.empty() ? "(no ABI tag)" : module.abi_tag, module.detail);
  }
  if (quiet > 0) out += fmt::format("  gil-stays-off  {} more modules\n", quiet);
}

void sources_text(const Inventory& inventory, std::string& out) {
  if (!inventory.sources) return;
  const auto& sources = *inventory.sources;
  out += fmt::format("\nExtension sources: {} file{} checked, {} module{} defined\n", sources.files_scanned,
                     sources.files_scanned == 1 ? "" : "s", sources.modules.size(), sources.modules.size() == 1 ? "" : "s");
  for (const auto& module : sources.modules) {
    out += fmt::format("  {:<14} {} ({}, {}:{})\n", module.declares_free_threading ? "declared" : "NOT declared",
                       module.name, module.kind, module.path, module.line);
  }
  for (const auto& finding : sources.findings) {
    out += fmt::format("{}:{}:{}: {} {}\n    hint: {}\n", finding.path, finding.line, finding.column,
                       finding.rule_id, finding.message, finding.hint);
  }
}

nlohmann::json fact_json(const PackageFact& fact) {
  return {{"status", status_name(fact.status)}, {"first_version", fact.first_version}, {"source", fact.source},
          {"url", fact.url},                    {"date", fact.date},                   {"note", fact.note}};
}

nlohmann::json environment_json(const Inventory& inventory) {
  if (!inventory.environment) return nullptr;
  auto json = inventory.environment->details;
  json["summary"] = inventory.environment->summary;
  return json;
}

nlohmann::json probe_json(const Inventory& inventory) {
  if (!inventory.probe) return {{"ran", false}, {"skipped", inventory.probe_skipped}};
  nlohmann::json modules = nlohmann::json::array();
  for (const auto& module : inventory.probe->modules) {
    modules.push_back({{"module", module.module}, {"file", module.file}, {"abi_tag", module.abi_tag},
                       {"distributions", module.distributions}, {"outcome", outcome_name(module.outcome)},
                       {"blocker", is_blocker(module.outcome)}, {"detail", module.detail},
                       {"seconds", module.seconds}});
  }
  return {{"ran", true}, {"python", inventory.probe->python}, {"python_version", inventory.probe->python_version},
          {"site_directories", inventory.probe->site_directories}, {"mode", "default"},
          {"environment", environment_json(inventory)}, {"modules", modules}};
}

nlohmann::json sources_json(const Inventory& inventory) {
  if (!inventory.sources) return nullptr;
  nlohmann::json modules = nlohmann::json::array();
  for (const auto& module : inventory.sources->modules) {
    modules.push_back({{"name", module.name}, {"kind", module.kind}, {"path", module.path}, {"line", module.line},
                       {"declares_free_threading", module.declares_free_threading}});
  }
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& finding : inventory.sources->findings) findings.push_back(finding_json(finding));
  return {{"files_scanned", inventory.sources->files_scanned}, {"modules", modules}, {"findings", findings}};
}

}  // namespace

std::vector<std::string> problem_lines(const std::vector<InventoryProblem>& problems) {
  // A message shared by more files than this is one line: CPython's Modules/
  // has 200 files that tree-sitter's C grammar does not parse in full.
  constexpr std::size_t kListedFiles = 3;
  std::map<std::string, std::vector<const InventoryProblem*>> by_message;
  for (const auto& problem : problems) by_message[problem.message].push_back(&problem);
  std::vector<std::string> lines;
  std::set<std::string> grouped;
  for (const auto& problem : problems) {
    const auto& same = by_message[problem.message];
    if (same.size() <= kListedFiles) {
      lines.push_back(problem.path + (problem.line > 0 ? ":" + std::to_string(problem.line) : "") + ": " + problem.message);
    } else if (grouped.insert(problem.message).second) {
      std::string first;
      for (std::size_t i = 0; i < kListedFiles; ++i) first += (i ? ", " : "") + same[i]->path;
      lines.push_back(fmt::format("{} files ({}, ...; the JSON report lists them all): {}", same.size(), first, problem.message));
    }
  }
  return lines;
}

std::string inventory_to_text(const Inventory& inventory) {
  std::string out = "gilfree inventory: " + inventory.root + "\n\n";
  dependencies_text(inventory, out);
  probe_text(inventory, out);
  sources_text(inventory, out);
  if (!inventory.problems.empty()) {
    out += fmt::format("\nInput problems ({}; everything else above was still read):\n", inventory.problems.size());
    for (const auto& line : problem_lines(inventory.problems)) out += "  " + line + "\n";
  }
  out += fmt::format("\n{} blocker{}, {} unknown, {} input problem{}\n", inventory.blockers(),
                     inventory.blockers() == 1 ? "" : "s", inventory.unknown(), inventory.problems.size(),
                     inventory.problems.size() == 1 ? "" : "s");
  return out;
}

nlohmann::json inventory_to_json(const Inventory& inventory) {
  nlohmann::json dependencies = nlohmann::json::array();
  for (const auto& entry : inventory.dependencies) {
    nlohmann::json declared = nlohmann::json::array();
    for (const auto& d : entry.declarations) {
      declared.push_back({{"path", d.path}, {"line", d.line}, {"group", d.group}, {"specifier", d.specifier},
                          {"extras", d.extras}, {"marker", d.marker}});
    }
    dependencies.push_back({{"name", entry.name}, {"normalized", normalize_package_name(entry.name)},
                            {"direct", entry.direct}, {"version", entry.version},
                            {"version_from", entry.version_from}, {"verdict", entry.verdict},
                            {"reason", entry.reason}, {"knowledge", entry.fact ? fact_json(*entry.fact) : nullptr},
                            {"declared", declared}});
  }
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& p : inventory.problems) problems.push_back({{"path", p.path}, {"line", p.line}, {"message", p.message}});
  return {{"kind", runtime::kInventoryDocument.kind},
          {"schema_version", runtime::kInventoryDocument.schema_version},
          {"tool", "gilfree"},
          {"command", "inventory"},
          {"version", GILFREE_VERSION},
          {"root", inventory.root},
          {"files", inventory.files},
          {"knowledge", {{"file", inventory.knowledge_file}, {"packages", inventory.knowledge_entries}}},
          {"dependencies", dependencies},
          {"probe", probe_json(inventory)},
          {"sources", sources_json(inventory)},
          {"problems", problems},
          {"summary", {{"blockers", inventory.blockers()}, {"unknown", inventory.unknown()},
                       {"problems", inventory.problems.size()}}}};
}

}  // namespace gilfree::scanners
