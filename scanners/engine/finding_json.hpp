#pragma once
// The one JSON form of a Finding: scan's JSON report, inventory's report and
// the findings cache all write it (and the cache reads it back) here.
#include <nlohmann/json.hpp>

#include "scanners/engine/source_file.hpp"

namespace gilfree::scanners {

nlohmann::json finding_json(const Finding& finding);
// The inverse of finding_json. `path` may be absent (the cache keys findings by
// content, not place); anything else missing or mistyped throws nlohmann's error.
Finding finding_from_json(const nlohmann::json& json);

}  // namespace gilfree::scanners
