#pragma once
// Every occurrence of a set of literal strings in a text, found in one pass
// (Aho-Corasick: one table step per byte, whatever the number of literals),
// with ASCII letters matched regardless of case.
//
// Why not RE2::Set: it says which literals occur but not where, and where is
// what lets the scanner skip a pattern at a node whose text lacks its words
// (its DFA also took a quarter more instructions per byte than this table).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gilfree {

class LiteralSet {
 public:
  // Empty literals are ignored. Throws std::length_error when the table
  // would not fit 31-bit offsets (millions of literal bytes).
  explicit LiteralSet(const std::vector<std::string>& literals);

  std::size_t size() const { return lengths_.size(); }
  std::uint32_t length(std::size_t literal) const { return lengths_[literal]; }

  // Calls found(literal, start) for every occurrence of a literal (its index
  // in the constructor's list) at byte `start`, in the order the occurrences end.
  template <typename Found>
  void search(std::string_view text, Found&& found) const {
    std::uint32_t row = 0;
    for (std::size_t at = 0; at < text.size(); ++at) {
      std::uint32_t next = next_[row + class_of_[static_cast<unsigned char>(text[at])]];
      row = next & ~kHasOutput;
      if (next & kHasOutput) report(row, at + 1, found);
    }
  }

 private:
  static constexpr std::uint32_t kHasOutput = 1u << 31;

  template <typename Found>
  void report(std::uint32_t row, std::size_t end, Found& found) const {
    std::uint32_t state = row / classes_;
    for (std::uint32_t i = output_begin_[state]; i < output_begin_[state + 1]; ++i) {
      std::uint32_t literal = outputs_[i];
      found(literal, static_cast<std::uint32_t>(end - lengths_[literal]));
    }
  }

  std::array<std::uint32_t, 256> class_of_{};  // byte -> its class (0: in no literal)
  std::uint32_t classes_ = 1;
  // By state and class: the next state's row (state * classes_), with
  // kHasOutput set when some literal ends there.
  std::vector<std::uint32_t> next_;
  std::vector<std::uint32_t> output_begin_;  // by state, into outputs_ (one past the last state too)
  std::vector<std::uint32_t> outputs_;       // literals ending at each state, longest suffix chain included
  std::vector<std::uint32_t> lengths_;
};

}  // namespace gilfree
