#include "support/e2e.hpp"

#include <stdlib.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace gilfree::test {

std::string gilfree_binary() {
  const char* installed = getenv("GILFREE_E2E_BINARY");
  return installed != nullptr && *installed != '\0' ? installed : GILFREE_BINARY;
}

runtime::ChildResult run_gilfree(const std::vector<std::string>& args,
                                 runtime::ChildOptions options) {
  options.argv = {gilfree_binary()};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  if (options.timeout.count() == 0) options.timeout = std::chrono::seconds(240);
  return runtime::run_child(options);
}

TempDir::TempDir() {
  auto pattern = (std::filesystem::temp_directory_path() / "gilfree-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path TempDir::write(const std::string& relative, const std::string& content) const {
  auto file = path_ / relative;
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << content;
  return file;
}

std::filesystem::path runtime_prefix() { return GILFREE_TEST_RUNTIME_PREFIX; }

std::filesystem::path runtime_python() {
  return runtime_prefix() / "bin" / ("python" + std::string(GILFREE_TEST_PYTHON_MINOR) + "t");
}

std::string slurp_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace gilfree::test
