#include "runner/mode_run.hpp"

#include <signal.h>
#include <string.h>

#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include <fmt/format.h>

namespace gilfree::runner {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kOutputLimit = 2 * 1024 * 1024;  // per stream and child
constexpr std::size_t kStackTextLimit = 64 * 1024;

std::string file_stem(const ModeRunSpec& spec) {
  return (spec.repetition > 1 ? fmt::format("{}-{}", spec.label.substr(0, spec.label.find('#')), spec.repetition)
                              : spec.label) +
         spec.stem_suffix;
}

// The test file or class a test belongs to: "tests/test_a.py", "pkg.test_a.Case".
std::string test_group(const std::string& id) {
  auto separator = id.find("::");
  if (separator != std::string::npos) return id.substr(0, separator);
  auto dot = id.rfind('.');
  return dot == std::string::npos ? id : id.substr(0, dot);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The stack text faulthandler wrote for `test_id` (after our marker line), cut at a line
// end when longer than kStackTextLimit; the log keeps all of it (append_log).
std::string stacks_of(const std::filesystem::path& stacks, const std::string& test_id,
                      const std::filesystem::path& log) {
  auto text = read_file(stacks);
  auto marker = "gilfree: stacks of " + test_id + "\n";
  auto at = text.rfind(marker);
  text = at == std::string::npos ? text : text.substr(at + marker.size());
  if (text.size() <= kStackTextLimit) return text;
  auto cut = text.rfind('\n', kStackTextLimit);
  if (cut == std::string::npos) cut = kStackTextLimit;
  return fmt::format("{}\n({} more bytes of stacks in {})", text.substr(0, cut), text.size() - cut, log.string());
}

void append_line(const std::filesystem::path& path, const std::string& line) {
  auto existing = read_file(path);
  std::ofstream out(path, std::ios::binary | std::ios::app);
  if (!existing.empty() && existing.back() != '\n') out << '\n';  // a line cut by the crash
  out << line << '\n';
}

void append_log(const std::filesystem::path& log, int attempt, const runtime::ChildResult& child,
                const std::filesystem::path& stacks) {
  std::ofstream out(log, std::ios::binary | std::ios::app);
  out << "=== child " << attempt << " stdout ===\n" << child.out;
  out << "\n=== child " << attempt << " stderr ===\n" << child.err << "\n";
  if (child.dropped_bytes > 0) {
    out << "=== " << child.dropped_bytes << " more bytes of output were dropped (cap "
        << kOutputLimit << " per stream) ===\n";
  }
  auto stack_text = read_file(stacks);
  if (!stack_text.empty()) out << "=== child " << attempt << " stacks (faulthandler) ===\n" << stack_text << "\n";
}

std::string how_it_ended(const runtime::ChildResult& child, bool stalled) {
  if (stalled) return "stalled outside any test (collection or fixtures)";
  if (child.signal != 0) return "killed by " + signal_name(child.signal);
  if (!child.started) return "did not start: " + child.err;
  return fmt::format("exited with status {}", child.exit_code);
}

// The line of a child's output that best says why it stopped: the last one
// mentioning an error, else the last non-empty one.
std::string telling_line(const std::string& text) {
  std::istringstream lines(text);
  std::string line, last, last_error;
  while (std::getline(lines, line)) {
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    last = line;
    if (line.find("rror") != std::string::npos) last_error = line;
  }
  auto& chosen = last_error.empty() ? last : last_error;
  auto start = chosen.find_first_not_of(" \t");
  return start == std::string::npos ? "" : chosen.substr(start, 300);
}

// Watches the stream while a child runs: progress, and the per-test deadline.
struct Watch {
  const ModeRunContext& context;
  const ModeRunSpec& spec;
  StreamReader& reader;
  StreamState& state;
  int restarts;
  std::size_t done_before;  // results recorded before this child started
  std::size_t total = 0;
  std::optional<std::string> watched_test;
  Clock::time_point since = Clock::now();
  bool hung = false;
  bool stalled = false;
  std::shared_ptr<int> pid = std::make_shared<int>(0);
  bool dumped = false;

  bool operator()() {
    if (context.interrupted != nullptr && context.interrupted->load()) return false;
    if (reader.poll(state) > 0 || state.in_flight != watched_test) {
      if (state.in_flight != watched_test) {
        since = Clock::now();
        dumped = false;
      }
      watched_test = state.in_flight;
      if (state.collected) total = done_before + *state.collected;
      context.progress->update(spec.label, state.results.size(), total, restarts);
    }
    // The per-test timeout: faulthandler in the child dumps every thread's stack on our
    // signal (no watchdog thread armed per test there); the kill follows after the grace.
    // Only with a test in flight: the child has registered the handler by then (a child
    // still starting up would be killed by the signal's default action).
    if (!dumped && *pid > 0 && state.in_flight && Clock::now() - since >= context.timeout) {
      ::kill(*pid, dump_signal());
      dumped = true;
    }
    if (Clock::now() - since < context.timeout + kHangGrace) return true;
    (state.in_flight ? hung : stalled) = true;
    return false;
  }
};

}  // namespace

int dump_signal() { return SIGRTMIN + 3; }

std::string signal_name(int signal) {
  const char* abbreviation = sigabbrev_np(signal);
  return abbreviation != nullptr ? std::string("SIG") + abbreviation : fmt::format("signal {}", signal);
}

namespace {

struct RunFiles {
  std::filesystem::path stream, stacks, log, only;
};

runtime::ChildOptions child_options(const ModeRunContext& context, const ModeRunSpec& spec,
                                    const RunFiles& files) {
  runtime::ChildOptions options;
  options.argv = context.launcher->command(spec.mode);
  auto args = framework_arguments(context.framework, context.framework_args);
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.env = context.launcher->environment(spec.mode);
  const char* python_path = std::getenv("PYTHONPATH");
  std::string path = context.helpers.string();
  if (python_path != nullptr && *python_path != '\0') path += std::string(":") + python_path;
  std::optional<std::string> shard;
  if (context.shard) shard = fmt::format("{}/{}", context.shard->index, context.shard->count);
  options.env.insert(options.env.end(), {{"PYTHONPATH", path},
                                         {"GILFREE_RESULTS", files.stream.string()},
                                         {"GILFREE_STACKS", files.stacks.string()},
                                         {"GILFREE_TIMEOUT", std::to_string(context.timeout.count())},
                                         {"GILFREE_DUMP_SIGNAL", std::to_string(dump_signal())},
                                         {"GILFREE_ROOT", context.root.string()},
                                         {"GILFREE_THREADS", std::to_string(context.threads)},
                                         {"GILFREE_MODE", std::string(runtime::mode_name(spec.mode))},
                                         {"GILFREE_SHARD", shard},
                                         {"GILFREE_ONLY", files.only.empty() ? std::optional<std::string>()
                                                                             : files.only.string()},
                                         {"PYTHONFAULTHANDLER", std::nullopt}});
  options.cwd = context.root;
  options.output_limit = kOutputLimit;
  options.end_descendants = true;  // nothing a test started outlives its child
  return options;
}

// The result the driver writes for the test in flight when its child died or hung.
TestRecord lost_test(const Watch& watch, const runtime::ChildResult& child, const RunFiles& files,
                     std::chrono::seconds timeout) {
  TestRecord lost;
  lost.id = *watch.state.in_flight;
  lost.outcome = watch.hung ? "hang" : "crash";
  lost.signal = watch.hung ? 0 : child.signal;
  lost.duration = std::chrono::duration<double>(Clock::now() - watch.since).count();
  auto stack_text = stacks_of(files.stacks, lost.id, files.log);
  // The first line is the whole reason (JUnit's message, the table's detail); stacks follow.
  lost.error = watch.hung ? fmt::format("no result within the {} s per-test timeout (--timeout)\n"
                                        "stacks of all threads:\n{}",
                                        timeout.count(), stack_text)
                          : fmt::format("{}\n{}", how_it_ended(child, false), stack_text);
  return lost;
}

}  // namespace

std::optional<std::size_t> suspicious_tail(const std::vector<TestRecord>& results, std::size_t begin,
                                           std::size_t end) {
  auto start = end;
  std::size_t failures = 0;
  std::set<std::string> groups;
  while (start > begin && (results[start - 1].failed() || results[start - 1].outcome == "skipped")) {
    --start;
    if (results[start].failed()) {
      ++failures;
      groups.insert(test_group(results[start].id));
    }
  }
  while (start < end && !results[start].failed()) ++start;  // the tail starts with a failure
  if (start == begin || failures < kPollutedTailMin || groups.size() < 2) return std::nullopt;
  return start;
}

namespace {

// Runs `ids` in a fresh child of the same mode; their results by id.
std::map<std::string, TestRecord> fresh_results(const ModeRunContext& context, const ModeRunSpec& spec,
                                                const std::vector<std::string>& ids, int attempt) {
  auto fresh = spec;
  fresh.only = ids;
  fresh.stem_suffix = fmt::format("-fresh{}", attempt);
  auto run = run_mode(context, fresh);
  std::map<std::string, TestRecord> by_id;
  for (auto& record : run.results) by_id[record.id] = std::move(record);
  return by_id;
}

// Tests in [from, end) that failed here and passed in `fresh`.
std::vector<std::size_t> recovered(const std::vector<TestRecord>& results, std::size_t from, std::size_t end,
                                   const std::map<std::string, TestRecord>& fresh) {
  std::vector<std::size_t> found;
  for (auto i = from; i < end; ++i) {
    auto it = fresh.find(results[i].id);
    if (results[i].failed() && it != fresh.end() && !it->second.failed() && it->second.outcome != "crash" &&
        it->second.outcome != "hang") {
      found.push_back(i);
    }
  }
  return found;
}

// Under --threads a test can leave process-wide state broken (sys.stdout swapped by
// threads racing through a doctest, a patched module attribute) so that every later
// test in the same child fails. Such a tail is run again in a fresh child: the tests that
// pass there take their fresh result, and the test before them is named.
void find_polluters(const ModeRunContext& context, const ModeRunSpec& spec, std::vector<TestRecord>& results,
                    const std::vector<std::size_t>& child_starts) {
  int attempt = 0;
  for (std::size_t c = 0; c < child_starts.size(); ++c) {
    auto begin = child_starts[c];
    auto end = c + 1 < child_starts.size() ? child_starts[c + 1] : results.size();
    auto start = suspicious_tail(results, begin, end);
    if (!start) continue;
    auto ids_from = [&](std::size_t from) {
      std::vector<std::string> ids;
      for (auto i = from; i < end; ++i) ids.push_back(results[i].id);
      return ids;
    };
    // The tail's first test may be a victim (the polluter ran before it) or the polluter
    // itself, failing and corrupting: without it in the fresh child, the rest pass.
    auto fresh = fresh_results(context, spec, ids_from(*start), ++attempt);
    auto back = recovered(results, *start, end, fresh);
    std::size_t polluter = 0;
    if (back.size() * 2 >= end - *start && back.size() >= 3) {
      polluter = back.front() == *start ? *start - 1 : *start;
    } else {  // the first test corrupted the fresh child again: leave it out
      fresh = fresh_results(context, spec, ids_from(*start + 1), ++attempt);
      back = recovered(results, *start + 1, end, fresh);
      if (back.size() * 2 < end - *start - 1 || back.size() < 3) continue;
      polluter = *start;
    }
    for (auto i : back) {
      auto record = fresh.at(results[i].id);
      record.polluted_by = results[polluter].id;
      results[i] = std::move(record);
    }
    results[polluter].pollutes = static_cast<int>(back.size());
  }
}

}  // namespace

ModeRun run_mode(const ModeRunContext& context, const ModeRunSpec& spec) {
  const auto stem = context.work_dir / file_stem(spec);
  const RunFiles files{stem.string() + ".jsonl", stem.string() + ".stacks", stem.string() + ".log",
                       spec.only.empty() ? std::filesystem::path() : std::filesystem::path(stem.string() + ".only")};
  ModeRun run{spec, {}, {}, "", 0, 0, files.log};
  for (const auto& stale : {files.stream, files.stacks, files.log}) std::filesystem::remove(stale);
  if (!spec.only.empty()) {
    std::ofstream only(files.only, std::ios::binary | std::ios::trunc);
    for (const auto& id : spec.only) only << id << '\n';
  }
  std::vector<std::size_t> child_starts;
  const auto started = Clock::now();
  StreamReader reader(files.stream);
  StreamState state;
  std::set<std::string> lost_ids;
  for (int attempt = 1;; ++attempt) {
    std::ofstream(files.stacks, std::ios::trunc).close();
    auto options = child_options(context, spec, files);
    child_starts.push_back(state.results.size());
    Watch watch{context, spec, reader, state, run.restarts, state.results.size(), 0, std::nullopt};
    options.on_start = [pid = watch.pid](int started) { *pid = started; };
    options.watchdog = std::ref(watch);
    auto child = runtime::run_child(options);
    reader.poll(state);
    append_log(files.log, attempt, child, files.stacks);
    if (!state.internal_error.empty()) {
      run.failure = fmt::format("pytest stopped with an INTERNALERROR in the {} run: {}", spec.label,
                                telling_line(state.internal_error));
      break;
    }
    if (state.finished) break;
    if (context.interrupted != nullptr && context.interrupted->load()) {
      run.failure = fmt::format("the {} run was interrupted", spec.label);
      break;
    }
    if (!state.in_flight) {
      run.failure = fmt::format("the {} child {}: {}", spec.label, how_it_ended(child, watch.stalled),
                                telling_line(child.out + "\n" + child.err));
      break;
    }
    if (!lost_ids.insert(*state.in_flight).second) {  // the child did not skip it: no progress
      run.failure = fmt::format("the {} child lost {} twice; stopping this mode", spec.label, *state.in_flight);
      break;
    }
    nlohmann::json line = record_to_json(lost_test(watch, child, files, context.timeout));
    line["event"] = "result";
    line["mode"] = runtime::mode_name(spec.mode);
    append_line(files.stream, line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));  // the next child skips it
    reader.poll(state);
    ++run.restarts;
  }
  run.results = std::move(state.results);
  if (spec.only.empty() && context.threads > 1 && run.failure.empty()) {
    find_polluters(context, spec, run.results, child_starts);
  }
  if (spec.mode == runtime::GilMode::standard) run.gil_events = std::move(state.gil_events);
  run.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  context.progress->update(spec.label, run.results.size(), run.results.size(), run.restarts);
  return run;
}

}  // namespace gilfree::runner
