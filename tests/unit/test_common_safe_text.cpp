#include <catch2/catch.hpp>

#include <cstdio>

#include "common/errors.hpp"
#include "common/safe_text.hpp"

using namespace gilfree::runtime;

TEST_CASE("safe text: control characters are spelled out, line breaks kept or not") {
  using namespace std::string_literals;
  CHECK(terminal_safe("a\0b"s) == "a\\x00b");
  CHECK(terminal_safe("\x1b[2Jclear") == "\\x1b[2Jclear");
  CHECK(terminal_safe("bell\x07 del\x7f") == "bell\\x07 del\\x7f");
  CHECK(terminal_safe("csi \xC2\x9B" "31m") == "csi \\u009b31m");
  CHECK(terminal_safe("two\nlines\tand a tab") == "two\nlines\tand a tab");
  CHECK(terminal_safe("back\rover") == "back\\x0dover");
  CHECK(terminal_safe_line("two\nlines\tand\r") == "two\\x0alines\\x09and\\x0d");
}

TEST_CASE("safe text: invalid UTF-8 becomes U+FFFD, valid text stays as it is") {
  CHECK(terminal_safe("caf\xe9!") == "caf\xEF\xBF\xBD!");
  CHECK(terminal_safe("\xc0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(terminal_safe("caf\xC3\xA9 \xF0\x9F\x98\x80 \xC2\xA0") == "caf\xC3\xA9 \xF0\x9F\x98\x80 \xC2\xA0");
  CHECK(valid_utf8("ab\xed\xa0\x80") == "ab\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("safe text: cutting counts characters and never splits one") {
  CHECK(character_count("caf\xC3\xA9") == 4);
  CHECK(first_characters("caf\xC3\xA9s", 4) == "caf\xC3\xA9");
  CHECK(first_characters("caf\xC3\xA9s", 3) == "caf");
  CHECK(first_characters("abc", 10) == "abc");
}

TEST_CASE("safe text: print_safe writes past a NUL") {
  using namespace std::string_literals;
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  print_safe(file, "row 1 \0 still row 1\nsummary\n"s);
  std::rewind(file);
  char buffer[128] = {};
  auto size = std::fread(buffer, 1, sizeof buffer, file);
  std::fclose(file);
  CHECK(std::string(buffer, size) == "row 1 \\x00 still row 1\nsummary\n");
}

TEST_CASE("safe text: a UserError that echoes user input is terminal-safe") {
  gilfree::UserError error("project root /tmp/\x1b[31mred\xff is not a directory");
  CHECK(std::string(error.what()) == "project root /tmp/\\x1b[31mred\xEF\xBF\xBD is not a directory");
}
