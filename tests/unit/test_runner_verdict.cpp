#include <catch2/catch.hpp>

#include "runner/verdict.hpp"

using namespace gilfree::runner;
using gilfree::runtime::GilMode;

namespace {

ModeRun mode_run(GilMode mode, const std::string& label,
                 const std::vector<std::pair<std::string, std::string>>& outcomes) {
  ModeRun run;
  run.spec = {mode, 1, label};
  for (const auto& [id, outcome] : outcomes) {
    TestRecord record;
    record.id = id;
    record.outcome = outcome;
    record.error = outcome == "failed" ? "def test():\n>   assert x\nE   assert 1 == 2\n" : "";
    record.signal = outcome == "crash" ? 11 : 0;
    run.results.push_back(record);
  }
  return run;
}

Verdict verdict_of(const std::vector<TestVerdict>& tests, const std::string& id) {
  for (const auto& test : tests) {
    if (test.id == id) return test.verdict;
  }
  FAIL("no verdict for " << id);
  return Verdict::pass;
}

}  // namespace

TEST_CASE("verdicts compare the gil run with every no-GIL run") {
  std::vector<ModeRun> runs = {
      mode_run(GilMode::gil, "gil",
               {{"ok", "passed"}, {"both", "failed"}, {"race", "passed"}, {"flaky", "passed"},
                {"boom", "passed"}, {"stuck", "passed"}, {"skip", "skipped"}, {"xf", "xfailed"}}),
      mode_run(GilMode::nogil, "nogil",
               {{"ok", "passed"}, {"both", "failed"}, {"race", "failed"}, {"flaky", "failed"},
                {"boom", "crash"}, {"stuck", "hang"}, {"skip", "skipped"}, {"xf", "xfailed"}}),
      mode_run(GilMode::nogil, "nogil#2",
               {{"ok", "passed"}, {"both", "failed"}, {"race", "error"}, {"flaky", "passed"},
                {"boom", "passed"}, {"stuck", "passed"}, {"skip", "skipped"}, {"xf", "xfailed"}}),
  };
  auto tests = compute_verdicts(runs);
  REQUIRE(tests.size() == 8);
  CHECK(tests.front().id == "ok");  // the gil run's order
  CHECK(verdict_of(tests, "ok") == Verdict::pass);
  CHECK(verdict_of(tests, "both") == Verdict::fails_both);
  CHECK(verdict_of(tests, "race") == Verdict::regressed_nogil);
  CHECK(verdict_of(tests, "flaky") == Verdict::flaky_nogil);
  CHECK(verdict_of(tests, "boom") == Verdict::crash);
  CHECK(verdict_of(tests, "stuck") == Verdict::hang);
  CHECK(verdict_of(tests, "skip") == Verdict::skipped);
  CHECK(verdict_of(tests, "xf") == Verdict::pass);
  for (const auto& test : tests) {
    if (test.id == "flaky") {
      CHECK(test.nogil_failures == 1);
      CHECK(test.nogil_runs == 2);
      CHECK(test.detail == "failed 1/2 no-GIL runs: assert 1 == 2");
    }
    if (test.id == "boom") CHECK(test.detail == "SIGSEGV in nogil");
  }
}

TEST_CASE("a module that re-enabled the GIL during a passing test is its verdict") {
  auto run = mode_run(GilMode::standard, "default", {{"imports_legacy", "passed"}, {"fails", "failed"}});
  run.gil_events = {{{"legacyext"}, "imports_legacy"}, {{"other"}, "fails"}, {{"early"}, "collection"}};
  auto tests = compute_verdicts({mode_run(GilMode::gil, "gil", {{"imports_legacy", "passed"}, {"fails", "passed"}}),
                                 run});
  CHECK(verdict_of(tests, "imports_legacy") == Verdict::gil_reenabled);
  CHECK(tests[0].gil_modules == std::vector<std::string>{"legacyext"});
  CHECK(verdict_of(tests, "fails") == Verdict::regressed_nogil);  // the failure matters more
}

TEST_CASE("only regressions, flakes, crashes and hangs fail the run") {
  CHECK(verdict_fails_run(Verdict::regressed_nogil));
  CHECK(verdict_fails_run(Verdict::flaky_nogil));
  CHECK(verdict_fails_run(Verdict::crash));
  CHECK(verdict_fails_run(Verdict::hang));
  CHECK_FALSE(verdict_fails_run(Verdict::fails_both));
  CHECK_FALSE(verdict_fails_run(Verdict::gil_reenabled));
  CHECK_FALSE(verdict_fails_run(Verdict::skipped));
  CHECK_FALSE(verdict_fails_run(Verdict::pass));
}

