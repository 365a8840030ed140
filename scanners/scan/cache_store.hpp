#pragma once
// The findings cache: what scanning a file produced, keyed by the file's git
// blob id (its content), the rule pack's hash and the configuration's hash, so
// an unchanged file is never parsed twice — in the work tree or any revision.
//
// Stored in SQLite (`<dir>/findings.db`, WAL, busy timeout) so that two gilfree
// processes can read and write it at once. The cache never makes a result
// wrong and never stops a scan: a corrupt database is deleted and rebuilt, a
// corrupt row is a miss, a read-only directory is used for lookups only, and
// each of these leaves one note for the user.
#include <sqlite3.h>

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "scanners/engine/source_file.hpp"

namespace gilfree::scanners {

struct CacheKey {
  std::string blob_id;
  std::string rule_pack_hash;
  std::string config_hash;
  // One string; gilfree's version and build id are part of it, since the engine
  // shapes results too: a rebuilt binary never reuses an older build's findings.
  std::string text() const;
};

class CacheStore {
 public:
  // `dir` is usually <repository root>/.gilfree; it is created when missing.
  explicit CacheStore(std::filesystem::path dir);
  ~CacheStore();
  CacheStore(const CacheStore&) = delete;
  CacheStore& operator=(const CacheStore&) = delete;

  // The cached result; finding paths are empty (the same blob may sit at
  // several paths): the caller fills them in.
  std::optional<FileResult> lookup(const CacheKey& key);
  // Buffered; written in one transaction by flush() (or the destructor).
  void store(const CacheKey& key, const FileResult& result);
  void flush();

  bool readable() const { return db_ != nullptr; }
  bool writable() const { return db_ != nullptr && writable_; }
  std::filesystem::path database_path() const { return dir_ / "findings.db"; }
  // What went wrong with the cache, for the user (one line each).
  const std::vector<std::string>& notes() const { return notes_; }

 private:
  void open();
  bool open_read_write();
  bool open_read_only();
  void close();
  void keep_out_of_git() const;
  void rebuild_after_corruption(const std::string& what);
  bool is_corruption(int code) const;

  std::filesystem::path dir_;
  sqlite3* db_ = nullptr;
  bool writable_ = false;
  bool rebuilt_ = false;
  std::vector<std::pair<std::string, std::string>> pending_;  // key text, encoded result
  std::vector<std::string> notes_;
};

// The serialised form of a FileResult (findings without paths), and back.
// decode_file_result returns nullopt for anything malformed.
std::string encode_file_result(const FileResult& result);
std::optional<FileResult> decode_file_result(const std::string& text);

}  // namespace gilfree::scanners
