// End-to-end: `gilfree bench` measures both modes and writes JSON and SVG.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support/e2e.hpp"

using gilfree::test::run_gilfree;
using gilfree::test::slurp_file;
using gilfree::test::TempDir;

TEST_CASE("bench runs a built-in workload in both modes and writes JSON and SVG") {
  TempDir dir;
  auto json_path = dir.path() / "out" / "bench.json";
  auto svg_path = dir.path() / "out" / "bench.svg";
  auto result = run_gilfree({"bench", "--threads", "1,2", "--repeat", "1", "--seconds", "0.1",
                             "--workload", "arith", "--json", json_path.string(), "--svg", svg_path.string()});
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.find("single-thread cost of the GIL-off mode") != std::string::npos);
  auto json = nlohmann::json::parse(slurp_file(json_path));
  REQUIRE(json["workloads"].size() == 1);
  const auto& workload = json["workloads"][0];
  CHECK(workload["name"] == "arith");
  for (const char* mode : {"gil", "nogil"}) {
    INFO(mode);
    REQUIRE(workload["modes"][mode].size() == 2);
    CHECK(workload["modes"][mode][0]["speedup"] == 1.0);
    CHECK(workload["modes"][mode][1]["threads"] == 2);
    CHECK(workload["modes"][mode][1]["seconds"].get<double>() > 0);
  }
  auto svg = slurp_file(svg_path);
  CHECK(svg.find("<svg") == 0);
  CHECK(svg.find("GIL on") != std::string::npos);
  CHECK(svg.find("GIL off") != std::string::npos);
}

TEST_CASE("bench times the user's own function") {
  TempDir dir;
  auto script = dir.write("work.py", "def crunch():\n    return sum(i * i for i in range(2000))\n");
  auto result = run_gilfree({"bench", "--script", script.string(), "--func", "crunch", "--threads", "1,2",
                             "--repeat", "1", "--seconds", "0.1", "--json", (dir.path() / "b.json").string(),
                             "--svg", (dir.path() / "b.svg").string()});
  REQUIRE(result.exit_code == 0);
  CHECK(nlohmann::json::parse(slurp_file(dir.path() / "b.json"))["workloads"][0]["name"] == "crunch");
}

TEST_CASE("bench usage mistakes are one line and exit 2") {
  TempDir dir;
  auto broken = dir.write("broken.py", "def crunch():\n    raise ValueError('boom')\n");
  const std::vector<std::vector<std::string>> mistakes = {
      {"bench", "--threads", "2,4"},
      {"bench", "--script", (dir.path() / "missing.py").string(), "--func", "f"},
      {"bench", "--script", broken.string()},
      {"bench", "--script", broken.string(), "--func", "nope"},
      {"bench", "--script", broken.string(), "--func", "crunch", "--json", (dir.path() / "j").string()},
      {"bench", "--workload", "quantum"},
  };
  for (const auto& args : mistakes) {
    INFO(args.back());
    auto result = run_gilfree(args);
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("gilfree: error:") == 0);
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
  }
}