TEST_CASE("the error headline is pytest's E line, else the last line") {
  CHECK(error_headline("def t():\n>  assert f()\nE       assert 2 == 3\nE   + where\n") == "assert 2 == 3");
  CHECK(error_headline("Traceback (most recent call last):\n  File \"x\"\nAssertionError: 2 != 3\n\n") ==
        "AssertionError: 2 != 3");
  CHECK(error_headline("").empty());
  CHECK(error_headline("E   gilfree_child.ThreadFailures: 2/4 threads failed (first: X)\n") ==
        "2/4 threads failed (first: X)");
  CHECK(error_headline("Traceback:\n  File x\ngilfree_child.ThreadFailures: 1/4 threads failed (first: Y)\n"
                       "  thread 2: AssertionError: Y\nAssertionError: Y\n") == "1/4 threads failed (first: Y)");
}

TEST_CASE("a default-mode run with the GIL re-enabled does not count as a no-GIL run") {
  auto with_gil = mode_run(GilMode::standard, "default", {{"race", "passed"}});
  with_gil.results[0].gil_enabled = true;
  auto tests = compute_verdicts({mode_run(GilMode::gil, "gil", {{"race", "passed"}}),
                                 mode_run(GilMode::nogil, "nogil", {{"race", "failed"}}), with_gil});
  CHECK(verdict_of(tests, "race") == Verdict::regressed_nogil);
  CHECK(tests[0].nogil_runs == 1);
}

TEST_CASE("with the gil reference repeated, flaky-nogil needs a clearly higher no-GIL failure rate") {
  std::vector<ModeRun> runs = {
      mode_run(GilMode::gil, "gil", {{"shared", "failed"}, {"worse", "passed"}, {"steady", "passed"}}),
      mode_run(GilMode::gil, "gil#2", {{"shared", "passed"}, {"worse", "failed"}, {"steady", "passed"}}),
      mode_run(GilMode::gil, "gil#3", {{"shared", "passed"}, {"worse", "passed"}, {"steady", "passed"}}),
      mode_run(GilMode::standard, "default", {{"shared", "failed"}, {"worse", "failed"}, {"steady", "failed"}}),
      mode_run(GilMode::standard, "default#2", {{"shared", "passed"}, {"worse", "failed"}, {"steady", "passed"}}),
      mode_run(GilMode::standard, "default#3", {{"shared", "passed"}, {"worse", "failed"}, {"steady", "passed"}}),
  };
  auto tests = compute_verdicts(runs);
  // 1/3 with the GIL, 1/3 without: it races with the GIL as well, not a no-GIL problem.
  CHECK(verdict_of(tests, "shared") == Verdict::fails_both);
  // 1/3 with the GIL, 3/3 without: the no-GIL rate is clearly higher.
  CHECK(verdict_of(tests, "worse") == Verdict::flaky_nogil);
  // Never failed with the GIL in three runs: any no-GIL failure counts.
  CHECK(verdict_of(tests, "steady") == Verdict::flaky_nogil);
  for (const auto& test : tests) {
    if (test.id == "shared") {
      CHECK(test.gil_failures == 1);
      CHECK(test.gil_runs == 3);
      CHECK(test.detail.find("flaky with the GIL too: failed 1/3 GIL runs, 1/3 no-GIL runs") == 0);
    }
    if (test.id == "worse") CHECK(test.detail.find("failed 3/3 no-GIL runs vs 1/3 GIL runs") == 0);
  }
}

TEST_CASE("the detail of a chained exception is the exception raised, as pytest shows it") {
  std::string chained =
      "    def version(name):\n>       return next(iter(found))\nE       StopIteration\n\n"
      "The above exception was the direct cause of the following exception:\n\n"
      "    def test_version():\n>       version('shop')\n"
      "E       importlib.metadata.PackageNotFoundError: No package metadata was found for shop\n"
      "E       (more)\n";
  CHECK(error_headline(chained) == "importlib.metadata.PackageNotFoundError: No package metadata was found for shop");
  std::string during = "E   KeyError: 'a'\n\nDuring handling of the above exception, another exception occurred:\n\n"
                       "E   ValueError: bad\n";
  CHECK(error_headline(during) == "ValueError: bad");
  CHECK(error_headline("Traceback (most recent call last):\n  File \"x\", line 1\nKeyError: 'k'\n") == "KeyError: 'k'");
}
