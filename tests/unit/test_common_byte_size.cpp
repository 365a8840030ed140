#include <catch2/catch.hpp>

#include "common/errors.hpp"
#include "common/byte_size.hpp"

using namespace gilfree::scanners;

TEST_CASE("byte sizes parse as users write them and print in binary units") {
  CHECK(parse_byte_size("0", "--max-file-size") == 0);
  CHECK(parse_byte_size("5000000", "--max-file-size") == 5000000);
  CHECK(parse_byte_size("512k", "--max-file-size") == 512 * 1024);
  CHECK(parse_byte_size("5MB", "--max-file-size") == 5 * 1024 * 1024);
  CHECK(parse_byte_size("5MiB", "--max-file-size") == 5 * 1024 * 1024);
  CHECK(parse_byte_size("1G", "--max-file-size") == 1024ull * 1024 * 1024);
  CHECK(parse_byte_size("12B", "--max-file-size") == 12);
  for (const char* bad : {"", "MB", "5 MB", "-1", "5XB", "5MBs", "99999999999999999999", "17179869184G"}) {
    INFO(bad);
    CHECK_THROWS_WITH(parse_byte_size(bad, "--max-file-size"),
                      Catch::Contains("--max-file-size '") && Catch::Contains("is not a size"));
  }
  CHECK(byte_size_text(812) == "812 bytes");
  CHECK(byte_size_text(5 * 1024 * 1024) == "5.0 MiB");
  CHECK(byte_size_text(20000000) == "19.1 MiB");
}
