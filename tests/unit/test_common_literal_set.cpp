// LiteralSet finds every occurrence of every literal, overlapping ones and
// ones inside others included, with ASCII letters in either case.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "common/literal_set.hpp"

using gilfree::LiteralSet;

namespace {

// (literal, start) of every occurrence, in the order search() reports them.
std::vector<std::pair<std::uint32_t, std::uint32_t>> occurrences(const LiteralSet& set, std::string_view text) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  set.search(text, [&](std::uint32_t literal, std::uint32_t start) { out.emplace_back(literal, start); });
  return out;
}

}  // namespace

TEST_CASE("LiteralSet reports overlapping literals and literals inside others") {
  LiteralSet set({"he", "she", "his", "hers"});
  // "ushers": "she" at 1 and "he" at 2 end together, "hers" at 2 ends later.
  using Found = std::vector<std::pair<std::uint32_t, std::uint32_t>>;
  CHECK(occurrences(set, "ushers") == Found{{1, 1}, {0, 2}, {3, 2}});
  CHECK(occurrences(set, "hishe") == Found{{2, 0}, {1, 2}, {0, 3}});
  CHECK(occurrences(set, "xyz").empty());
  CHECK(occurrences(set, "").empty());
}

TEST_CASE("LiteralSet matches ASCII letters in either case, other bytes exactly") {
  LiteralSet set({"lock", "gil", "caf\xc3\xa9"});
  using Found = std::vector<std::pair<std::uint32_t, std::uint32_t>>;
  CHECK(occurrences(set, "RLock()") == Found{{0, 1}});
  CHECK(occurrences(set, "the GIL") == Found{{1, 4}});
  CHECK(occurrences(set, "caf\xc3\xa9 CAF\xc3\xa9") == Found{{2, 0}, {2, 6}});
  CHECK(occurrences(set, "caf\xc3\x89").empty());  // "É" is not folded
}

TEST_CASE("LiteralSet repeats, restarts after a failed prefix and ignores empty literals") {
  LiteralSet set({"", "aab", "ab"});
  CHECK(set.size() == 3);
  using Found = std::vector<std::pair<std::uint32_t, std::uint32_t>>;
  CHECK(occurrences(set, "aaab ab") == Found{{1, 1}, {2, 2}, {2, 5}});
  LiteralSet none({});
  CHECK(occurrences(none, "anything").empty());
}
