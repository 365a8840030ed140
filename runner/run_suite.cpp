#include "runner/run_suite.hpp"

#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>


#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>

#include <fmt/format.h>

#include "runner/framework.hpp"
#include "runner/history.hpp"
#include "runner/junit_xml.hpp"
#include "runner/project_env.hpp"
#include "common/atomic_file.hpp"
#include "runtime/descendants.hpp"
#include "common/json_text.hpp"
#include "runtime/python_helpers.hpp"
#include "common/safe_text.hpp"
#include "common/errors.hpp"
#include "common/thread_pool.hpp"

namespace gilfree::runner {
namespace {

std::filesystem::path state_dir(const RunOptions& options, const std::filesystem::path& root) {
  return options.state_dir.empty() ? root / ".gilfree" : options.state_dir;
}

std::vector<ModeRunSpec> mode_runs(const std::vector<runtime::GilMode>& modes, int repeat) {
  std::vector<ModeRunSpec> specs;
  // Every mode is repeated, the gil reference too: a test that races with the GIL
  // as well must not pass for a no-GIL regression.
  for (int repetition = 1; repetition <= repeat; ++repetition) {
    for (auto mode : modes) {
      auto name = std::string(runtime::mode_name(mode));
      specs.push_back({mode, repetition, repetition > 1 ? fmt::format("{}#{}", name, repetition) : name});
    }
  }
  return specs;
}

bool has_mode(const std::vector<runtime::GilMode>& modes, runtime::GilMode mode) {
  return std::find(modes.begin(), modes.end(), mode) != modes.end();
}

// Whether the GIL was on at any point of a default-mode run.
bool gil_came_on(const ModeRun& run) {
  if (!run.gil_events.empty()) return true;
  return std::any_of(run.results.begin(), run.results.end(), [](const TestRecord& r) { return r.gil_enabled; });
}

std::vector<ModeRun> run_all(const ModeRunContext& context, const std::vector<ModeRunSpec>& specs, int jobs) {
  std::vector<ModeRun> runs(specs.size());
  parallel_for(specs.size(), static_cast<unsigned>(std::max(1, jobs)),
               [&](std::size_t i) { runs[i] = run_mode(context, specs[i]); });
  return runs;
}

std::filesystem::path checked_root(const std::filesystem::path& given) {
  std::error_code ec;
  if (!std::filesystem::is_directory(given, ec)) {
    throw UserError("project root " + given.string() + " is not a directory; pass the project's top folder");
  }
  return std::filesystem::canonical(given);
}

std::atomic<bool> interrupted{false};

void on_interrupt(int) { interrupted = true; }

// While mode runs are under way, Ctrl-C stops the children (each runs in its
// own process group, so the terminal's SIGINT does not reach them) and then us.
class InterruptGuard {
 public:
  InterruptGuard() {
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &old_int_);
    sigaction(SIGTERM, &action, &old_term_);
  }
  ~InterruptGuard() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  struct sigaction old_int_ {}, old_term_ {};
};

// When every mode run has ended (or one threw): the processes a test started that shed
// their token and were re-parented to us are ended too; no child of ours runs any more.
struct OrphanSweep {
  OrphanSweep() = default;
  OrphanSweep(const OrphanSweep&) = delete;
  OrphanSweep& operator=(const OrphanSweep&) = delete;
  ~OrphanSweep() { runtime::end_orphans(); }
};

// The terminal's width when stdout is one, else 120 (logs, CI).
std::size_t output_width() {
  winsize size{};
  if (isatty(STDOUT_FILENO) != 0 && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col >= 60) {
    return size.ws_col;
  }
  return 120;
}

}  // namespace

