#include <catch2/catch.hpp>

#include "report/plan_inputs.hpp"
#include "common/errors.hpp"
#include "support/e2e.hpp"

using gilfree::report::read_plan_inputs;
using gilfree::test::TempDir;
using nlohmann::json;

namespace {

// One shard of `gilfree run --shard K/N --json`, with tests of these ids.
std::string shard(const std::vector<std::string>& ids) {
  json tests = json::array();
  for (const auto& id : ids) {
    tests.push_back({{"id", id}, {"verdict", "pass"}, {"runs", {{"gil", {{"outcome", "passed"}}}}}});
  }
  return json{{"kind", "gilfree-run"}, {"schema_version", 1}, {"threads", 1}, {"repeat", 1},
              {"modes", json::array({{{"label", "gil"}, {"mode", "gil"}}})}, {"tests", tests}}
      .dump();
}

}  // namespace

TEST_CASE("run shards of one suite are merged into all of its tests") {
  TempDir dir;
  dir.write("run-1.json", shard({"t::a", "t::b", "t::c"}));
  dir.write("run-2.json", shard({"t::d", "t::e", "t::f"}));
  auto inputs = read_plan_inputs(dir.path(), "demo");
  REQUIRE(inputs.run);
  CHECK(inputs.run->at("tests").size() == 6);
}

TEST_CASE("a shard given twice is refused, naming both files and the test") {
  TempDir dir;
  dir.write("run-1.json", shard({"t::a", "t::b", "t::c"}));
  dir.write("run-2.json", shard({"t::d", "t::e", "t::f"}));
  dir.write("run-3.json", shard({"t::a", "t::b", "t::c"}));  // a copy of shard 1
  try {
    read_plan_inputs(dir.path(), "demo");
    FAIL("a 6-test suite was read from 9 test results");
  } catch (const gilfree::UserError& error) {
    const std::string message = error.what();
    CHECK(message.find((dir.path() / "run-3.json").string() + ": /tests/0/id: the test `t::a` is in " +
                       (dir.path() / "run-1.json").string() + " too") == 0);
  }
}

TEST_CASE("a whole run beside its own shards is refused too") {
  TempDir dir;
  dir.write("run.json", shard({"t::a", "t::b"}));
  dir.write("run-1.json", shard({"t::b"}));
  CHECK_THROWS_WITH(read_plan_inputs(dir.path(), "demo"), Catch::Contains("run-1.json: /tests/0/id: the test `t::b`"));
}

TEST_CASE("a shard of the wrong shape is named like any other input") {
  TempDir dir;
  dir.write("run-1.json", shard({"t::a"}));
  dir.write("run-2.json", R"({"kind": "gilfree-run", "schema_version": 1, "threads": 1, "repeat": 1,
                             "modes": [], "tests": "x"})");
  CHECK_THROWS_WITH(read_plan_inputs(dir.path(), "demo"),
                    Catch::StartsWith((dir.path() / "run-2.json").string() + ": /tests: expected an array"));
}
