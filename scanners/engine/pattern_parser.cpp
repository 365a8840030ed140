// Reads tree-sitter query text into PatternNode trees and their predicates
// (see pattern_matcher.hpp). A rule's text is compiled by tree-sitter too
// (every bundled rule in the unit tests, other rules on every load), so
// anything unexpected here is "unsupported" and the rule is left to
// tree-sitter's query compiler and cursor.
#include <cctype>

#include "scanners/engine/pattern_matcher.hpp"

namespace gilfree::scanners {
namespace {

class PatternParser {
 public:
  PatternParser(std::string_view text, const TSLanguage* language,
                const std::function<int(std::string_view)>& capture_id)
      : text_(text), language_(language), capture_id_(capture_id) {}

  bool parse(std::vector<TopPattern>& out) {
    for (skip_space(); at_ < text_.size(); skip_space()) {
      TopPattern top;
      top.start = static_cast<std::uint32_t>(at_);
      predicates_ = &top.predicates;
      if (!parse_pattern(top.root)) return false;
      out.push_back(std::move(top));
    }
    return true;
  }
  const std::string& reason() const { return reason_; }

 private:
  bool fail(std::string reason) {
    if (reason_.empty()) reason_ = std::move(reason) + " at byte " + std::to_string(at_);
    return false;
  }
  char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }
  void skip_space() {
    while (at_ < text_.size()) {
      if (std::isspace(static_cast<unsigned char>(text_[at_]))) {
        ++at_;
      } else if (text_[at_] == ';') {
        while (at_ < text_.size() && text_[at_] != '\n') ++at_;
      } else {
        break;
      }
    }
  }
  static bool identifier_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '?' || c == '!';
  }
  std::string_view identifier() {
    auto start = at_;
    while (at_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[at_])) || text_[at_] == '_')) ++at_;
    return text_.substr(start, at_ - start);
  }
  bool string_literal(std::string& out) {
    ++at_;  // opening quote
    while (at_ < text_.size() && text_[at_] != '"') {
      char c = text_[at_++];
      if (c == '\\' && at_ < text_.size()) {
        char escaped = text_[at_++];
        c = escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped == 'r' ? '\r' : escaped == '0' ? '\0' : escaped;
      }
      out += c;
    }
    if (at_ >= text_.size()) return fail("unterminated string");
    ++at_;
    return true;
  }
  // `(#name @capture "string" word ...)`; at_ is on its '('.
  bool parse_predicate() {
    at_ += 2;
    WrittenPredicate predicate;
    auto start = at_;
    while (at_ < text_.size() && identifier_char(text_[at_])) ++at_;
    predicate.name = std::string(text_.substr(start, at_ - start));
    for (skip_space(); peek() != ')'; skip_space()) {
      PredicateArgument argument;
      char c = peek();
      if (c == '"') {
        if (!string_literal(argument.text)) return false;
      } else if (c == '@') {
        auto name_start = ++at_;
        while (at_ < text_.size() && identifier_char(text_[at_])) ++at_;
        int id = capture_id_(text_.substr(name_start, at_ - name_start));
        if (id < 0) return fail("unknown capture");
        argument.is_capture = true;
        argument.capture = static_cast<std::uint32_t>(id);
      } else if (identifier_char(c)) {
        auto word_start = at_;
        while (at_ < text_.size() && identifier_char(text_[at_])) ++at_;
        argument.text = std::string(text_.substr(word_start, at_ - word_start));
      } else {
        return fail(at_ >= text_.size() ? "unterminated predicate" : "unexpected character in a predicate");
      }
      predicate.arguments.push_back(std::move(argument));
    }
    ++at_;
    predicates_->push_back(std::move(predicate));
    return true;
  }
  bool is_predicate() const { return peek() == '(' && at_ + 1 < text_.size() && text_[at_ + 1] == '#'; }

  std::vector<std::uint8_t> symbols_named(std::string_view name, bool named) const {
    auto count = ts_language_symbol_count(language_);
    std::vector<std::uint8_t> symbols(count, 0);
    bool any = false;
    for (TSSymbol symbol = 0; symbol < count; ++symbol) {
      auto type = ts_language_symbol_type(language_, symbol);
      if (type != (named ? TSSymbolTypeRegular : TSSymbolTypeAnonymous)) continue;
      if (name == ts_language_symbol_name(language_, symbol)) symbols[symbol] = any = true;
    }
    return any ? symbols : std::vector<std::uint8_t>{};
  }

  bool parse_pattern(PatternNode& node) {
    // Recursion depth follows the query's nesting: a rule file may nest
    // thousands deep, which tree-sitter's cursor handles without our stack.
    if (depth_ == kMaxDepth) return fail("nesting deeper than " + std::to_string(kMaxDepth));
    ++depth_;
    bool ok = parse_pattern_at_depth(node);
    --depth_;
    return ok;
  }

  bool parse_pattern_at_depth(PatternNode& node) {
    skip_space();
    char c = peek();
    bool ok = false;
    if (c == '[') ok = parse_alternation(node);
    else if (c == '"') ok = parse_anonymous(node);
    else if (c == '_') {
      ++at_;
      node.kind = PatternNode::Kind::any;
      ok = true;
    } else if (c == '(') ok = parse_parenthesized(node);
    else return fail(std::string("unexpected '") + c + "'");
    return ok && parse_suffix(node);
  }

  bool parse_suffix(PatternNode& node) {
    for (skip_space(); peek() == '@'; skip_space()) {
      ++at_;
      auto start = at_;
      while (at_ < text_.size() && identifier_char(text_[at_])) ++at_;
      int id = capture_id_(text_.substr(start, at_ - start));
      if (id < 0) return fail("unknown capture");
      if (node.captures.size() == kMaxNodeCaptures) return fail("too many captures on one node");
      node.captures.push_back(static_cast<std::uint32_t>(id));
    }
    if (peek() == '?' || peek() == '*' || peek() == '+') return fail("quantifier");
    return true;
  }

  bool parse_anonymous(PatternNode& node) {
    std::string value;
    if (!string_literal(value)) return false;
    node.kind = PatternNode::Kind::anonymous;
    node.symbols = symbols_named(value, false);
    if (node.symbols.empty()) return fail("anonymous node \"" + value + "\" is not in the grammar");
    return true;
  }

  bool parse_alternation(PatternNode& node) {
    ++at_;
    node.kind = PatternNode::Kind::alternation;
    for (skip_space(); peek() != ']'; skip_space()) {
      if (at_ >= text_.size()) return fail("unterminated alternation");
      PatternNode alternative;
      if (!parse_pattern(alternative)) return false;
      node.children.push_back(std::move(alternative));
    }
    ++at_;
    return true;
  }

  // `(kind children...)`, `(_ ...)`, or a grouping `((pattern) predicates...)`.
  bool parse_parenthesized(PatternNode& node) {
    ++at_;
    skip_space();
    char c = peek();
    if (c == '(' || c == '[' || c == '"') return parse_grouping(node);
    if (c == '_' ) {
      ++at_;
      node.kind = PatternNode::Kind::any_named;
    } else {
      auto name = identifier();
      if (name.empty()) return fail("expected a node kind");
      if (peek() == '/') return fail("supertype/subtype pattern");
      node.kind = PatternNode::Kind::named;
      node.symbols = symbols_named(name, true);
      if (node.symbols.empty()) return fail("'" + std::string(name) + "' is not a plain node kind (supertype, ERROR or MISSING)");
    }
    return parse_children(node);
  }

  bool parse_grouping(PatternNode& node) {
    bool have_pattern = false;
    for (skip_space(); peek() != ')'; skip_space()) {
      if (at_ >= text_.size()) return fail("unterminated grouping");
      if (is_predicate()) {
        if (!parse_predicate()) return false;
        continue;
      }
      if (have_pattern) return fail("sibling patterns in one grouping");
      if (!parse_pattern(node)) return false;
      have_pattern = true;
    }
    ++at_;
    return have_pattern || fail("empty grouping");
  }

  bool parse_children(PatternNode& node) {
    bool anchor = false;
    for (skip_space(); peek() != ')'; skip_space()) {
      if (at_ >= text_.size()) return fail("unterminated node pattern");
      char c = peek();
      if (c == '.') {
        ++at_;
        anchor = true;
        continue;
      }
      if (is_predicate()) {
        if (!parse_predicate()) return false;
        continue;
      }
      if (c == '!') {
        ++at_;
        auto name = identifier();
        TSFieldId field = ts_language_field_id_for_name(language_, name.data(), static_cast<std::uint32_t>(name.size()));
        if (field == 0) return fail("unknown field");
        node.negated_fields.push_back(field);
        continue;
      }
      TSFieldId field = 0;
      if (std::isalpha(static_cast<unsigned char>(c))) {
        auto save = at_;
        auto name = identifier();
        if (peek() == ':') {
          ++at_;
          field = ts_language_field_id_for_name(language_, name.data(), static_cast<std::uint32_t>(name.size()));
          if (field == 0) return fail("unknown field");
        } else {
          at_ = save;
          return fail("unexpected name");
        }
      }
      PatternNode child;
      if (!parse_pattern(child)) return false;
      child.field = field;
      node.children.push_back(std::move(child));
      node.anchored.push_back(anchor);
      anchor = false;
    }
    ++at_;
    node.anchored_last = anchor;
    return true;
  }

  static constexpr int kMaxDepth = 64;
  std::string_view text_;
  std::size_t at_ = 0;
  int depth_ = 0;
  const TSLanguage* language_;
  const std::function<int(std::string_view)>& capture_id_;
  std::vector<WrittenPredicate>* predicates_ = nullptr;  // the current top-level pattern's
  std::string reason_;
};

}  // namespace

