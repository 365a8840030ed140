#include "runner/framework.hpp"

#include <fstream>
#include <sstream>
#include <string>

namespace gilfree::runner {
namespace {

std::string read_head(const std::filesystem::path& path, std::size_t limit = 256 * 1024) {
  std::ifstream in(path, std::ios::binary);
  std::string text(limit, '\0');
  in.read(text.data(), static_cast<std::streamsize>(limit));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

bool file_contains(const std::filesystem::path& path, const std::string& needle) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec) && read_head(path).find(needle) != std::string::npos;
}

bool configures_pytest(const std::filesystem::path& root) {
  std::error_code ec;
  return std::filesystem::exists(root / "pytest.ini", ec) ||
         std::filesystem::exists(root / "conftest.py", ec) ||
         std::filesystem::exists(root / "tests" / "conftest.py", ec) ||
         file_contains(root / "pyproject.toml", "[tool.pytest") ||
         file_contains(root / "setup.cfg", "[tool:pytest]") ||
         file_contains(root / "tox.ini", "[pytest]");
}

bool is_test_file(const std::filesystem::path& path) {
  auto name = path.filename().string();
  if (path.extension() != ".py") return false;
  return name.rfind("test_", 0) == 0 || (name.size() > 8 && name.ends_with("_test.py"));
}

bool skipped_directory(const std::string& name) {
  return name.starts_with(".") || name == "venv" || name == "node_modules" ||
         name == "__pycache__" || name == "site-packages" || name == "build";
}

}  // namespace

Framework detect_framework(const std::filesystem::path& root) {
  if (configures_pytest(root)) return Framework::pytest;
  bool uses_unittest = false;
  std::error_code ec;
  std::filesystem::recursive_directory_iterator it(root, ec), end;
  for (int seen = 0; it != end && seen < 2000; it.increment(ec), ++seen) {
    if (ec) break;
    if (it->is_directory(ec) && skipped_directory(it->path().filename().string())) {
      it.disable_recursion_pending();
      continue;
    }
    if (!is_test_file(it->path())) continue;
    auto text = read_head(it->path());
    if (text.find("import pytest") != std::string::npos ||
        text.find("from pytest") != std::string::npos) {
      return Framework::pytest;
    }
    uses_unittest = uses_unittest || text.find("unittest") != std::string::npos;
  }
  return uses_unittest ? Framework::unittest : Framework::pytest;
}

}  // namespace gilfree::runner
