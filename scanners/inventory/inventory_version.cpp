#include "scanners/inventory/inventory_version.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <tuple>

namespace gilfree::scanners {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

class VersionParser {
 public:
  explicit VersionParser(std::string_view text) : text_(text) {}

  std::optional<Version> parse() {
    Version version;
    if (peek() == 'v') ++pos_;
    auto first = number();
    if (!first) return std::nullopt;
    if (peek() == '!') {
      ++pos_;
      version.epoch = *first;
      first = number();
      if (!first) return std::nullopt;
    }
    version.release.push_back(*first);
    while (peek() == '.' && pos_ + 1 < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_ + 1])) != 0) {
      ++pos_;
      version.release.push_back(*number());
    }
    while (version.release.size() > 1 && version.release.back() == 0) version.release.pop_back();
    auto save = pos_;
    skip_separator();
    if (auto kind = pre_kind()) {
      version.pre_kind = *kind;
      skip_separator();
      version.pre_number = number().value_or(0);
      save = pos_;
    } else {
      pos_ = save;
    }
    if (peek() == '-' && pos_ + 1 < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_ + 1])) != 0) {
      ++pos_;
      version.post = *number();
    } else {
      skip_separator();
      if (take("post") || take("rev") || take("r")) {
        skip_separator();
        version.post = number().value_or(0);
      } else {
        pos_ = save;
      }
    }
    save = pos_;
    skip_separator();
    if (take("dev")) {
      skip_separator();
      version.dev = number().value_or(0);
    } else {
      pos_ = save;
    }
    if (peek() == '+') pos_ = text_.size();  // a local version label does not order releases here
    if (pos_ != text_.size()) return std::nullopt;
    if (version.dev >= 0 && version.pre_kind == 3 && version.post < 0) version.pre_kind = -1;
    return version;
  }

 private:
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void skip_separator() {
    if (peek() == '.' || peek() == '-' || peek() == '_') ++pos_;
  }
  bool take(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  std::optional<long> number() {
    size_t start = pos_;
    long value = 0;
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_])) != 0 && pos_ - start < 15) {
      value = value * 10 + (text_[pos_] - '0');
      ++pos_;
    }
    if (pos_ == start) return std::nullopt;
    return value;
  }
  std::optional<int> pre_kind() {
    // Longest spellings first: "alpha" before "a", "preview" before "pre".
    if (take("alpha") || take("a")) return 0;
    if (take("beta") || take("b")) return 1;
    if (take("rc") || take("c") || take("preview") || take("pre")) return 2;
    return std::nullopt;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

std::string lower(std::string_view text) {
  std::string out(trim(text));
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The release one step up at `index` (0-based): bump(1.4.5, 1) = 1.5.
Version bump(const Version& version, size_t index) {
  Version next;
  next.epoch = version.epoch;
  next.release.assign(version.release.begin(), version.release.begin() + static_cast<long>(std::min(index + 1, version.release.size())));
  next.release.resize(index + 1, 0);
  next.release[index] += 1;
  next.pre_kind = -1;  // "<1.5" excludes 1.5's pre-releases too: the lowest 1.5 there is
  next.dev = 0;
  return next;
}

// The exclusive upper bound a clause sets, or nullopt when it sets none.
// `inclusive` is set for <= and exact pins.
std::optional<Version> upper_bound(std::string_view clause, bool& inclusive) {
  inclusive = false;
  clause = trim(clause);
  auto rest = [&](size_t n) { return lower(clause.substr(n)); };
  if (clause.substr(0, 2) == "<=") {
    inclusive = true;
    return parse_version(rest(2));
  }
  if (clause.substr(0, 1) == "<") return parse_version(rest(1));
  if (clause.substr(0, 3) == "===") {
    inclusive = true;
    return parse_version(rest(3));
  }
  if (clause.substr(0, 2) == "==") {
    auto text = rest(2);
    if (text.size() > 2 && text.substr(text.size() - 2) == ".*") {
      auto prefix = parse_version(text.substr(0, text.size() - 2));
      if (!prefix) return std::nullopt;
      auto parts = std::count(text.begin(), text.end(), '.') - 1;  // components before ".*"
      return bump(*prefix, static_cast<size_t>(parts));
    }
    inclusive = true;
    return parse_version(text);
  }
  if (clause.substr(0, 2) == "~=") {
    auto text = rest(2);
    auto version = parse_version(text);
    auto parts = std::count(text.begin(), text.end(), '.');
    if (!version || parts < 1) return std::nullopt;
    return bump(*version, static_cast<size_t>(parts - 1));
  }
  if (clause.substr(0, 1) == "^") {  // Poetry: below the next change of the leftmost non-zero part
    auto version = parse_version(rest(1));
    if (!version) return std::nullopt;
    size_t index = 0;
    while (index + 1 < version->release.size() && version->release[index] == 0) ++index;
    return bump(*version, index);
  }
  if (clause.substr(0, 1) == "~") {  // Poetry: ~1.2.3 and ~1.2 are <1.3, ~1 is <2
    auto text = rest(1);
    auto version = parse_version(text);
    if (!version) return std::nullopt;
    return bump(*version, std::count(text.begin(), text.end(), '.') == 0 ? 0 : 1);
  }
  if (!clause.empty() && std::isdigit(static_cast<unsigned char>(clause.front())) != 0) {  // Poetry exact
    inclusive = true;
    return parse_version(lower(clause));
  }
  return std::nullopt;
}

}  // namespace

int Version::compare(const Version& a, const Version& b) {
  if (a.epoch != b.epoch) return a.epoch < b.epoch ? -1 : 1;
  auto length = std::max(a.release.size(), b.release.size());
  for (size_t i = 0; i < length; ++i) {
    long x = i < a.release.size() ? a.release[i] : 0;
    long y = i < b.release.size() ? b.release[i] : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  // A dev release sorts last among equals, so -1 ("none") must compare highest.
  auto dev_key = [](long dev) { return dev < 0 ? std::numeric_limits<long>::max() : dev; };
  auto key_a = std::make_tuple(a.pre_kind, a.pre_number, a.post, dev_key(a.dev));
  auto key_b = std::make_tuple(b.pre_kind, b.pre_number, b.post, dev_key(b.dev));
  if (key_a == key_b) return 0;
  return key_a < key_b ? -1 : 1;
}

std::optional<Version> parse_version(std::string_view text) {
  auto normalized = lower(text);
  if (normalized.empty()) return std::nullopt;
  VersionParser parser(normalized);
  return parser.parse();
}

bool specifier_stays_below(std::string_view specifier, const Version& first) {
  size_t start = 0;
  while (start <= specifier.size()) {
    auto end = specifier.find(',', start);
    if (end == std::string_view::npos) end = specifier.size();
    bool inclusive = false;
    auto bound = upper_bound(specifier.substr(start, end - start), inclusive);
    if (bound && (inclusive ? *bound < first : !(first < *bound))) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace gilfree::scanners
