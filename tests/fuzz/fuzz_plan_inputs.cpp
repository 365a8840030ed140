// Fuzz target: arbitrary bytes as the JSON inputs of `gilfree plan --from`
// (files that CI jobs produce and pass around). Any structure must give a plan
// or a UserError, never a crash or another exception.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "report/plan_builder.hpp"
#include "report/plan_input_schema.hpp"
#include "report/plan_inputs.hpp"
#include "common/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto document = nlohmann::json::parse(data, data + size, nullptr, false);
  if (document.is_discarded()) return 0;
  gilfree::report::PlanInputs inputs{"fuzz", document, document, document, document, document};
  for (const auto* schema : gilfree::report::plan_input_schemas()) {
    try {
      gilfree::report::validate_plan_input(document, *schema, "fuzz.json");
    } catch (const gilfree::UserError&) {
    }
  }
  try {
    inputs.run = gilfree::report::merge_run_shards({{"run-1.json", document}, {"run-2.json", document}});
    auto plan = gilfree::report::build_plan(inputs);
    gilfree::report::plan_markdown(plan, "");
    gilfree::report::plan_html(plan, "../");
    gilfree::report::plan_json(plan).dump();
  } catch (const gilfree::UserError&) {
  }
  return 0;
}
