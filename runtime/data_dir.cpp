#include "runtime/data_dir.hpp"

#include <cstdlib>

#include "runtime/child_process.hpp"
#include "common/errors.hpp"

namespace gilfree::runtime {
namespace {

namespace fs = std::filesystem;

// The same share/gilfree as cmake/install.cmake writes.
fs::path installed_data_dir(const fs::path& executable) {
  return executable.parent_path().parent_path() / "share" / "gilfree";
}

bool is_inside(const fs::path& file, const fs::path& dir) {
  if (dir.empty()) return false;
  std::error_code ec;
  auto relative = fs::weakly_canonical(file, ec).lexically_relative(fs::weakly_canonical(dir, ec));
  return !ec && !relative.empty() && *relative.begin() != "..";
}

bool is_checkout(const fs::path& root) {
  std::error_code ec;
  return fs::is_directory(root / "runtime" / "python", ec) && fs::is_directory(root / "tests" / "rules", ec);
}

}  // namespace

DataDirSearch DataDirSearch::of_this_process() {
  const char* set = std::getenv("GILFREE_DATA_DIR");
  return DataDirSearch{set ? set : "", self_executable(), GILFREE_BUILD_DIR, GILFREE_SOURCE_DIR};
}

const char* data_item_name(DataItem item) {
  switch (item) {
    case DataItem::rules: return "rule pack";
    case DataItem::rule_fixtures: return "rule fixtures";
    case DataItem::c_rules: return "C-extension rules";
    case DataItem::c_rule_fixtures: return "C-extension rule fixtures";
    case DataItem::package_knowledge: return "package knowledge file";
    case DataItem::python_helpers: return "Python helpers";
  }
  return "data";
}

fs::path DataDir::path(DataItem item) const {
  switch (item) {
    case DataItem::rules: return root / "rules" / "python";
    case DataItem::rule_fixtures:
      return checkout_layout ? root / "tests" / "rules" / "python" : root / "rules" / "fixtures";
    case DataItem::c_rules: return root / "rules" / "c";
    case DataItem::c_rule_fixtures:
      return checkout_layout ? root / "tests" / "rules" / "c" : root / "rules" / "fixtures" / "c";
    case DataItem::package_knowledge: return root / "rules" / "packages" / "free_threading.yaml";
    case DataItem::python_helpers: return checkout_layout ? root / "runtime" / "python" : root / "python";
  }
  return root;
}

bool DataDir::has(DataItem item) const {
  std::error_code ec;
  auto where = path(item);
  return item == DataItem::package_knowledge ? fs::is_regular_file(where, ec) : fs::is_directory(where, ec);
}

std::string DataDir::origin_text() const {
  switch (origin) {
    case DataDirOrigin::environment: return "set by GILFREE_DATA_DIR";
    case DataDirOrigin::installed: return "beside the executable " + executable.string();
    case DataDirOrigin::build_tree: return "the source tree of the build tree holding " + executable.string();
  }
  return "";
}

std::string DataDir::missing_message(DataItem item) const {
  return lacks(std::string(data_item_name(item)) + " " + path(item).string());
}

std::string DataDir::lacks(const std::string& what) const {
  std::error_code ec;
  auto state = fs::is_directory(root, ec) ? "has no " : "does not exist, so there is no ";
  return "gilfree's data dir " + root.string() + " (" + origin_text() + ") " + state + what + "; " + how_to_fix();
}

std::string DataDir::how_to_fix() const {
  return origin == DataDirOrigin::environment
             ? "point GILFREE_DATA_DIR at an installed share/gilfree or a gilfree checkout, or unset it"
             : "reinstall gilfree (share/gilfree belongs beside bin/gilfree), or set GILFREE_DATA_DIR to "
               "an installed share/gilfree or a gilfree checkout";
}

fs::path DataDir::require(DataItem item) const {
  if (!has(item)) throw UserError(missing_message(item));
  return path(item);
}

DataDir find_data_dir(const DataDirSearch& search) {
  DataDir dir;
  dir.executable = search.executable;
  std::error_code ec;
  if (!search.environment.empty()) {
    dir.root = search.environment;
    dir.origin = DataDirOrigin::environment;
  } else if (auto installed = installed_data_dir(search.executable); fs::is_directory(installed, ec)) {
    dir.root = installed;
  } else if (is_inside(search.executable, search.build_dir) && is_checkout(search.source_dir)) {
    dir.root = search.source_dir;
    dir.origin = DataDirOrigin::build_tree;
  } else {
    dir.root = installed;  // nothing found: messages name where an installation keeps it
  }
  dir.checkout_layout = is_checkout(dir.root);
  return dir;
}

DataDir data_dir() { return find_data_dir(DataDirSearch::of_this_process()); }

}  // namespace gilfree::runtime
