#pragma once
// Which patterns can match in a file at all, and at which nodes, decided from
// its text before any pattern is tried: a pattern whose predicates need text
// the file lacks (the callee "setswitchinterval", a comment saying "GIL", the
// method "acquire") is skipped for that file, and at each node whose own text
// lacks it. Most rules' predicates name rare words, so most files skip most
// of those patterns, and most nodes of a pattern's kind skip the rest.
//
// The required text comes from RE2's FilteredRE2, which reads each predicate
// as a regular expression (#eq? and #any-of? as anchored literals) and gives
// the strings ("atoms") any match must contain, as an AND/OR tree. The atoms
// are found in one pass over the file (LiteralSet). Only predicates that must
// hold for every match take part: positive ones (not #not-...) on a capture
// that every match binds (not one inside an alternative, whose predicates do
// not apply when another alternative matched).
//
// At a node: a predicate's capture lies inside the node, so a regex that
// needs one of its atoms (FilteredRE2 lets nothing through without one) needs
// one inside the node's text.
#include <re2/filtered_re2.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/literal_set.hpp"

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
  // Whether some group can ever be ruled out (else everything is possible, for free).
  bool filters() const { return atoms_ != nullptr; }

  // One text, searched once for every atom.
  class Search {
   public:
    // false only when group g cannot match anywhere in the text.
    bool possible(std::size_t group) const { return possible_[group]; }
    // false only when group g cannot match at a node spanning [start, end) of the text.
    bool possible_within(std::size_t group, std::uint32_t start, std::uint32_t end) const {
      if (!possible_[group]) return false;
      return !filter_ || filter_->group_clauses_.empty() || filter_->group_clauses_[group].empty() ||
             clauses_within(group, start, end);
    }

   private:
    friend class LiteralFilter;
    bool clauses_within(std::size_t group, std::uint32_t start, std::uint32_t end) const;
    // Where a clause's atoms occur: (start, end) sorted by start, and the
    // smallest end from each index on, so one binary search answers a node.
    struct Spans {
      std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;
      std::vector<std::uint32_t> min_end_from;
    };
    const LiteralFilter* filter_ = nullptr;
    std::vector<bool> possible_;
    std::vector<Spans> clause_spans_;  // by clause
  };
  Search search(std::string_view text) const;
  // search(text).possible(g) for each group g.
  std::vector<bool> possible(std::string_view text) const;

 private:
  static std::vector<std::uint32_t> clause_of(const std::string& regex, std::vector<std::string>& atoms);
  void add_clauses(std::vector<std::string>& atoms);

  re2::FilteredRE2 filter_;
  std::vector<std::string> regexes_;               // by regex id in filter_
  std::vector<std::vector<int>> groups_;           // regex ids in filter_, per group
  std::vector<std::vector<std::uint32_t>> group_clauses_;  // clause ids, per group
  // Per clause, the atoms (by index in atoms_) of which one must occur.
  std::vector<std::vector<std::uint32_t>> clauses_;
  std::size_t filter_atoms_ = 0;  // atoms_[0, filter_atoms_) are filter_'s, in its order
  std::unique_ptr<LiteralSet> atoms_;
  std::vector<int> always_present_;  // filter_'s atoms LiteralSet cannot decide (not ASCII)
  std::vector<bool> in_clause_;      // by atom: some clause needs its places
  bool compiled_ = false;
};

}  // namespace gilfree::scanners
