#pragma once
// The JSON documents that scan, run, inventory and bench write for
// `gilfree plan --from`. Each carries its kind and schema version, so that a
// reader built from another gilfree can tell "another kind of file" and "a
// newer format" from "a broken file". A change that a reader of the old
// version would misread bumps the version.
namespace gilfree::runtime {

struct StageDocument {
  const char* kind;    // the value of "kind"
  int schema_version;  // the value of "schema_version"
};

inline constexpr StageDocument kScanDocument{"gilfree-scan", 1};
inline constexpr StageDocument kRunDocument{"gilfree-run", 1};
inline constexpr StageDocument kInventoryDocument{"gilfree-inventory", 1};
inline constexpr StageDocument kBenchDocument{"gilfree-bench", 1};

}  // namespace gilfree::runtime
