// The one directory walk: order, exclusions, links, early stop.
#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <vector>

#include "common/directory_walk.hpp"
#include "support/e2e.hpp"

using gilfree::test::TempDir;
using namespace gilfree;
namespace fs = std::filesystem;

namespace {

struct Walked {
  std::vector<std::string> files;     // relative, with " (not regular)" when so
  std::vector<std::string> problems;  // "kind relative"
};

Walked walk(const TempDir& dir, const WalkVisitor& base = {}) {
  Walked out;
  auto relative = [&](const fs::path& path) { return path.lexically_relative(dir.path()).generic_string(); };
  WalkVisitor visitor = base;
  visitor.file = [&](const WalkedFile& file) {
    out.files.push_back(relative(file.path) + (file.regular ? "" : " (not regular)"));
    return !base.file || base.file(file);
  };
  visitor.problem = [&](const fs::path& path, WalkProblem problem, const std::string&) {
    const char* kind = problem == WalkProblem::broken_link ? "broken" : problem == WalkProblem::directory_seen ? "seen" : "unreadable";
    out.problems.push_back(std::string(kind) + " " + relative(path));
  };
  walk_directory(dir.path(), visitor);
  return out;
}

}  // namespace

TEST_CASE("the walk is sorted and depth first, and leaves excluded directories out") {
  TempDir dir;
  for (const char* file : {"b.py", "a/z.py", "a/b/y.py", "c.txt", ".venv/lib/x.py", "env/pyvenv.cfg", "env/w.py",
                           "node_modules/m.js", "__pycache__/a.pyc"}) {
    dir.write(file, "x\n");
  }
  CHECK(walk(dir).files == std::vector<std::string>{"b.py", "c.txt", "a/z.py", "a/b/y.py"});

  WalkVisitor no_a;
  no_a.enter = [](const fs::path& path) { return path.filename() != "a"; };
  CHECK(walk(dir, no_a).files == std::vector<std::string>{"b.py", "c.txt"});
}

TEST_CASE("a symbolic link loop is walked once and named, a broken link is named, a FIFO is not regular") {
  TempDir dir;
  dir.write("pkg/mod.py", "x\n");
  fs::create_directory_symlink(dir.path() / "pkg", dir.path() / "pkg" / "again");
  fs::create_symlink(dir.path() / "missing.py", dir.path() / "dangling.py");
  REQUIRE(mkfifo((dir.path() / "pipe.py").c_str(), 0600) == 0);
  auto walked = walk(dir);
  CHECK(walked.files == std::vector<std::string>{"pipe.py (not regular)", "pkg/mod.py"});
  CHECK(walked.problems == std::vector<std::string>{"broken dangling.py", "seen pkg/again"});
}

TEST_CASE("the walk stops when the visitor says so") {
  TempDir dir;
  for (const char* file : {"a.py", "b.py", "c.py"}) dir.write(file, "x\n");
  WalkVisitor first_two;
  int count = 0;
  first_two.file = [&](const WalkedFile&) { return ++count < 2; };
  CHECK(walk(dir, first_two).files == std::vector<std::string>{"a.py", "b.py"});
}
