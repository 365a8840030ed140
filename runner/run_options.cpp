#include "runner/run_options.hpp"

#include <charconv>
#include <filesystem>
#include <sstream>

#include <fmt/format.h>

#include "common/errors.hpp"
#include "common/output_target.hpp"
#include "common/safe_text.hpp"

namespace gilfree::runner {
namespace {

std::optional<int> parse_positive(std::string_view text) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 1) return std::nullopt;
  return value;
}

}  // namespace

int parse_count(std::string_view option, const std::string& text, CountRange range) {
  auto shown = runtime::terminal_safe_line(text.substr(0, 40)) + (text.size() > 40 ? "..." : "");
  auto wanted = fmt::format("give {} to {} {}", range.low, range.high, range.unit);
  long long value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  bool whole = !text.empty() && end == text.data() + text.size();
  if (!whole && error != std::errc::result_out_of_range) {
    throw UserError(fmt::format("{} '{}' is not a whole number; {}", option, shown, wanted));
  }
  if (error == std::errc::result_out_of_range || value < range.low || value > range.high) {
    throw UserError(fmt::format("{} '{}' is out of range; {}", option, shown, wanted));
  }
  return static_cast<int>(value);
}

bool is_framework_argument(const std::string& root) {
  if (root.empty()) return false;
  if (root[0] == '-') return true;
  std::error_code ec;
  auto file = root.substr(0, root.find("::"));
  if (!std::filesystem::is_regular_file(file, ec) && !std::filesystem::is_regular_file(root, ec)) return false;
  if (file.ends_with(".py")) return true;
  throw UserError("ROOT " + runtime::terminal_safe_line(root) +
                  " is a file, not a directory; pass the project's folder (test files go after --: "
                  "gilfree run -- tests/test_x.py)");
}

void check_output_paths(const RunOptions& options) {
  if (options.json_path) runtime::check_writable_output(*options.json_path, "--json");
  if (options.junit_path) runtime::check_writable_output(*options.junit_path, "--junit-xml");
}

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
