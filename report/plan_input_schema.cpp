#include "report/plan_input_schema.hpp"

#include <fmt/format.h>

#include "common/errors.hpp"

namespace gilfree::report {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The keys of one finding, in scan.json and in inventory.json's extension sources.
std::vector<SchemaKey> finding_keys(const std::string& at) {
  return {{at, kObject, false},
          {at + "/rule_id", kString, true},
          {at + "/rule_name", kString, false},
          {at + "/severity", kString, false},
          {at + "/confidence", kString, false},
          {at + "/message", kString, true},
          {at + "/hint", kString, false},
          {at + "/path", kString, true},
          {at + "/line", kInteger, true},
          {at + "/column", kInteger, false}};
}

InputSchema make_scan_schema() {
  InputSchema schema{runtime::kScanDocument, "scan.json", "gilfree scan --format json", {}};
  schema.keys = {{"/findings", kArray, true}, {"/notes", kArray, false}, {"/notes/*", kString, false}};
  auto findings = finding_keys("/findings/*");
  schema.keys.insert(schema.keys.end(), findings.begin(), findings.end());
  return schema;
}

InputSchema make_run_schema() {
  return {runtime::kRunDocument, "run.json", "gilfree run --json",
          {{"/threads", kInteger, true},
           {"/repeat", kInteger, true},
           {"/modes", kArray, true},
           {"/modes/*", kObject, false},
           {"/modes/*/label", kString, true},
           {"/modes/*/mode", kString, true},
           {"/gil_reenabled", kArray, false},
           {"/tests", kArray, true},
           {"/tests/*", kObject, false},
           {"/tests/*/id", kString, true},
           {"/tests/*/verdict", kString, true},
           {"/tests/*/detail", kString, false},
           {"/tests/*/nogil_failures", kInteger, false},
           {"/tests/*/nogil_runs", kInteger, false},
           {"/tests/*/known_flaky", kBoolean, false},
           {"/tests/*/files", kArray, false},
           {"/tests/*/files/*", kString, false},
           {"/tests/*/runs", kObject, true},
           {"/tests/*/runs/*", kObject, false},
           {"/tests/*/runs/*/outcome", kString, true}}};
}

InputSchema make_inventory_schema() {
  InputSchema schema{runtime::kInventoryDocument, "inventory.json", "gilfree inventory --format json",
                     {{"/dependencies", kArray, true},
                      {"/dependencies/*", kObject, false},
                      {"/dependencies/*/name", kString, true},
                      {"/dependencies/*/verdict", kString, true},
                      {"/dependencies/*/version", kString, false},
                      {"/dependencies/*/reason", kString, false},
                      {"/dependencies/*/declared", kArray, false},
                      {"/dependencies/*/declared/*", kObject, false},
                      {"/dependencies/*/declared/*/path", kString, true},
                      {"/dependencies/*/declared/*/line", kInteger, true},
                      {"/probe", kObject, false},
                      {"/probe/modules", kArray, false},
                      {"/probe/modules/*", kObject, false},
                      {"/probe/modules/*/module", kString, true},
                      {"/probe/modules/*/outcome", kString, true},
                      {"/probe/modules/*/blocker", kBoolean, true},
                      {"/probe/modules/*/detail", kString, false},
                      {"/sources", kObject | kNull, false},
                      {"/sources/modules", kArray, false},
                      {"/sources/findings", kArray, false}}};
  auto findings = finding_keys("/sources/findings/*");
  schema.keys.insert(schema.keys.end(), findings.begin(), findings.end());
  return schema;
}

InputSchema make_bench_schema() {
  return {runtime::kBenchDocument, "bench.json", "gilfree bench --json",
          {{"/cores", kInteger, false},
           {"/workloads", kArray, true},
           {"/workloads/*", kObject, false},
           {"/workloads/*/name", kString, true},
           {"/workloads/*/nogil_single_thread_cost", kNumber, false},
           {"/workloads/*/modes", kObject, true},
           {"/workloads/*/modes/*", kArray, false},
           {"/workloads/*/modes/*/*", kObject, false},
           {"/workloads/*/modes/*/*/threads", kInteger, true},
           {"/workloads/*/modes/*/*/speedup", kNumber, true},
           {"/workloads/*/modes/*/*/seconds", kNumber, false}}};
}

unsigned type_of(const json& value) {
  switch (value.type()) {
    case json::value_t::object: return kObject;
    case json::value_t::array: return kArray;
    case json::value_t::string: return kString;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return kInteger | kNumber;
    case json::value_t::number_float: return kNumber;
    case json::value_t::boolean: return kBoolean;
    default: return kNull;
  }
}

std::string type_names(unsigned types) {
  std::string names;
  for (auto [bit, name] : std::initializer_list<std::pair<unsigned, const char*>>{
           {kObject, "an object"}, {kArray, "an array"}, {kString, "a string"}, {kInteger, "an integer"},
           {kNumber, "a number"}, {kBoolean, "true or false"}, {kNull, "null"}}) {
    if (!(types & bit)) continue;
    names += (names.empty() ? "" : " or ") + std::string(name);
    if (bit == kInteger) types &= ~kNumber;  // "an integer", not "an integer or a number"
  }
  return names;
}

std::string escape_pointer_token(const std::string& key) {
  std::string out;
  for (char c : key) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return out;
}

struct Located {
  const json* value;
  std::string pointer;
};

// Every value the pattern's tokens lead to; a parent of the wrong type or a
// missing optional one leads nowhere (its own table entry reports it).
std::vector<Located> resolve(const json& document, std::string_view pattern) {
  std::vector<Located> current{{&document, ""}};
  while (!pattern.empty()) {
    pattern.remove_prefix(1);  // the '/'
    const auto end = pattern.find('/');
    const std::string token(pattern.substr(0, end));
    pattern = end == std::string_view::npos ? std::string_view() : pattern.substr(end);
    std::vector<Located> next;
    for (const auto& [value, pointer] : current) {
      if (token == "*" && value->is_array()) {
        for (std::size_t i = 0; i < value->size(); ++i) next.push_back({&(*value)[i], pointer + "/" + std::to_string(i)});
      } else if (token == "*" && value->is_object()) {
        for (const auto& [key, member] : value->items()) next.push_back({&member, pointer + "/" + escape_pointer_token(key)});
      } else if (value->is_object() && value->contains(token)) {
        next.push_back({&value->at(token), pointer + "/" + escape_pointer_token(token)});
      }
    }
    current = std::move(next);
  }
  return current;
}

[[noreturn]] void reject(const fs::path& file, const std::string& pointer, const std::string& problem,
                         const InputSchema& schema) {
  throw UserError(fmt::format("{}: {}: {}; write it again with `{}` (docs/plan.md lists the keys)", file.string(),
                              pointer.empty() ? "the top level" : pointer, problem, schema.writer));
}

void check_key(const json& document, const SchemaKey& key, const InputSchema& schema, const fs::path& file) {
  const auto cut = key.pointer.rfind('/');
  const auto name = std::string(key.pointer.substr(cut + 1));
  for (const auto& parent : resolve(document, std::string_view(key.pointer).substr(0, cut))) {
    for (const auto& child : resolve(*parent.value, "/" + name)) {
      if (!(type_of(*child.value) & key.types)) {
        reject(file, parent.pointer + child.pointer,
               fmt::format("expected {}, found {}", type_names(key.types), type_names(type_of(*child.value))), schema);
      }
    }
    if (key.required && parent.value->is_object() && !parent.value->contains(name)) {
      reject(file, parent.pointer + "/" + escape_pointer_token(name),
             fmt::format("missing ({} is required here)", type_names(key.types)), schema);
    }
  }
}

void check_document_header(const json& document, const InputSchema& schema, const fs::path& file) {
  const auto& expected = schema.document;
  if (!document.is_object()) {
    reject(file, "", fmt::format("expected an object, found {}", type_names(type_of(document))), schema);
  }
  auto kind = document.find("kind");
  if (kind == document.end() || !kind->is_string()) {
    reject(file, "/kind", fmt::format("{}, expected \"{}\": not a file gilfree wrote, or one from before schema versions",
                                      kind == document.end() ? "missing" : "not a string", expected.kind),
           schema);
  }
  if (*kind != expected.kind) {
    reject(file, "/kind", fmt::format("\"{}\", expected \"{}\": a {} belongs in another file", kind->get<std::string>(),
                                      expected.kind, kind->get<std::string>()),
           schema);
  }
  auto version = document.find("schema_version");
  if (version == document.end() || !version->is_number_integer()) {
    reject(file, "/schema_version",
           fmt::format("{}, expected the integer {}", version == document.end() ? "missing" : "not an integer",
                       expected.schema_version),
           schema);
  }
  if (*version != expected.schema_version) {
    reject(file, "/schema_version",
           fmt::format("{} is not a version this gilfree reads ({} {}): the file comes from another gilfree",
                       version->dump(), expected.kind, expected.schema_version),
           schema);
  }
}

}  // namespace

