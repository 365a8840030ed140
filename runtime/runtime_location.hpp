#pragma once
#include <filesystem>
#include <string>

namespace gilfree::runtime {

// Where the embedded free-threaded CPython lives. Built into the binary at
// configure time; GILFREE_RUNTIME=<prefix> points at another build of the same
// minor version (PyConfig's layout is fixed by the headers we compiled with).
struct RuntimeLocation {
  std::filesystem::path prefix;
  std::string minor;  // "3.13"

  std::filesystem::path library() const;  // lib/libpython3.13t.so
  std::filesystem::path python() const;   // bin/python3.13t
  std::filesystem::path stdlib() const;   // lib/python3.13t
};

RuntimeLocation locate_runtime();

}  // namespace gilfree::runtime
