#include <catch2/catch.hpp>

#include "runner/run_options.hpp"
#include "runtime/errors.hpp"

using namespace gilfree::runner;
using gilfree::runtime::GilMode;

TEST_CASE("the shard option takes K/N with 1 <= K <= N") {
  auto shard = parse_shard("2/4");
  CHECK(shard.index == 2);
  CHECK(shard.count == 4);
  CHECK(parse_shard("1/1").count == 1);
  for (const char* bad : {"0/2", "3/2", "2", "a/b", "1/0", "-1/2", "1/2/3", "", "1 /2"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_shard(bad), gilfree::UserError);
  }
}

TEST_CASE("the mode option takes a comma-separated list of modes with duplicates folded") {
  CHECK(parse_modes("gil,nogil") == std::vector<GilMode>{GilMode::gil, GilMode::nogil});
  CHECK(parse_modes("default,gil,default") == std::vector<GilMode>{GilMode::standard, GilMode::gil});
  CHECK_THROWS_AS(parse_modes("gil,fast"), gilfree::UserError);
  CHECK_THROWS_AS(parse_modes(""), gilfree::UserError);
}
