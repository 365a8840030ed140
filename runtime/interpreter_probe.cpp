#include "runtime/interpreter_probe.hpp"

#include <unistd.h>

#include <cstdlib>
#include <regex>
#include <set>
#include <sstream>

#include "common/errors.hpp"

namespace gilfree::runtime {
namespace {

constexpr const char* kProbe = R"(import json, sys, sysconfig
try:
    import pytest
    pt = pytest.__version__
except Exception:
    pt = None
print(json.dumps({
    "version": "%d.%d.%d" % sys.version_info[:3],
    "free_threaded": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
    "gil_enabled": sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else True,
    "pytest": pt,
}))
)";

std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return (value != nullptr && *value != '\0') ? value : fallback;
}

bool looks_free_threaded_name(const std::string& name) {
  static const std::regex pattern(R"(python3\.\d+t)");
  return std::regex_match(name, pattern);
}

void add_candidates(const std::filesystem::path& dir, const std::string& source,
                    std::vector<FoundInterpreter>& found, std::set<std::filesystem::path>& seen) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const auto name = entry.path().filename().string();
    if (!looks_free_threaded_name(name)) continue;
    auto real = std::filesystem::weakly_canonical(entry.path(), ec);
    if (ec || !seen.insert(real).second) continue;
    if (access(entry.path().c_str(), X_OK) != 0) continue;
    found.push_back({entry.path(), source, std::nullopt, ""});
  }
}

// Installation roots (uv's or pyenv's), each holding <name>/bin/python3.Xt.
void add_install_roots(const std::filesystem::path& root, const std::string& source,
                       std::vector<FoundInterpreter>& found,
                       std::set<std::filesystem::path>& seen) {
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) return;
  for (const auto& entry : std::filesystem::directory_iterator(root, ec)) {
    add_candidates(entry.path() / "bin", source, found, seen);
  }
}

}  // namespace

std::optional<InterpreterFacts> probe_interpreter(std::vector<std::string> command,
                                                  const ChildOptions& base, std::string& problem) {
  // The probe goes in on stdin (`python -`), not as an argument: a program that is no
  // Python (`--python /bin/ls`) cannot echo it back in its complaint about the arguments.
  ChildOptions options = base;
  command.push_back("-");
  options.argv = std::move(command);
  options.input = kProbe;
  if (options.timeout.count() == 0) options.timeout = std::chrono::seconds(60);
  auto result = run_child(options);
  if (!result.exited_ok()) {
    std::string why = result.timed_out ? "timed out"
                      : result.signal  ? "killed by signal " + std::to_string(result.signal)
                                       : "exit " + std::to_string(result.exit_code);
    auto first_line = result.err.substr(0, result.err.find('\n'));
    problem = why + (first_line.empty() ? "" : ": " + first_line);
    return std::nullopt;
  }
  try {
    auto json = nlohmann::json::parse(result.out.substr(result.out.rfind('{')));
    InterpreterFacts facts;
    facts.version = json.at("version").get<std::string>();
    facts.free_threaded = json.at("free_threaded").get<bool>();
    facts.gil_enabled = json.at("gil_enabled").get<bool>();
    if (!json.at("pytest").is_null()) facts.pytest_version = json.at("pytest").get<std::string>();
    return facts;
  } catch (const std::exception&) {
    problem = "its answer is not the JSON a Python interpreter prints for the probe";
    return std::nullopt;
  }
}

std::filesystem::path interpreter_path(const std::filesystem::path& given) {
  std::error_code ec;
  if (std::filesystem::is_directory(given, ec)) {
    for (const char* name : {"bin/python3", "bin/python"}) {
      if (std::filesystem::exists(given / name, ec)) return given / name;
    }
    throw UserError(given.string() + " is a directory without bin/python3; give the interpreter or a virtualenv");
  }
  if (given.string().find('/') != std::string::npos) return given;
  std::stringstream directories(env_or("PATH", ""));
  for (std::string directory; std::getline(directories, directory, ':');) {
    auto candidate = std::filesystem::path(directory) / given;
    if (!directory.empty() && std::filesystem::is_regular_file(candidate, ec)) return candidate;
  }
  return given;
}

std::vector<FoundInterpreter> find_free_threaded_interpreters() {
  std::vector<FoundInterpreter> found;
  std::set<std::filesystem::path> seen;
  const std::string home = env_or("HOME", "/");
  std::stringstream path(env_or("PATH", "/usr/bin:/bin"));
  for (std::string dir; std::getline(path, dir, ':');) {
    if (!dir.empty()) add_candidates(dir, "PATH", found, seen);
  }
  add_install_roots(env_or("UV_PYTHON_INSTALL_DIR", home + "/.local/share/uv/python"), "uv", found,
                    seen);
  add_install_roots(env_or("PYENV_ROOT", home + "/.pyenv") + "/versions", "pyenv", found, seen);
  for (auto& interpreter : found) {
    ChildOptions options;
    options.timeout = std::chrono::seconds(20);
    interpreter.facts = probe_interpreter({interpreter.path.string()}, options, interpreter.problem);
  }
  return found;
}

}  // namespace gilfree::runtime
