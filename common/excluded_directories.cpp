#include "common/excluded_directories.hpp"

#include <algorithm>
#include <system_error>

namespace gilfree {

const std::vector<std::string>& excluded_directory_names() {
  static const std::vector<std::string> names = {
      ".bzr",          ".direnv",      ".eggs",        ".git",          ".git-rewrite", ".hg",
      ".ipynb_checkpoints", ".mypy_cache", ".nox",      ".pants.d",      ".pyenv",       ".pytest_cache",
      ".pytype",       ".ruff_cache",  ".svn",         ".tox",          ".venv",        ".vscode",
      "__pycache__",   "__pypackages__", "_build",     "buck-out",      "build",        "dist",
      "htmlcov",       "node_modules", "site-packages", "target",       "venv"};
  return names;
}

bool is_excluded_directory(const std::filesystem::path& dir) {
  auto name = dir.filename().string();
  const auto& names = excluded_directory_names();
  if (std::find(names.begin(), names.end(), name) != names.end()) return true;
  if (name.size() > 9 && name.compare(name.size() - 9, 9, ".egg-info") == 0) return true;
  std::error_code error;
  return std::filesystem::exists(dir / "pyvenv.cfg", error);
}

}  // namespace gilfree
