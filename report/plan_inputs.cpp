#include "report/plan_inputs.hpp"

#include <algorithm>
#include <map>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "report/plan_input_schema.hpp"
#include "common/atomic_file.hpp"
#include "runtime/child_process.hpp"
#include "common/errors.hpp"

namespace gilfree::report {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::optional<json> read_json(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path);
  if (!in) throw UserError(fmt::format("cannot read {}; check its permissions", path.string()));
  std::stringstream text;
  text << in.rdbuf();
  try {
    return json::parse(text.str());
  } catch (const json::parse_error& error) {
    throw UserError(fmt::format("{} is not valid JSON (byte {}); produce it again with gilfree", path.string(),
                                error.byte));
  }
}

// One input, parsed and checked against its schema; nullopt when it is not there.
std::optional<json> read_input(const fs::path& path, const InputSchema& schema) {
  auto document = read_json(path);
  if (document) validate_plan_input(*document, schema, path);
  return document;
}

std::vector<fs::path> shard_files(const fs::path& dir, const std::string& prefix) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const auto name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string first_line(const std::string& text) {
  auto line = text.substr(0, text.find('\n'));
  return line.empty() ? "no message" : line;
}

// One step of the plan: a gilfree subcommand in a child process. Exit 0 and 1
// both mean "it ran" (1 = findings or failures); 2 or a signal is a problem.
bool run_step(const std::string& name, std::vector<std::string> args, const fs::path& cwd,
              const fs::path& stdout_file, std::vector<std::string>& problems) {
  runtime::ChildOptions options;
  options.argv = {runtime::self_executable().string()};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.cwd = cwd;
  options.output_limit = 512 * 1024 * 1024;
  auto result = runtime::run_child(options);
  if (result.signal != 0 || (result.exit_code != 0 && result.exit_code != 1)) {
    problems.push_back(fmt::format("{} failed ({}): {}", name,
                                   result.signal ? "signal " + std::to_string(result.signal)
                                                 : "exit " + std::to_string(result.exit_code),
                                   first_line(result.err)));
    return false;
  }
  if (!stdout_file.empty()) runtime::write_file_atomically(stdout_file, result.out);
  return true;
}

// NAME.json and its shards NAME-*.json (gilfree run --shard K/N), merged.
std::optional<json> read_runs(const fs::path& dir, const std::string& name) {
  auto files = shard_files(dir, name + "-");
  files.insert(files.begin(), dir / (name + ".json"));
  std::vector<RunShard> shards;
  for (const auto& file : files) {
    if (auto document = read_json(file)) shards.push_back({file, std::move(*document)});  // checked by the merge
  }
  if (shards.empty()) return std::nullopt;
  return merge_run_shards(shards);
}

// --shard K/N splits the tests by id, so a test id in two files means one
// shard was given twice (or run.json beside its own shards): counting both
// would report more tests than the suite has.
void refuse_repeated_tests(const std::vector<RunShard>& shards) {
  std::map<std::string, const RunShard*> first_file;
  for (const auto& shard : shards) {
    const auto& tests = shard.document.at("tests");
    for (std::size_t i = 0; i < tests.size(); ++i) {
      const auto id = tests[i].at("id").get<std::string>();
      auto [seen, fresh] = first_file.emplace(id, &shard);
      if (fresh) continue;
      throw UserError(fmt::format("{}: /tests/{}/id: the test `{}` is in {} too: the same shard given twice, or a "
                                  "whole run beside its shards; keep one file per --shard K/N",
                                  shard.file.string(), i, id, seen->second->file.string()));
    }
  }
}

}  // namespace

std::string project_name(const fs::path& project) {
  std::error_code ec;
  auto path = fs::weakly_canonical(fs::absolute(project), ec);
  if (ec) path = fs::absolute(project);
  while (path.has_relative_path() && path.filename().empty()) path = path.parent_path();
  return path.filename().empty() ? path.string() : path.filename().string();
}

json merge_run_shards(const std::vector<RunShard>& shards) {
  for (const auto& shard : shards) validate_plan_input(shard.document, run_input_schema(), shard.file);
  refuse_repeated_tests(shards);
  json merged = shards.front().document;
  for (std::size_t i = 1; i < shards.size(); ++i) {
    for (const char* key : {"tests", "modes", "gil_reenabled"}) {
      auto extra = shards[i].document.find(key);
      if (extra == shards[i].document.end() || !extra->is_array()) continue;
      auto& into = merged[key];
      if (!into.is_array()) into = json::array();
      for (const auto& entry : *extra) into.push_back(entry);
    }
  }
  return merged;
}

PlanInputs read_plan_inputs(const fs::path& dir, const std::string& project) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw UserError(fmt::format("--from {}: no such directory; point it at the folder holding the JSON "
                                "that gilfree scan/run/inventory/bench wrote", dir.string()));
  }
  PlanInputs inputs{project, read_input(dir / "scan.json", scan_input_schema()), read_runs(dir, "run"),
                    read_runs(dir, "stress"), read_input(dir / "inventory.json", inventory_input_schema()),
                    read_input(dir / "bench.json", bench_input_schema())};
  if (!inputs.scan && !inputs.run && !inputs.stress && !inputs.inventory && !inputs.bench) {
    throw UserError(fmt::format("--from {}: none of scan.json, run.json (or run-*.json), inventory.json, "
                                "bench.json is there; write them with --format json / --json",
                                dir.string()));
  }
  return inputs;
}

PlanInputs collect_plan_inputs(const fs::path& project, const fs::path& out_dir, const CollectOptions& options,
                               std::vector<std::string>& problems) {
  fs::create_directories(out_dir);
  const auto dir = fs::absolute(out_dir).string();
  const auto root = fs::absolute(project).string();
  fs::remove(out_dir / "scan.json");
  fs::remove(out_dir / "inventory.json");
  fs::remove(out_dir / "run.json");
  fs::remove(out_dir / "stress.json");
  fs::remove(out_dir / "bench.json");
  run_step("gilfree scan", {"scan", ".", "--format", "json", "--min-confidence", "low", "--select", "ALL"}, root, out_dir / "scan.json", problems);
  run_step("gilfree inventory", {"inventory", ".", "--format", "json"}, root, out_dir / "inventory.json", problems);
  run_step("gilfree run", {"run", ".", "--no-progress", "--json", dir + "/run.json"}, root, "", problems);
  run_step("gilfree run (stress)",
           {"run", ".", "--no-progress", "--mode", "gil,nogil", "--repeat", std::to_string(options.repeat),
            "--threads", std::to_string(options.threads), "--json", dir + "/stress.json"},
           root, "", problems);
  run_step("gilfree bench", {"bench", "--workload", "arith", "--threads", "1,2", "--repeat", "3", "--seconds", "0.5",
                             "--json", dir + "/bench.json", "--svg", dir + "/bench.svg"},
           root, "", problems);
  return PlanInputs{project_name(project), read_input(out_dir / "scan.json", scan_input_schema()),
                    read_input(out_dir / "run.json", run_input_schema()),
                    read_input(out_dir / "stress.json", run_input_schema()),
                    read_input(out_dir / "inventory.json", inventory_input_schema()),
                    read_input(out_dir / "bench.json", bench_input_schema())};
}

}  // namespace gilfree::report
