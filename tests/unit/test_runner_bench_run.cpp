#include <catch2/catch.hpp>

#include "runner/bench_run.hpp"
#include "common/errors.hpp"

using namespace gilfree::runner;

namespace {
BenchResult sample() {
  BenchResult result;
  result.cores = 2;
  result.interpreter = "embedded CPython 3.13t";
  result.environment = "environment .gilfree/env/0123456789abcdef (reused; project: editable)";
  BenchWorkload workload{"crunch", 40, {}, 1.1};
  workload.modes["gil"] = {{1, 1.0, 1.0, 1.0}, {2, 1.0, 1.0, 0.5}};
  workload.modes["nogil"] = {{1, 1.1, 1.0, 1.0}, {2, 0.6, 1.83, 0.92}};
  result.workloads.push_back(workload);
  return result;
}
}  // namespace

TEST_CASE("bench results: the interpreter and the project's environment go into the JSON and the table") {
  auto json = to_json(sample());
  CHECK(json.at("interpreter") == "embedded CPython 3.13t");
  CHECK(json.at("environment") == sample().environment);
  auto back = bench_from_json(json);
  CHECK(back.interpreter == "embedded CPython 3.13t");
  CHECK(back.environment == sample().environment);
  CHECK(back.workloads.at(0).modes.at("nogil").at(1).threads == 2);

  auto table = to_table(sample());
  CHECK(table.find("2 cores, embedded CPython 3.13t; speedup") != std::string::npos);
  CHECK(table.find("\nenvironment .gilfree/env/0123456789abcdef (reused; project: editable)\n") != std::string::npos);
}

TEST_CASE("bench results: a file written before the interpreter was recorded still reads") {
  auto json = to_json(sample());
  json.erase("interpreter");
  json.erase("environment");
  auto back = bench_from_json(json);
  CHECK(back.interpreter.empty());
  CHECK(back.environment.empty());
  auto table = to_table(back);
  CHECK(table.find("2 cores; speedup") != std::string::npos);
  CHECK(table.find("environment") == std::string::npos);
}

TEST_CASE("bench: a root that is not a directory is a usage error") {
  BenchOptions options;
  options.root = "/nonexistent/project";
  CHECK_THROWS_AS(run_bench(options), gilfree::UserError);
}
