// A full disk when writing reports: `plan -o`, `scan --write-baseline` and
// `bench --json` on a 64 KB tmpfs filled to the last byte. Each gives one
// error line and exit 2, leaves the previous file intact and no temp file.
#include <catch2/catch.hpp>

#include <sys/mount.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "support/e2e.hpp"

namespace fs = std::filesystem;
using gilfree::test::run_gilfree;
using gilfree::test::TempDir;

namespace {

// A 64 KB tmpfs mounted on `path` for the object's lifetime.
class SmallTmpfs {
 public:
  explicit SmallTmpfs(fs::path path) : path_(std::move(path)) {
    fs::create_directories(path_);
    mounted_ = ::mount("tmpfs", path_.c_str(), "tmpfs", 0, "size=64k") == 0;
    if (!mounted_) error_ = std::strerror(errno);
  }
  ~SmallTmpfs() {
    if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
  }
  SmallTmpfs(const SmallTmpfs&) = delete;
  SmallTmpfs& operator=(const SmallTmpfs&) = delete;
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }

  // Writes until the file system says ENOSPC.
  void fill() const {
    std::ofstream out(path_ / "filler", std::ios::binary);
    std::string block(4096, 'f');
    while (out.write(block.data(), static_cast<std::streamsize>(block.size())) && out.flush()) {
    }
    std::ofstream tail(path_ / "filler-tail", std::ios::binary);
    while (tail.put('f') && tail.flush()) {
    }
  }

  std::set<std::string> names() const {
    std::set<std::string> out;
    for (const auto& entry : fs::directory_iterator(path_)) out.insert(entry.path().filename().string());
    return out;
  }

 private:
  fs::path path_;
  bool mounted_ = false;
  std::string error_;
};

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void check_disk_full_error(const gilfree::runtime::ChildResult& result, const fs::path& target) {
  INFO(result.out << result.err);
  CHECK(!result.timed_out);
  CHECK(result.signal == 0);
  CHECK(result.exit_code == 2);
  CHECK(result.err.rfind("gilfree: error: ", 0) == 0);
  CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
  CHECK(result.err.find(target.filename().string()) != std::string::npos);
  CHECK(result.err.find("No space left on device") != std::string::npos);
}

}  // namespace

TEST_CASE("bad input: a full disk when writing plan, baseline and bench reports leaves the old files whole") {
  if (::geteuid() != 0) {
    WARN("skipped: mounting a small tmpfs needs root");
    return;
  }
  TempDir dir;
  SmallTmpfs disk(dir.path() / "full");
  if (!disk.mounted()) {
    WARN("skipped: cannot mount a tmpfs here (" + disk.error() + ")");
    return;
  }
  const std::string old_content = "previous report\n";
  auto plan = dir.path() / "full" / "plan.html";
  auto baseline = dir.path() / "full" / "baseline.json";
  auto bench = dir.path() / "full" / "bench.json";
  for (const auto& path : {plan, baseline, bench}) std::ofstream(path) << old_content;
  disk.fill();
  auto before = disk.names();

  dir.write("proj/pkg/count.py", "n = 0\n\ndef bump():\n    global n\n    n += 1\n");
  dir.write("in/scan.json", R"({"kind": "gilfree-scan", "schema_version": 1,
    "findings": [{"rule_id": "FT001", "rule_name": "global-augmented-assignment", "severity": "warning", "confidence": "high", "message": "not atomic", "path": "pkg/count.py", "line": 5}]})");
  check_disk_full_error(run_gilfree({"plan", (dir.path() / "proj").string(), "--from", (dir.path() / "in").string(),
                                     "--format", "html", "-o", plan.string()}),
                        plan);

  gilfree::runtime::ChildOptions in_project;
  in_project.cwd = dir.path() / "proj";
  check_disk_full_error(run_gilfree({"scan", "--no-cache", "--write-baseline", baseline.string(), "."}, in_project),
                        baseline);

  check_disk_full_error(run_gilfree({"bench", "--threads", "1", "--repeat", "1", "--seconds", "0.05", "--workload",
                                     "arith", "--json", bench.string(), "--svg", (dir.path() / "bench.svg").string()}),
                        bench);

  for (const auto& path : {plan, baseline, bench}) CHECK(slurp(path) == old_content);
  CHECK(disk.names() == before);  // no temp file left behind
}