const InputSchema& scan_input_schema() {
  static const InputSchema schema = make_scan_schema();
  return schema;
}

const InputSchema& run_input_schema() {
  static const InputSchema schema = make_run_schema();
  return schema;
}

const InputSchema& inventory_input_schema() {
  static const InputSchema schema = make_inventory_schema();
  return schema;
}

const InputSchema& bench_input_schema() {
  static const InputSchema schema = make_bench_schema();
  return schema;
}

const std::vector<const InputSchema*>& plan_input_schemas() {
  static const std::vector<const InputSchema*> schemas = {&scan_input_schema(), &run_input_schema(),
                                                          &inventory_input_schema(), &bench_input_schema()};
  return schemas;
}

void validate_plan_input(const json& document, const InputSchema& schema, const fs::path& file) {
  check_document_header(document, schema, file);
  for (const auto& key : schema.keys) check_key(document, key, schema, file);
}

std::string plan_input_schema_markdown() {
  std::string text;
  for (const auto* schema : plan_input_schemas()) {
    text += fmt::format("### `{}`\n\nWritten by `{}`. `\"kind\": \"{}\"`, `\"schema_version\": {}`.\n\n"
                        "| key | type | |\n|---|---|---|\n",
                        schema->file, schema->writer, schema->document.kind, schema->document.schema_version);
    for (const auto& key : schema->keys) {
      const bool each = key.pointer.ends_with("/*");
      text += fmt::format("| `{}` | {} | {} |\n", key.pointer, type_names(key.types),
                          each ? "each one" : key.required ? "required" : "optional");
    }
    text += "\n";
  }
  return text;
}

}  // namespace gilfree::report
