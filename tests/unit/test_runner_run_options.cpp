#include <catch2/catch.hpp>

#include <filesystem>
#include <iterator>

#include "runner/run_options.hpp"
#include "common/errors.hpp"
#include "support/e2e.hpp"

using namespace gilfree::runner;
using gilfree::runtime::GilMode;

TEST_CASE("shard option: takes K/N with 1 <= K <= N") {
  auto shard = parse_shard("2/4");
  CHECK(shard.index == 2);
  CHECK(shard.count == 4);
  CHECK(parse_shard("1/1").count == 1);
  for (const char* bad : {"0/2", "3/2", "2", "a/b", "1/0", "-1/2", "1/2/3", "", "1 /2"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_shard(bad), gilfree::UserError);
  }
}

TEST_CASE("mode option: takes a comma-separated list of modes, duplicates folded") {
  CHECK(parse_modes("gil,nogil") == std::vector<GilMode>{GilMode::gil, GilMode::nogil});
  CHECK(parse_modes("default,gil,default") == std::vector<GilMode>{GilMode::standard, GilMode::gil});
  CHECK_THROWS_AS(parse_modes("gil,fast"), gilfree::UserError);
  CHECK_THROWS_AS(parse_modes(""), gilfree::UserError);
}

TEST_CASE("interpreter options: --python or --env names the interpreter, --no-env turns the project's environment off") {
  auto plain = parse_interpreter_choice("", "", false);
  CHECK(!plain.python);
  CHECK(plain.project_env);
  CHECK(parse_interpreter_choice("/opt/py/bin/python3.13t", "", false).python == "/opt/py/bin/python3.13t");
  CHECK(parse_interpreter_choice("", "venv", false).python == "venv");
  auto off = parse_interpreter_choice("", "", true);
  CHECK(!off.python);
  CHECK(!off.project_env);
  CHECK_THROWS_AS(parse_interpreter_choice("python3.13t", "venv", false), gilfree::UserError);
}

TEST_CASE("count options: whole numbers in range, anything else one line naming the option and the range") {
  CHECK(parse_count("--timeout", "300", kTimeoutRange) == 300);
  CHECK(parse_count("--timeout", "86400", kTimeoutRange) == 86400);
  CHECK(parse_count("--repeat", "1", kRepeatRange) == 1);
  auto message = [](const std::string& text, CountRange range) {
    try {
      parse_count("--timeout", text, range);
    } catch (const gilfree::UserError& error) {
      return std::string(error.what());
    }
    return std::string("(accepted)");
  };
  CHECK(message("0", kTimeoutRange) == "--timeout '0' is out of range; give 1 to 86400 seconds");
  CHECK(message("-1", kTimeoutRange) == "--timeout '-1' is out of range; give 1 to 86400 seconds");
  CHECK(message("86401", kTimeoutRange) == "--timeout '86401' is out of range; give 1 to 86400 seconds");
  CHECK(message(std::string(300, '9'), kTimeoutRange) ==
        "--timeout '" + std::string(40, '9') + "...' is out of range; give 1 to 86400 seconds");
  for (const char* bad : {"", "abc", "1.5", "1e3", " 5", "5 ", "+5", "0x10"}) {
    INFO(bad);
    CHECK(message(bad, kTimeoutRange).find("is not a whole number; give 1 to 86400 seconds") != std::string::npos);
  }
}

TEST_CASE("output paths: a directory, a file in the way or an unwritable place is refused before the run") {
  gilfree::test::TempDir dir;
  RunOptions options;
  options.json_path = dir.path() / "new" / "dirs" / "run.json";  // created when written
  options.junit_path = dir.path() / "run.xml";
  CHECK_NOTHROW(check_output_paths(options));
  CHECK(!std::filesystem::exists(dir.path() / "new"));  // checking writes nothing
  CHECK(std::filesystem::directory_iterator(dir.path()) == std::filesystem::directory_iterator());
  options.junit_path = dir.path();
  CHECK_THROWS_WITH(check_output_paths(options), Catch::Contains("--junit-xml " + dir.path().string() + " is a directory"));
  options.junit_path.reset();
  auto file = dir.write("plain.txt", "x");
  options.json_path = file / "run.json";
  CHECK_THROWS_WITH(check_output_paths(options), Catch::Contains(file.string() + " is a file, not a directory"));
  options.json_path = "/sys/gilfree-test.json";
  CHECK_THROWS_WITH(check_output_paths(options), Catch::Contains("--json /sys/gilfree-test.json: cannot create a file in /sys"));
}

TEST_CASE("ROOT slot: an option or a test file goes to the framework, another file is an error") {
  gilfree::test::TempDir dir;
  auto test_file = dir.write("tests/test_a.py", "def test_x():\n    pass\n");
  auto readme = dir.write("README.md", "# hi\n");
  CHECK(is_framework_argument("-k"));
  CHECK(is_framework_argument(test_file.string()));
  CHECK(is_framework_argument(test_file.string() + "::test_x"));
  CHECK(!is_framework_argument(dir.path().string()));
  CHECK(!is_framework_argument(""));
  CHECK(!is_framework_argument((dir.path() / "missing").string()));  // run says it is not a directory
  CHECK_THROWS_WITH(is_framework_argument(readme.string()),
                    Catch::Contains("ROOT " + readme.string() + " is a file, not a directory"));
}
