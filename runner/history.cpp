#include "runner/history.hpp"

#include <sqlite3.h>

#include <chrono>

#include <fmt/format.h>

#include "common/errors.hpp"

namespace gilfree::runner {
namespace {

constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY, started INTEGER NOT NULL, framework TEXT, modes TEXT);
CREATE TABLE IF NOT EXISTS results (
  run_id INTEGER NOT NULL REFERENCES runs(id), test_id TEXT NOT NULL, verdict TEXT NOT NULL,
  nogil_failures INTEGER NOT NULL, nogil_runs INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS results_by_test ON results(test_id);
)";

// A prepared statement that finalizes itself.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &statement_, nullptr) != SQLITE_OK) {
      throw std::runtime_error(std::string("history: ") + sqlite3_errmsg(db));
    }
  }
  ~Statement() { sqlite3_finalize(statement_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() const { return statement_; }
  void bind(int index, const std::string& text) {
    sqlite3_bind_text(statement_, index, text.c_str(), -1, SQLITE_TRANSIENT);
  }
  void bind(int index, sqlite3_int64 value) { sqlite3_bind_int64(statement_, index, value); }
  bool step() {
    int rc = sqlite3_step(statement_);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
      throw std::runtime_error(std::string("history: ") + sqlite3_errmsg(sqlite3_db_handle(statement_)));
    }
    return rc == SQLITE_ROW;
  }
  void reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
  std::string text(int column) const {
    auto* value = sqlite3_column_text(statement_, column);
    return value != nullptr ? reinterpret_cast<const char*>(value) : "";
  }
  int integer(int column) const { return sqlite3_column_int(statement_, column); }

 private:
  sqlite3_stmt* statement_ = nullptr;
};

}  // namespace

History::History(const std::filesystem::path& database) : path_(database) {
  std::error_code ec;
  std::filesystem::create_directories(database.parent_path(), ec);
  if (sqlite3_open(database.c_str(), &db_) != SQLITE_OK) {
    std::string why = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw UserError("cannot open the run history " + database.string() + ": " + why +
                    " (use --no-history or --state-dir DIR)");
  }
  sqlite3_busy_timeout(db_, 5000);
  try {
    exec(kSchema);
  } catch (const std::exception& error) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw UserError("the run history " + database.string() + " is not usable (" + error.what() +
                    "); delete it or use --no-history");
  }
}

History::~History() { sqlite3_close(db_); }

void History::exec(const char* sql) const {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    throw std::runtime_error(text);
  }
}

std::set<std::string> History::known_flaky() const {
  Statement query(db_, "SELECT DISTINCT test_id FROM results WHERE verdict = 'flaky-nogil'");
  std::set<std::string> tests;
  while (query.step()) tests.insert(query.text(0));
  return tests;
}

void History::record(const RunReport& report) {
  exec("BEGIN IMMEDIATE");
  try {
    Statement run(db_, "INSERT INTO runs (started, framework, modes) VALUES (?, ?, ?)");
    std::string modes;
    for (const auto& mode_run : report.runs) modes += (modes.empty() ? "" : ",") + mode_run.spec.label;
    run.bind(1, static_cast<sqlite3_int64>(std::chrono::duration_cast<std::chrono::seconds>(
                                               std::chrono::system_clock::now().time_since_epoch())
                                               .count()));
    run.bind(2, report.framework);
    run.bind(3, modes);
    run.step();
    auto run_id = sqlite3_last_insert_rowid(db_);
    Statement result(db_,
                     "INSERT INTO results (run_id, test_id, verdict, nogil_failures, nogil_runs) "
                     "VALUES (?, ?, ?, ?, ?)");
    for (const auto& test : report.tests) {
      result.reset();
      result.bind(1, run_id);
      result.bind(2, test.id);
      result.bind(3, std::string(verdict_name(test.verdict)));
      result.bind(4, static_cast<sqlite3_int64>(test.nogil_failures));
      result.bind(5, static_cast<sqlite3_int64>(test.nogil_runs));
      result.step();
    }
    exec("COMMIT");
  } catch (...) {
    exec("ROLLBACK");
    throw;
  }
}

std::vector<FlakeRate> History::flake_rates() const {
  Statement query(db_, R"(
    SELECT test_id, COUNT(*), SUM(verdict = 'flaky-nogil'), SUM(nogil_failures), SUM(nogil_runs),
           (SELECT verdict FROM results AS last WHERE last.test_id = results.test_id
            ORDER BY run_id DESC LIMIT 1)
    FROM results WHERE verdict != 'fails-both'  -- failing with the GIL too is not a flake
    GROUP BY test_id HAVING SUM(nogil_failures) > 0
    ORDER BY CAST(SUM(nogil_failures) AS REAL) / MAX(SUM(nogil_runs), 1) DESC, test_id)");
  std::vector<FlakeRate> rates;
  while (query.step()) {
    rates.push_back({query.text(0), query.integer(1), query.integer(2), query.integer(3), query.integer(4),
                     query.text(5)});
  }
  return rates;
}

int History::run_count() const {
  Statement query(db_, "SELECT COUNT(*) FROM runs");
  return query.step() ? query.integer(0) : 0;
}

std::string flake_rates_text(const std::vector<FlakeRate>& rates, int run_count) {
  if (rates.empty()) {
    return fmt::format("no test has failed without the GIL in {} recorded run{}\n", run_count,
                       run_count == 1 ? "" : "s");
  }
  std::string out = fmt::format("{:>9}  {:>11}  {:>10}  {:<16} {}\n", "fail rate", "no-GIL runs", "flaky runs",
                                "last verdict", "test");
  for (const auto& rate : rates) {
    out += fmt::format("{:>8.0f}%  {:>5}/{:<5}  {:>4}/{:<5}  {:<16} {}\n", rate.rate() * 100, rate.nogil_failures,
                       rate.nogil_runs, rate.flaky_runs, rate.runs, rate.last_verdict, rate.test_id);
  }
  return out + fmt::format("({} recorded run{})\n", run_count, run_count == 1 ? "" : "s");
}

}  // namespace gilfree::runner
