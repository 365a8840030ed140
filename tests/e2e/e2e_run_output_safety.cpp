// End-to-end: text from a test suite (a NUL in a failure message, escape codes, raw
// bytes a crashing child writes) reaches neither the terminal raw nor cuts the output:
// the table, the summary line, the error line, the JSON and the JUnit XML stay whole.
#include <catch2/catch.hpp>

#include "e2e/e2e_run_support.hpp"
#include "common/safe_text.hpp"

using namespace gilfree::test;

namespace {

void check_terminal_safe(const std::string& text) {
  CHECK(text.find('\0') == std::string::npos);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\r') == std::string::npos);
  CHECK(gilfree::runtime::first_invalid_utf8(text) == std::string::npos);
}

// python3's own XML parser accepts the file (the JUnit readers' baseline).
void check_xml_parses(const std::filesystem::path& xml) {
  gilfree::runtime::ChildOptions options;
  options.argv = {"python3", "-c", "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])", xml.string()};
  auto parsed = gilfree::runtime::run_child(options);
  INFO(parsed.err);
  CHECK(parsed.exit_code == 0);
}

}  // namespace

TEST_CASE("run: a NUL and escape codes in failure messages keep the table and summary whole and terminal-safe") {
  TempDir dir;
  dir.write("tests/test_hostile_text.py",
            "def test_nul_and_escapes():\n"
            "    assert False, 'before\\x00after \\x1b[2J\\x1b[31mred\\r'\n\n"
            "def test_title():\n"
            "    print('\\x1b]0;pwned\\x07')\n"
            "    assert False, '\\x1b]0;pwned\\x07 \\x9b31m'\n\n"
            "def test_fine():\n"
            "    pass\n\n"
            "def test_zzz_plain_failure():\n"
            "    assert 1 == 2\n");
  auto junit = dir.path() / "run.xml";
  auto [result, report] = run_with_json(dir, {"--mode", "nogil", "--no-history", "--junit-xml", junit.string()});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  check_terminal_safe(result.out);
  check_terminal_safe(result.err);
  // The rows after the NUL and the summary line are all there.
  CHECK(result.out.find("before\\x00after \\x1b[2J\\x1b[31m") != std::string::npos);
  CHECK(result.out.find("tests/test_hostile_text.py::test_title") != std::string::npos);
  CHECK(result.out.find("\\x1b]0;pwned\\x07 \\u009b31m") != std::string::npos);
  CHECK(result.out.find("tests/test_hostile_text.py::test_zzz_plain_failure") != std::string::npos);
  CHECK(result.out.find("1 pass · 3 regressed-nogil  (exit 1;") != std::string::npos);
  REQUIRE(!report.is_null());
  CHECK(verdicts_of(report).size() == 4);
  auto xml = slurp_file(junit);
  check_terminal_safe(xml);
  check_xml_parses(junit);
}

TEST_CASE("run: raw bytes and escape codes a dying child writes reach stderr spelled out, JSON and JUnit written") {
  TempDir dir;
  dir.write("conftest.py", "import os\nos.write(2, b'\\x1b[2J\\xff\\xfe collection error \\x00 here\\n')\nos._exit(3)\n");
  dir.write("tests/test_ok.py", "def test_ok():\n    pass\n");
  auto junit = dir.path() / "out" / "run.xml";
  auto json = dir.path() / "out" / "run.json";
  // -s: pytest's capture would swallow what conftest.py writes before it exits.
  auto result = run_gilfree({"run", dir.path().string(), "--mode", "nogil", "--no-history", "--no-progress", "--json",
                             json.string(), "--junit-xml", junit.string(), "--", "-s"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 2);
  check_terminal_safe(result.out);
  check_terminal_safe(result.err);
  CHECK(result.err.rfind("gilfree: error: no test ran: the nogil child exited with status 3: ", 0) == 0);
  CHECK(result.err.find("\\x1b[2J\xEF\xBF\xBD\xEF\xBF\xBD collection error \\x00 here") != std::string::npos);
  CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
  REQUIRE(std::filesystem::exists(json));
  CHECK(nlohmann::json::parse(slurp_file(json)).at("exit_code") == 2);
  REQUIRE(std::filesystem::exists(junit));
  check_xml_parses(junit);
}
