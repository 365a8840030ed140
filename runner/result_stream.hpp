#pragma once
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gilfree::runner {

// One test's result in one run, as the child streamed it (or as the driver
// wrote it for a test that crashed or hung).
struct TestRecord {
  std::string id;
  std::string outcome;  // passed failed error skipped xfailed crash hang
  double duration = 0;
  std::string error;
  bool gil_enabled = false;
  std::vector<std::string> files;  // project files executed by the test
  int threads = 1;
  std::string thread_unsafe;  // why it ran in one thread under --threads
  int thread_failures = 0;
  int signal = 0;
  bool collection = false;  // a test module that could not be imported or collected, not a test
  // Pollution (--threads): this result comes from a fresh child because in the mode run's
  // own child the test failed after `polluted_by`; or this test is the polluter and
  // `pollutes` later tests failed after it and passed in a fresh child.
  std::string polluted_by;
  int pollutes = 0;

  bool failed() const { return outcome == "failed" || outcome == "error"; }
};

// The GIL was re-enabled (default mode) by importing these modules.
struct GilEvent {
  std::vector<std::string> modules;
  std::string where;  // "collection", "start-up" or a test id
};

// What a child has reported so far.
struct StreamState {
  std::vector<TestRecord> results;
  std::vector<GilEvent> gil_events;
  std::optional<std::string> in_flight;  // started, no result yet
  std::optional<std::size_t> collected;
  bool finished = false;
  std::string internal_error;  // pytest's INTERNALERROR text: the framework itself broke
};

TestRecord record_from_json(const nlohmann::json& event);
nlohmann::json record_to_json(const TestRecord& record);

// Reads a growing JSON-lines file incrementally; a line without its newline
// (the child is writing it, or died while writing it) waits for the next call.
class StreamReader {
 public:
  explicit StreamReader(std::filesystem::path path) : path_(std::move(path)) {}
  // Applies new complete lines to `state`; returns how many events were read.
  std::size_t poll(StreamState& state);

 private:
  void apply(const std::string& line, StreamState& state);
  std::filesystem::path path_;
  std::size_t offset_ = 0;
  std::string partial_;
};

}  // namespace gilfree::runner
