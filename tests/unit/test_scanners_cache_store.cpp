#include <catch2/catch.hpp>

#include <unistd.h>

#include <fstream>
#include <thread>

#include "runtime/child_process.hpp"
#include "runtime/build_id.hpp"
#include "scanners/scan/cache_store.hpp"
#include "support/e2e.hpp"

using namespace gilfree::scanners;
namespace fs = std::filesystem;

namespace {

FileResult sample_result(int line) {
  Finding finding;
  finding.rule_id = "FT001";
  finding.rule_name = "global-augmented-assignment";
  finding.severity = Severity::error;
  finding.confidence = Confidence::high;
  finding.message = "n += 1 races — without the GIL";
  finding.hint = "use a lock";
  finding.line = line;
  finding.column = 5;
  finding.end_line = line;
  finding.end_column = 11;
  FileResult result;
  result.findings.push_back(finding);
  result.notes.push_back("line 9: syntax error, rest of the file scanned");
  return result;
}

CacheKey key(const std::string& blob) { return {blob, "rules-a", "config-a"}; }

bool any_note_contains(const CacheStore& cache, const std::string& text) {
  for (const auto& note : cache.notes()) {
    if (note.find(text) != std::string::npos) return true;
  }
  return false;
}

// Makes a directory read-only even for root (the tests may run as root, where
// permission bits do not stop writes): chattr +i, undone on scope exit.
class ReadOnlyDir {
 public:
  explicit ReadOnlyDir(fs::path dir) : dir_(std::move(dir)) {
    if (geteuid() == 0) {
      gilfree::runtime::ChildOptions options;
      options.argv = {"chattr", "+i", dir_.string()};
      immutable_ = gilfree::runtime::run_child(options).exited_ok();
    } else {
      fs::permissions(dir_, fs::perms::owner_read | fs::perms::owner_exec);
    }
  }
  ~ReadOnlyDir() {
    if (immutable_) {
      gilfree::runtime::ChildOptions options;
      options.argv = {"chattr", "-i", dir_.string()};
      gilfree::runtime::run_child(options);
    } else {
      std::error_code ignored;
      fs::permissions(dir_, fs::perms::owner_all, ignored);
    }
  }
  // Whether writing into the directory really fails now.
  bool effective() const {
    std::ofstream probe(dir_ / "probe");
    return !probe;
  }

 private:
  fs::path dir_;
  bool immutable_ = false;
};

}  // namespace

TEST_CASE("cache: a stored result comes back and other keys miss") {
  gilfree::test::TempDir dir;
  {
    CacheStore cache(dir.path() / ".gilfree");
    CHECK(cache.writable());
    CHECK_FALSE(cache.lookup(key("blob1")).has_value());
    cache.store(key("blob1"), sample_result(3));
    auto pending = cache.lookup(key("blob1"));  // before flush
    REQUIRE(pending.has_value());
    CHECK(pending->findings.at(0).line == 3);
  }
  CacheStore reopened(dir.path() / ".gilfree");
  auto hit = reopened.lookup(key("blob1"));
  REQUIRE(hit.has_value());
  CHECK(encode_file_result(*hit) == encode_file_result(sample_result(3)));
  CHECK(hit->findings[0].message == "n += 1 races — without the GIL");
  CHECK_FALSE(reopened.lookup({"blob1", "rules-b", "config-a"}).has_value());
  CHECK_FALSE(reopened.lookup({"blob1", "rules-a", "config-b"}).has_value());
  CHECK_FALSE(reopened.lookup(key("blob2")).has_value());
  CHECK(reopened.notes().empty());
}

TEST_CASE("cache: a corrupt database file is ignored and rebuilt") {
  gilfree::test::TempDir dir;
  dir.write(".gilfree/findings.db", std::string(4096, 'x'));
  CacheStore cache(dir.path() / ".gilfree");
  CHECK(any_note_contains(cache, "was corrupt"));
  CHECK(cache.writable());
  CHECK_FALSE(cache.lookup(key("blob1")).has_value());
  cache.store(key("blob1"), sample_result(4));
  cache.flush();
  CacheStore reopened(dir.path() / ".gilfree");
  REQUIRE(reopened.lookup(key("blob1")).has_value());
  CHECK(reopened.notes().empty());
}

