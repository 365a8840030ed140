#include "scanners/catalog/rule_scaffold.hpp"

#include <fmt/format.h>

#include "common/atomic_file.hpp"
#include "common/errors.hpp"
#include "runtime/data_dir.hpp"
#include "scanners/catalog/rule_catalog.hpp"
#include "scanners/engine/rule_loader.hpp"

namespace gilfree::scanners {
namespace {

namespace fs = std::filesystem;

// A rule that works as written: calls of `replace_me()` outside a lock. The
// author replaces the query, the facts and the texts, and keeps the shape.
std::string rule_yaml(const RuleScaffold& scaffold) {
  return fmt::format(R"(id: {0}
name: {1}
severity: warning
confidence: medium
message: "`{{call}}()` is called outside a lock"
hint: "hold the lock that guards what it changes"
docs:
  what: Flags calls of `replace_me()` outside a `with lock:` block.
  why: |
    Say why the GIL hid this hazard and what goes wrong without it, and what
    raises or lowers the confidence.
  example: |
    def handle():
        replace_me()
  instead: |
    def handle():
        with _lock:
            replace_me()
query: |
  ((call function: (identifier) @call) @match
   (#eq? @call "replace_me"))
where:
  - not-inside: lock
confidence-down:
  - inside: test-file
)",
                     scaffold.id, scaffold.name);
}

std::string fixture_py(const RuleScaffold& scaffold) {
  return fmt::format(R"(# Fixture of {0} {1}: each line that ends with an expect marker
# naming {0} must be flagged, and no other line (`gilfree rules test {0}`).
import threading

_lock = threading.Lock()


def flagged():
    replace_me()  # expect: {0}


def held():
    with _lock:
        replace_me()


def other_call():
    print("not the call the rule is about")
)",
                     scaffold.id, scaffold.name);
}

void check_names(const RuleScaffold& scaffold, const std::vector<fs::path>& extra_dirs) {
  if (!is_valid_rule_id(scaffold.id)) {
    throw UserError("rule id '" + scaffold.id + "' must be two to four capital letters and three digits, like XX001");
  }
  if (!is_valid_rule_name(scaffold.name)) {
    throw UserError("--name '" + scaffold.name + "' must be kebab-case, like shared-cache-write");
  }
  for (const auto& rule : load_rule_pack(extra_dirs)) {
    if (rule.id == scaffold.id || rule.name == scaffold.name) {
      throw UserError("the rule pack already has " + rule.id + " " + rule.name + " (" + rule.file.string() +
                      "); choose another id and name");
    }
  }
}

}  // namespace

std::vector<fs::path> write_rule_scaffold(const RuleScaffold& scaffold) {
  auto data = runtime::data_dir();
  bool in_checkout = scaffold.dir.empty();
  if (in_checkout && !data.checkout_layout) {
    throw UserError("rules new: give --dir DIR for your own rules (then scan with --rules-dir DIR); "
                    "an installed gilfree's own rules are not edited");
  }
  std::error_code error;
  std::vector<fs::path> extra_dirs;
  if (!in_checkout && fs::is_directory(scaffold.dir, error)) extra_dirs.push_back(scaffold.dir);
  check_names(scaffold, extra_dirs);
  auto yaml = in_checkout ? data.path(runtime::DataItem::rules) / (scaffold.id + ".yaml") : scaffold.dir / (scaffold.id + ".yaml");
  auto fixture = in_checkout ? data.path(runtime::DataItem::rule_fixtures) / (scaffold.id + ".py")
                             : scaffold.dir / (scaffold.id + ".py");
  for (const auto& path : {yaml, fixture}) {
    if (fs::exists(path, error)) throw UserError(path.string() + " exists; rules new does not overwrite it");
  }
  if (!in_checkout) fs::create_directories(scaffold.dir, error);
  if (error) throw UserError(scaffold.dir.string() + ": cannot create the directory (" + error.message() + ")");
  runtime::write_file_atomically(yaml, rule_yaml(scaffold));
  runtime::write_file_atomically(fixture, fixture_py(scaffold));
  std::vector<fs::path> written{yaml, fixture};
  if (in_checkout) {
    // docs/rules.md is generated and tested up to date: the new section goes in now.
    auto docs = data.root / "docs" / "rules.md";
    runtime::write_file_atomically(docs, rules_markdown(load_rule_pack({})));
    written.push_back(docs);
  }
  return written;
}

}  // namespace gilfree::scanners
