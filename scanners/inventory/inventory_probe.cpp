#include "scanners/inventory/inventory_probe.hpp"

#include "runtime/python_helpers.hpp"

#include <signal.h>
#include <string.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "runtime/child_process.hpp"
#include "common/errors.hpp"
#include "common/thread_pool.hpp"
#include "scanners/inventory/inventory_paths.hpp"

namespace gilfree::scanners {
namespace {

constexpr std::string_view kMarker = "@@gilfree-probe@@";

// The JSON after the last marker line in `out`, or nullopt.
std::optional<nlohmann::json> find_answer(const std::string& out) {
  auto at = out.rfind(kMarker);
  if (at == std::string::npos) return std::nullopt;
  auto end = out.find('\n', at);
  auto text = out.substr(at + kMarker.size(), end == std::string::npos ? std::string::npos : end - at - kMarker.size());
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
  return parsed;
}

// The last non-empty line of a stream: usually the exception or fatal error.
std::string last_line(const std::string& text) {
  auto end = text.find_last_not_of(" \n\r\t");
  if (end == std::string::npos) return "";
  auto start = text.find_last_of('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1) + 1);
}

// The first line of a stream that starts with `prefix` (faulthandler's "Fatal Python error").
std::string line_starting(const std::string& text, std::string_view prefix) {
  auto at = text.find(prefix);
  if (at == std::string::npos) return "";
  return text.substr(at, text.find('\n', at) - at);
}

runtime::ChildOptions child_options(const std::filesystem::path& python, const std::filesystem::path& script,
                                    std::vector<std::string> arguments, std::chrono::seconds timeout) {
  runtime::ChildOptions options;
  // -X faulthandler: a crash leaves "Fatal Python error: ..." and the stack on stderr.
  options.argv = {python.string(), "-X", "faulthandler", script.string()};
  options.argv.insert(options.argv.end(), arguments.begin(), arguments.end());
  options.env = {{"PYTHON_GIL", std::nullopt}};  // the default mode is the one that reveals re-enabling
  options.timeout = timeout;
  options.output_limit = 1024 * 1024;
  return options;
}

std::vector<std::string> strings(const nlohmann::json& array) {
  std::vector<std::string> out;
  if (!array.is_array()) return out;
  for (const auto& item : array) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

nlohmann::json list_environment(const std::filesystem::path& python, const std::filesystem::path& script) {
  auto result = runtime::run_child(child_options(python, script, {"list"}, std::chrono::seconds(120)));
  if (!result.started) {
    throw UserError("cannot run " + python.string() + ": " + last_line(result.err) +
                    "; pass --python with the path of a free-threaded python (3.13t or newer)");
  }
  auto answer = find_answer(result.out);
  if (!answer) {
    auto reason = result.timed_out ? std::string("no answer within 120 s")
                  : result.signal != 0 ? "killed by signal " + std::to_string(result.signal)
                                       : last_line(result.err);
    throw UserError(python.string() + " could not list its extension modules (" + reason +
                    "); check that it runs, or pass another --python");
  }
  if (!answer->value("free_threaded", false)) {
    throw UserError(python.string() + " (Python " + answer->value("version", std::string("?")) +
                    ") is not a free-threaded build; pass --python with a python3.13t or newer");
  }
  return *answer;
}

void classify_answer(const nlohmann::json& answer, ProbedModule& module) {
  if (answer.value("gil_before", false)) {
    module.outcome = ImportOutcome::inconclusive;
    module.detail = "the GIL was already on before the import (a .pth file or sitecustomize turned it on)";
    return;
  }
  if (!answer.value("imported", false)) {
    module.outcome = ImportOutcome::import_error;
    module.detail = answer.value("error", std::string("the import failed"));
    return;
  }
  if (answer.value("gil_after", false)) {
    module.outcome = ImportOutcome::gil_reenabled;
    auto warnings = strings(answer.value("gil_warnings", nlohmann::json::array()));
    module.detail = warnings.empty() ? "the GIL was on after the import (no warning was captured)" : warnings.front();
    return;
  }
  module.outcome = ImportOutcome::gil_stays_off;
  module.detail = "the GIL stayed off";
}

}  // namespace

std::string_view outcome_name(ImportOutcome outcome) {
  switch (outcome) {
    case ImportOutcome::gil_stays_off: return "gil-stays-off";
    case ImportOutcome::gil_reenabled: return "gil-reenabled";
    case ImportOutcome::import_error: return "import-error";
    case ImportOutcome::crash: return "crash";
    case ImportOutcome::timeout: return "timeout";
    case ImportOutcome::abi_mismatch: return "abi-mismatch";
    case ImportOutcome::inconclusive: return "inconclusive";
  }
  return "inconclusive";
}

bool is_blocker(ImportOutcome outcome) {
  return outcome == ImportOutcome::gil_reenabled || outcome == ImportOutcome::crash ||
         outcome == ImportOutcome::timeout || outcome == ImportOutcome::abi_mismatch;
}

void classify_import(const ImportRun& run, std::chrono::seconds timeout, ProbedModule& module) {
  auto answer = find_answer(run.out);
  if (answer && run.timed_out) {  // the import finished; only the exit hung
    classify_answer(*answer, module);
    module.detail += "; the process then did not exit within " + std::to_string(timeout.count()) + " s and was killed";
    return;
  }
  if (run.timed_out) {
    module.outcome = ImportOutcome::timeout;
    module.detail = "no answer within " + std::to_string(timeout.count()) + " s; the import was killed";
    return;
  }
  if (run.signal != 0) {
    module.outcome = ImportOutcome::crash;
    const char* description = strsignal(run.signal);
    module.detail = "killed by signal " + std::to_string(run.signal) + " (" + (description ? description : "?") + ")";
    auto fatal = line_starting(run.err, "Fatal Python error");
    if (!fatal.empty()) module.detail += ": " + fatal;
    return;
  }
  if (!answer) {
    module.outcome = ImportOutcome::import_error;
    auto reason = last_line(run.err);
    module.detail = "the process exited with code " + std::to_string(run.exit_code) + " before reporting" +
                    (reason.empty() ? "" : ": " + reason);
    return;
  }
  classify_answer(*answer, module);
}


ProbeReport probe_environment(const ProbeOptions& options) {
  auto script = runtime::python_helper("gilfree_probe.py");
  auto listing = list_environment(options.python, script);
  ProbeReport report;
  report.python = listing.value("executable", options.python.string());
  report.python_version = listing.value("version", std::string{});
  report.site_directories = strings(listing.value("site_directories", nlohmann::json::array()));
  for (const auto& item : listing.value("modules", nlohmann::json::array())) {
    ProbedModule module;
    module.module = item.value("module", std::string{});
    module.file = item.value("file", std::string{});
    module.abi_tag = item.value("abi_tag", std::string{});
    module.distributions = strings(item.value("distributions", nlohmann::json::array()));
    if (!item.value("loadable", true)) {
      module.outcome = ImportOutcome::abi_mismatch;
      module.detail = "built for ABI '" + module.abi_tag + "', which this interpreter cannot load; install a free-threaded (t) build of it";
    }
    report.modules.push_back(std::move(module));
  }

  // Each import in its own process, `jobs` at a time: one hang or crash costs only itself.
  parallel_for(report.modules.size(), std::max(1u, options.jobs), [&](std::size_t i) {
    auto& module = report.modules[i];
    if (module.outcome == ImportOutcome::abi_mismatch) return;
    auto started = std::chrono::steady_clock::now();
    try {
      auto result = runtime::run_child(child_options(options.python, script, {"import", module.module}, options.timeout));
      classify_import({result.exit_code, result.signal, result.timed_out, result.out, result.err}, options.timeout, module);
    } catch (const std::exception& error) {  // fork/pipe failure: this module only
      module.outcome = ImportOutcome::import_error;
      module.detail = std::string("could not start the import process: ") + error.what();
    }
    module.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  });
  return report;
}

}  // namespace gilfree::scanners
