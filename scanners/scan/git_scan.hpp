#pragma once
// Scanning a set of sources through the findings cache. The scanner itself is
// a parameter (ScanFn), so the git pieces and the hook do not depend on how
// files are scanned.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "scanners/scan/cache_store.hpp"
#include "scanners/git/git_diff.hpp"
#include "scanners/git/git_repository.hpp"
#include "scanners/git/git_sources.hpp"
#include "scanners/engine/source_file.hpp"

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

// What `gilfree scan` reads when given git flags, and `gilfree hook run`.
struct GitScanRequest {
  std::optional<std::string> revision;   // --rev: a commit's tree
  bool staged = false;                   // --staged: the index; neither: the work tree
  bool only_changed_lines = false;       // --diff: findings on added/changed lines only
  std::optional<std::string> diff_base;  // the --diff base; nullopt: the empty tree
  SourceOptions sources;
};

struct GitScanResult {
  std::vector<ScannedFile> files;   // in path order
  std::vector<SourceFile> sources;  // what was scanned (for code frames)
  std::vector<std::string> notes;   // skipped submodules, conflicts, cache problems...
  std::size_t from_cache = 0;
  std::size_t scanned = 0;
};

// The two halves of scan_git, so a caller can set up its scanner while the
// sources are read.
struct GitSources {
  SourceSet set;
  ChangedLines changed;  // with only_changed_lines
  bool only_changed_lines = false;
};
GitSources read_git_sources(const GitRepository& repo, const GitScanRequest& request);
GitScanResult scan_git_sources(GitSources sources, const ScanFn& scan, const ScanSourcesOptions& options);

// Reads the sources the request names, scans them through the cache, and
// with only_changed_lines keeps only findings on lines added since the base
// (files without added lines are not even read by the scanner).
GitScanResult scan_git(const GitRepository& repo, const GitScanRequest& request, const ScanFn& scan,
                       const ScanSourcesOptions& options);

// <work tree>/.gilfree, or <bare repository>/gilfree for a bare one.
std::filesystem::path default_cache_dir(const GitRepository& repo);

}  // namespace gilfree::scanners
