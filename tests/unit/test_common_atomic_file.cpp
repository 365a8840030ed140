#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "common/atomic_file.hpp"
#include "common/errors.hpp"

namespace fs = std::filesystem;

namespace {
std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}
}  // namespace

TEST_CASE("an atomic write replaces the file and leaves no temp file behind") {
  auto dir = fs::temp_directory_path() / ("gilfree-atomic-" + std::to_string(getpid()));
  fs::remove_all(dir);
  gilfree::runtime::write_file_atomically(dir / "sub" / "out.json", "first");
  gilfree::runtime::write_file_atomically(dir / "sub" / "out.json", "second");
  CHECK(read(dir / "sub" / "out.json") == "second");
  CHECK(std::distance(fs::directory_iterator(dir / "sub"), fs::directory_iterator()) == 1);
  fs::remove_all(dir);
}

TEST_CASE("an atomic write where nothing can be written throws a UserError naming the path") {
  try {
    gilfree::runtime::write_file_atomically("/proc/gilfree-nope/x", "data");
    FAIL("no exception");
  } catch (const gilfree::UserError& error) {
    CHECK(std::string(error.what()).find("/proc/gilfree-nope/x") != std::string::npos);
  }
}
