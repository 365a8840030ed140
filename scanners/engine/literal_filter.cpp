#include "scanners/engine/literal_filter.hpp"

#include <algorithm>
#include <stdexcept>

namespace gilfree::scanners {
namespace {

// Shorter atoms ("(", "[]") are in nearly every file: not worth a search.
constexpr int kMinAtomLength = 3;

re2::RE2::Options quiet_options() {
  re2::RE2::Options options;
  options.set_log_errors(false);
  return options;
}

// LiteralSet folds the case of ASCII letters only; FilteredRE2 lowercases
// other letters too, so an atom with other bytes is taken as present.
bool is_ascii(const std::string& atom) {
  return std::all_of(atom.begin(), atom.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

LiteralFilter::LiteralFilter() : filter_(kMinAtomLength) {}

std::size_t LiteralFilter::add_group(const std::vector<std::string>& regexes) {
  auto& ids = groups_.emplace_back();
  for (const auto& regex : regexes) {
    int id = -1;
    // A regex RE2 rejects was reported when its rule was loaded: it rules nothing out.
    if (filter_.Add(regex, quiet_options(), &id) != re2::RE2::NoError) continue;
    ids.push_back(id);
    regexes_.resize(static_cast<std::size_t>(id) + 1);
    regexes_[static_cast<std::size_t>(id)] = regex;
  }
  return groups_.size() - 1;
}

// The atoms of which `regex` needs one, added to `atoms` where new; empty
// when it can match without any (FilteredRE2 lets it through on no atom).
std::vector<std::uint32_t> LiteralFilter::clause_of(const std::string& regex, std::vector<std::string>& atoms) {
  re2::FilteredRE2 alone(kMinAtomLength);
  int id = -1;
  if (alone.Add(regex, quiet_options(), &id) != re2::RE2::NoError) return {};
  std::vector<std::string> own;
  alone.Compile(&own);
  std::vector<int> potential;
  alone.AllPotentials({}, &potential);
  if (own.empty() || !potential.empty() || !std::all_of(own.begin(), own.end(), is_ascii)) return {};
  std::vector<std::uint32_t> clause;
  for (const auto& atom : own) {
    auto at = std::find(atoms.begin(), atoms.end(), atom);
    if (at == atoms.end()) at = atoms.insert(atoms.end(), atom);
    clause.push_back(static_cast<std::uint32_t>(at - atoms.begin()));
  }
  return clause;
}

// Each group's clauses, one per regex that needs one of its atoms.
void LiteralFilter::add_clauses(std::vector<std::string>& atoms) {
  for (const auto& ids : groups_) {
    auto& clause_ids = group_clauses_.emplace_back();
    for (int id : ids) {
      auto clause = clause_of(regexes_[static_cast<std::size_t>(id)], atoms);
      if (clause.empty()) continue;
      clause_ids.push_back(static_cast<std::uint32_t>(clauses_.size()));
      clauses_.push_back(std::move(clause));
    }
  }
}

void LiteralFilter::compile() {
  if (compiled_) return;
  compiled_ = true;
  if (filter_.NumRegexps() == 0) return;
  std::vector<std::string> atoms;
  filter_.Compile(&atoms);
  if (atoms.empty()) return;  // no regex needs any text: nothing to rule out
  filter_atoms_ = atoms.size();
  add_clauses(atoms);
  try {
    atoms_ = std::make_unique<LiteralSet>(atoms);
  } catch (const std::length_error&) {
    group_clauses_.clear();  // more words than one table holds: rule nothing out
    clauses_.clear();
    return;
  }
  always_present_.clear();
  for (std::size_t atom = 0; atom < filter_atoms_; ++atom) {
    if (!is_ascii(atoms[atom])) always_present_.push_back(static_cast<int>(atom));
  }
  in_clause_.assign(atoms.size(), false);
  for (const auto& clause : clauses_) {
    for (auto atom : clause) in_clause_[atom] = true;
  }
}

LiteralFilter::Search LiteralFilter::search(std::string_view text) const {
  Search out;
  out.filter_ = this;
  out.possible_.assign(groups_.size(), true);
  if (!atoms_) return out;
  std::vector<bool> present(atoms_->size(), false);
  std::vector<std::vector<std::uint32_t>> starts(atoms_->size());
  atoms_->search(text, [&](std::uint32_t atom, std::uint32_t start) {
    present[atom] = true;
    if (in_clause_[atom]) starts[atom].push_back(start);
  });
  std::vector<int> found = always_present_;
  for (std::size_t atom = 0; atom < filter_atoms_; ++atom) {
    if (present[atom]) found.push_back(static_cast<int>(atom));
  }
  std::vector<int> potential;
  filter_.AllPotentials(found, &potential);
  std::vector<bool> can_match(static_cast<std::size_t>(filter_.NumRegexps()), false);
  for (int id : potential) can_match[static_cast<std::size_t>(id)] = true;
  for (std::size_t group = 0; group < groups_.size(); ++group) {
    for (int id : groups_[group]) {
      if (!can_match[static_cast<std::size_t>(id)]) out.possible_[group] = false;
    }
  }
  out.clause_spans_.resize(clauses_.size());
  for (std::size_t group = 0; group < groups_.size(); ++group) {
    if (!out.possible_[group]) continue;  // asked about nowhere
    for (auto clause : group_clauses_[group]) {
      auto& spans = out.clause_spans_[clause];
      for (auto atom : clauses_[clause]) {
        for (auto start : starts[atom]) spans.spans.emplace_back(start, start + atoms_->length(atom));
      }
      std::sort(spans.spans.begin(), spans.spans.end());
      spans.min_end_from.resize(spans.spans.size());
      std::uint32_t smallest = UINT32_MAX;
      for (std::size_t i = spans.spans.size(); i-- > 0;) spans.min_end_from[i] = smallest = std::min(smallest, spans.spans[i].second);
    }
  }
  return out;
}

std::vector<bool> LiteralFilter::possible(std::string_view text) const { return search(text).possible_; }

bool LiteralFilter::Search::clauses_within(std::size_t group, std::uint32_t start, std::uint32_t end) const {
  for (auto clause : filter_->group_clauses_[group]) {
    const auto& spans = clause_spans_[clause];
    auto first = std::lower_bound(spans.spans.begin(), spans.spans.end(), std::make_pair(start, std::uint32_t{0}));
    auto index = static_cast<std::size_t>(first - spans.spans.begin());
    if (index == spans.spans.size() || spans.min_end_from[index] > end) return false;
  }
  return true;
}

}  // namespace gilfree::scanners
