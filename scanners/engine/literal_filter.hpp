#pragma once
// Which patterns can match in a file at all, decided from its text before any
// pattern is tried: a pattern whose predicates need text the file lacks (the
// callee "setswitchinterval", a comment saying "GIL", the method "acquire")
// is skipped for that file. Most rules' predicates name rare words, so most
// files skip most of those patterns and the nodes they start at.
//
// The required text comes from RE2's FilteredRE2, which reads each predicate
// as a regular expression (#eq? and #any-of? as anchored literals) and gives
// the strings ("atoms") any match must contain, as an AND/OR tree. The atoms
// are searched in one pass over the file with an RE2::Set. Only predicates
// that must hold for every match take part: positive ones (not #not-...) on a
// capture that every match binds (not one inside an alternative, whose
// predicates do not apply when another alternative matched).
#include <re2/filtered_re2.h>
#include <re2/set.h>

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace gilfree::scanners {

class LiteralFilter {
 public:
  LiteralFilter();
  LiteralFilter(const LiteralFilter&) = delete;
  LiteralFilter& operator=(const LiteralFilter&) = delete;

  // Adds one group (a pattern): it is possible in a text only when every
  // regular expression added to it can match some part of that text. Returns
  // the group's index. `regexes` are RE2 patterns with default options.
  std::size_t add_group(const std::vector<std::string>& regexes);
  // Call once, after every add_group().
  void compile();
  // possible[g] for each group: false only when group g cannot match in `text`.
  std::vector<bool> possible(std::string_view text) const;
  // Whether some group can ever be ruled out (else possible() is all true, for free).
  bool filters() const { return atom_set_ != nullptr; }

 private:
  re2::FilteredRE2 filter_;
  std::vector<std::vector<int>> groups_;  // regex ids in filter_, per group
  std::unique_ptr<re2::RE2::Set> atom_set_;
  bool compiled_ = false;
};

}  // namespace gilfree::scanners
