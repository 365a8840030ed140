#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "report/plan_builder.hpp"

namespace gilfree::report {

// Reads scan.json, run.json (or shards run-*.json, merged), inventory.json and
// bench.json from `dir` (what CI jobs produced separately). Throws UserError
// when none is there, or one is not valid JSON or not of its schema and
// version (plan_input_schema.hpp).
PlanInputs read_plan_inputs(const std::filesystem::path& dir, const std::string& project);

// Runs `gilfree scan`, `inventory`, `run` and `bench` on `project`, writing
// their JSON into `out_dir`, then reads them back. A step that fails is
// reported in `problems` and its stages say "not measured".
struct CollectOptions {
  int repeat = 3;   // gilfree run --repeat: no-GIL runs per test, for flakiness (stage 3)
  int threads = 2;  // gilfree run --threads: each test body in this many threads (stage 3)
};
PlanInputs collect_plan_inputs(const std::filesystem::path& project, const std::filesystem::path& out_dir,
                               const CollectOptions& options, std::vector<std::string>& problems);

// The project's directory name, for the report title.
std::string project_name(const std::filesystem::path& project);

// One file of `gilfree run --json`, from one machine of --shard K/N.
struct RunShard {
  std::filesystem::path file;  // for error messages
  nlohmann::json document;
};

// Merges the shards into one document. Throws UserError when one does not
// match the run schema, or when a test is in two shards.
nlohmann::json merge_run_shards(const std::vector<RunShard>& shards);

}  // namespace gilfree::report
