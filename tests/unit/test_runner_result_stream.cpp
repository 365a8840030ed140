#include <catch2/catch.hpp>

#include "support/e2e.hpp"

#include <fstream>

#include "runner/result_stream.hpp"

using namespace gilfree::runner;

namespace {

// A file of its own per test: CTest runs test cases in parallel processes.
struct StreamFile {
  gilfree::test::TempDir temp;
  std::filesystem::path path = temp.path() / "stream.jsonl";
  void append(const std::string& text) const { std::ofstream(path, std::ios::app | std::ios::binary) << text; }
};

}  // namespace

TEST_CASE("the stream reader applies complete lines and waits for partial ones") {
  StreamFile file;
  StreamReader reader(file.path);
  StreamState state;
  CHECK(reader.poll(state) == 0);  // no file yet
  file.append("{\"event\": \"collected\", \"count\": 2}\n{\"event\": \"start\", \"id\": \"t1\"}\n");
  CHECK(reader.poll(state) == 2);
  CHECK(state.collected == 2u);
  CHECK(state.in_flight == "t1");
  file.append("{\"event\": \"result\", \"id\": \"t1\", \"outcome\": \"fai");
  CHECK(reader.poll(state) == 0);
  CHECK(state.in_flight == "t1");
  file.append("led\", \"duration\": 0.5, \"files\": [\"a.py\"], \"error\": null}\n");
  CHECK(reader.poll(state) == 1);
  REQUIRE(state.results.size() == 1);
  CHECK(state.results[0].outcome == "failed");
  CHECK(state.results[0].failed());
  CHECK(state.results[0].duration == 0.5);
  CHECK(state.results[0].files == std::vector<std::string>{"a.py"});
  CHECK(state.results[0].error.empty());
  CHECK_FALSE(state.in_flight);
}

TEST_CASE("a line cut short by a crash and garbage are skipped, not fatal") {
  StreamFile file;
  StreamReader reader(file.path);
  StreamState state;
  file.append("{\"event\": \"start\", \"id\": \"t2\"}\n{\"event\": \"res\n\xff\xfe not json\n");
  file.append("{\"event\": \"gil\", \"modules\": [\"legacy\"], \"where\": \"t2\"}\n{\"event\": \"finished\"}\n");
  reader.poll(state);
  CHECK(state.results.empty());
  REQUIRE(state.gil_events.size() == 1);
  CHECK(state.gil_events[0].modules == std::vector<std::string>{"legacy"});
  CHECK(state.finished);
  CHECK_FALSE(state.in_flight);
}

TEST_CASE("a record survives the JSON round trip the driver uses for crashes") {
  TestRecord record;
  record.id = "tests/test_a.py::test_x";
  record.outcome = "crash";
  record.signal = 11;
  record.error = "Fatal Python error";
  auto back = record_from_json(record_to_json(record));
  CHECK(back.id == record.id);
  CHECK(back.outcome == "crash");
  CHECK(back.signal == 11);
  CHECK(back.error == record.error);
  CHECK(record_from_json(nlohmann::json{{"id", "x"}, {"threads", "many"}}).threads == 1);
}
