#pragma once
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

namespace gilfree::runner {

// A one-line live progress display on stderr, shared by the mode workers:
// "[gil 12/40] [nogil 9/40] [default 10/40 restarted 1]". Draws only when
// enabled (stderr is a terminal), at most ten times a second.
class Progress {
 public:
  Progress(std::vector<std::string> labels, bool enabled);
  void update(const std::string& label, std::size_t done, std::size_t total, int restarts);
  void finish();  // clears the line

 private:
  struct Lane {
    std::string label;
    std::size_t done = 0, total = 0;
    int restarts = 0;
  };
  void draw();
  std::vector<Lane> lanes_;
  bool enabled_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace gilfree::runner
