#include "scanners/engine/literal_filter.hpp"

namespace gilfree::scanners {
namespace {

// Shorter atoms ("(", "[]") are in nearly every file: not worth a search.
constexpr int kMinAtomLength = 3;

}  // namespace

LiteralFilter::LiteralFilter() : filter_(kMinAtomLength) {}

std::size_t LiteralFilter::add_group(const std::vector<std::string>& regexes) {
  auto& ids = groups_.emplace_back();
  re2::RE2::Options options;
  options.set_log_errors(false);
  for (const auto& regex : regexes) {
    int id = -1;
    // A regex RE2 rejects was reported when its rule was loaded: it rules nothing out.
    if (filter_.Add(regex, options, &id) == re2::RE2::NoError) ids.push_back(id);
  }
  return groups_.size() - 1;
}

void LiteralFilter::compile() {
  if (compiled_) return;
  compiled_ = true;
  if (filter_.NumRegexps() == 0) return;
  std::vector<std::string> atoms;
  filter_.Compile(&atoms);
  if (atoms.empty()) return;  // no regex needs any text: nothing to rule out
  // The atoms are lowercased: FilteredRE2 expects a case-insensitive search.
  re2::RE2::Options options;
  options.set_case_sensitive(false);
  options.set_log_errors(false);
  auto set = std::make_unique<re2::RE2::Set>(options, re2::RE2::UNANCHORED);
  for (const auto& atom : atoms) {
    // The set numbers patterns in the order added, as FilteredRE2 numbers atoms.
    if (set->Add(re2::RE2::QuoteMeta(atom), nullptr) < 0) return;
  }
  if (!set->Compile()) return;
  atom_set_ = std::move(set);
}

std::vector<bool> LiteralFilter::possible(std::string_view text) const {
  std::vector<bool> out(groups_.size(), true);
  if (!atom_set_) return out;
  std::vector<int> found;
  re2::RE2::Set::ErrorInfo error{};
  if (!atom_set_->Match(re2::StringPiece(text.data(), text.size()), &found, &error) &&
      error.kind != re2::RE2::Set::kNoError) {
    return out;  // the DFA ran out of memory on this text: rule nothing out
  }
  std::vector<int> potential;
  filter_.AllPotentials(found, &potential);
  std::vector<bool> can_match(static_cast<std::size_t>(filter_.NumRegexps()), false);
  for (int id : potential) can_match[static_cast<std::size_t>(id)] = true;
  for (std::size_t group = 0; group < groups_.size(); ++group) {
    for (int id : groups_[group]) {
      if (!can_match[static_cast<std::size_t>(id)]) out[group] = false;
    }
  }
  return out;
}

}  // namespace gilfree::scanners
