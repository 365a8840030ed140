#pragma once
// Whether a process is still running, read from /proc (tests of child cleanup).
#include <fstream>
#include <string>

namespace gilfree::test {

// A zombie or dead process does not count as running.
inline bool process_running(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  auto state = line.substr(line.rfind(')') + 2, 1);
  return state != "Z" && state != "X";
}

}  // namespace gilfree::test
