#include "common/literal_set.hpp"

#include <deque>
#include <stdexcept>

namespace gilfree {
namespace {

unsigned char fold_case(unsigned char byte) { return byte >= 'A' && byte <= 'Z' ? byte - 'A' + 'a' : byte; }

}  // namespace

LiteralSet::LiteralSet(const std::vector<std::string>& literals) {
  // Byte classes: one per byte some literal has (a letter's two cases share
  // one), 0 for the rest; the table has a column per class, not per byte.
  for (const auto& literal : literals) {
    for (char c : literal) {
      auto folded = fold_case(static_cast<unsigned char>(c));
      if (class_of_[folded] == 0) class_of_[folded] = classes_++;
    }
  }
  for (unsigned char upper = 'A'; upper <= 'Z'; ++upper) class_of_[upper] = class_of_[fold_case(upper)];

  // The trie of the literals; state 0 is the root.
  std::vector<std::vector<std::int32_t>> child(1, std::vector<std::int32_t>(classes_, -1));
  std::vector<std::vector<std::uint32_t>> ends(1);
  for (const auto& literal : literals) {
    lengths_.push_back(static_cast<std::uint32_t>(literal.size()));
    if (literal.empty()) continue;
    std::size_t state = 0;
    for (char c : literal) {
      auto column = class_of_[fold_case(static_cast<unsigned char>(c))];
      if (child[state][column] < 0) {
        child[state][column] = static_cast<std::int32_t>(child.size());
        child.emplace_back(classes_, -1);
        ends.emplace_back();
      }
      state = static_cast<std::size_t>(child[state][column]);
    }
    ends[state].push_back(static_cast<std::uint32_t>(lengths_.size() - 1));
  }

  // Breadth first, each state's missing moves become its failure state's, and
  // it also ends the literals its failure state ends (shorter suffixes).
  std::vector<std::uint32_t> fail(child.size(), 0);
  std::vector<std::vector<std::uint32_t>> move(child.size(), std::vector<std::uint32_t>(classes_, 0));
  std::deque<std::uint32_t> queue;
  for (std::uint32_t column = 0; column < classes_; ++column) {
    if (child[0][column] < 0) continue;
    auto next = static_cast<std::uint32_t>(child[0][column]);
    move[0][column] = next;
    queue.push_back(next);
  }
  while (!queue.empty()) {
    auto state = queue.front();
    queue.pop_front();
    for (std::uint32_t column = 0; column < classes_; ++column) {
      if (child[state][column] < 0) {
        move[state][column] = move[fail[state]][column];
        continue;
      }
      auto next = static_cast<std::uint32_t>(child[state][column]);
      fail[next] = move[fail[state]][column];
      ends[next].insert(ends[next].end(), ends[fail[next]].begin(), ends[fail[next]].end());
      move[state][column] = next;
      queue.push_back(next);
    }
  }

  // A row offset keeps its top bit for kHasOutput.
  if (child.size() * classes_ >= kHasOutput) throw std::length_error("too many literals for one LiteralSet");
  next_.resize(child.size() * classes_);
  output_begin_.push_back(0);
  for (std::size_t state = 0; state < child.size(); ++state) {
    for (std::uint32_t column = 0; column < classes_; ++column) {
      auto target = move[state][column];
      next_[state * classes_ + column] = target * classes_ | (ends[target].empty() ? 0 : kHasOutput);
    }
    outputs_.insert(outputs_.end(), ends[state].begin(), ends[state].end());
    output_begin_.push_back(static_cast<std::uint32_t>(outputs_.size()));
  }
}

}  // namespace gilfree
