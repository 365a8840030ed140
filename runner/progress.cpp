#include "runner/progress.hpp"

#include <cstdio>

#include <fmt/format.h>

namespace gilfree::runner {

Progress::Progress(std::vector<std::string> labels, bool enabled) : enabled_(enabled) {
  for (auto& label : labels) lanes_.push_back({std::move(label)});
}

void Progress::update(const std::string& label, std::size_t done, std::size_t total, int restarts) {
  std::lock_guard lock(mutex_);
  for (auto& lane : lanes_) {
    if (lane.label == label) lane = {label, done, total, restarts};
  }
  auto now = std::chrono::steady_clock::now();
  if (enabled_ && now - last_draw_ > std::chrono::milliseconds(100)) {
    last_draw_ = now;
    draw();
  }
}

void Progress::draw() {
  std::string line;
  for (const auto& lane : lanes_) {
    std::string total = lane.total > 0 ? std::to_string(lane.total) : "?";
    line += fmt::format("[{} {}/{}{}] ", lane.label, lane.done, total,
                        lane.restarts > 0 ? fmt::format(" restarted {}", lane.restarts) : "");
  }
  std::fprintf(stderr, "\r\033[K%s", line.c_str());
  std::fflush(stderr);
}

void Progress::finish() {
  std::lock_guard lock(mutex_);
  if (enabled_) {
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
  }
}

}  // namespace gilfree::runner
