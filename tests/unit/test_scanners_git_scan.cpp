#include <catch2/catch.hpp>

#include <atomic>

#include "common/errors.hpp"
#include "scanners/git/blob_id.hpp"
#include "scanners/scan/git_scan.hpp"
#include "support/git_test_repo.hpp"

using namespace gilfree::scanners;
using gilfree::test::augmented_assignment_test_scan;

namespace {

std::vector<SourceFile> sample_sources() {
  return {SourceFile{"a.py", "x = 0\nx += 1\n", blob_id_of("x = 0\nx += 1\n")},
          SourceFile{"b.py", "y = 1\n", blob_id_of("y = 1\n")},
          SourceFile{"copy/a.py", "x = 0\nx += 1\n", blob_id_of("x = 0\nx += 1\n")}};
}

}  // namespace

TEST_CASE("scan_sources: a warm rescan parses nothing and gives the same results") {
  gilfree::test::TempDir dir;
  std::atomic<int> calls{0};
  ScanFn counting = [&](const SourceFile& file) {
    ++calls;
    return augmented_assignment_test_scan(file);
  };
  ScanSourcesOptions options;
  options.scope = {"rules-1", "config-1"};
  options.jobs = 2;
  CacheStore cold_cache(dir.path() / ".gilfree");
  options.cache = &cold_cache;
  auto cold = scan_sources(sample_sources(), counting, options);
  // copy/a.py has a.py's blob: parsed once.
  CHECK(cold.scanned == 2);
  CHECK(cold.from_cache == 1);
  CHECK(calls == 2);

  CacheStore warm_cache(dir.path() / ".gilfree");
  options.cache = &warm_cache;
  calls = 0;
  auto warm = scan_sources(sample_sources(), counting, options);
  CHECK(calls == 0);
  CHECK(warm.from_cache == 3);
  REQUIRE(warm.files.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(warm.files[i].path == cold.files[i].path);
    CHECK(encode_file_result(warm.files[i].result) == encode_file_result(cold.files[i].result));
  }
  // The cached blob's finding carries the path it is seen at now.
  REQUIRE(warm.files[2].result.findings.size() == 1);
  CHECK(warm.files[2].result.findings[0].path == "copy/a.py");
  CHECK(warm.files[0].result.findings[0].path == "a.py");
}

TEST_CASE("scan_sources: a new rule pack or config misses the cache") {
  gilfree::test::TempDir dir;
  std::atomic<int> calls{0};
  ScanFn counting = [&](const SourceFile& file) {
    ++calls;
    return augmented_assignment_test_scan(file);
  };
  CacheStore cache(dir.path() / ".gilfree");
  ScanSourcesOptions options{&cache, {"rules-1", "config-1"}, 1};
  scan_sources(sample_sources(), counting, options);
  options.scope = {"rules-2", "config-1"};
  scan_sources(sample_sources(), counting, options);
  options.scope = {"rules-2", "config-2"};
  scan_sources(sample_sources(), counting, options);
  CHECK(calls == 6);
}

TEST_CASE("scan_sources: without a cache every file is scanned, in order, in parallel") {
  std::vector<SourceFile> many;
  for (int i = 0; i < 50; ++i) many.push_back({"f" + std::to_string(i) + ".py", std::string(static_cast<std::size_t>(i), '\n') + "n += 1\n", ""});
  ScanSourcesOptions options;
  options.jobs = 4;
  auto result = scan_sources(many, augmented_assignment_test_scan, options);
  REQUIRE(result.files.size() == 50);
  for (int i = 0; i < 50; ++i) {
    CHECK(result.files[static_cast<std::size_t>(i)].path == "f" + std::to_string(i) + ".py");
    CHECK(result.files[static_cast<std::size_t>(i)].result.findings.at(0).line == i + 1);
  }
}

TEST_CASE("scan_sources: a scanner failure propagates") {
  ScanFn failing = [](const SourceFile& file) -> FileResult {
    if (file.path == "b.py") throw std::runtime_error("scanner broke on b.py");
    return {};
  };
  ScanSourcesOptions options;
  options.jobs = 2;
  CHECK_THROWS_WITH(scan_sources(sample_sources(), failing, options), "scanner broke on b.py");
}

TEST_CASE("scan_git: --rev with --diff keeps what the revision adds since the base") {
  gilfree::test::GitTestRepo repo;
  repo.write_and_stage("a.py", "n += 1\n");
  auto base = repo.commit("base");
  repo.write_and_stage("a.py", "n += 1\nm += 1\n");
  repo.write_and_stage("b.py", "k += 1\n");
  repo.commit("feature");
  repo.write_and_stage("c.py", "staged += 1\n");  // not in the revision
  GitScanRequest request;
  request.revision = "HEAD";
  request.only_changed_lines = true;
  request.diff_base = base;
  auto result = scan_git(repo.open(), request, augmented_assignment_test_scan, {});
  REQUIRE(result.files.size() == 2);
  CHECK(result.files[0].path == "a.py");
  REQUIRE(result.files[0].result.findings.size() == 1);
  CHECK(result.files[0].result.findings[0].line == 2);
  CHECK(result.files[1].path == "b.py");
  CHECK(result.files[1].result.findings.size() == 1);
  CHECK(result.sources.size() == 2);
}

TEST_CASE("scan_git: --rev and --staged together is a UserError") {
  gilfree::test::GitTestRepo repo;
  repo.write_and_stage("a.py", "a = 1\n");
  repo.commit("first");
  GitScanRequest request;
  request.revision = "HEAD";
  request.staged = true;
  CHECK_THROWS_AS(scan_git(repo.open(), request, augmented_assignment_test_scan, {}), gilfree::UserError);
}

TEST_CASE("scan_git: the cache directory is .gilfree in a work tree, gilfree/ in a bare repository") {
  gilfree::test::GitTestRepo repo;
  CHECK(default_cache_dir(repo.open()) == repo.path() / ".gilfree");
  gilfree::test::GitTestRepo bare(true);
  CHECK(default_cache_dir(bare.open()) == bare.path() / "gilfree");
}

TEST_CASE("scan_git: the work tree or the index of a bare repository is a UserError, not 0 files") {
  gilfree::test::GitTestRepo bare(true);
  bare.stage_blob("a.py", "a = 1\na += 1\n");
  bare.commit("first");
  for (bool staged : {false, true}) {
    GitScanRequest request;
    request.staged = staged;
    try {
      scan_git(bare.open(), request, augmented_assignment_test_scan, {});
      FAIL("scanned a bare repository's " << (staged ? "index" : "work tree"));
    } catch (const gilfree::UserError& error) {
      CHECK(std::string(error.what()).find("is a bare repository (no work tree); use --rev REV") != std::string::npos);
    }
  }
  GitScanRequest revision;
  revision.revision = "HEAD";
  CHECK(scan_git(bare.open(), revision, augmented_assignment_test_scan, {}).files.size() == 1);
}
