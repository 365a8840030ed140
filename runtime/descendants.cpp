#include "runtime/descendants.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <thread>

#include <fmt/format.h>

namespace gilfree::runtime {
namespace {

using Clock = std::chrono::steady_clock;

std::mutex direct_children_mutex;
// Guarded by direct_children_mutex; a multiset, so a pid reused before its first owner
// unregistered it stays registered for the second.
std::multiset<int> direct_children;

struct ProcessStatus {
  int pid = 0;
  int parent = 0;
  char state = '?';
};

std::string read_proc_file(int pid, const char* name) {
  std::ifstream in(fmt::format("/proc/{}/{}", pid, name), std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// /proc/PID/stat is "PID (COMM) STATE PPID ..."; COMM may hold spaces and parentheses.
bool read_status(int pid, ProcessStatus& status) {
  auto stat = read_proc_file(pid, "stat");
  auto close = stat.rfind(')');
  if (close == std::string::npos || close + 4 > stat.size()) return false;
  status.pid = pid;
  status.state = stat[close + 2];
  status.parent = std::atoi(stat.c_str() + close + 4);
  return true;
}

std::vector<ProcessStatus> all_processes() {
  std::vector<ProcessStatus> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    auto name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    ProcessStatus status;
    if (read_status(std::atoi(name.c_str()), status)) found.push_back(status);
  }
  return found;
}

bool environment_has_token(int pid, std::string_view token) {
  auto environ_text = read_proc_file(pid, "environ");
  const std::string prefix = std::string(kChildTokenVariable) + "=";
  for (std::size_t start = 0; start < environ_text.size();) {
    auto end = environ_text.find('\0', start);
    if (end == std::string::npos) end = environ_text.size();
    std::string_view entry(environ_text.data() + start, end - start);
    if (entry.starts_with(prefix) && token_list_has(entry.substr(prefix.size()), token)) return true;
    start = end + 1;
  }
  return false;
}

bool is_zombie(const ProcessStatus& status) { return status.state == 'Z' || status.state == 'X'; }

// Children of ours that run_child does not wait for: zombies are reaped; with `kill_live`
// live ones are killed (end_orphans). Returns how many are left to reap.
std::size_t sweep_orphans(bool kill_live) {
  std::lock_guard lock(direct_children_mutex);
  const int self = getpid();
  std::size_t left = 0;
  for (const auto& status : all_processes()) {
    if (status.parent != self || direct_children.count(status.pid) > 0) continue;
    if (!is_zombie(status)) {
      // Live orphans are counted only when they are to go: at a mode's end an orphan
      // without this mode's token may belong to another mode run still under way.
      if (kill_live) {
        ::kill(status.pid, SIGKILL);
        ++left;
      }
      continue;
    }
    int ignored = 0;
    if (waitpid(status.pid, &ignored, WNOHANG) != status.pid) ++left;
  }
  return left;
}

}  // namespace

std::string new_child_token() {
  static std::atomic<unsigned> counter{0};
  auto clock = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
  return fmt::format("{}.{}.{}", getpid(), clock, ++counter);
}

std::string token_list_with(std::string_view token) {
  const char* inherited = std::getenv(kChildTokenVariable);
  if (inherited == nullptr || *inherited == '\0') return std::string(token);
  return fmt::format("{}:{}", inherited, token);
}

bool token_list_has(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    auto colon = list.find(':');
    if (list.substr(0, colon) == token) return true;
    list = colon == std::string_view::npos ? std::string_view() : list.substr(colon + 1);
  }
  return false;
}

std::vector<int> processes_with_token(std::string_view token) {
  std::vector<int> found;
  const int self = getpid();
  for (const auto& status : all_processes()) {
    if (status.pid != self && !is_zombie(status) && environment_has_token(status.pid, token)) {
      found.push_back(status.pid);
    }
  }
  return found;
}

void become_subreaper() {
  static std::once_flag once;
  std::call_once(once, [] { prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); });
}

void end_processes_with_token(std::string_view token) {
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  for (;;) {
    auto alive = processes_with_token(token);
    for (int pid : alive) ::kill(pid, SIGKILL);
    auto orphans = sweep_orphans(false);
    if ((alive.empty() && orphans == 0) || Clock::now() >= deadline) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(alive.empty() ? 2 : 10));
  }
}

void end_orphans() {
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (sweep_orphans(true) > 0 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

std::unique_lock<std::mutex> lock_direct_children() { return std::unique_lock(direct_children_mutex); }

void add_direct_child(int pid) { direct_children.insert(pid); }

void remove_direct_child(int pid) {
  std::lock_guard lock(direct_children_mutex);
  auto it = direct_children.find(pid);
  if (it != direct_children.end()) direct_children.erase(it);
}

}  // namespace gilfree::runtime
