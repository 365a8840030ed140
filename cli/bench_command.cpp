#include <cstdio>

#include "cli/commands.hpp"
#include "cli/interpreter_options.hpp"
#include "report/bench_chart.hpp"
#include "runner/bench_run.hpp"
#include "common/atomic_file.hpp"
#include "common/errors.hpp"
#include "common/json_text.hpp"

namespace gilfree::cli {
namespace {

struct BenchArgs {
  runner::BenchOptions options;
  InterpreterArguments interpreter;
  std::string root = ".";
  std::string state_dir;
  std::string script;
  std::string json = ".gilfree/bench.json";
  std::string svg = ".gilfree/bench.svg";
};

void run_bench_command(const BenchArgs& args) {
  auto options = args.options;
  if (!args.script.empty()) {
    if (options.function.empty()) throw UserError("--script needs --func NAME (the function to time)");
    options.script = args.script;
  }
  options.interpreter = args.interpreter.choice();
  options.root = args.root;
  options.state_dir = args.state_dir;
  auto result = runner::run_bench(options);
  auto json = runner::to_json(result);
  std::fputs(runner::to_table(result).c_str(), stdout);
  runtime::write_file_atomically(args.json, runtime::json_text(json));
  runtime::write_file_atomically(args.svg, report::bench_charts_svg(json));
  std::printf("wrote %s and %s\n", args.json.c_str(), args.svg.c_str());
}

}  // namespace

void add_bench_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand(
      "bench", "Thread-scaling benchmark: the same CPU-bound work on 1..N threads, GIL on vs off");
  auto args = std::make_shared<BenchArgs>();
  cmd->add_option("root", args->root,
                  "Project root: --script runs in its environment (default: the current directory)");
  // One value per --threads/--workload, so that they never swallow the root.
  cmd->add_option("--threads", args->options.threads, "Thread counts, starting at 1")
      ->delimiter(',')->allow_extra_args(false)->default_str("1,2,4");
  cmd->add_option("--repeat", args->options.repeat, "Runs per thread count (median kept)")
      ->check(CLI::Range(1, 100))->default_str("3");
  cmd->add_option("--seconds", args->options.seconds, "Single-thread duration to size the work to")
      ->check(CLI::Range(0.05, 600.0))->default_str("1");
  cmd->add_option("--workload", args->options.workloads, "Built-in workload: arith, objects, strings")
      ->check(CLI::IsMember({"arith", "objects", "strings"}))->allow_extra_args(false);
  auto* script = cmd->add_option("--script", args->script, "A Python file with your workload");
  cmd->add_option("--func", args->options.function, "Function in --script, called once per unit of work")
      ->needs(script);
  add_interpreter_options(*cmd, args->interpreter,
                          "A free-threaded interpreter or virtualenv to run the workload in (default: the "
                          "embedded runtime; for --script in the project's environment, see 'gilfree env')");
  cmd->add_option("--state-dir", args->state_dir, "Where the project's environment lives (default: ROOT/.gilfree)");
  cmd->add_option("--json", args->json, "Where to write the JSON results")->default_str(args->json);
  cmd->add_option("--svg", args->svg, "Where to write the scaling chart")->default_str(args->svg);
  cmd->callback([args, &status] {
    run_bench_command(*args);
    status = 0;
  });
}

}  // namespace gilfree::cli
