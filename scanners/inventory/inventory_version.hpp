#pragma once
// PEP 440 versions, enough to compare a locked or pinned version with the first
// version that supports free-threading, and to see whether a specifier caps
// the version below it.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gilfree::scanners {

struct Version {
  long epoch = 0;
  std::vector<long> release;  // trailing zeros removed: 1.0 == 1
  int pre_kind = 3;           // 0 a, 1 b, 2 rc, 3 none; -1: a dev release without pre/post (sorts first)
  long pre_number = 0;
  long post = -1;             // -1: none
  long dev = -1;              // -1: none (a dev release sorts before the same version without it)

  friend bool operator<(const Version& a, const Version& b) { return compare(a, b) < 0; }
  friend bool operator==(const Version& a, const Version& b) { return compare(a, b) == 0; }
  static int compare(const Version& a, const Version& b);
};

// nullopt when `text` is not a PEP 440 version.
std::optional<Version> parse_version(std::string_view text);

// True when no version allowed by `specifier` (PEP 440 clauses, or a Poetry
// constraint: ^1.2, ~1.2, 1.2.3) reaches `first`: the specifier pins the
// package below the first version that supports free-threading.
bool specifier_stays_below(std::string_view specifier, const Version& first);

}  // namespace gilfree::scanners
