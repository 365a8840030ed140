#include "scanners/inventory/inventory_text_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace gilfree::scanners {

std::optional<std::string> read_text_file(const std::filesystem::path& file, std::string& problem) {
  std::error_code ec;
  auto status = std::filesystem::status(file, ec);
  if (std::filesystem::is_directory(status)) {
    problem = "is a directory, not a file";
    return std::nullopt;
  }
  // A device (/dev/zero) never ends and a FIFO blocks on open: a repository's
  // requirements file may include either, or be a symbolic link to one.
  if (!ec && !std::filesystem::is_regular_file(status)) {
    problem = "not a regular file; skipped";
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    problem = std::string("cannot read the file: ") + std::strerror(errno);
    return std::nullopt;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto content = buffer.str();
  if (content.find('\0') != std::string::npos) {
    problem = "binary content (a NUL byte), not a text file; skipped";
    return std::nullopt;
  }
  return content;
}

std::optional<std::string> read_dependency_file(const std::filesystem::path& file, const std::string& shown,
                                                DependencyScan& scan) {
  std::string reason;
  auto content = read_text_file(file, reason);
  if (!content) {
    scan.problems.push_back({shown, 0, reason});
    return std::nullopt;
  }
  scan.files.push_back(shown);
  return content;
}

}  // namespace gilfree::scanners
