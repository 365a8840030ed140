#pragma once
// The shape `gilfree plan --from` accepts for each JSON input: its kind and
// schema version, then a table of keys (JSON pointers, `*` for every element
// or member) with the types each may have. The plan is built only from
// documents that pass, so a file of another shape is one error line naming
// the file and the key, never a plan that reads nothing and says "done".
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/stage_document.hpp"

namespace gilfree::report {

enum JsonType : unsigned {
  kObject = 1u << 0,
  kArray = 1u << 1,
  kString = 1u << 2,
  kInteger = 1u << 3,
  kNumber = 1u << 4,  // any number, integers too
  kBoolean = 1u << 5,
  kNull = 1u << 6,
};

struct SchemaKey {
  std::string pointer;  // "/tests/*/id": `*` is every element of an array or member of an object
  unsigned types;       // JsonType bits
  bool required;        // must be there whenever its parent is (never for `*`)
};

struct InputSchema {
  runtime::StageDocument document;  // "kind" and "schema_version" it must carry
  std::string_view file;            // "scan.json"
  std::string_view writer;          // the command that writes it, for the advice
  std::vector<SchemaKey> keys;      // parents before children
};

// scan.json, run.json (and shards, stress.json), inventory.json, bench.json.
const InputSchema& scan_input_schema();
const InputSchema& run_input_schema();
const InputSchema& inventory_input_schema();
const InputSchema& bench_input_schema();
const std::vector<const InputSchema*>& plan_input_schemas();

// Throws UserError "FILE: /pointer: what is wrong; what to do" at the first
// key that breaks `schema` (kind and schema version first).
void validate_plan_input(const nlohmann::json& document, const InputSchema& schema,
                         const std::filesystem::path& file);

// The schemas as the Markdown tables of docs/plan.md (which a test compares).
std::string plan_input_schema_markdown();

}  // namespace gilfree::report
