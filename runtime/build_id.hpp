#pragma once
#include <string>

namespace gilfree::runtime {

// The running gilfree binary's identity: its GNU build-id (hex) as the linker
// wrote it, which changes whenever the code changes; without one, a hash of
// the executable file. Caches of analysis results include it in their keys
// so that a rebuilt gilfree never reuses what an older build computed.
const std::string& executable_build_id();

}  // namespace gilfree::runtime
