// What ruff users expect of `gilfree scan` on a terminal and in scripts: a docs
// link per finding, colour (NO_COLOR, FORCE_COLOR, --color), -q/-qq/-v,
// unused suppressions (FT900), and a size limit for generated giants.
#include <catch2/catch.hpp>

#include <fstream>

#include "support/e2e.hpp"

using gilfree::test::run_gilfree;
using gilfree::test::TempDir;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const char* kRacy = "def work():\n    global count\n    count += 1\n";
const char* kDocs = "https://github.com/gilfree/gilfree/blob/main/docs/rules.md#ft001-global-augmented-assignment";

gilfree::runtime::ChildResult scan_in(const TempDir& dir, std::vector<std::string> args,
                                      std::vector<std::pair<std::string, std::optional<std::string>>> env = {}) {
  gilfree::runtime::ChildOptions options;
  options.cwd = dir.path();
  options.timeout = std::chrono::seconds(120);
  // The test's own environment must not decide: no colour variables unless the case sets them.
  options.env = {{"NO_COLOR", std::nullopt}, {"FORCE_COLOR", std::nullopt}, {"TERM", "xterm"}};
  options.env.insert(options.env.end(), env.begin(), env.end());
  std::vector<std::string> argv{"scan", "--no-config", "--no-git"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_gilfree(argv, options);
}

}  // namespace

TEST_CASE("scan's text output and rules show link each rule's docs section") {
  TempDir dir;
  dir.write("a.py", kRacy);
  auto result = scan_in(dir, {"a.py"});
  CHECK(result.exit_code == 1);
  CHECK(contains(result.out, "  = hint: guard the update"));
  CHECK(contains(result.out, std::string("  = docs: ") + kDocs + "\n"));
  auto show = run_gilfree({"rules", "show", "FT001"});
  CHECK(show.exit_code == 0);
  CHECK(contains(show.out, std::string("Docs: ") + kDocs + "\n"));
}

