#include "runner/output_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "runtime/errors.hpp"

namespace gilfree::runner {

void write_output_file(const std::filesystem::path& path, std::string_view content) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  auto temp = path.string() + ".tmp." + std::to_string(getpid());
  FILE* file = std::fopen(temp.c_str(), "wb");
  if (file == nullptr) {
    throw UserError("cannot write " + path.string() + ": " + std::strerror(errno));
  }
  bool ok = std::fwrite(content.data(), 1, content.size(), file) == content.size();
  ok = std::fflush(file) == 0 && ok;
  ok = fsync(fileno(file)) == 0 && ok;
  ok = std::fclose(file) == 0 && ok;
  if (!ok || std::rename(temp.c_str(), path.c_str()) != 0) {
    int error = errno;
    std::remove(temp.c_str());
    throw UserError("cannot write " + path.string() + ": " + std::strerror(error));
  }
}

}  // namespace gilfree::runner
