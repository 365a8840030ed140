#include "runtime/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "runtime/descendants.hpp"
#include "common/errors.hpp"

namespace gilfree::runtime {
namespace {

struct Pipe {
  int read = -1;
  int write = -1;
};

Pipe make_pipe() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + strerror(errno));
  return {fds[0], fds[1]};
}

void close_fd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

// In the child between fork and exec: only async-signal-safe calls, plus the
// environment edits, which touch only this process's copy.
[[noreturn]] void exec_child(const ChildOptions& options, pid_t parent, Pipe& in, Pipe& out, Pipe& err) {
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  if (getppid() != parent) _exit(127);  // the parent died before the line above
  dup2(in.read, STDIN_FILENO);
  dup2(out.write, STDOUT_FILENO);
  dup2(err.write, STDERR_FILENO);
  signal(SIGPIPE, SIG_DFL);
  for (const auto& [name, value] : options.env) {
    if (value) setenv(name.c_str(), value->c_str(), 1);
    else unsetenv(name.c_str());
  }
  if (!options.cwd.empty() && chdir(options.cwd.c_str()) != 0) {
    dprintf(STDERR_FILENO, "cannot enter %s: %s\n", options.cwd.c_str(), strerror(errno));
    _exit(127);
  }
  std::vector<char*> argv;
  for (const auto& arg : options.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  execvp(argv[0], argv.data());
  dprintf(STDERR_FILENO, "cannot run %s: %s\n", argv[0], strerror(errno));
  _exit(127);
}

// Writes to the child's stdin with SIGPIPE blocked in this thread: a child that exits
// without reading its input (a program that is not what we took it for) gives EPIPE
// here instead of killing gilfree. A SIGPIPE that was pending before stays pending.
ssize_t write_without_sigpipe(int fd, const char* data, std::size_t size) {
  sigset_t pipe_signal, old_mask, pending;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  sigpending(&pending);
  bool was_pending = sigismember(&pending, SIGPIPE) == 1;
  pthread_sigmask(SIG_BLOCK, &pipe_signal, &old_mask);
  ssize_t n = write(fd, data, size);
  int saved = errno;
  // The kernel raises it also for a write that got part of its bytes in before the
  // reader went away (and then returns that count): look at what is pending, not at n.
  sigpending(&pending);
  if (!was_pending && sigismember(&pending, SIGPIPE) == 1) {
    timespec no_wait{0, 0};
    sigtimedwait(&pipe_signal, nullptr, &no_wait);  // consume the one this write raised
  }
  errno = saved;
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  return n;
}

void append_capped(std::string& sink, const char* data, std::size_t size, std::size_t limit,
                   std::size_t& dropped) {
  std::size_t room = sink.size() < limit ? limit - sink.size() : 0;
  std::size_t kept = size < room ? size : room;
  sink.append(data, kept);
  dropped += size - kept;
}

int remaining_ms(std::chrono::steady_clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

enum class PumpEnd { outputs_closed, timed_out, watchdog };

// How long poll may wait: until the deadline or the next watchdog call, whichever is first.
int poll_wait_ms(const ChildOptions& options, std::chrono::steady_clock::time_point deadline,
                 std::chrono::steady_clock::time_point next_watch) {
  int wait = options.timeout.count() > 0 ? remaining_ms(deadline) : -1;
  if (options.watchdog) {
    int watch = remaining_ms(next_watch);
    wait = wait < 0 ? watch : std::min(wait, watch);
  }
  return wait;
}

// Pumps stdin/stdout/stderr until both outputs close, the deadline passes or
// the watchdog says stop.
// How long output is still read after the child itself has exited: what its
// background processes write meanwhile is kept, then they are killed.
constexpr auto kLeftoverGrace = std::chrono::seconds(1);

// The child's exit status once reaped by pump().
struct Reaped {
  bool done = false;
  int status = 0;
  std::chrono::steady_clock::time_point at;
};

PumpEnd pump(const ChildOptions& options, pid_t pid, Pipe& in, Pipe& out, Pipe& err, ChildResult& result,
             Reaped& reaped) {
  const bool has_deadline = options.timeout.count() > 0;
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  auto next_watch = std::chrono::steady_clock::now() + options.watch_interval;
  std::size_t written = 0;
  if (options.input.empty()) close_fd(in.write);
  std::array<char, 65536> buffer{};
  while (out.read >= 0 || err.read >= 0) {
    std::array<pollfd, 3> fds{{{out.read, POLLIN, 0}, {err.read, POLLIN, 0}, {in.write, POLLOUT, 0}}};
    if (has_deadline && remaining_ms(deadline) == 0) return PumpEnd::timed_out;
    if (options.watchdog && std::chrono::steady_clock::now() >= next_watch) {
      if (!options.watchdog()) return PumpEnd::watchdog;
      next_watch = std::chrono::steady_clock::now() + options.watch_interval;
    }
    // A forked process of the child may hold the outputs open after the child
    // exited: check the child at least every 100 ms and stop after a grace period.
    if (!reaped.done && waitpid(pid, &reaped.status, WNOHANG) == pid) {
      reaped.done = true;
      reaped.at = std::chrono::steady_clock::now();
    }
    if (reaped.done && std::chrono::steady_clock::now() - reaped.at >= kLeftoverGrace) {
      kill(-pid, SIGKILL);
      return PumpEnd::outputs_closed;
    }
    int wait = poll_wait_ms(options, deadline, next_watch);
    int ready = poll(fds.data(), fds.size(), wait < 0 || wait > 100 ? 100 : wait);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[static_cast<std::size_t>(i)].revents == 0) continue;
      int& fd = i == 0 ? out.read : err.read;
      ssize_t n = read(fd, buffer.data(), buffer.size());
      if (n <= 0) { close_fd(fd); continue; }
      append_capped(i == 0 ? result.out : result.err, buffer.data(), static_cast<std::size_t>(n),
                    options.output_limit, result.dropped_bytes);
    }
    if (fds[2].revents != 0) {
      ssize_t n = write_without_sigpipe(in.write, options.input.data() + written, options.input.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      if (n <= 0 || written == options.input.size()) close_fd(in.write);
    }
  }
  return PumpEnd::outputs_closed;
}

}  // namespace

