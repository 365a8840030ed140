#include <catch2/catch.hpp>

#include <stdlib.h>

#include "runtime/data_dir.hpp"
#include "common/errors.hpp"
#include "runtime/python_helpers.hpp"
#include "support/e2e.hpp"

namespace fs = std::filesystem;
using gilfree::runtime::DataDirOrigin;
using gilfree::runtime::DataDirSearch;
using gilfree::runtime::DataItem;
using gilfree::runtime::find_data_dir;

namespace {

// An installed tree: <prefix>/bin/gilfree and <prefix>/share/gilfree/...
fs::path make_installed(const gilfree::test::TempDir& dir, const std::string& prefix) {
  dir.write(prefix + "/bin/gilfree", "");
  dir.write(prefix + "/share/gilfree/rules/python/FT001.yaml", "id: FT001\n");
  dir.write(prefix + "/share/gilfree/rules/fixtures/FT001.py", "");
  dir.write(prefix + "/share/gilfree/rules/packages/free_threading.yaml", "");
  dir.write(prefix + "/share/gilfree/python/gilfree_child.py", "");
  return dir.path() / prefix;
}

// A checkout with a build tree inside it, as `make build` makes one.
fs::path make_checkout(const gilfree::test::TempDir& dir) {
  dir.write("src/rules/python/FT001.yaml", "id: FT001\n");
  dir.write("src/rules/packages/free_threading.yaml", "");
  dir.write("src/tests/rules/python/FT001.py", "");
  dir.write("src/runtime/python/gilfree_child.py", "");
  dir.write("src/build/gilfree", "");
  return dir.path() / "src";
}

std::string message_of(const gilfree::runtime::DataDir& data, DataItem item) {
  try {
    data.require(item);
  } catch (const gilfree::UserError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("data dir: an installed tree is found beside the executable, wherever the prefix was moved") {
  gilfree::test::TempDir dir;
  auto prefix = make_installed(dir, "moved/elsewhere");
  auto data = find_data_dir({"", prefix / "bin" / "gilfree", "/nonexistent/build", "/nonexistent/src"});
  CHECK(data.root == prefix / "share" / "gilfree");
  CHECK(data.origin == DataDirOrigin::installed);
  CHECK(data.require(DataItem::rules) == prefix / "share/gilfree/rules/python");
  CHECK(data.require(DataItem::rule_fixtures) == prefix / "share/gilfree/rules/fixtures");
  CHECK(data.path(DataItem::c_rules) == prefix / "share/gilfree/rules/c");
  CHECK(data.path(DataItem::c_rule_fixtures) == prefix / "share/gilfree/rules/fixtures/c");
  CHECK(data.require(DataItem::package_knowledge) == prefix / "share/gilfree/rules/packages/free_threading.yaml");
  CHECK(data.require(DataItem::python_helpers) == prefix / "share/gilfree/python");
}

TEST_CASE("data dir: GILFREE_DATA_DIR wins over the installed tree, in either layout") {
  gilfree::test::TempDir dir;
  auto prefix = make_installed(dir, "prefix");
  auto checkout = make_checkout(dir);
  auto data = find_data_dir({checkout.string(), prefix / "bin" / "gilfree", "", ""});
  CHECK(data.origin == DataDirOrigin::environment);
  CHECK(data.require(DataItem::python_helpers) == checkout / "runtime/python");
  CHECK(data.require(DataItem::rule_fixtures) == checkout / "tests/rules/python");
  CHECK(data.path(DataItem::c_rule_fixtures) == checkout / "tests/rules/c");
  auto installed = find_data_dir({(prefix / "share/gilfree").string(), "/usr/bin/gilfree", "", ""});
  CHECK(installed.require(DataItem::python_helpers) == prefix / "share/gilfree/python");
}

TEST_CASE("data dir: the source tree is used only by a binary inside its own build tree") {
  gilfree::test::TempDir dir;
  auto checkout = make_checkout(dir);
  auto in_build = find_data_dir({"", checkout / "build" / "gilfree", checkout / "build", checkout});
  CHECK(in_build.origin == DataDirOrigin::build_tree);
  CHECK(in_build.require(DataItem::rules) == checkout / "rules/python");
  CHECK(in_build.require(DataItem::python_helpers) == checkout / "runtime/python");

  // The same binary copied out of the build tree does not reach back into the checkout.
  dir.write("copy/bin/gilfree", "");
  auto copied = find_data_dir({"", dir.path() / "copy/bin/gilfree", checkout / "build", checkout});
  CHECK(copied.origin == DataDirOrigin::installed);
  CHECK(copied.root == dir.path() / "copy/share/gilfree");
  CHECK_FALSE(copied.has(DataItem::rules));
}

TEST_CASE("data dir: missing data is one line naming the data dir searched and how to fix it") {
  gilfree::test::TempDir dir;
  dir.write("copy/bin/gilfree", "");
  auto nothing = find_data_dir({"", dir.path() / "copy/bin/gilfree", "/nonexistent/build", "/nonexistent/src"});
  auto message = message_of(nothing, DataItem::rules);
  CHECK(message.rfind("gilfree's data dir " + (dir.path() / "copy/share/gilfree").string() + " (beside the executable " +
                          (dir.path() / "copy/bin/gilfree").string() + ") does not exist, so there is no rule pack " +
                          (dir.path() / "copy/share/gilfree/rules/python").string() + "; ",
                      0) == 0);
  CHECK(message.find("reinstall gilfree") != std::string::npos);
  CHECK(message.find("GILFREE_DATA_DIR") != std::string::npos);
  CHECK(message.find("leave the directory out") == std::string::npos);
  CHECK(message.find('\n') == std::string::npos);

  auto prefix = make_installed(dir, "partial");
  fs::remove_all(prefix / "share/gilfree/python");
  auto partial = find_data_dir({"", prefix / "bin/gilfree", "", ""});
  CHECK(partial.has(DataItem::rules));
  CHECK(message_of(partial, DataItem::python_helpers).find(") has no Python helpers " + (prefix / "share/gilfree/python").string()) !=
        std::string::npos);

  auto wrong = find_data_dir({(dir.path() / "nowhere").string(), prefix / "bin/gilfree", "", ""});
  auto wrong_message = message_of(wrong, DataItem::package_knowledge);
  CHECK(wrong_message.find("set by GILFREE_DATA_DIR") != std::string::npos);
  CHECK(wrong_message.find("point GILFREE_DATA_DIR at") != std::string::npos);
}

TEST_CASE("data dir: this test binary, inside the build tree, finds the checkout, and GILFREE_DATA_DIR redirects it") {
  auto from_build = gilfree::runtime::data_dir();
  CHECK(from_build.origin == DataDirOrigin::build_tree);
  CHECK(from_build.require(DataItem::python_helpers) == fs::path(GILFREE_SOURCE_DIR) / "runtime" / "python");
  gilfree::test::TempDir dir;
  setenv("GILFREE_DATA_DIR", dir.path().c_str(), 1);
  CHECK_THROWS_AS(gilfree::runtime::python_helpers_dir(), gilfree::UserError);
  CHECK_THROWS_AS(gilfree::runtime::python_helper("gilfree_child.py"), gilfree::UserError);
  unsetenv("GILFREE_DATA_DIR");
  CHECK(gilfree::runtime::python_helpers_dir() == fs::path(GILFREE_SOURCE_DIR) / "runtime" / "python");
}
