// `gilfree scan` on hostile input: never a crash, always a clear note.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "support/e2e.hpp"

using gilfree::test::run_gilfree;
using gilfree::test::TempDir;

namespace {

const std::string kFinding = "def work():\n    global count\n    count += 1\n";

gilfree::runtime::ChildResult scan_in(const TempDir& dir, std::vector<std::string> args = {}) {
  gilfree::runtime::ChildOptions options;
  options.cwd = dir.path();
  options.timeout = std::chrono::seconds(120);
  std::vector<std::string> argv{"scan"};
  for (auto& arg : args) argv.push_back(std::move(arg));
  return run_gilfree(argv, options);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("bad input: a binary file with NUL bytes is skipped with a note") {
  TempDir dir;
  dir.write("blob.py", std::string("\x7f" "ELF\0\0\x01\x02", 8) + "count += 1\n");
  auto result = scan_in(dir);
  CHECK(result.exit_code == 0);
  CHECK(contains(result.out, "note: blob.py: skipped: binary file (contains a NUL byte)"));
}

TEST_CASE("bad input: invalid UTF-8 is noted and still scanned") {
  TempDir dir;
  dir.write("latin1.py", "# caf\xe9\n" + kFinding);
  auto result = scan_in(dir);
  CHECK(result.exit_code == 1);
  CHECK(contains(result.out, "note: latin1.py:1: not valid UTF-8"));
  CHECK(contains(result.out, "latin1.py:4:5: FT001"));
}

TEST_CASE("bad input: a 10 MB one-line file is scanned (above the default size limit) and its frame stays short") {
  TempDir dir;
  std::string line = "def work(): global count; count += 1; s = \"" + std::string(10 * 1024 * 1024, 'x') + "\"\n";
  dir.write("huge.py", line);
  auto result = scan_in(dir, {"--max-file-size", "16MB"});
  CHECK(result.exit_code == 1);
  CHECK(contains(result.out, "huge.py:1:27: FT001"));
  CHECK(result.out.size() < 4000);
}

TEST_CASE("bad input: deeply nested code does not overflow the stack") {
  TempDir dir;
  dir.write("nested.py", "x = " + std::string(50000, '(') + "1" + std::string(50000, ')') + "\n" + kFinding);
  dir.write("nested_lists.py", "x = " + std::string(50000, '[') + std::string(50000, ']') + "\n");
  std::string blocks;
  for (int depth = 0; depth < 200; ++depth) blocks += std::string(static_cast<std::size_t>(depth), ' ') + "if x:\n";
  dir.write("nested_blocks.py", blocks + std::string(200, ' ') + "pass\n");
  auto result = scan_in(dir);
  CHECK(result.signal == 0);
  CHECK((result.exit_code == 0 || result.exit_code == 1));
  CHECK(contains(result.out, "in 3 files"));
}

TEST_CASE("bad input: a syntax error keeps findings from what parses and names the file") {
  TempDir dir;
  dir.write("broken.py", kFinding + "\ndef oops(:\n    pass\n");
  auto result = scan_in(dir);
  CHECK(result.exit_code == 1);
  CHECK(contains(result.out, "broken.py:3:5: FT001"));
  CHECK(contains(result.out, "note: broken.py:5: syntax error; findings come only from the parts that parse"));
}

TEST_CASE("bad input: a symlink loop is noted and not followed forever") {
  TempDir dir;
  dir.write("pkg/mod.py", kFinding);
  std::filesystem::create_directory_symlink("..", dir.path() / "pkg" / "loop");
  auto result = scan_in(dir);
  CHECK(result.exit_code == 1);
  CHECK(contains(result.out, "directory already scanned (symbolic link loop?)"));
  CHECK(contains(result.out, "in 1 file"));
}

TEST_CASE("bad input: unreadable files and broken links become notes") {
  TempDir dir;
  dir.write("ok.py", "x = 1\n");
  std::filesystem::create_symlink("missing.py", dir.path() / "dangling.py");
  REQUIRE(mkfifo((dir.path() / "pipe.py").c_str(), 0600) == 0);
  auto locked = dir.write("locked.py", kFinding);
  ::chmod(locked.c_str(), 0);
  auto result = scan_in(dir);
  CHECK(result.signal == 0);
  CHECK(contains(result.out, "note: dangling.py: skipped: broken symbolic link"));
  CHECK(contains(result.out, "note: pipe.py: skipped: not a regular file"));
  if (::geteuid() != 0) CHECK(contains(result.out, "note: locked.py: cannot read the file (Permission denied)"));
}

TEST_CASE("bad input: empty files and CRLF line endings and a BOM") {
  TempDir dir;
  dir.write("empty.py", "");
  std::string crlf = "def work():\r\n    global count\r\n    count += 1\r\n";
  dir.write("crlf.py", crlf);
  dir.write("bom.py", "\xEF\xBB\xBF" + kFinding);
  dir.write("wide.py", "def work():\n    global count\n    s = \"\xc3\xa9\xc3\xa9\xe2\x82\xac\"; count += 1\n");
  auto result = scan_in(dir);
  CHECK(result.exit_code == 1);
  CHECK(contains(result.out, "crlf.py:3:5: FT001"));
  CHECK(contains(result.out, "3 |     count += 1\n"));
  CHECK(contains(result.out, "bom.py:3:5: FT001"));
  CHECK(contains(result.out, "wide.py:3:16: FT001"));  // characters, not bytes (the byte column is 20)
  CHECK(!contains(result.out, "\r"));
  CHECK(contains(result.out, "in 4 files"));
}

TEST_CASE("bad input: a generated file with thousands of functions and locks scans without blowing up") {
  TempDir dir;
  std::string source = "import threading\n_lock = threading.Lock()\ncount = 0\n_table = {}\n";
  for (int i = 0; i < 20000; ++i) {
    auto n = std::to_string(i);
    source += "def f" + n + "():\n    global count\n    with _lock:\n        count += 1\n        _table[" + n + "] = " + n +
              "\n    count += 1\n";
  }
  dir.write("generated.py", source);
  auto result = scan_in(dir, {"--format", "json"});
  REQUIRE(!result.timed_out);
  CHECK(result.exit_code == 1);
  CHECK(contains(result.out, "\"FT001\": 20000"));
}
