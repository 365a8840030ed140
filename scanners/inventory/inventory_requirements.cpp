#include "scanners/inventory/inventory_requirements.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <sstream>

#include "scanners/inventory/inventory_paths.hpp"
#include "scanners/inventory/inventory_version.hpp"
#include "scanners/inventory/inventory_text_file.hpp"

namespace gilfree::scanners {
namespace {

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
}

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

bool valid_name(std::string_view name) {
  if (name.empty() || !is_alnum(name.front()) || !is_alnum(name.back())) return false;
  return std::all_of(name.begin(), name.end(), is_name_char);
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == separator) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

// ---- PEP 508 environment markers: a small recursive-descent check, so that a
// broken marker is reported instead of silently accepted.

constexpr std::array<std::string_view, 13> kMarkerVariables = {
    "python_version", "python_full_version", "os_name", "sys_platform", "platform_release",
    "platform_system", "platform_version", "platform_machine", "platform_python_implementation",
    "implementation_name", "implementation_version", "extra", "dependency_groups"};

// Three-valued: a marker variable gilfree does not know for the target
// (platform, extra) makes a comparison "unknown", never a guess.
enum class Truth { no, yes, unknown };

Truth both(Truth a, Truth b) {
  if (a == Truth::no || b == Truth::no) return Truth::no;
  return (a == Truth::yes && b == Truth::yes) ? Truth::yes : Truth::unknown;
}

Truth either(Truth a, Truth b) {
  if (a == Truth::yes || b == Truth::yes) return Truth::yes;
  return (a == Truth::no && b == Truth::no) ? Truth::no : Truth::unknown;
}

// Parses (and so checks) a marker, evaluating it for `environment` on the way.
class MarkerParser {
 public:
  MarkerParser(std::string_view text, const MarkerEnvironment& environment) : text_(text), environment_(environment) {}

  std::string error() {
    run();
    return error_;
  }
  Truth truth() {
    run();
    return error_.empty() ? truth_ : Truth::unknown;
  }

 private:
  struct Value {
    std::optional<std::string> text;  // nullopt: not known for the target
    bool is_version = false;
  };

