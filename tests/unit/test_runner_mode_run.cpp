#include <catch2/catch.hpp>

#include "runner/mode_run.hpp"

using namespace gilfree::runner;

namespace {

std::vector<TestRecord> records(const std::vector<std::pair<std::string, std::string>>& outcomes) {
  std::vector<TestRecord> out;
  for (const auto& [id, outcome] : outcomes) {
    TestRecord record;
    record.id = id;
    record.outcome = outcome;
    out.push_back(record);
  }
  return out;
}

}  // namespace

TEST_CASE("a child whose results end in failures across files after a passing test has a suspicious tail") {
  auto polluted = records({{"a.py::t1", "passed"}, {"a.py::doctest", "passed"}, {"b.py::t1", "failed"},
                           {"b.py::t2", "failed"}, {"b.py::t3", "skipped"}, {"c.py::t1", "failed"},
                           {"c.py::t2", "error"}, {"c.py::t3", "failed"}});
  REQUIRE(suspicious_tail(polluted, 0, polluted.size()) == std::optional<std::size_t>(2));
  // Only the results of this child count: a tail that starts the child has no polluter.
  CHECK(!suspicious_tail(polluted, 2, polluted.size()));
  // A failing last file on its own is an ordinary failure.
  auto one_file = records({{"a.py::t1", "passed"}, {"b.py::t1", "failed"}, {"b.py::t2", "failed"},
                           {"b.py::t3", "failed"}, {"b.py::t4", "failed"}, {"b.py::t5", "failed"}});
  CHECK(!suspicious_tail(one_file, 0, one_file.size()));
  // Fewer than kPollutedTailMin failures: not worth a fresh child.
  auto short_tail = records({{"a.py::t1", "passed"}, {"b.py::t1", "failed"}, {"c.py::t1", "failed"}});
  CHECK(!suspicious_tail(short_tail, 0, short_tail.size()));
  // unittest ids: the class is the group.
  auto unit = records({{"m.A.test_1", "passed"}, {"m.B.test_1", "failed"}, {"m.B.test_2", "failed"},
                       {"m.C.test_1", "failed"}, {"m.C.test_2", "failed"}, {"m.C.test_3", "failed"}});
  CHECK(suspicious_tail(unit, 0, unit.size()) == std::optional<std::size_t>(1));
}
