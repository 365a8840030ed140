#include <catch2/catch.hpp>

#include "scanners/inventory/inventory_version.hpp"

using namespace gilfree::scanners;

namespace {

bool less(const char* a, const char* b) { return *parse_version(a) < *parse_version(b); }
Version v(const char* text) { return *parse_version(text); }

}  // namespace

TEST_CASE("inventory: PEP 440 versions order like pip orders them") {
  CHECK(less("1.26.4", "2.1.0"));
  CHECK(less("2.1.0rc1", "2.1.0"));
  CHECK(less("2.1.0.dev3", "2.1.0a1"));
  CHECK(less("2.1.0a1", "2.1.0b1"));
  CHECK(less("2.1.0b2", "2.1.0rc1"));
  CHECK(less("2.1.0", "2.1.0.post1"));
  CHECK(less("2.1.0.post1.dev1", "2.1.0.post1"));
  CHECK(less("1!0.1", "1!0.2"));
  CHECK(less("9.9", "1!0.1"));
  CHECK(v("2.1") == v("2.1.0"));
  CHECK(v("V2.1.0") == v("2.1.0"));
  CHECK(v("2.1.0+cpu") == v("2.1.0"));
  CHECK(v("2.1.0-1") == v("2.1.0.post1"));
  CHECK(v("2.1.0RC1") == v("2.1.0rc1"));
  CHECK_FALSE(parse_version("not-a-version"));
  CHECK_FALSE(parse_version(""));
  CHECK_FALSE(parse_version("1.0 beta"));
}

TEST_CASE("inventory: specifier_stays_below: caps under the first supporting version") {
  auto first = v("2.1.0");
  CHECK(specifier_stays_below("<2", first));
  CHECK(specifier_stays_below(">=1.20,<2.1", first));
  CHECK(specifier_stays_below("<=2.0.9", first));
  CHECK(specifier_stays_below("==1.26.4", first));
  CHECK(specifier_stays_below("==1.26.*", first));
  CHECK(specifier_stays_below("~=1.26.0", first));
  CHECK(specifier_stays_below("^1.26", first));   // Poetry: <2.0
  CHECK(specifier_stays_below("~2.0.3", first));  // Poetry: <2.1
  CHECK(specifier_stays_below("2.0.0", first));   // Poetry exact
  CHECK_FALSE(specifier_stays_below("<2.2", first));
  CHECK_FALSE(specifier_stays_below(">=1.26", first));
  CHECK_FALSE(specifier_stays_below("==2.1.*", first));
  CHECK_FALSE(specifier_stays_below("~=2.0", first));  // <3
  CHECK_FALSE(specifier_stays_below("^2", first));
  CHECK_FALSE(specifier_stays_below("!=2.0", first));
  CHECK_FALSE(specifier_stays_below("", first));
  CHECK_FALSE(specifier_stays_below("<=2.1.0", first));
}