  void run() {
    if (ran_) return;
    ran_ = true;
    truth_ = expression();
    skip_space();
    if (error_.empty() && pos_ < text_.size()) fail("unexpected '" + std::string(text_.substr(pos_)) + "'");
  }
  Truth expression() {
    auto truth = and_expression();
    while (error_.empty() && take_word("or")) truth = either(truth, and_expression());
    return truth;
  }
  Truth and_expression() {
    auto truth = atom();
    while (error_.empty() && take_word("and")) truth = both(truth, atom());
    return truth;
  }
  Truth atom() {
    skip_space();
    if (take("(")) {
      // Recursive descent: a marker from an untrusted file must not nest deep
      // enough to overflow the stack.
      if (++depth_ > kMaxDepth) {
        fail("nested more than " + std::to_string(kMaxDepth) + " parentheses deep");
        return Truth::unknown;
      }
      auto truth = expression();
      --depth_;
      if (error_.empty() && !take(")")) fail("missing ')'");
      return truth;
    }
    auto left = value();
    if (!error_.empty()) return Truth::unknown;
    auto op = comparison();
    if (op.empty()) {
      fail("expected a comparison operator after a marker value");
      return Truth::unknown;
    }
    auto right = value();
    return compare(left, op, right);
  }
  static Truth compare(const Value& left, const std::string& op, const Value& right) {
    if (!left.text || !right.text) return Truth::unknown;
    auto verdict = [](bool holds) { return holds ? Truth::yes : Truth::no; };
    if (op == "in") return verdict(right.text->find(*left.text) != std::string::npos);
    if (op == "not in") return verdict(right.text->find(*left.text) == std::string::npos);
    auto a = parse_version(*left.text);
    auto b = parse_version(*right.text);
    if ((left.is_version || right.is_version) && a && b && op != "===") {
      int order = Version::compare(*a, *b);
      if (op == "==") return verdict(order == 0);
      if (op == "!=") return verdict(order != 0);
      if (op == "<") return verdict(order < 0);
      if (op == "<=") return verdict(order <= 0);
      if (op == ">") return verdict(order > 0);
      if (op == ">=") return verdict(order >= 0);
      return Truth::unknown;  // ~=
    }
    if (op == "==" || op == "===") return verdict(*left.text == *right.text);
    if (op == "!=") return verdict(*left.text != *right.text);
    return Truth::unknown;
  }
  std::string comparison() {
    for (std::string_view op : {"===", "==", "!=", "<=", ">=", "~=", "<", ">"}) {
      if (take(op)) return std::string(op);
    }
    if (take_word("in")) return "in";
    if (take_word("not") && take_word("in")) return "not in";
    return "";
  }
  Value value() {
    skip_space();
    if (pos_ >= text_.size()) {
      fail("marker ends where a value was expected");
      return {};
    }
    char quote = text_[pos_];
    if (quote == '"' || quote == '\'') {
      auto end = text_.find(quote, pos_ + 1);
      if (end == std::string_view::npos) {
        fail("unterminated string");
        return {};
      }
      Value literal{std::string(text_.substr(pos_ + 1, end - pos_ - 1)), false};
      pos_ = end + 1;
      return literal;
    }
    size_t start = pos_;
    while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) != 0 || text_[pos_] == '_' || text_[pos_] == '.')) ++pos_;
    auto word = text_.substr(start, pos_ - start);
    if (word.empty()) {
      fail("expected a marker variable or a quoted string");
      return {};
    }
    if (std::find(kMarkerVariables.begin(), kMarkerVariables.end(), word) == kMarkerVariables.end()) {
      fail("unknown marker variable '" + std::string(word) + "'");
      return {};
    }
    return variable(word);
  }
  // Free-threaded targets are CPython; the version is the target's.
  Value variable(std::string_view name) const {
    auto known = [](const std::string& text) { return text.empty() ? std::nullopt : std::optional<std::string>(text); };
    if (name == "python_version") return {known(environment_.python_version), true};
    if (name == "python_full_version") return {known(environment_.python_full_version), true};
    if (name == "implementation_name") return {std::string("cpython"), false};
    if (name == "platform_python_implementation") return {std::string("CPython"), false};
    return {std::nullopt, false};
  }
  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool take(std::string_view token) {
    skip_space();
    if (text_.substr(pos_, token.size()) != token) return false;
    pos_ += token.size();
    return true;
  }
  bool take_word(std::string_view word) {
    skip_space();
    if (text_.substr(pos_, word.size()) != word) return false;
    size_t end = pos_ + word.size();
    if (end < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[end])) != 0 || text_[end] == '_')) return false;
    pos_ = end;
    return true;
  }
  void fail(const std::string& message) {
    if (error_.empty()) error_ = message;
  }

  std::string_view text_;
  const MarkerEnvironment& environment_;
  size_t pos_ = 0;
  bool ran_ = false;
  static constexpr int kMaxDepth = 100;
  int depth_ = 0;
  Truth truth_ = Truth::unknown;
  std::string error_;
};

bool is_version_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '*' || c == '+' || c == '!' || c == '-' || c == '_';
}

// Checks "op version, op version..." and returns an error or "". Sets `pinned`
// for a single exact clause.
std::string check_specifier(std::string_view spec, std::string& pinned) {
  auto clauses = split(spec, ',');
  for (auto raw : clauses) {
    auto clause = trim(raw);
    if (clause.empty()) return "empty version clause in '" + std::string(spec) + "'";
    std::string_view op;
    for (std::string_view candidate : {"===", "~=", "==", "!=", "<=", ">=", "<", ">"}) {
      if (clause.substr(0, candidate.size()) == candidate) {
        op = candidate;
        break;
      }
    }
    if (op.empty()) return "version clause '" + std::string(clause) + "' has no operator (==, >=, <, ~=, ...)";
    auto version = trim(clause.substr(op.size()));
    if (version.empty() || !std::all_of(version.begin(), version.end(), is_version_char) ||
        (op != "===" && std::isdigit(static_cast<unsigned char>(version.front())) == 0 && version.front() != 'v')) {
      return "invalid version '" + std::string(version) + "' in '" + std::string(clause) + "'";
    }
    if (clauses.size() == 1 && (op == "===" || (op == "==" && version.find('*') == std::string_view::npos))) {
      pinned = std::string(version);
    }
  }
  return "";
}

}  // namespace

