#pragma once
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "runner/run_report.hpp"

struct sqlite3;

namespace gilfree::runner {

// Flakiness across runs of one test, from the history database.
struct FlakeRate {
  std::string test_id;
  int runs = 0;        // gilfree runs that saw the test
  int flaky_runs = 0;  // runs whose verdict was flaky-nogil
  int nogil_failures = 0;
  int nogil_runs = 0;
  std::string last_verdict;
  double rate() const { return nogil_runs > 0 ? static_cast<double>(nogil_failures) / nogil_runs : 0; }
};

// Verdicts of earlier runs in SQLite (<state dir>/history.db), so a test seen
// flaky before is shown as known-flaky and `gilfree run --history` lists rates.
class History {
 public:
  explicit History(const std::filesystem::path& database);  // creates it; UserError if it cannot
  ~History();
  History(const History&) = delete;
  History& operator=(const History&) = delete;

  std::set<std::string> known_flaky() const;
  void record(const RunReport& report);
  // Tests that ever failed without the GIL, highest failure rate first.
  std::vector<FlakeRate> flake_rates() const;
  int run_count() const;

 private:
  void exec(const char* sql) const;
  sqlite3* db_ = nullptr;
  std::filesystem::path path_;
};

std::string flake_rates_text(const std::vector<FlakeRate>& rates, int run_count);

}  // namespace gilfree::runner
