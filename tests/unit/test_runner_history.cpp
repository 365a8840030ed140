#include <catch2/catch.hpp>

#include "support/e2e.hpp"

#include <fstream>

#include "runner/history.hpp"
#include "common/errors.hpp"

using namespace gilfree::runner;

namespace {

RunReport report_of(const std::vector<std::pair<std::string, Verdict>>& verdicts) {
  RunReport report;
  report.framework = "pytest";
  for (const auto& [id, verdict] : verdicts) {
    TestVerdict test;
    test.id = id;
    test.verdict = verdict;
    test.nogil_runs = 4;
    test.nogil_failures = verdict == Verdict::flaky_nogil ? 1 : verdict == Verdict::pass ? 0 : 4;
    report.tests.push_back(test);
  }
  return report;
}

// A directory of its own per test: CTest runs test cases in parallel processes.
struct TempDatabase {
  gilfree::test::TempDir temp;
  std::filesystem::path dir = temp.path() / "history";
};

}  // namespace

TEST_CASE("the history marks tests flaky in an earlier run and ranks flake rates") {
  TempDatabase temp;
  {
    History history(temp.dir / "history.db");  // creates the directory and the schema
    CHECK(history.known_flaky().empty());
    history.record(report_of({{"a", Verdict::flaky_nogil}, {"b", Verdict::pass}, {"c", Verdict::regressed_nogil},
                              {"d", Verdict::fails_both}}));
  }
  History history(temp.dir / "history.db");
  history.record(report_of({{"a", Verdict::pass}, {"b", Verdict::pass}}));
  CHECK(history.known_flaky() == std::set<std::string>{"a"});
  CHECK(history.run_count() == 2);
  auto rates = history.flake_rates();
  REQUIRE(rates.size() == 2);
  CHECK(rates[0].test_id == "c");  // 4/4 first
  CHECK(rates[1].test_id == "a");
  CHECK(rates[1].nogil_failures == 1);
  CHECK(rates[1].nogil_runs == 8);
  CHECK(rates[1].flaky_runs == 1);
  CHECK(rates[1].last_verdict == "pass");
  auto text = flake_rates_text(rates, 2);
  CHECK(text.find("12%") != std::string::npos);
  CHECK(flake_rates_text({}, 3) == "no test has failed without the GIL in 3 recorded runs\n");
}

TEST_CASE("a history file that is not a database is a user error") {
  TempDatabase temp;
  std::filesystem::create_directories(temp.dir);
  std::ofstream(temp.dir / "history.db") << "this is not sqlite, just text that is long enough to be read";
  CHECK_THROWS_AS(History(temp.dir / "history.db"), gilfree::UserError);
}