std::optional<bool> evaluate_marker(std::string_view marker, const MarkerEnvironment& environment) {
  switch (MarkerParser(marker, environment).truth()) {
    case Truth::yes: return true;
    case Truth::no: return false;
    case Truth::unknown: return std::nullopt;
  }
  return std::nullopt;
}

ParsedRequirement parse_requirement(std::string_view text) {
  ParsedRequirement result;
  text = trim(text);
  size_t pos = 0;
  while (pos < text.size() && is_name_char(text[pos])) ++pos;
  auto name = text.substr(0, pos);
  if (!valid_name(name)) {
    result.error = name.empty() ? "expected a package name at the start of '" + std::string(text) + "'"
                                : "invalid package name '" + std::string(name) + "'";
    return result;
  }
  result.name = std::string(name);
  auto rest = trim(text.substr(pos));
  if (!rest.empty() && rest.front() == '[') {
    auto close = rest.find(']');
    if (close == std::string_view::npos) {
      result.error = "unclosed '[' in the extras of '" + result.name + "'";
      return result;
    }
    for (auto extra : split(rest.substr(1, close - 1), ',')) {
      extra = trim(extra);
      if (extra.empty() && close == 1) break;
      if (!valid_name(extra)) {
        result.error = "invalid extra '" + std::string(extra) + "' for '" + result.name + "'";
        return result;
      }
      result.extras.emplace_back(extra);
    }
    rest = trim(rest.substr(close + 1));
  }
  std::string_view marker;
  if (!rest.empty() && std::string_view("@(;<>=!~").find(rest.front()) == std::string_view::npos) {
    result.error = "unexpected '" + std::string(rest) + "' after package name '" + result.name + "'";
    return result;
  }
  if (!rest.empty() && rest.front() == '@') {
    auto url = trim(rest.substr(1));
    auto end = url.find_first_of(" \t");
    auto after = end == std::string_view::npos ? std::string_view{} : trim(url.substr(end));
    url = url.substr(0, end);
    if (url.empty()) {
      result.error = "'" + result.name + " @' has no URL after '@'";
      return result;
    }
    result.specifier = "@ " + std::string(url);
    if (!after.empty()) {
      if (after.front() != ';') {
        result.error = "unexpected '" + std::string(after) + "' after the URL of '" + result.name + "'";
        return result;
      }
      marker = after.substr(1);
    }
  } else {
    auto semicolon = rest.find(';');
    auto spec = trim(rest.substr(0, semicolon));
    if (semicolon != std::string_view::npos) marker = rest.substr(semicolon + 1);
    if (!spec.empty() && spec.front() == '(') {
      if (spec.back() != ')') {
        result.error = "unclosed '(' in the version of '" + result.name + "'";
        return result;
      }
      spec = trim(spec.substr(1, spec.size() - 2));
    }
    if (!spec.empty()) {
      result.error = check_specifier(spec, result.version);
      if (!result.error.empty()) return result;
      result.specifier = std::string(spec);
    }
  }
  if (marker.data() != nullptr) {
    marker = trim(marker);
    if (marker.empty()) {
      result.error = "empty environment marker after ';' in '" + std::string(text) + "'";
      return result;
    }
    auto marker_error = MarkerParser(marker, MarkerEnvironment{}).error();
    if (!marker_error.empty()) {
      result.error = "invalid environment marker '" + std::string(marker) + "': " + marker_error;
      return result;
    }
    result.marker = std::string(marker);
  }
  return result;
}

DeclaredDependency declared_dependency(const ParsedRequirement& parsed, std::string path, int line, std::string group) {
  DeclaredDependency dependency;
  dependency.name = parsed.name;
  dependency.extras = parsed.extras;
  dependency.specifier = parsed.specifier;
  dependency.marker = parsed.marker;
  dependency.version = parsed.version;
  dependency.path = std::move(path);
  dependency.line = line;
  dependency.group = std::move(group);
  return dependency;
}

