// End-to-end: every process a test suite starts is gone when its mode run ends: one in
// the test's process group, one in a new session (setsid), a double-forked daemon, and a
// daemon that also cleared its environment (ended when the run ends). And a gilfree
// killed mid-run takes its test child with it.
#include <catch2/catch.hpp>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "e2e/e2e_run_support.hpp"

extern char** environ;

using namespace gilfree::test;

namespace {

// A live process (not a zombie) whose command line holds `tag`.
bool alive_with(int pid, const std::string& tag) {
  auto stat = slurp_file("/proc/" + std::to_string(pid) + "/stat");
  auto close = stat.rfind(')');
  if (close == std::string::npos || close + 2 >= stat.size()) return false;
  char state = stat[close + 2];
  auto cmdline = slurp_file("/proc/" + std::to_string(pid) + "/cmdline");
  return state != 'Z' && state != 'X' && cmdline.find(tag) != std::string::npos;
}

struct Spawned {
  std::string mode, kind;
  int pid = 0;
};

std::vector<Spawned> spawned(const std::filesystem::path& file) {
  std::vector<Spawned> all;
  std::istringstream lines(slurp_file(file));
  for (Spawned entry; lines >> entry.mode >> entry.kind >> entry.pid;) all.push_back(entry);
  return all;
}

// A tag no other process on the machine has in its command line: digits, so that
// `sleep 901.<tag>` is still a number of seconds.
std::string unique_tag() {
  return std::to_string(getpid()) +
         std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 1000000000);
}

const char* kSpawningTests = R"py(import os, pathlib, subprocess

TAG = "@TAG@"
RECORD = pathlib.Path(__file__).with_name("spawned.txt")
QUIET = dict(stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def record(kind, pid):
    with open(RECORD, "a") as out:
        out.write(f"{os.environ['GILFREE_MODE']} {kind} {pid}\n")


def sleep_args(n):
    return ["sleep", f"{900 + n}.{TAG}"]


def daemon(n, environment):
    """Double fork and setsid: the sleeper's parent is gone, it belongs to no group of ours."""
    read_end, write_end = os.pipe()
    first = os.fork()
    if first == 0:
        os.setsid()
        second = os.fork()
        if second == 0:
            quiet = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(quiet, fd)
            os.execve("/bin/sleep", sleep_args(n), environment)
        os.write(write_end, f"{second}\n".encode())
        os._exit(0)
    os.waitpid(first, 0)
    return int(os.read(read_end, 64))


def alive(pid):
    try:
        stat = pathlib.Path(f"/proc/{pid}/stat").read_text()
        cmdline = pathlib.Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] not in "ZX" and TAG.encode() in cmdline


def test_earlier_modes_left_nothing():
    mode = os.environ["GILFREE_MODE"]
    lines = RECORD.read_text().split("\n") if RECORD.exists() else []
    left = [line for line in lines if line and not line.startswith(mode + " ")
            and " scrubbed " not in line and alive(int(line.split()[2]))]
    assert not left, left


def test_spawns_sleepers():
    record("group", subprocess.Popen(sleep_args(1), **QUIET).pid)
    record("session", subprocess.Popen(sleep_args(2), start_new_session=True, **QUIET).pid)
    record("daemon", daemon(3, dict(os.environ)))
    record("scrubbed", daemon(4, {}))
)py";

}  // namespace

TEST_CASE("run: processes a test starts (group, setsid, double-forked daemons) are ended with its mode run") {
  TempDir dir;
  auto tag = unique_tag();
  std::string source = kSpawningTests;
  source.replace(source.find("@TAG@"), 5, tag);
  dir.write("tests/test_spawns.py", source);
  // One mode after the other: the second one's first test checks the first left nothing.
  auto [result, report] = run_with_json(dir, {"--mode", "gil,nogil", "-j", "1", "--no-history"});
  INFO(result.out << result.err);
  auto all = spawned(dir.path() / "tests" / "spawned.txt");
  REQUIRE(all.size() == 8);  // four per mode: the test did start them
  CHECK(result.exit_code == 0);
  REQUIRE(!report.is_null());
  CHECK(verdicts_of(report).at("tests/test_spawns.py::test_earlier_modes_left_nothing") == "pass");
  // SIGKILL is asynchronous: allow a loaded machine a moment before counting.
  std::vector<Spawned> left;
  for (int attempt = 0; attempt < 50; ++attempt) {
    left.clear();
    for (const auto& entry : all) {
      if (alive_with(entry.pid, tag)) left.push_back(entry);
    }
    if (left.empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  for (const auto& entry : left) {
    UNSCOPED_INFO("still running: " << entry.mode << " " << entry.kind << " " << entry.pid);
    kill(entry.pid, SIGKILL);  // leave the machine clean for the next test
  }
  CHECK(left.empty());
}

TEST_CASE("run: a gilfree killed mid-run takes its test child with it") {
  TempDir dir;
  auto pid_file = dir.path() / "child.pid";
  dir.write("tests/test_waits.py", "import os, time\n\ndef test_waits():\n    with open(" +
                                       nlohmann::json(pid_file.string()).dump() +
                                       ", 'w') as out:\n        out.write(str(os.getpid()))\n    time.sleep(600)\n");
  std::vector<std::string> args{GILFREE_BINARY, "run", dir.path().string(), "--mode", "nogil", "--no-history",
                                "--no-progress", "--timeout", "900"};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t gilfree = 0;
  REQUIRE(posix_spawn(&gilfree, GILFREE_BINARY, nullptr, nullptr, argv.data(), environ) == 0);
  int child = 0;
  for (int i = 0; i < 2400 && child == 0; ++i) {  // the test child starts within two minutes
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    child = std::atoi(slurp_file(pid_file).c_str());
  }
  kill(gilfree, SIGKILL);
  int status = 0;
  waitpid(gilfree, &status, 0);
  REQUIRE(child > 0);
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {
    auto stat = slurp_file("/proc/" + std::to_string(child) + "/stat");
    gone = stat.empty() || stat[stat.rfind(')') + 2] == 'Z';
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (!gone) kill(child, SIGKILL);
  CHECK(gone);
}
