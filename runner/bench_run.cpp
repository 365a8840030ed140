#include "runner/bench_run.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include "runner/child_launcher.hpp"
#include "runtime/child_process.hpp"
#include "common/errors.hpp"
#include "runtime/python_helpers.hpp"
#include "common/stage_document.hpp"

namespace gilfree::runner {
namespace {

std::string join(const std::vector<int>& values) {
  std::string text;
  for (int value : values) text += (text.empty() ? "" : ",") + std::to_string(value);
  return text;
}

std::vector<std::string> bench_command(const BenchOptions& options, const ChildLauncher& launcher,
                                       runtime::GilMode mode, const std::string& workload, long units) {
  auto argv = launcher.command(mode);
  argv.insert(argv.end(), {runtime::python_helper("gilfree_bench.py").string(), "--threads", join(options.threads),
                           "--repeat", std::to_string(options.repeat), "--seconds", fmt::format("{}", options.seconds)});
  if (options.script) {
    argv.insert(argv.end(), {"--script", options.script->string(), "--func", options.function});
  } else {
    argv.insert(argv.end(), {"--workload", workload});
  }
  if (units > 0) argv.insert(argv.end(), {"--units", std::to_string(units)});
  return argv;
}

std::string last_line(const std::string& text) {
  auto end = text.find_last_not_of('\n');
  if (end == std::string::npos) return "no output";
  auto start = text.rfind('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1) + 1);
}

// One child process: one workload, one mode, every thread count.
nlohmann::json run_child_bench(const BenchOptions& options, const ChildLauncher& launcher, runtime::GilMode mode,
                               const std::string& workload, long units) {
  runtime::ChildOptions child;
  child.argv = bench_command(options, launcher, mode, workload, units);
  child.env = launcher.environment(mode);
  auto result = runtime::run_child(child);
  if (!result.exited_ok()) {
    throw UserError(fmt::format(
        "the benchmark '{}' failed with the GIL {} in {} ({}): {}", workload,
        mode == runtime::GilMode::gil ? "on" : "off", launcher.description(),
        result.signal ? "signal " + std::to_string(result.signal) : "exit " + std::to_string(result.exit_code),
        last_line(result.err)));
  }
  return nlohmann::json::parse(result.out).at("workloads").at(0);
}

std::vector<BenchPoint> points_from(const nlohmann::json& rows) {
  std::vector<BenchPoint> points;
  for (const auto& row : rows) {
    points.push_back({row.at("threads").get<int>(), row.at("seconds").get<double>(), 0, 0});
  }
  for (auto& point : points) {
    point.speedup = points.front().seconds / point.seconds;
    point.efficiency = point.speedup / point.threads;
  }
  return points;
}

}  // namespace

BenchResult run_bench(const BenchOptions& options) {
  if (options.threads.empty() || options.threads.front() != 1) {
    throw UserError("--threads must start with 1 (speedups are relative to one thread), e.g. --threads 1,2,4");
  }
  if (options.script && !std::filesystem::is_regular_file(*options.script)) {
    throw UserError("--script " + options.script->string() + ": no such file");
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(options.root, ec)) {
    throw UserError("project root " + options.root.string() + " is not a directory; pass the project's top folder");
  }
  auto choice = options.interpreter;
  if (!options.script) choice.project_env = false;  // the built-in workloads import nothing of the project's
  auto project = project_launcher(choice, std::filesystem::canonical(options.root), options.state_dir);
  BenchResult result;
  result.cores = static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN));
  result.interpreter = project.launcher.description();
  result.environment = project.environment;
  std::vector<std::string> names = options.workloads;
  if (options.script) names = {options.function};
  if (names.empty()) names = {"arith", "objects", "strings"};
  for (const auto& name : names) {
    BenchWorkload workload{name, 0, {}, 0};
    auto gil = run_child_bench(options, project.launcher, runtime::GilMode::gil, name, 0);
    workload.units = gil.at("units").get<long>();
    auto nogil = run_child_bench(options, project.launcher, runtime::GilMode::nogil, name, workload.units);
    workload.modes["gil"] = points_from(gil.at("rows"));
    workload.modes["nogil"] = points_from(nogil.at("rows"));
    workload.nogil_single_thread_cost =
        workload.modes["nogil"].front().seconds / workload.modes["gil"].front().seconds;
    result.workloads.push_back(std::move(workload));
  }
  return result;
}

nlohmann::json to_json(const BenchResult& result) {
  nlohmann::json workloads = nlohmann::json::array();
  for (const auto& workload : result.workloads) {
    nlohmann::json modes = nlohmann::json::object();
    for (const auto& [mode, points] : workload.modes) {
      for (const auto& p : points) {
        modes[mode].push_back({{"threads", p.threads}, {"seconds", p.seconds},
                               {"speedup", p.speedup}, {"efficiency", p.efficiency}});
      }
    }
    workloads.push_back({{"name", workload.name}, {"units", workload.units}, {"modes", modes},
                         {"nogil_single_thread_cost", workload.nogil_single_thread_cost}});
  }
  return {{"kind", runtime::kBenchDocument.kind}, {"schema_version", runtime::kBenchDocument.schema_version},           {"cores", result.cores},
          {"interpreter", result.interpreter}, {"environment", result.environment}, {"workloads", workloads}};
}

BenchResult bench_from_json(const nlohmann::json& json) {
  BenchResult result;
  result.cores = json.at("cores").get<int>();
  result.interpreter = json.value("interpreter", std::string{});  // absent in older files
  result.environment = json.value("environment", std::string{});
  for (const auto& entry : json.at("workloads")) {
    BenchWorkload workload{entry.at("name").get<std::string>(), entry.at("units").get<long>(), {},
                           entry.at("nogil_single_thread_cost").get<double>()};
    for (const auto& [mode, points] : entry.at("modes").items()) {
      for (const auto& p : points) {
        workload.modes[mode].push_back({p.at("threads").get<int>(), p.at("seconds").get<double>(),
                                        p.at("speedup").get<double>(), p.at("efficiency").get<double>()});
      }
    }
    result.workloads.push_back(std::move(workload));
  }
  return result;
}

std::string to_table(const BenchResult& result) {
  std::string text;
  for (const auto& workload : result.workloads) {
    text += fmt::format("{} ({} units of work, the same in both modes)\n", workload.name, workload.units);
    text += fmt::format("  {:>7}  {:>9} {:>8} {:>5}   {:>9} {:>8} {:>5}\n", "threads", "GIL on s",
                        "speedup", "eff", "GIL off s", "speedup", "eff");
    const auto& gil = workload.modes.at("gil");
    const auto& nogil = workload.modes.at("nogil");
    for (std::size_t i = 0; i < gil.size() && i < nogil.size(); ++i) {
      text += fmt::format("  {:>7}  {:>9.3f} {:>7.2f}x {:>4.0f}%   {:>9.3f} {:>7.2f}x {:>4.0f}%\n",
                          gil[i].threads, gil[i].seconds, gil[i].speedup, 100 * gil[i].efficiency,
                          nogil[i].seconds, nogil[i].speedup, 100 * nogil[i].efficiency);
    }
    text += fmt::format("  single-thread cost of the GIL-off mode: {:.2f}x the GIL-on time\n\n",
                        workload.nogil_single_thread_cost);
  }
  text += fmt::format("{} cores{}; speedup = time at 1 thread / time at N threads for the same work\n",
                      result.cores, result.interpreter.empty() ? "" : ", " + result.interpreter);
  if (!result.environment.empty()) text += result.environment + "\n";
  return text;
}

}  // namespace gilfree::runner
