#pragma once
// Scanning a set of sources through the findings cache. The scanner itself is
// a parameter (ScanFn), so the git pieces and the hook do not depend on how
// files are scanned.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "scanners/cache_store.hpp"
#include "scanners/source_file.hpp"

namespace gilfree::scanners {

// Scans one file. Called from several threads at once when jobs > 1.
using ScanFn = std::function<FileResult(const SourceFile&)>;

// What the cache key needs besides each file's blob id.
struct CacheScope {
  std::string rule_pack_hash;
  std::string config_hash;
};

struct ScanSourcesOptions {
  CacheStore* cache = nullptr;  // nullptr: no cache
  CacheScope scope;
  unsigned jobs = 1;            // threads for the files the cache does not know
};

struct ScannedFile {
  std::string path;
  FileResult result;  // finding paths set to `path`
};

struct ScanSourcesResult {
  std::vector<ScannedFile> files;  // same order as the sources
  std::size_t from_cache = 0;  // found in the cache, or a copy of a file scanned in this run
  std::size_t scanned = 0;     // handed to the ScanFn
};

ScanSourcesResult scan_sources(const std::vector<SourceFile>& sources, const ScanFn& scan,
                               const ScanSourcesOptions& options = {});

}  // namespace gilfree::scanners