// ---- requirements files

namespace {

// pip: a '#' at the start of a line or after whitespace starts a comment.
std::string strip_comment(const std::string& line) {
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || std::isspace(static_cast<unsigned char>(line[i - 1])) != 0)) {
      return line.substr(0, i);
    }
  }
  return line;
}

// Options that only steer pip (indexes, binaries); they carry no dependency.
bool is_global_pip_option(std::string_view option) {
  static constexpr std::array<std::string_view, 14> kOptions = {
      "-i", "--index-url", "--extra-index-url", "--no-index", "-f", "--find-links", "--pre",
      "--prefer-binary", "--only-binary", "--no-binary", "--trusted-host", "--use-feature",
      "--require-hashes", "--use-pep517"};
  return std::find(kOptions.begin(), kOptions.end(), option) != kOptions.end();
}

bool is_per_requirement_option(std::string_view option) {
  static constexpr std::array<std::string_view, 5> kOptions = {
      "--hash", "--global-option", "--install-option", "--config-settings", "-C"};
  return std::find(kOptions.begin(), kOptions.end(), option) != kOptions.end();
}

bool looks_like_direct_reference(std::string_view text) {
  if (text.find("://") != std::string_view::npos) return true;
  if (!text.empty() && (text.front() == '.' || text.front() == '/' || text.front() == '~')) return true;
  for (std::string_view suffix : {".whl", ".tar.gz", ".zip", ".tar.bz2"}) {
    if (text.size() > suffix.size() && text.substr(text.size() - suffix.size()) == suffix) return true;
  }
  return text.find('/') != std::string_view::npos;
}

}  // namespace

void RequirementsReader::problem(const std::filesystem::path& file, int line, const std::string& message) {
  scan_.problems.push_back({display_path(file, root_), line, message});
}

void RequirementsReader::read(const std::filesystem::path& file) {
  std::error_code ec;
  if (visited_.count(std::filesystem::weakly_canonical(file, ec)) != 0) return;
  read_file(file, false);
}

void RequirementsReader::read_file(const std::filesystem::path& file, bool constraints) {
  std::error_code ec;
  auto canonical = std::filesystem::weakly_canonical(file, ec);
  visited_.insert(canonical);
  auto content = read_dependency_file(file, display_path(file, root_), scan_);
  if (!content) return;
  stack_.push_back(canonical);
  std::istringstream lines(*content);
  std::string physical;
  std::string logical;
  int number = 0;
  int logical_start = 0;
  while (std::getline(lines, physical)) {
    ++number;
    if (!physical.empty() && physical.back() == '\r') physical.pop_back();
    if (logical.empty()) logical_start = number;
    // A trailing backslash joins the next line (pip), except in a comment line.
    if (!physical.empty() && physical.back() == '\\' && trim(physical).front() != '#') {
      physical.pop_back();
      logical += physical;
      continue;
    }
    logical += physical;
    read_line(file, logical_start, std::move(logical), constraints);
    logical.clear();
  }
  if (!logical.empty()) read_line(file, logical_start, std::move(logical), constraints);
  stack_.pop_back();
}

void RequirementsReader::read_line(const std::filesystem::path& file, int line, std::string text, bool constraints) {
  auto stripped = std::string(trim(strip_comment(text)));
  if (stripped.empty()) return;
  if (stripped.front() != '-') return add_requirement(file, line, stripped, constraints);

  auto end = stripped.find_first_of(" \t=");
  std::string option = stripped.substr(0, end);
  std::string value = end == std::string::npos ? "" : std::string(trim(std::string_view(stripped).substr(end + 1)));
  // Short options take their value attached too: -rbase.txt
  if (option.size() > 2 && option[1] != '-') {
    value = option.substr(2) + (value.empty() ? "" : " " + value);
    option = option.substr(0, 2);
  }
  if (option == "-r" || option == "--requirement" || option == "-c" || option == "--constraint") {
    bool is_constraint = option == "-c" || option == "--constraint";
    if (value.empty()) return problem(file, line, "'" + option + "' needs a file name");
    return include(file, line, value, constraints || is_constraint);
  }
  if (option == "-e" || option == "--editable") {
    if (value.empty()) return problem(file, line, "'" + option + "' needs a path or URL");
    return add_direct_reference(file, line, value, constraints);
  }
  if (is_global_pip_option(option)) return;
  problem(file, line, "unknown option '" + option + "' (pip would reject this line); ignored");
}

