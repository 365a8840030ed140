#pragma once
// Where gilfree's shipped data lives: the rule pack and its fixtures, the
// package knowledge file and the Python helpers. Every lookup of that data goes
// through here, so an installed, moved or pip-installed gilfree finds it the
// same way a build tree does.
#include <filesystem>
#include <string>
#include <vector>

namespace gilfree::runtime {

// One piece of the shipped data.
// The C-extension rules (rules/c) are checked by C++ and described by YAML, with
// fixtures of their own.
enum class DataItem { rules, rule_fixtures, c_rules, c_rule_fixtures, package_knowledge, python_helpers };

// How the data dir was chosen.
enum class DataDirOrigin { environment, installed, build_tree };

// The facts the choice depends on, passed in so that tests can vary them.
struct DataDirSearch {
  std::string environment;           // $GILFREE_DATA_DIR ("" when unset)
  std::filesystem::path executable;  // the running gilfree
  std::filesystem::path build_dir;   // the build tree it was built in
  std::filesystem::path source_dir;  // and that build's source tree

  static DataDirSearch of_this_process();
};

struct DataDir {
  std::filesystem::path root;
  DataDirOrigin origin = DataDirOrigin::installed;
  // A gilfree checkout keeps helpers in runtime/python and fixtures in
  // tests/rules/{python,c}; an installed share/gilfree has python/ and
  // rules/fixtures/ (C fixtures in rules/fixtures/c).
  bool checkout_layout = false;
  std::filesystem::path executable;

  std::filesystem::path path(DataItem item) const;
  bool has(DataItem item) const;
  // path(item), or a UserError saying which data dir was searched and how to fix it.
  std::filesystem::path require(DataItem item) const;
  // The one-line problem require() reports for a missing item.
  std::string missing_message(DataItem item) const;
  // The same for any missing `what` ("Python helper /x/gilfree_probe.py"): which
  // data dir, how it was chosen, what to do.
  std::string lacks(const std::string& what) const;
  // "reinstall gilfree ... or set GILFREE_DATA_DIR ...", fitting the origin.
  std::string how_to_fix() const;
  // "beside the executable /opt/x/bin/gilfree", "from GILFREE_DATA_DIR", ...
  std::string origin_text() const;
};

// What each item is called in messages ("rule pack", "Python helpers").
const char* data_item_name(DataItem item);
inline constexpr DataItem kDataItems[] = {DataItem::rules,          DataItem::rule_fixtures,
                                          DataItem::c_rules,        DataItem::c_rule_fixtures,
                                          DataItem::package_knowledge, DataItem::python_helpers};

// $GILFREE_DATA_DIR when set (an installed share/gilfree or a checkout); else
// <dir of the executable>/../share/gilfree when it exists; else, only for a
// binary inside its own build tree, that build's source tree; else the
// share/gilfree where an installation would have it (whose items are missing).
DataDir find_data_dir(const DataDirSearch& search);

// find_data_dir(DataDirSearch::of_this_process()). Not cached: it is a few stat
// calls, and tests change the environment.
DataDir data_dir();

}  // namespace gilfree::runtime
