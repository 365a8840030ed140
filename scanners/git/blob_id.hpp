#pragma once
// Git's object id for a file's content, on its own so that the findings cache
// can key entries by content without the repository wrapper.
#include <string>

namespace gilfree::scanners {

// The blob id git would give `content` (hash of the raw bytes, no filters).
std::string blob_id_of(const std::string& content);

}  // namespace gilfree::scanners
