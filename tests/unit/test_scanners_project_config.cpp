// [tool.gilfree] read from pyproject.toml: a rule id that names no rule is
// blamed on the file, line and key it was written in, with the closest rule
// id as a suggestion; on the command line the same, naming the option.
#include <catch2/catch.hpp>

#include "common/errors.hpp"
#include "scanners/scan/project_config.hpp"
#include "scanners/engine/scanner.hpp"
#include "support/e2e.hpp"

using namespace gilfree::scanners;
using gilfree::test::TempDir;

namespace {

// The UserError a Scanner built from `config` throws ("" when none).
std::string scanner_error(const ScanConfig& config) {
  try {
    Scanner scanner(config);
  } catch (const gilfree::UserError& error) {
    return error.what();
  }
  return "";
}

std::string config_error(const std::string& toml) {
  TempDir dir;
  auto file = dir.write("pyproject.toml", toml);
  auto message = scanner_error(load_project_config(file).scan);
  auto at = message.find("pyproject.toml");
  return at == std::string::npos ? message : message.substr(at);
}

}  // namespace

TEST_CASE("config: an unknown rule id in select or ignore names pyproject.toml:LINE and the key") {
  CHECK(config_error("[tool.gilfree]\nselect = [\n  \"FT001\",\n  \"FT999\",\n]\n") ==
        "pyproject.toml:4: [tool.gilfree] select 'FT999' matches no rule; did you mean FT009? "
        "(see 'gilfree rules list')");
  CHECK(config_error("[project]\nname = \"x\"\n\n[tool.gilfree]\nignore = [\"FT15\"]\n") ==
        "pyproject.toml:5: [tool.gilfree] ignore 'FT15' matches no rule; did you mean FT015? "
        "(see 'gilfree rules list')");
}

TEST_CASE("config: an unknown rule id in per-file-ignores is an error too, naming the glob") {
  CHECK(config_error("[tool.gilfree]\nper-file-ignores = { \"tests/**\" = [\"FT001\", \"FT0100\"] }\n") ==
        "pyproject.toml:2: [tool.gilfree] per-file-ignores \"tests/**\" 'FT0100' matches no rule; "
        "did you mean FT010? (see 'gilfree rules list')");
  CHECK(config_error("[tool.gilfree.per-file-ignores]\n\"a.py\" = [\"ALL\"]\n\"b.py\" = [\"global-augmented-asignment\"]\n") ==
        "pyproject.toml:3: [tool.gilfree] per-file-ignores \"b.py\" 'global-augmented-asignment' matches no rule; "
        "did you mean global-augmented-assignment? (see 'gilfree rules list')");
}

TEST_CASE("config: valid selectors load, and names, prefixes and ALL are fine in per-file-ignores") {
  CHECK(config_error("[tool.gilfree]\nselect = [\"FT0\"]\nignore = [\"global-augmented-assignment\"]\n"
                     "per-file-ignores = { \"tests/**\" = [\"ALL\"], \"x.py\" = [\"FT00\"] }\n") == "");
}

TEST_CASE("command line: an unknown rule id names the option and suggests the closest id, or none") {
  ScanConfig config;
  config.select = {"FT999"};
  CHECK(scanner_error(config) == "--select 'FT999' matches no rule; did you mean FT009? (see 'gilfree rules list')");
  config.select = {"ft001x"};
  CHECK(scanner_error(config) == "--select 'ft001x' matches no rule; did you mean FT001? (see 'gilfree rules list')");
  config.select = {};
  config.ignore = {"nothing-like-a-rule"};
  CHECK(scanner_error(config) == "--ignore 'nothing-like-a-rule' matches no rule (see 'gilfree rules list')");
}

TEST_CASE("config: a pyproject.toml that cannot be read says why, not \"0:0: invalid TOML\"") {
  TempDir dir;
  try {
    load_project_config(dir.path() / "pyproject.toml");
    FAIL("read a file that is not there");
  } catch (const gilfree::UserError& error) {
    CHECK(std::string(error.what()) == "cannot read " + (dir.path() / "pyproject.toml").string() +
                                           " (No such file or directory); make it readable, or scan with --no-config");
  }
}
