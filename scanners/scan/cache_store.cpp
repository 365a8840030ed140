#include "scanners/scan/cache_store.hpp"

#include "runtime/build_id.hpp"

#include <algorithm>
#include <chrono>
#include <thread>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "common/atomic_file.hpp"
#include "scanners/engine/finding_json.hpp"
#include "scanners/git/blob_id.hpp"

namespace gilfree::scanners {
namespace {

constexpr int kBusyTimeoutMs = 10000;  // another gilfree writing at the same moment
constexpr int kFormatVersion = 1;

// One prepared statement, finalised on scope exit.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) { code_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  int prepare_code() const { return code_; }
  void bind(int index, const std::string& text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  int step() { return sqlite3_step(stmt_); }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string column(int index) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
    return text == nullptr ? std::string() : std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)));
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int code_ = SQLITE_OK;
};

int primary(int code) { return code & 0xff; }

}  // namespace

std::string CacheKey::text() const {
  // The build id, not only the version: rule logic lives in the binary too, and
  // a rebuilt gilfree must not reuse what an older build found.
  return blob_id + ":" + rule_pack_hash + ":" + config_hash + ":" GILFREE_VERSION ":" + runtime::executable_build_id();
}

std::string encode_file_result(const FileResult& result) {
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& finding : result.findings) {
    auto stored = finding_json(finding);
    stored.erase("path");  // entries are keyed by content: the same blob may sit at several paths
    findings.push_back(std::move(stored));
  }
  nlohmann::json j = {{"format", kFormatVersion}, {"findings", findings}, {"notes", result.notes}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<FileResult> decode_file_result(const std::string& text) {
  try {
    auto j = nlohmann::json::parse(text);
    if (j.at("format").get<int>() != kFormatVersion) return std::nullopt;
    FileResult result;
    for (const auto& finding : j.at("findings")) result.findings.push_back(finding_from_json(finding));
    result.notes = j.at("notes").get<std::vector<std::string>>();
    return result;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  } catch (const std::invalid_argument&) {  // an unknown severity or confidence: an entry to recompute
    return std::nullopt;
  }
}

CacheStore::CacheStore(std::filesystem::path dir) : dir_(std::move(dir)) { open(); }

CacheStore::~CacheStore() {
  try {
    flush();
  } catch (...) {
    // A destructor must not throw; a lost cache write only costs a rescan.
  }
  close();
}

void CacheStore::open() {
  std::error_code error;
  std::filesystem::create_directories(dir_, error);
  if (error && !std::filesystem::is_directory(dir_)) {
    notes_.push_back("findings cache disabled: cannot create " + dir_.string() + " (" +
                     error.message() + ")");
    return;
  }
  if (open_read_write()) {
    keep_out_of_git();
    return;
  }
  if (open_read_only()) {
    notes_.push_back("findings cache " + dir_.string() +
                     " is read-only: reusing cached results, not storing new ones");
    return;
  }
  notes_.push_back("findings cache disabled: " + database_path().string() +
                   " cannot be created or read (is " + dir_.string() + " read-only?)");
}

// Like .pytest_cache: the directory ignores itself, so `git status` stays clean.
void CacheStore::keep_out_of_git() const {
  auto ignore_file = dir_ / ".gitignore";
  if (std::filesystem::exists(ignore_file)) return;
  try {
    runtime::write_file_atomically(ignore_file, "# Written by gilfree: its findings cache.\n*\n");
  } catch (const std::exception&) {
    // Only cosmetic: the cache works without it.
  }
}

bool CacheStore::is_corruption(int code) const {
  return primary(code) == SQLITE_CORRUPT || primary(code) == SQLITE_NOTADB;
}

bool CacheStore::open_read_write() {
  int code = SQLITE_BUSY;
  // Switching a new database to WAL can answer SQLITE_BUSY at once, without the
  // busy handler, while another process creates it too: try again briefly.
  for (int attempt = 0; attempt < 100 && (primary(code) == SQLITE_BUSY || primary(code) == SQLITE_LOCKED);
       ++attempt) {
    if (attempt > 0) {
      close();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    code = sqlite3_open_v2(database_path().c_str(), &db_,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (code == SQLITE_OK) {
      sqlite3_busy_timeout(db_, kBusyTimeoutMs);
      code = sqlite3_exec(db_,
                          "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                          "CREATE TABLE IF NOT EXISTS findings(key TEXT PRIMARY KEY, value TEXT NOT NULL,"
                          " digest TEXT NOT NULL) WITHOUT ROWID;"
                          "BEGIN IMMEDIATE; COMMIT;",
                          nullptr, nullptr, nullptr);
    }
  }
  if (code == SQLITE_OK) {
    writable_ = true;
    return true;
  }
  std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
  close();
  if (is_corruption(code) && !rebuilt_) {
    rebuild_after_corruption(message);
    return db_ != nullptr;
  }
  return false;
}

bool CacheStore::open_read_only() {
  if (!std::filesystem::is_regular_file(database_path())) return false;
  // immutable=1: nobody can write in a read-only directory, and it lets SQLite
  // read a WAL database without creating its -shm file there.
  std::string uri = "file:" + database_path().string() + "?immutable=1";
  int code = sqlite3_open_v2(uri.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
  if (code == SQLITE_OK) {
    code = sqlite3_exec(db_, "SELECT count(*) FROM findings;", nullptr, nullptr, nullptr);
  }
  if (code == SQLITE_OK) return true;
  close();
  return false;
}

void CacheStore::close() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
  db_ = nullptr;
  writable_ = false;
}

void CacheStore::rebuild_after_corruption(const std::string& what) {
  close();
  rebuilt_ = true;
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(database_path().string() + suffix, ignored);
  }
  if (open_read_write()) {
    notes_.push_back("findings cache " + database_path().string() + " was corrupt (" + what +
                     "); rebuilt it");
  } else {
    notes_.push_back("findings cache disabled: " + database_path().string() + " was corrupt (" +
                     what + ") and could not be rebuilt");
  }
}

std::optional<FileResult> CacheStore::lookup(const CacheKey& key) {
  auto text = key.text();
  auto pending = std::find_if(pending_.rbegin(), pending_.rend(),
                              [&](const auto& entry) { return entry.first == text; });
  if (pending != pending_.rend()) return decode_file_result(pending->second);
  if (db_ == nullptr) return std::nullopt;
  Statement select(db_, "SELECT value, digest FROM findings WHERE key = ?1");
  int code = select.prepare_code();
  if (code == SQLITE_OK) {
    select.bind(1, text);
    code = select.step();
  }
  if (code == SQLITE_ROW) {
    auto value = select.column(0);
    // A row whose digest does not match was damaged: a miss, never a wrong result.
    if (select.column(1) != blob_id_of(value)) return std::nullopt;
    return decode_file_result(value);
  }
  if (is_corruption(code) && !rebuilt_) rebuild_after_corruption(sqlite3_errmsg(db_));
  return std::nullopt;
}

void CacheStore::store(const CacheKey& key, const FileResult& result) {
  if (!writable()) return;
  pending_.emplace_back(key.text(), encode_file_result(result));
}

void CacheStore::flush() {
  if (pending_.empty() || !writable()) {
    pending_.clear();
    return;
  }
  auto entries = std::move(pending_);
  pending_.clear();
  int code = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  if (code == SQLITE_OK) {
    Statement insert(db_, "INSERT OR REPLACE INTO findings(key, value, digest) VALUES(?1, ?2, ?3)");
    code = insert.prepare_code();
    for (const auto& [key, value] : entries) {
      if (code != SQLITE_OK) break;
      insert.bind(1, key);
      insert.bind(2, value);
      insert.bind(3, blob_id_of(value));
      code = insert.step() == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db_);
      insert.reset();
    }
  }
  if (code == SQLITE_OK) code = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  if (code == SQLITE_OK) return;
  std::string message = sqlite3_errmsg(db_);
  sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  notes_.push_back("findings cache: could not store results in " + database_path().string() +
                   " (" + message + ")");
  if (is_corruption(code) && !rebuilt_) rebuild_after_corruption(message);
}

}  // namespace gilfree::scanners
