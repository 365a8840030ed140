#include "common/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/errors.hpp"

namespace gilfree::runtime {
namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const char* what, int error) {
  throw UserError("cannot write " + path.string() + " (" + what + ": " + std::strerror(error) +
                  "); check that the directory exists, is writable and has free space");
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  std::string temp = path.string() + ".tmp.XXXXXX";
  int fd = mkstemp(temp.data());
  if (fd < 0) fail(path, "create", errno);
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int error = n < 0 ? errno : ENOSPC;
      close(fd);
      unlink(temp.c_str());
      fail(path, "write", error);
    }
    done += static_cast<std::size_t>(n);
  }
  fchmod(fd, 0644);
  // Close even when fsync fails, so a full disk does not leak the descriptor.
  const int flush_error = fsync(fd) == 0 ? 0 : errno;
  const int close_error = close(fd) == 0 ? 0 : errno;
  if (flush_error != 0 || close_error != 0) {
    unlink(temp.c_str());
    fail(path, "flush", flush_error != 0 ? flush_error : close_error);
  }
  if (rename(temp.c_str(), path.c_str()) != 0) {
    int error = errno;
    unlink(temp.c_str());
    fail(path, "rename", error);
  }
}

void check_output_file(const std::filesystem::path& path, std::string_view option) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw UserError(std::string(option) + " " + path.string() + " is a directory; give a file name (e.g. " +
                    (path / "report.out").string() + ")");
  }
}

}  // namespace gilfree::runtime
