#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runner/run_options.hpp"

namespace gilfree::runner {

struct BenchOptions {
  std::vector<int> threads{1, 2, 4};
  int repeat = 3;                               // runs per thread count; the median is kept
  double seconds = 1.0;                         // single-thread duration the work is sized to
  std::optional<std::filesystem::path> script;  // the user's workload...
  std::string function;                         // ...and its function (called once per unit)
  std::vector<std::string> workloads;           // built-in ones to run (empty: all)
  // --python/--env/--no-env. The embedded runtime runs --script in the environment of the
  // project at `root` (its dependencies installed), the built-in workloads as it is.
  InterpreterChoice interpreter;
  std::filesystem::path root = ".";
  std::filesystem::path state_dir;  // empty: ROOT/.gilfree
};

struct BenchPoint {
  int threads = 0;
  double seconds = 0;     // median wall time for the whole (fixed) amount of work
  double speedup = 0;     // seconds at 1 thread / seconds here
  double efficiency = 0;  // speedup / threads
};

struct BenchWorkload {
  std::string name;
  long units = 0;  // calls of the workload function, the same in both modes
  std::map<std::string, std::vector<BenchPoint>> modes;  // "gil", "nogil"
  // Single-thread time without the GIL over with it: the price of free-threading.
  double nogil_single_thread_cost = 0;
};

struct BenchResult {
  int cores = 0;
  std::string interpreter;  // "embedded CPython 3.13t", "/usr/bin/python3.13t (CPython 3.13.5t)"
  std::string environment;  // env_summary() of the project's environment, empty without one
  std::vector<BenchWorkload> workloads;
};

// Runs the workloads with each thread count in the `gil` mode, then in the
// `nogil` mode (one after the other, never at once: they would share the cores).
BenchResult run_bench(const BenchOptions& options);

nlohmann::json to_json(const BenchResult& result);
BenchResult bench_from_json(const nlohmann::json& json);
std::string to_table(const BenchResult& result);

}  // namespace gilfree::runner