void RequirementsReader::include(const std::filesystem::path& from, int line, const std::string& target,
                                 bool constraints) {
  if (target.find("://") != std::string::npos) {
    return problem(from, line, "included file '" + target + "' is a URL; gilfree reads local files only");
  }
  auto path = std::filesystem::path(target).is_absolute() ? std::filesystem::path(target)
                                                          : from.parent_path() / target;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return problem(from, line, "included file '" + target + "' not found (looked for " + path.generic_string() + ")");
  }
  auto canonical = std::filesystem::weakly_canonical(path, ec);
  if (std::find(stack_.begin(), stack_.end(), canonical) != stack_.end()) {
    return problem(from, line, "include cycle: '" + target + "' is already being read; this include is skipped");
  }
  if (visited_.count(canonical) != 0) return;  // read before through another include
  read_file(path, constraints);
}

void RequirementsReader::add_requirement(const std::filesystem::path& file, int line, const std::string& text,
                                         bool constraints) {
  // Per-requirement options (--hash=...) start at the first " -".
  std::string requirement = text;
  size_t options_start = std::string::npos;
  for (size_t i = 1; i < text.size(); ++i) {
    if (text[i] == '-' && std::isspace(static_cast<unsigned char>(text[i - 1])) != 0) {
      options_start = i;
      break;
    }
  }
  if (options_start != std::string::npos) {
    requirement = std::string(trim(std::string_view(text).substr(0, options_start)));
    std::istringstream options(text.substr(options_start));
    std::string token;
    while (options >> token) {
      if (token.front() != '-') continue;  // the value of the previous option
      auto option = token.substr(0, token.find('='));
      if (!is_per_requirement_option(option)) {
        return problem(file, line, "unknown option '" + option + "' after requirement '" + requirement + "'");
      }
      if (option == "--hash" && token.find(':') == std::string::npos && token.find('=') != std::string::npos) {
        return problem(file, line, "malformed '" + token + "': expected --hash=ALGORITHM:HEX");
      }
    }
  }
  auto parsed = parse_requirement(requirement);
  if (!parsed.error.empty()) {
    if (looks_like_direct_reference(requirement)) return add_direct_reference(file, line, requirement, constraints);
    return problem(file, line, "invalid requirement: " + parsed.error);
  }
  scan_.dependencies.push_back(
      declared_dependency(parsed, display_path(file, root_), line, constraints ? "constraint" : "requirements"));
}

void RequirementsReader::add_direct_reference(const std::filesystem::path& file, int line, const std::string& text,
                                              bool constraints) {
  std::string reference(trim(text.substr(0, text.find(';'))));
  DeclaredDependency dependency;
  dependency.specifier = "@ " + reference;
  dependency.path = display_path(file, root_);
  dependency.line = line;
  dependency.group = constraints ? "constraint" : "requirements";
  auto egg = reference.find("#egg=");
  auto basename = reference.substr(reference.find_last_of('/') + 1);
  if (egg != std::string::npos) {
    dependency.name = reference.substr(egg + 5, reference.find('&', egg) - egg - 5);
  } else if (basename.size() > 4 && basename.substr(basename.size() - 4) == ".whl") {
    // Wheel file names are NAME-VERSION-...: both are known exactly.
    auto parts = split(basename, '-');
    if (parts.size() >= 5) {
      dependency.name = std::string(parts[0]);
      dependency.version = std::string(parts[1]);
    }
  }
  if (!valid_name(dependency.name)) {
    return problem(file, line, "direct reference '" + reference +
                                   "' names no package; write 'NAME @ URL' or add '#egg=NAME' so it can be checked");
  }
  scan_.dependencies.push_back(std::move(dependency));
}

}  // namespace gilfree::scanners
