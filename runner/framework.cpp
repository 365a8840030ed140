#include "runner/framework.hpp"

#include "common/directory_walk.hpp"

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

}  // namespace

Framework detect_framework(const std::filesystem::path& root) {
  if (configures_pytest(root)) return Framework::pytest;
  bool uses_unittest = false, imports_pytest = false;
  // The first test files are enough to tell; a huge tree is not read whole.
  constexpr int kFilesLooked = 2000;
  int seen = 0;
  WalkVisitor visitor;
  visitor.file = [&](const WalkedFile& file) {
    if (++seen > kFilesLooked) return false;
    if (!file.regular || !is_test_file(file.path)) return true;
    auto text = read_head(file.path);
    imports_pytest = text.find("import pytest") != std::string::npos || text.find("from pytest") != std::string::npos;
    uses_unittest = uses_unittest || text.find("unittest") != std::string::npos;
    return !imports_pytest;
  };
  walk_directory(root, visitor);
  if (imports_pytest) return Framework::pytest;
  return uses_unittest ? Framework::unittest : Framework::pytest;
}

}  // namespace gilfree::runner
