// Fuzz target: arbitrary bytes as the JSON-lines result stream a test child
// writes (the child runs untrusted code and may die mid-line). The input is
// written in two steps, polled after each, as the runner does while the child
// is still writing.
#include <cstdint>
#include <filesystem>
#include <fstream>

#include "runner/result_stream.hpp"
#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto path = gilfree::fuzz::scratch_dir() / "results.jsonl";
  size_t first = size == 0 ? 0 : data[0] % (size + 1);
  gilfree::fuzz::write_scratch_file("results.jsonl", data, first);
  gilfree::runner::StreamState state;
  gilfree::runner::StreamReader reader(path);
  reader.poll(state);
  {
    std::ofstream out(path, std::ios::binary | std::ios::app);
    out.write(reinterpret_cast<const char*>(data + first), static_cast<std::streamsize>(size - first));
  }
  reader.poll(state);
  for (const auto& record : state.results) gilfree::runner::record_to_json(record).dump();
  return 0;
}
