#pragma once
// The one list of directories that no walk goes into (directory_walk.hpp:
// scan's walk of the work tree, inventory's search for extension sources, run's
// look for test files): version-control
// metadata, tool caches, virtual environments, installed packages and build
// output. The names are ruff's default excludes, plus what an extension
// project's build leaves behind (target/, htmlcov/, *.egg-info/); a directory
// holding pyvenv.cfg is a virtual environment whatever its name.
#include <filesystem>
#include <string>
#include <vector>

namespace gilfree {

const std::vector<std::string>& excluded_directory_names();

// Whether a walk skips `dir` (a directory found inside a root; a root given by
// the user is always walked).
bool is_excluded_directory(const std::filesystem::path& dir);

}  // namespace gilfree