TEST_CASE("cache: a database truncated in the middle is rebuilt, never read wrong") {
  gilfree::test::TempDir dir;
  {
    CacheStore cache(dir.path() / ".gilfree");
    for (int i = 0; i < 400; ++i) cache.store(key("blob" + std::to_string(i)), sample_result(i + 1));
  }
  auto db = dir.path() / ".gilfree/findings.db";
  REQUIRE(fs::file_size(db) > 8192);
  fs::resize_file(db, fs::file_size(db) / 2);
  {
    std::fstream file(db, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(5000);
    file << std::string(3000, '\x5a');
  }
  CacheStore cache(dir.path() / ".gilfree");
  for (int i = 0; i < 400; ++i) {
    auto hit = cache.lookup(key("blob" + std::to_string(i)));
    if (hit) CHECK(hit->findings.at(0).line == i + 1);
  }
}

TEST_CASE("cache: a damaged row is a miss") {
  FileResult decoded;
  CHECK_FALSE(decode_file_result("{not json").has_value());
  CHECK_FALSE(decode_file_result(R"({"format":1,"findings":[{"rule_id":1}],"notes":[]})").has_value());
  CHECK_FALSE(decode_file_result(R"({"format":99,"findings":[],"notes":[]})").has_value());
  auto round = decode_file_result(encode_file_result(sample_result(7)));
  REQUIRE(round.has_value());
  CHECK(round->findings[0].line == 7);
}

TEST_CASE("cache: a read-only .gilfree/ is used for lookups only, with a note") {
  gilfree::test::TempDir dir;
  {
    CacheStore cache(dir.path() / ".gilfree");
    cache.store(key("known"), sample_result(2));
  }
  ReadOnlyDir read_only(dir.path() / ".gilfree");
  REQUIRE(read_only.effective());
  CacheStore cache(dir.path() / ".gilfree");
  CHECK(cache.readable());
  CHECK_FALSE(cache.writable());
  CHECK(any_note_contains(cache, "read-only"));
  REQUIRE(cache.lookup(key("known")).has_value());
  cache.store(key("new"), sample_result(3));
  cache.flush();
  CHECK_FALSE(cache.lookup(key("new")).has_value());
}

TEST_CASE("cache: a read-only directory without a cache yet disables it with a note") {
  gilfree::test::TempDir dir;
  fs::create_directories(dir.path() / ".gilfree");
  ReadOnlyDir read_only(dir.path() / ".gilfree");
  REQUIRE(read_only.effective());
  CacheStore cache(dir.path() / ".gilfree");
  CHECK_FALSE(cache.readable());
  CHECK(any_note_contains(cache, "findings cache disabled"));
  CHECK_FALSE(cache.lookup(key("x")).has_value());
  cache.store(key("x"), sample_result(1));
}

TEST_CASE("cache: a file where the directory should be disables it with a note") {
  gilfree::test::TempDir dir;
  dir.write(".gilfree", "a file, not a directory");
  CacheStore cache(dir.path() / ".gilfree");
  CHECK_FALSE(cache.readable());
  CHECK(any_note_contains(cache, "cannot create"));
}

TEST_CASE("cache: two writers at once lose nothing") {
  gilfree::test::TempDir dir;
  auto writer = [&](int offset) {
    for (int round = 0; round < 20; ++round) {
      CacheStore cache(dir.path() / ".gilfree");
      for (int i = 0; i < 25; ++i) {
        cache.store(key("w" + std::to_string(offset) + "-" + std::to_string(round * 25 + i)), sample_result(i + 1));
      }
      cache.flush();
      INFO((cache.notes().empty() ? std::string() : cache.notes().front()));
      REQUIRE(cache.notes().empty());
    }
  };
  std::thread first(writer, 0);
  std::thread second(writer, 1);
  first.join();
  second.join();
  CacheStore cache(dir.path() / ".gilfree");
  for (int w = 0; w < 2; ++w) {
    for (int i = 0; i < 500; ++i) {
      REQUIRE(cache.lookup(key("w" + std::to_string(w) + "-" + std::to_string(i))).has_value());
    }
  }
}

TEST_CASE("cache: the key names this build of gilfree, not only its version") {
  // A rebuilt binary with changed rule logic kept the version and reused stale
  // findings (FT002 missing on examples/shopstats after the engine changed).
  CHECK(key("blob").text().find(gilfree::runtime::executable_build_id()) != std::string::npos);
}
