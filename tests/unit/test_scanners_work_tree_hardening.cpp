// Files that change between the walk and the read (a build or an editor
// running beside `gilfree scan`): a file that vanished, or became a directory
// or a FIFO, is a note for that file, never a crash or a block.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>

#include "scanners/scan/work_tree.hpp"
#include "support/e2e.hpp"

using namespace gilfree::scanners;
using gilfree::test::TempDir;

namespace {

const FileToScan& find_file(const WalkResult& walk, const std::string& display) {
  for (const auto& file : walk.files) {
    if (file.display.find(display) != std::string::npos) return file;
  }
  throw std::runtime_error("not walked: " + display);
}

}  // namespace

TEST_CASE("work tree hardening: files that vanish or change kind after the walk are notes") {
  TempDir dir;
  dir.write("gone.py", "x = 1\n");
  dir.write("now_dir.py", "x = 1\n");
  dir.write("now_fifo.py", "x = 1\n");
  dir.write("kept.py", "x = 1\n");
  auto walk = find_python_files({dir.path()}, {});
  REQUIRE(walk.files.size() == 4);

  std::filesystem::remove(dir.path() / "gone.py");
  std::filesystem::remove(dir.path() / "now_dir.py");
  std::filesystem::create_directory(dir.path() / "now_dir.py");
  std::filesystem::remove(dir.path() / "now_fifo.py");
  REQUIRE(::mkfifo((dir.path() / "now_fifo.py").c_str(), 0600) == 0);

  SourceFile source;
  std::string problem;
  CHECK(!read_source_file(find_file(walk, "gone.py"), source, problem));
  CHECK(problem.find("gone.py: cannot read the file (No such file or directory)") != std::string::npos);
  problem.clear();
  CHECK(!read_source_file(find_file(walk, "now_dir.py"), source, problem));
  CHECK(problem.find("now_dir.py: skipped: not a regular file") != std::string::npos);
  problem.clear();
  CHECK(!read_source_file(find_file(walk, "now_fifo.py"), source, problem));
  CHECK(problem.find("now_fifo.py: skipped: not a regular file") != std::string::npos);
  CHECK(read_source_file(find_file(walk, "kept.py"), source, problem));
  CHECK(source.content == "x = 1\n");
}
