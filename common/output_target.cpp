#include "common/output_target.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "common/atomic_file.hpp"
#include "common/errors.hpp"

namespace gilfree::runtime {
namespace {

// The directory the file goes in, or its nearest ancestor that exists (the writer
// creates the missing ones).
std::filesystem::path existing_ancestor(const std::filesystem::path& path) {
  auto dir = std::filesystem::absolute(path).parent_path();
  std::error_code ec;
  while (!std::filesystem::exists(dir, ec) && dir.has_parent_path() && dir != dir.parent_path()) {
    dir = dir.parent_path();
  }
  return dir;
}

}  // namespace

void check_writable_output(const std::filesystem::path& path, std::string_view option) {
  check_output_file(path, option);
  auto dir = existing_ancestor(path);
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw UserError(std::string(option) + " " + path.string() + ": " + dir.string() +
                    " is a file, not a directory; choose another place for it");
  }
  auto probe = (dir / ".gilfree-write-check.XXXXXX").string();
  int fd = mkstemp(probe.data());
  if (fd < 0) {
    int error = errno;
    throw UserError(std::string(option) + " " + path.string() + ": cannot create a file in " + dir.string() + " (" +
                    std::strerror(error) + "); choose a writable directory");
  }
  close(fd);
  unlink(probe.c_str());
}

}  // namespace gilfree::runtime
