#include <cstdlib>

#include <catch2/catch.hpp>

#include "common/errors.hpp"
#include "common/terminal_color.hpp"

using namespace gilfree::runtime;

namespace {

// Sets (or with nullptr unsets) the variables for one check, restoring none:
// each case sets all three it depends on.
void colour_env(const char* no_color, const char* force_color, const char* term) {
  auto set = [](const char* name, const char* value) { value ? setenv(name, value, 1) : unsetenv(name); };
  set("NO_COLOR", no_color);
  set("FORCE_COLOR", force_color);
  set("TERM", term);
}

}  // namespace

TEST_CASE("colour: auto follows the terminal, NO_COLOR (any value) and FORCE_COLOR, and always and never decide") {
  colour_env(nullptr, nullptr, "xterm");
  CHECK(use_color(ColorChoice::automatic, true));
  CHECK_FALSE(use_color(ColorChoice::automatic, false));
  colour_env("1", nullptr, "xterm");
  CHECK_FALSE(use_color(ColorChoice::automatic, true));
  colour_env("", nullptr, "xterm");
  CHECK_FALSE(use_color(ColorChoice::automatic, true));
  colour_env(nullptr, "1", "xterm");
  CHECK(use_color(ColorChoice::automatic, false));
  colour_env(nullptr, "0", "xterm");
  CHECK_FALSE(use_color(ColorChoice::automatic, false));
  colour_env("1", "1", "xterm");
  CHECK_FALSE(use_color(ColorChoice::automatic, false));
  colour_env(nullptr, nullptr, "dumb");
  CHECK_FALSE(use_color(ColorChoice::automatic, true));
  colour_env("1", nullptr, "xterm");
  CHECK(use_color(ColorChoice::always, false));
  colour_env(nullptr, "1", "xterm");
  CHECK_FALSE(use_color(ColorChoice::never, true));
  colour_env(nullptr, nullptr, nullptr);
  CHECK(parse_color_choice("auto") == ColorChoice::automatic);
  CHECK_THROWS_AS(parse_color_choice("sometimes"), gilfree::UserError);
}
