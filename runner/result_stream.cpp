#include "runner/result_stream.hpp"

#include <fstream>

namespace gilfree::runner {
namespace {

template <typename T>
T value_or(const nlohmann::json& event, const char* key, T fallback) {
  auto it = event.find(key);
  if (it == event.end() || it->is_null()) return fallback;
  try {
    return it->get<T>();
  } catch (const nlohmann::json::exception&) {
    return fallback;
  }
}

}  // namespace

TestRecord record_from_json(const nlohmann::json& event) {
  TestRecord record;
  record.id = value_or<std::string>(event, "id", "");
  record.outcome = value_or<std::string>(event, "outcome", "error");
  record.duration = value_or<double>(event, "duration", 0.0);
  record.error = value_or<std::string>(event, "error", "");
  record.gil_enabled = value_or<bool>(event, "gil_enabled", false);
  record.files = value_or<std::vector<std::string>>(event, "files", {});
  record.threads = value_or<int>(event, "threads", 1);
  record.thread_unsafe = value_or<std::string>(event, "thread_unsafe", "");
  record.thread_failures = value_or<int>(event, "thread_failures", 0);
  record.signal = value_or<int>(event, "signal", 0);
  record.collection = value_or<std::string>(event, "kind", "") == "collection";
  return record;
}

nlohmann::json record_to_json(const TestRecord& record) {
  nlohmann::json json = {{"id", record.id},
                         {"outcome", record.outcome},
                         {"duration", record.duration},
                         {"error", record.error.empty() ? nlohmann::json() : nlohmann::json(record.error)},
                         {"gil_enabled", record.gil_enabled},
                         {"files", record.files},
                         {"threads", record.threads}};
  if (!record.thread_unsafe.empty()) json["thread_unsafe"] = record.thread_unsafe;
  if (record.thread_failures > 0) json["thread_failures"] = record.thread_failures;
  if (record.signal != 0) json["signal"] = record.signal;
  if (record.collection) json["kind"] = "collection";
  if (!record.polluted_by.empty()) json["polluted_by"] = record.polluted_by;
  if (record.pollutes > 0) json["pollutes"] = record.pollutes;
  return json;
}

std::size_t StreamReader::poll(StreamState& state) {
  std::ifstream in(path_, std::ios::binary);
  if (!in) return 0;
  in.seekg(static_cast<std::streamoff>(offset_));
  std::string chunk((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  offset_ += chunk.size();
  partial_ += chunk;
  std::size_t events = 0;
  for (auto newline = partial_.find('\n'); newline != std::string::npos; newline = partial_.find('\n')) {
    apply(partial_.substr(0, newline), state);
    partial_.erase(0, newline + 1);
    ++events;
  }
  return events;
}

void StreamReader::apply(const std::string& line, StreamState& state) {
  auto event = nlohmann::json::parse(line, nullptr, false);
  if (event.is_discarded() || !event.is_object()) return;
  auto kind = value_or<std::string>(event, "event", "");
  if (kind == "start") {
    state.in_flight = value_or<std::string>(event, "id", "");
  } else if (kind == "result") {
    auto record = record_from_json(event);
    if (state.in_flight == record.id) state.in_flight.reset();
    state.results.push_back(std::move(record));
  } else if (kind == "collected") {
    state.collected = value_or<std::size_t>(event, "count", 0);
  } else if (kind == "gil") {
    state.gil_events.push_back({value_or<std::vector<std::string>>(event, "modules", {}),
                                value_or<std::string>(event, "where", "")});
  } else if (kind == "idle") {  // e.g. a test module imported fine
    state.in_flight.reset();
  } else if (kind == "internalerror") {
    state.internal_error = value_or<std::string>(event, "text", "");
  } else if (kind == "finished") {
    state.finished = true;
    state.in_flight.reset();
  }
}

}  // namespace gilfree::runner
