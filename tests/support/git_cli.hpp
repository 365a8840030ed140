#pragma once
// Running the real `git` in end-to-end tests: git itself runs the hooks, so
// only git can show that a hook blocks or lets a commit through.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/child_process.hpp"
#include "support/e2e.hpp"

namespace gilfree::test {

// A fixed identity and no system config, so the machine's set-up does not matter.
inline std::vector<std::pair<std::string, std::optional<std::string>>> git_test_env() {
  return {{"GIT_AUTHOR_NAME", "Test"},          {"GIT_AUTHOR_EMAIL", "test@example.invalid"},
          {"GIT_COMMITTER_NAME", "Test"},       {"GIT_COMMITTER_EMAIL", "test@example.invalid"},
          {"GIT_CONFIG_NOSYSTEM", "1"},         {"GIT_INDEX_FILE", std::nullopt},
          {"GIT_DIR", std::nullopt},            {"GIT_WORK_TREE", std::nullopt}};
}

inline runtime::ChildResult git(const std::filesystem::path& dir, std::vector<std::string> args) {
  runtime::ChildOptions options;
  options.argv = {"git", "-C", dir.string()};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.env = git_test_env();
  options.timeout = std::chrono::seconds(120);
  return runtime::run_child(options);
}

// Like git() but a failure is a test-setup error.
inline std::string git_ok(const std::filesystem::path& dir, std::vector<std::string> args) {
  auto result = git(dir, args);
  if (!result.exited_ok()) {
    std::string command;
    for (const auto& arg : args) command += " " + arg;
    throw std::runtime_error("git" + command + " failed: " + result.err);
  }
  return result.out;
}

// gilfree run inside `dir`, with the same environment as git().
inline runtime::ChildResult gilfree_in(const std::filesystem::path& dir, const std::vector<std::string>& args) {
  runtime::ChildOptions options;
  options.cwd = dir;
  options.env = git_test_env();
  return run_gilfree(args, options);
}

}  // namespace gilfree::test

namespace gilfree::test {

// Threaded code that updates a module global without a lock (FT001 at 8:9).
inline const char* const kRacyCounter =
    "import threading\n"
    "\n"
    "n = 0\n"
    "\n"
    "def work():\n"
    "    global n\n"
    "    for _ in range(1000):\n"
    "        n += 1\n"
    "\n"
    "threads = [threading.Thread(target=work) for _ in range(4)]\n";

// The same code, fixed with a lock.
inline const char* const kLockedCounter =
    "import threading\n"
    "\n"
    "n = 0\n"
    "lock = threading.Lock()\n"
    "\n"
    "def work():\n"
    "    global n\n"
    "    for _ in range(1000):\n"
    "        with lock:\n"
    "            n += 1\n"
    "\n"
    "threads = [threading.Thread(target=work) for _ in range(4)]\n";

// A fresh repository made by the real git in `dir`.
inline void git_init(const std::filesystem::path& dir) { git_ok(dir, {"init", "-q", "-b", "main"}); }

}  // namespace gilfree::test
