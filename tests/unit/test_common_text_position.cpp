#include <catch2/catch.hpp>

#include "common/text_position.hpp"

using namespace gilfree::scanners;

TEST_CASE("columns count characters, not bytes") {
  std::string text = "a\n\xc3\xa9\xe2\x82\xac x\r\nlast";
  LineIndex index(text);
  CHECK(index.line_count() == 3);
  auto x = static_cast<std::uint32_t>(text.find('x'));
  CHECK(index.line_of(x) == 2);
  CHECK(index.column_of(x) == 4);
  CHECK(index.line_text(2) == "\xc3\xa9\xe2\x82\xac x");
  CHECK(index.line_text(3) == "last");
  CHECK(index.line_text(9).empty());
}

TEST_CASE("UTF-8 validation finds the first bad byte") {
  CHECK(first_invalid_utf8("plain ascii") == std::string_view::npos);
  CHECK(first_invalid_utf8("caf\xc3\xa9") == std::string_view::npos);
  CHECK(first_invalid_utf8("caf\xe9!") == 3);
  CHECK(first_invalid_utf8("\xc0\x80") == 0);          // overlong
  CHECK(first_invalid_utf8("ab\xed\xa0\x80") == 2);    // surrogate
  CHECK(first_invalid_utf8("ab\xe2\x82") == 2);        // truncated
  CHECK(has_utf8_bom("\xEF\xBB\xBFx = 1"));
  CHECK(!has_utf8_bom("x = 1"));
}