TEST_CASE("scan colours text on request or with FORCE_COLOR, never with NO_COLOR, never in machine formats") {
  TempDir dir;
  dir.write("a.py", kRacy);
  const std::string escape = "\x1b[";
  CHECK_FALSE(contains(scan_in(dir, {"a.py"}).out, escape));  // piped: no colour
  CHECK(contains(scan_in(dir, {"a.py", "--color", "always"}).out, escape + "1;31mFT001"));
  CHECK(contains(scan_in(dir, {"a.py"}, {{"FORCE_COLOR", "1"}}).out, escape));
  CHECK_FALSE(contains(scan_in(dir, {"a.py"}, {{"FORCE_COLOR", "1"}, {"NO_COLOR", ""}}).out, escape));
  CHECK_FALSE(contains(scan_in(dir, {"a.py", "--color", "never"}, {{"FORCE_COLOR", "1"}}).out, escape));
  for (const char* format : {"json", "sarif", "github"}) {
    CHECK_FALSE(contains(scan_in(dir, {"a.py", "--color", "always", "--format", format}).out, escape));
  }
  auto bad = scan_in(dir, {"a.py", "--color", "sometimes"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.rfind("gilfree: error: --color: ", 0) == 0);
}

TEST_CASE("scan -q prints only the findings, -qq nothing, and -v tells what it did on stderr") {
  TempDir dir;
  dir.write("a.py", kRacy);
  dir.write("b.py", "x = 1  # gilfree: ignore[FT01]\n");
  auto quiet = scan_in(dir, {"-q", "."});
  CHECK(quiet.exit_code == 1);
  CHECK(quiet.out.rfind("a.py:3:5: FT001", 0) == 0);
  CHECK_FALSE(contains(quiet.out, "Found 1 finding"));
  CHECK_FALSE(contains(quiet.out, "note:"));
  auto silent = scan_in(dir, {"-qq", "."});
  CHECK(silent.exit_code == 1);
  CHECK(silent.out.empty());
  auto verbose = scan_in(dir, {"-v", "."});
  CHECK(verbose.exit_code == 1);
  CHECK(contains(verbose.out, "Found 1 finding"));
  CHECK(contains(verbose.err, " rules loaded: 1 built in, "));
  CHECK(contains(verbose.err, " selected: FT001 "));
  CHECK(contains(verbose.err, "gilfree: scanned a.py ("));
  CHECK(contains(verbose.err, "gilfree: scanned b.py ("));
  CHECK(contains(verbose.err, "gilfree: 2 files (2 parsed, 0 from the cache) in "));
  auto both = scan_in(dir, {"-q", "-v", "."});
  CHECK(both.exit_code == 2);
  CHECK(both.err.rfind("gilfree: error: ", 0) == 0);
}

TEST_CASE("scan --select FT900 reports suppressions that silence nothing, and without it a typo is a note") {
  TempDir dir;
  dir.write("a.py",
            "def work():\n"
            "    global count\n"
            "    count += 1  # gilfree: ignore[FT001]\n"
            "    total = 1  # gilfree: ignore[FT001]\n"
            "    more = 2  # gilfree: ignore[FT01]\n");
  auto plain = scan_in(dir, {"a.py"});
  CHECK(plain.exit_code == 0);
  CHECK(contains(plain.out, "note: a.py:5: `# gilfree: ignore[...]` names no rule: FT01 (did you mean FT001?)"));
  auto checked = scan_in(dir, {"a.py", "--select", "FT001,FT900"});
  CHECK(checked.exit_code == 1);
  CHECK(contains(checked.out, "a.py:4:16: FT900 `# gilfree: ignore[FT001]` silences nothing: FT001 has no finding on this line"));
  CHECK(contains(checked.out, "a.py:5:15: FT900 `# gilfree: ignore[FT01]` silences nothing: no rule FT01 (did you mean FT001?)"));
  CHECK_FALSE(contains(checked.out, "a.py:3:"));
  CHECK(contains(checked.out, "Found 2 findings (FT900: 2) in 1 file."));
  CHECK(contains(run_gilfree({"rules", "list"}).out, "FT900  warning high   unused-suppression"));
}

TEST_CASE("bad input: a 20 MB one-line list of 10 million ints is skipped with a note, in bounded memory and time") {
  TempDir dir;
  std::string data = "x = [";
  data.reserve(20'000'010);
  for (int i = 0; i < 10'000'000; ++i) {
    data += static_cast<char>('0' + i % 10);
    data += ',';
  }
  data += "]\n";
  dir.write("data.py", data);
  dir.write("code.py", kRacy);
  // Peak memory of the child as the kernel counts it (ru_maxrss of the waited-for child, in KiB).
  gilfree::runtime::ChildOptions options;
  options.cwd = dir.path();
  options.timeout = std::chrono::seconds(120);
  options.argv = {"/usr/bin/python3", "-c",
                  "import resource, subprocess, sys\n"
                  "code = subprocess.run(sys.argv[1:]).returncode\n"
                  "print('maxrss_kib', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
                  "sys.exit(code)\n",
                  GILFREE_BINARY, "scan", "--no-config", "--no-git", "."};
  auto start = std::chrono::steady_clock::now();
  auto result = gilfree::runtime::run_child(options);
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);  // code.py is still scanned
  CHECK(contains(result.out, "code.py:3:5: FT001"));
  CHECK(contains(result.out,
                 "note: data.py: skipped: 19.1 MiB is over the 5.0 MiB limit (generated data? exclude it, or raise --max-file-size)"));
  auto at = result.err.find("maxrss_kib ");
  REQUIRE(at != std::string::npos);
  long maxrss_kib = std::stol(result.err.substr(at + 11));
  CHECK(maxrss_kib < 256 * 1024);  // was 4 GiB before the limit
  CHECK(seconds < 30);
  // A limit given explicitly: in bytes, or with a unit; 1K skips code.py too.
  auto small = scan_in(dir, {"--max-file-size", "1K", "code.py"});
  CHECK(small.exit_code == 1);
  auto tiny = scan_in(dir, {"--max-file-size", "8", "code.py"});
  CHECK(tiny.exit_code == 0);
  CHECK(contains(tiny.out, "note: code.py: skipped: 44 bytes is over the 8 bytes limit"));
  auto bad = scan_in(dir, {"--max-file-size", "big", "code.py"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err == "gilfree: error: --max-file-size 'big' is not a size; write bytes or a number with K, M or G (e.g. 5MB)\n");
}
