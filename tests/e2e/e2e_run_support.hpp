#pragma once
// Shared by the e2e_run*.cpp tests: fixture projects and reading `run --json`.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/e2e.hpp"

namespace gilfree::test {

// Copies tests/fixtures/run/<name> into `dir` and returns the copy's path.
inline std::filesystem::path copy_run_fixture(const TempDir& dir, const std::string& name) {
  auto target = dir.path() / name;
  std::filesystem::copy(std::filesystem::path(GILFREE_SOURCE_DIR) / "tests" / "fixtures" / "run" / name, target,
                        std::filesystem::copy_options::recursive);
  return target;
}

inline std::string slurp_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// test id -> verdict, from a `gilfree run --json` file.
inline std::map<std::string, std::string> verdicts_of(const nlohmann::json& report) {
  std::map<std::string, std::string> verdicts;
  for (const auto& test : report.at("tests")) verdicts[test.at("id")] = test.at("verdict");
  return verdicts;
}

// `gilfree run ROOT ARGS... --no-progress --json FILE` on a project in `dir`.
struct JsonRun {
  runtime::ChildResult result;
  nlohmann::json report;  // null when no JSON was written
};

inline JsonRun run_with_json(const TempDir& dir, std::vector<std::string> args) {
  auto json_path = dir.path() / "run.json";
  args.insert(args.begin(), {"run", dir.path().string()});
  args.insert(args.end(), {"--no-progress", "--json", json_path.string()});
  JsonRun run{run_gilfree(args), nullptr};
  if (std::filesystem::exists(json_path)) run.report = nlohmann::json::parse(slurp_file(json_path));
  return run;
}

}  // namespace gilfree::test
