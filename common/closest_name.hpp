#pragma once
// "Did you mean ...?" for names a user mistyped: rule ids, options, commands.
#include <string>
#include <string_view>
#include <vector>

namespace gilfree {

// Levenshtein distance, case-insensitive (`ft001` is one typo from nothing).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `wanted`, when it is close (within a third of its
// length, at least 2 edits); "" when none is.
std::string closest_name(std::string_view wanted, const std::vector<std::string>& candidates);

}  // namespace gilfree
