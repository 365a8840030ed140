#include "runner/run_options.hpp"

#include <charconv>
#include <sstream>

#include "runtime/errors.hpp"

namespace gilfree::runner {
namespace {

std::optional<int> parse_positive(std::string_view text) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 1) return std::nullopt;
  return value;
}

}  // namespace

Shard parse_shard(const std::string& text) {
  auto slash = text.find('/');
  std::optional<int> index, count;
  if (slash != std::string::npos) {
    index = parse_positive(std::string_view(text).substr(0, slash));
    count = parse_positive(std::string_view(text).substr(slash + 1));
  }
  if (!index || !count || *index > *count) {
    throw UserError("--shard '" + text + "' is not K/N with 1 <= K <= N (e.g. --shard 2/4)");
  }
  return {*index, *count};
}

std::vector<runtime::GilMode> parse_modes(const std::string& text) {
  std::vector<runtime::GilMode> modes;
  std::stringstream stream(text);
  for (std::string name; std::getline(stream, name, ',');) {
    auto mode = runtime::parse_gil_mode(name);
    if (!mode) {
      throw UserError("--mode '" + name + "' is not a mode; use gil, nogil or default (comma-separated)");
    }
    bool seen = false;
    for (auto existing : modes) seen = seen || existing == *mode;
    if (!seen) modes.push_back(*mode);
  }
  if (modes.empty()) throw UserError("--mode is empty; use gil, nogil or default (comma-separated)");
  return modes;
}

InterpreterChoice parse_interpreter_choice(const std::string& python, const std::string& env, bool no_env) {
  if (!python.empty() && !env.empty()) {
    throw UserError("--python and --env both name an interpreter; give one of them");
  }
  InterpreterChoice choice;
  if (!python.empty()) choice.python = python;
  if (!env.empty()) choice.python = env;
  choice.project_env = !no_env;
  return choice;
}

std::string_view framework_name(Framework framework) {
  switch (framework) {
    case Framework::pytest: return "pytest";
    case Framework::unittest: return "unittest";
    case Framework::automatic: return "auto";
  }
  return "auto";
}

}  // namespace gilfree::runner