bool parse_patterns(std::string_view query, const TSLanguage* language,
                    const std::function<int(std::string_view)>& capture_id, std::vector<TopPattern>& out,
                    std::string& reason) {
  PatternParser parser(query, language, capture_id);
  if (parser.parse(out)) return true;
  reason = parser.reason();
  return false;
}

std::vector<std::uint8_t> root_symbols(const PatternNode& pattern, std::size_t symbol_count) {
  if (pattern.kind == PatternNode::Kind::named) return pattern.symbols;
  if (pattern.kind != PatternNode::Kind::alternation) return {};
  std::vector<std::uint8_t> out(symbol_count, 0);
  for (const auto& alternative : pattern.children) {
    auto symbols = root_symbols(alternative, symbol_count);
    if (symbols.empty()) return {};
    for (std::size_t s = 0; s < symbols.size() && s < out.size(); ++s) out[s] |= symbols[s];
  }
  return out;
}

void certain_captures(const PatternNode& pattern, std::vector<std::uint32_t>& out) {
  out.insert(out.end(), pattern.captures.begin(), pattern.captures.end());
  if (pattern.kind == PatternNode::Kind::alternation) return;  // which alternative matches is open
  for (const auto& child : pattern.children) certain_captures(child, out);
}

}  // namespace gilfree::scanners
