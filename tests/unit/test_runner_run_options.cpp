#include <catch2/catch.hpp>

#include "runner/run_options.hpp"
#include "runtime/errors.hpp"

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
