#pragma once
// `# gilfree: ignore[FT001]` comments: which findings they silence, and the
// comments that silence nothing, reported as FT900 unused-suppression (like
// ruff's RUF100: opt-in) with ids that name no rule noted even without it.
#include <map>
#include <optional>
#include <string_view>
#include <set>
#include <string>
#include <vector>

#include "scanners/engine/rule.hpp"
#include "scanners/engine/source_file.hpp"
#include "common/text_position.hpp"

namespace gilfree::scanners {

// The ids a `gilfree: ignore[FT001, FT002]` comment names ("*" for a bare
// `gilfree: ignore`), or nothing when `comment` holds none. One parser for
// Python's `#` comments and C's `//` and `/* */` ones.
std::optional<std::set<std::string>> suppression_ids(std::string_view comment);

// FT900 is built in, not a YAML rule: it is about comments, not code, and no query finds it.
inline constexpr const char* kUnusedSuppressionId = "FT900";
const Rule& unused_suppression_rule();

// One file's suppression comments (line -> ids; "*" for a bare `# gilfree: ignore`).
class SuppressionCheck {
 public:
  explicit SuppressionCheck(const std::map<int, std::set<std::string>>& comments) : comments_(comments) {}

  // Whether a comment on `line` silences rule `id`; remembers that it did.
  bool silences(int line, const std::string& id);

  struct Context {
    const std::vector<Rule>* known;        // every loaded rule: the ids that exist
    std::set<std::string> enabled;         // the rules that ran on this file
    bool report_unused = false;            // FT900 ran on this file
  };
  // After every rule ran: an FT900 finding for each comment that silenced
  // nothing (when it ran), else a note for each id that names no rule.
  void report(const SourceFile& file, const LineIndex& lines, const Context& context, FileResult& result) const;

 private:
  // What is wrong with one comment, "" when it silenced what it names.
  std::string problems(int line, const std::set<std::string>& ids, const Context& context,
                       std::vector<std::string>& unknown) const;

  const std::map<int, std::set<std::string>>& comments_;
  std::set<std::pair<int, std::string>> used_;  // (line, id or "*")
};

}  // namespace gilfree::scanners