ChildResult run_child(const ChildOptions& options) {
  if (options.argv.empty()) throw std::invalid_argument("run_child: empty argv");
  Pipe in = make_pipe(), out = make_pipe(), err = make_pipe();
  auto with_token = options;
  std::string token;
  if (options.end_descendants) {
    become_subreaper();
    token = new_child_token();
    with_token.env.emplace_back(kChildTokenVariable, token_list_with(token));
  }
  const pid_t parent = getpid();
  pid_t pid = 0;
  {
    auto lock = lock_direct_children();  // the orphan reaping must not take this one
    pid = fork();
    if (pid == 0) exec_child(with_token, parent, in, out, err);
    if (pid > 0) add_direct_child(pid);
  }
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + strerror(errno));
  setpgid(pid, pid);  // also here, so the group exists before we may kill it
  if (options.on_start) options.on_start(static_cast<int>(pid));
  close_fd(in.read);
  close_fd(out.write);
  close_fd(err.write);

  ChildResult result;
  Reaped reaped;
  PumpEnd end = pump(options, pid, in, out, err, result, reaped);
  if (end != PumpEnd::outputs_closed) {
    result.timed_out = end == PumpEnd::timed_out;
    result.stopped_by_watchdog = end == PumpEnd::watchdog;
    kill(-pid, SIGKILL);
  }
  close_fd(in.write);
  close_fd(out.read);
  close_fd(err.read);
  int status = reaped.status;
  while (!reaped.done && waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  remove_direct_child(pid);
  if (options.end_descendants) {
    kill(-pid, SIGKILL);  // what stayed in the child's group
    end_processes_with_token(token);
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  if (result.exit_code == 127 && result.err.rfind("cannot run ", 0) == 0) result.started = false;
  return result;
}

std::filesystem::path self_executable() {
  std::error_code ec;
  auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) throw std::runtime_error("cannot find the gilfree executable: " + ec.message());
  return path;
}

}  // namespace gilfree::runtime
