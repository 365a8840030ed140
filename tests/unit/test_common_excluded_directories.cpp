// The one exclusion list, as both walks apply it: scan's walk of a work tree
// and inventory's search for extension sources.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>

#include "common/excluded_directories.hpp"
#include "scanners/inventory/inventory_c_sources.hpp"
#include "scanners/scan/work_tree.hpp"
#include "support/e2e.hpp"

using gilfree::test::TempDir;

namespace {

// A project with its own code and everything a walk must not go into: a
// virtual environment under an unusual name (found by its pyvenv.cfg),
// installed packages, build output and tool caches.
void write_project(const TempDir& dir) {
  dir.write("src/app.py", "x = 1\n");
  dir.write("src/ext.c", "static PyObject *cache;\n");
  dir.write(".github/scripts/release.py", "y = 2\n");
  for (const char* skipped : {".venv/lib/a.py", "env-3.13/pyvenv.cfg", "env-3.13/lib/b.py", "node_modules/n/c.py",
                              "build/lib/d.py", "dist/e.py", "site-packages/f.py", "pkg.egg-info/g.py",
                              ".tox/py313/h.py", "__pycache__/i.py", "build/ext.c", "target/release/ext.c"}) {
    dir.write(skipped, "z = 3\n");
  }
}

}  // namespace

TEST_CASE("is_excluded_directory knows the names, egg-info and virtual environments by pyvenv.cfg") {
  TempDir dir;
  write_project(dir);
  for (const char* name : {".venv", "env-3.13", "node_modules", "build", "dist", "site-packages", "pkg.egg-info",
                           ".tox", "__pycache__", "target"}) {
    INFO(name);
    CHECK(gilfree::is_excluded_directory(dir.path() / name));
  }
  CHECK_FALSE(gilfree::is_excluded_directory(dir.path() / "src"));
  CHECK_FALSE(gilfree::is_excluded_directory(dir.path() / ".github"));
  CHECK_FALSE(gilfree::is_excluded_directory(dir.path() / "egg-info"));
}

TEST_CASE("scan's walk and inventory's walk skip the same directories") {
  TempDir dir;
  write_project(dir);
  auto walk = gilfree::scanners::find_python_files({dir.path()}, {});
  std::vector<std::string> walked;
  for (const auto& file : walk.files) walked.push_back(file.location.lexically_relative(dir.path()).generic_string());
  std::sort(walked.begin(), walked.end());
  CHECK(walked == std::vector<std::string>{".github/scripts/release.py", "src/app.py"});
  auto sources = gilfree::scanners::scan_extension_sources(dir.path());
  CHECK(sources.files_scanned == 1);  // src/ext.c only, not build/ or target/
  // A root the user names is walked even when its name is on the list.
  auto build = gilfree::scanners::find_python_files({dir.path() / "build"}, {});
  CHECK(build.files.size() == 1);
}
