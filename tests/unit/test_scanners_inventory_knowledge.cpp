#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <sstream>

#include "support/e2e.hpp"
#include "common/errors.hpp"
#include "scanners/inventory/inventory_knowledge.hpp"

using namespace gilfree::scanners;
using gilfree::test::TempDir;

TEST_CASE("inventory: the shipped knowledge file loads and covers the packages with compiled parts the issue names") {
  auto knowledge = Knowledge::load_shipped();
  int compiled = 0;
  for (const char* name : {"numpy", "pandas", "Pillow", "lxml", "cryptography", "pydantic_core", "orjson", "grpcio",
                           "psycopg", "SQLAlchemy", "aiohttp", "PyYAML", "msgpack", "regex", "scipy"}) {
    INFO(name);
    REQUIRE(knowledge.find(name) != nullptr);
  }
  for (const char* name : {"numpy", "scipy", "pandas", "pillow", "scikit-learn", "matplotlib", "markupsafe"}) {
    INFO(name);
    const auto* fact = knowledge.find(name);
    REQUIRE(fact != nullptr);
    CHECK(fact->status == PackageStatus::supported);
    CHECK(fact->first_version != "unknown");
    CHECK(!fact->url.empty());
  }
  for (const char* name : {"requests", "urllib3", "pytest"}) {
    REQUIRE(knowledge.find(name) != nullptr);
    CHECK(knowledge.find(name)->status == PackageStatus::pure_python);
  }
  for (const auto& [name, fact] : knowledge.facts()) {
    INFO(name);
    CHECK(!fact.source.empty());
    CHECK(!fact.date.empty());
    CHECK(!fact.first_version.empty());
    compiled += fact.status != PackageStatus::pure_python ? 1 : 0;
  }
  CHECK(compiled >= 50);  // the issue: at least the 50 most used packages with compiled parts
  CHECK(knowledge.find("surely-not-a-package") == nullptr);
}

namespace {

std::string load_error(const std::string& content) {
  TempDir dir;
  auto file = dir.write("k.yaml", content);
  try {
    Knowledge::load(file);
  } catch (const gilfree::UserError& error) {
    std::string message = error.what();
    return message.substr(message.find("k.yaml"));
  }
  return "";
}

}  // namespace

TEST_CASE("inventory: knowledge file: every broken entry names file:line") {
  CHECK(load_error("schema: 1\npackages:\n  numpy:\n    status: maybe\n    first-version: unknown\n    source: x\n    date: 2024-08\n") ==
        "k.yaml:4: 'numpy' has status 'maybe' (expected supported, unsupported, pure-python or unknown)");
  CHECK(load_error("schema: 1\npackages:\n  numpy:\n    status: supported\n    source: x\n    date: 2024-08\n") ==
        "k.yaml:3: 'numpy' has no 'first-version' (status, first-version, source and date are required)");
  CHECK(load_error("schema: 1\npackages:\n  numpy:\n    status: supported\n    first-version: soon\n    source: x\n    date: 2024-08\n    colour: red\n") ==
        "k.yaml:8: unknown key 'colour' in 'numpy'");
  CHECK(load_error("schema: 1\npackages:\n  numpy:\n    status: supported\n    first-version: soon\n    source: x\n    date: 2024-08\n") ==
        "k.yaml:5: 'numpy' first-version 'soon' is not a version (write \"unknown\" when it is not known)");
  CHECK(load_error("schema: 1\npackages:\n  numpy:\n    status: unknown\n    first-version: 1.0\n    source: x\n    date: 24-08\n") ==
        "k.yaml:5: 'numpy' is not 'supported', so its first-version must be \"unknown\" (and 1 more problems in this file)");
  CHECK(load_error("schema: 1\npackages:\n  Pillow:\n    status: unknown\n    first-version: unknown\n    source: x\n    date: 2024-08\n"
                   "  pillow:\n    status: unknown\n    first-version: unknown\n    source: x\n    date: 2024-08\n") ==
        "k.yaml:8: package 'pillow' is listed twice (first at line 3)");
  CHECK(load_error("schema: 1\npackages: [\n") .rfind("k.yaml:", 0) == 0);
  CHECK(load_error("packages: {}\n") == "k.yaml:1: 'schema: 1' is required");
  CHECK(load_error("- a\n- b\n") == "k.yaml:1: the top level must be a mapping with 'schema' and 'packages'");
}

TEST_CASE("docs/inventory.md states the knowledge file's counts per status, and the packages it names have that status") {
  auto knowledge = Knowledge::load_shipped();
  std::map<PackageStatus, int> counts;
  for (const auto& [name, fact] : knowledge.facts()) ++counts[fact.status];
  auto text = gilfree::test::slurp_file(std::filesystem::path(GILFREE_SOURCE_DIR) / "docs" / "inventory.md");
  REQUIRE(!text.empty());
  text = std::regex_replace(text, std::regex(R"(\s+)"), " ");
  struct Stated {
    PackageStatus status;
    const char* pattern;  // (count) ... (names)
  };
  for (const auto& stated : {
           Stated{PackageStatus::supported, R"((\d+) packages are `supported` with their first version \(([^)]*)\))"},
           Stated{PackageStatus::unsupported, R"((\d+) abandoned ones are `unsupported` \(([^:)]*))"},
           Stated{PackageStatus::unknown, R"((\d+) packages with compiled parts \(([^)]*)\) are `unknown`)"},
           Stated{PackageStatus::pure_python, R"((\d+) common pure-Python packages \(([^)]*)\) are `pure-python`)"}}) {
    INFO(status_name(stated.status));
    std::smatch match;
    REQUIRE(std::regex_search(text, match, std::regex(stated.pattern)));
    CHECK(std::stoi(match[1].str()) == counts[stated.status]);
    std::stringstream names(match[2].str());
    for (std::string name; std::getline(names, name, ',');) {
      name = std::regex_replace(name, std::regex(R"(^ +| +$)"), "");
      if (name == "..." || name.empty()) continue;
      INFO(name);
      const auto* fact = knowledge.find(name);
      REQUIRE(fact != nullptr);
      CHECK(fact->status == stated.status);
    }
  }
  const std::regex stated_total(R"(knowledge: (\d+) packages)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), stated_total); it != std::sregex_iterator(); ++it) {
    CHECK(std::stoul((*it)[1].str()) == knowledge.size());
  }
}
