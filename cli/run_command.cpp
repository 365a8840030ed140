#include <thread>

#include "cli/commands.hpp"
#include "cli/interpreter_options.hpp"
#include "runner/run_suite.hpp"

namespace gilfree::cli {
namespace {

struct RunArguments {
  runner::RunOptions options;
  std::string root = ".";
  std::string framework = "auto";
  std::string modes = "gil,nogil,default";
  InterpreterArguments interpreter;
  bool modes_given = false;
  bool jobs_given = false;
  std::string shard;
  std::string json;
  std::string junit;
  std::string state_dir;
  // Numbers as given: checked with a message of our own (runner::parse_count).
  std::string timeout = "300";
  std::string jobs;  // empty: not given (one mode run per core)
  std::string repeat = "1";
  std::string threads = "1";
  bool no_history = false;
  bool no_progress = false;
  bool show_history = false;
};

runner::RunOptions to_options(RunArguments& args) {
  auto options = args.options;
  // CLI11 fills positionals in order even after `--`: in `gilfree run -- -k x` the root slot
  // holds "-k". A root that is an option or a test file belongs to the framework.
  if (runner::is_framework_argument(args.root)) {
    options.framework_args.insert(options.framework_args.begin(), args.root);
    args.root = ".";
  }
  options.root = args.root;
  options.framework = args.framework == "pytest"     ? runner::Framework::pytest
                      : args.framework == "unittest" ? runner::Framework::unittest
                                                     : runner::Framework::automatic;
  options.modes = runner::parse_modes(args.modes);
  options.interpreter = args.interpreter.choice();
  options.default_covers_nogil = !args.modes_given;
  if (!args.shard.empty()) options.shard = runner::parse_shard(args.shard);
  if (!args.json.empty()) options.json_path = args.json;
  if (!args.junit.empty()) options.junit_path = args.junit;
  if (!args.state_dir.empty()) options.state_dir = args.state_dir;
  options.timeout = std::chrono::seconds(runner::parse_count("--timeout", args.timeout, runner::kTimeoutRange));
  if (args.jobs_given) options.jobs = runner::parse_count("--jobs", args.jobs, runner::kJobsRange);
  options.repeat = runner::parse_count("--repeat", args.repeat, runner::kRepeatRange);
  options.threads = runner::parse_count("--threads", args.threads, runner::kThreadsRange);
  options.record_history = !args.no_history;
  options.progress = !args.no_progress;
  return options;
}

}  // namespace

void add_run_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("run", "Run the test suite with the GIL on, off and at the default, and compare");
  cmd->footer("Per-test verdicts with crash and hang isolation; exit 1 on regressed, flaky, crash or hang.");
  auto args = std::make_shared<RunArguments>();
  cmd->add_option("root", args->root, "Project root (default: the current directory)");
  cmd->add_option("framework-args", args->options.framework_args,
                  "Arguments for pytest or the unittest runner, after `--` (e.g. -- -k slow)");
  cmd->add_option("--framework", args->framework, "Test framework (default: detected)")
      ->check(CLI::IsMember({"auto", "pytest", "unittest"}));
  cmd->add_option("--mode", args->modes,
                  "Modes to run, comma-separated: gil, nogil, default (default: all three; the default run "
                  "stands for nogil unless an extension re-enabled the GIL)")
      ->each([args](const std::string&) { args->modes_given = true; });
  add_interpreter_options(*cmd, args->interpreter,
                          "Another free-threaded interpreter or virtualenv to run in (default: the embedded "
                          "runtime in the project's environment, see 'gilfree env')");
  cmd->add_option("-j,--jobs", args->jobs, "Mode runs at the same time, 1 to 256 (default: cores)")
      ->each([args](const std::string&) { args->jobs_given = true; });
  cmd->add_option("--timeout", args->timeout,
                  "Per-test timeout in seconds, 1 to 86400 (default 300); then stacks are dumped, verdict hang");
  cmd->add_option("--repeat", args->repeat,
                  "Runs of each mode (the gil reference too), 1 to 1000, to measure flakiness");
  cmd->add_option("--threads", args->threads,
                  "Run each test body in this many threads at once (stress), 1 to 1024; thread-unsafe tests run once");
  cmd->add_option("--shard", args->shard, "K/N: run only this machine's share of the tests (CI matrix)");
  cmd->add_option("--json", args->json, "Write the full results as JSON to this file");
  cmd->add_option("--junit-xml", args->junit, "Write JUnit XML (one testsuite per mode, as pytest names tests) to this file");
  cmd->add_option("--state-dir", args->state_dir, "Where logs and history.db go (default: ROOT/.gilfree)");
  cmd->add_flag("--no-history", args->no_history, "Do not read or record .gilfree/history.db");
  cmd->add_flag("--no-progress", args->no_progress, "No live progress line");
  cmd->add_flag("--all", args->options.list_passing, "List passing tests in the table too");
  cmd->add_flag("--history", args->show_history, "List flake rates from earlier runs and exit");
  cmd->callback([args, &status] {
    auto options = to_options(*args);
    status = args->show_history ? runner::print_history(options) : runner::run_and_report(options);
  });
}

}  // namespace gilfree::cli
