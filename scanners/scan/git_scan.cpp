#include "scanners/scan/git_scan.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include "common/errors.hpp"
#include "common/thread_pool.hpp"
#include "scanners/git/blob_id.hpp"
#include "scanners/git/git_diff.hpp"
#include "scanners/git/git_repository.hpp"

namespace gilfree::scanners {
namespace {

CacheKey key_for(const SourceFile& file, const CacheScope& scope) {
  // A source read without a blob id (e.g. a file given on stdin) is keyed by
  // its content all the same.
  auto blob = file.blob_id.empty() ? blob_id_of(file.content) : file.blob_id;
  return {blob, scope.rule_pack_hash, scope.config_hash};
}

void set_paths(FileResult& result, const std::string& path) {
  for (auto& finding : result.findings) finding.path = path;
}

// Runs scan over `to_scan` (indexes into sources) on `jobs` threads.
void scan_in_parallel(const std::vector<SourceFile>& sources, const std::vector<std::size_t>& to_scan,
                      const ScanFn& scan, unsigned jobs, std::vector<ScannedFile>& out) {
  parallel_for(to_scan.size(), jobs, [&](std::size_t i) { out[to_scan[i]].result = scan(sources[to_scan[i]]); });
}

}  // namespace

ScanSourcesResult scan_sources(const std::vector<SourceFile>& sources, const ScanFn& scan,
                               const ScanSourcesOptions& options) {
  ScanSourcesResult result;
  result.files.resize(sources.size());
  std::vector<CacheKey> keys;
  std::vector<std::size_t> to_scan;
  // Same content at several paths (copies, vendored files): scanned once.
  std::map<std::string, std::size_t> first_with_key;
  std::vector<std::pair<std::size_t, std::size_t>> copies;  // (index, index it copies)
  for (std::size_t i = 0; i < sources.size(); ++i) {
    result.files[i].path = sources[i].path;
    if (options.cache == nullptr) {
      to_scan.push_back(i);
      continue;
    }
    keys.push_back(key_for(sources[i], options.scope));
    auto [first, inserted] = first_with_key.emplace(keys.back().text(), i);
    if (!inserted) {
      copies.emplace_back(i, first->second);
    } else if (auto cached = options.cache->lookup(keys.back())) {
      result.files[i].result = std::move(*cached);
      ++result.from_cache;
    } else {
      to_scan.push_back(i);
    }
  }
  scan_in_parallel(sources, to_scan, scan, options.jobs, result.files);
  result.scanned = to_scan.size();
  if (options.cache != nullptr) {
    for (auto i : to_scan) options.cache->store(keys[i], result.files[i].result);
    options.cache->flush();
  }
  for (auto [index, original] : copies) result.files[index].result = result.files[original].result;
  result.from_cache += copies.size();
  for (auto& file : result.files) set_paths(file.result, file.path);
  return result;
}

namespace {

SourceSet read_sources(const GitRepository& repo, const GitScanRequest& request) {
  if (request.revision && request.staged) {
    throw UserError("--rev and --staged name different contents (a commit, the index); use one");
  }
  if (request.revision) return revision_sources(repo, *request.revision, request.sources);
  if (request.staged) return index_sources(repo, request.sources);
  return worktree_sources(repo, request.sources);
}

ChangedLines lines_added(const GitRepository& repo, const GitScanRequest& request) {
  if (request.revision) return changed_lines_between(repo, request.diff_base, *request.revision);
  return changed_lines(repo, request.diff_base, request.staged ? DiffTarget::index : DiffTarget::worktree);
}

}  // namespace

GitSources read_git_sources(const GitRepository& repo, const GitScanRequest& request) {
  // A bare repository has a revision's tree only: no work tree, and no index
  // (libgit2 would give an empty one, and "0 files" would pass for a result).
  if (!request.revision && repo.is_bare()) {
    repo.workdir(request.staged ? "scan the staged files" : "scan the work tree");
  }
  GitSources sources;
  sources.only_changed_lines = request.only_changed_lines;
  auto narrowed = request;
  if (request.only_changed_lines) {
    // Diff first, so only files with new lines are read at all.
    sources.changed = lines_added(repo, request);
    narrowed.sources.filter = [&changed = sources.changed, wanted = request.sources.filter](std::string_view path) {
      return changed.contains(std::string(path)) && (!wanted || wanted(path));
    };
  }
  sources.set = read_sources(repo, narrowed);
  return sources;
}

GitScanResult scan_git_sources(GitSources sources, const ScanFn& scan, const ScanSourcesOptions& options) {
  auto scanned = scan_sources(sources.set.files, scan, options);
  GitScanResult result;
  result.notes = std::move(sources.set.notes);
  for (auto& file : scanned.files) {
    if (sources.only_changed_lines) keep_findings_on_changed_lines(file.result, file.path, sources.changed);
  }
  if (options.cache != nullptr) {
    for (const auto& note : options.cache->notes()) result.notes.push_back(note);
  }
  result.files = std::move(scanned.files);
  result.sources = std::move(sources.set.files);
  result.from_cache = scanned.from_cache;
  result.scanned = scanned.scanned;
  return result;
}

GitScanResult scan_git(const GitRepository& repo, const GitScanRequest& request, const ScanFn& scan,
                       const ScanSourcesOptions& options) {
  return scan_git_sources(read_git_sources(repo, request), scan, options);
}

std::filesystem::path default_cache_dir(const GitRepository& repo) {
  if (repo.is_bare()) return repo.git_dir() / "gilfree";
  return repo.workdir("locate the cache") / ".gilfree";
}

}  // namespace gilfree::scanners