RunReport run_suite(const RunOptions& options) {
  auto root = checked_root(options.root);
  check_output_paths(options);  // a mistake there costs one line, not a whole run
  auto framework = options.framework == Framework::automatic ? detect_framework(root) : options.framework;
  auto state = state_dir(options, root);
  auto project = project_launcher(options.interpreter, root, options.state_dir);
  const auto& launcher = project.launcher;
  RunReport report;
  report.environment = project.environment;
  if (project.env) report.env = project.env->to_json();
  if (framework == Framework::pytest && !launcher.has_pytest()) {
    throw UserError("pytest is not installed in " + launcher.description() +
                    "; install it there, or use --framework unittest");
  }
  auto work_dir = state / "run";
  std::error_code ec;
  std::filesystem::create_directories(work_dir, ec);
  if (ec) throw UserError("cannot create " + work_dir.string() + ": " + ec.message() + " (use --state-dir DIR)");
  if (options.state_dir.empty()) ignore_state_dir(state);

  // One run's cost: when default and nogil are both asked for, the default runs go
  // first and stand for nogil too unless an extension turned the GIL back on in them.
  auto first_modes = options.modes;
  bool defer_nogil = options.default_covers_nogil && has_mode(first_modes, runtime::GilMode::nogil) &&
                     has_mode(first_modes, runtime::GilMode::standard);
  if (defer_nogil) std::erase(first_modes, runtime::GilMode::nogil);
  auto specs = mode_runs(first_modes, options.repeat);
  std::vector<std::string> labels;
  for (const auto& spec : specs) labels.push_back(spec.label);
  Progress progress(labels, options.progress && isatty(STDERR_FILENO) != 0);
  ModeRunContext context{&launcher, framework,     options.framework_args, root,
                         work_dir,  runtime::python_helpers_dir(), options.timeout,        options.threads,
                         options.shard, &progress, &interrupted};
  int jobs = static_cast<int>(resolve_jobs(options.jobs > 0 ? static_cast<unsigned>(options.jobs) : 0));
  auto started = std::chrono::steady_clock::now();
  {
    InterruptGuard guard;
    OrphanSweep sweep;
    report.runs = run_all(context, specs, jobs);
    if (defer_nogil && !interrupted) {
      bool gil_on = std::any_of(report.runs.begin(), report.runs.end(), [](const ModeRun& run) {
        return run.spec.mode == runtime::GilMode::standard && gil_came_on(run);
      });
      if (gil_on) {
        auto more = run_all(context, mode_runs({runtime::GilMode::nogil}, options.repeat), jobs);
        report.runs.insert(report.runs.end(), more.begin(), more.end());
      } else {
        report.nogil_from_default = true;
      }
    }
  }
  progress.finish();
  if (interrupted) {
    throw UserError("interrupted; the results streamed so far are in " + work_dir.string());
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  report.root = root.string();
  report.framework = std::string(framework_name(framework));
  report.interpreter = launcher.description();
  report.threads = options.threads;
  report.repeat = options.repeat;
  report.work_dir = work_dir.string();
  report.tests = compute_verdicts(report.runs);
  if (!report.tests.empty() || !options.shard) report.problem = nothing_tested(report);
  return report;
}

int run_and_report(const RunOptions& options) {
  auto report = run_suite(options);
  if (options.record_history && report.problem.empty()) {
    History history(state_dir(options, report.root) / "history.db");
    auto flaky = history.known_flaky();
    for (auto& test : report.tests) test.known_flaky = flaky.count(test.id) > 0;
    history.record(report);
  }
  runtime::print_safe(stdout, to_text(report, options.list_passing, output_width()));
  // Written even when nothing was tested: CI keeps the evidence of why.
  if (options.json_path) runtime::write_file_atomically(*options.json_path, runtime::json_text(to_json(report)));
  if (options.junit_path) runtime::write_file_atomically(*options.junit_path, to_junit_xml(report));
  if (!report.problem.empty()) throw UserError(report.problem);
  return report.exit_code();
}

int print_history(const RunOptions& options) {
  auto root = checked_root(options.root);
  auto database = state_dir(options, root) / "history.db";
  std::error_code ec;
  if (!std::filesystem::exists(database, ec)) {
    runtime::print_safe(stdout, "no run history at " + database.string() + " yet: run 'gilfree run' first\n");
    return 0;
  }
  History history(database);
  runtime::print_safe(stdout, flake_rates_text(history.flake_rates(), history.run_count()));
  return 0;
}

}  // namespace gilfree::runner
