#include <catch2/catch.hpp>

#include "runtime/gil_mode.hpp"

using gilfree::runtime::GilMode;
using gilfree::runtime::parse_gil_mode;

TEST_CASE("GIL modes parse from the CLI's and the runner's names") {
  CHECK(parse_gil_mode("on") == GilMode::gil);
  CHECK(parse_gil_mode("gil") == GilMode::gil);
  CHECK(parse_gil_mode("off") == GilMode::nogil);
  CHECK(parse_gil_mode("nogil") == GilMode::nogil);
  CHECK(parse_gil_mode("default") == GilMode::standard);
  CHECK_FALSE(parse_gil_mode("1").has_value());
  CHECK_FALSE(parse_gil_mode("").has_value());
  CHECK_FALSE(parse_gil_mode("On").has_value());
}

TEST_CASE("each GIL mode maps to PyConfig.enable_gil and a runner name") {
  CHECK(gilfree::runtime::enable_gil_value(GilMode::gil) == 1);
  CHECK(gilfree::runtime::enable_gil_value(GilMode::nogil) == 0);
  CHECK(gilfree::runtime::enable_gil_value(GilMode::standard) == -1);
  CHECK(gilfree::runtime::mode_name(GilMode::standard) == "default");
  CHECK(gilfree::runtime::mode_name(GilMode::nogil) == "nogil");
}

TEST_CASE("the CLI name of each mode parses back to the same mode") {
  for (auto mode : {GilMode::gil, GilMode::nogil, GilMode::standard}) {
    CHECK(parse_gil_mode(gilfree::runtime::cli_name(mode)) == mode);
  }
}
