#include <catch2/catch.hpp>

#include <signal.h>

#include "scanners/inventory/inventory_probe.hpp"

using namespace gilfree::scanners;

namespace {

ProbedModule classify(ImportRun run) {
  ProbedModule module;
  classify_import(run, std::chrono::seconds(7), module);
  return module;
}

}  // namespace

TEST_CASE("inventory: classify_import: the answer line decides whatever the module printed") {
  auto off = classify({0, 0, false, "noise @@gilfree\n@@gilfree-probe@@{\"gil_before\": false, \"imported\": true, \"gil_after\": false}\n", ""});
  CHECK(off.outcome == ImportOutcome::gil_stays_off);

  auto on = classify({0, 0, false,
                      "@@gilfree-probe@@{\"gil_before\": false, \"imported\": true, \"gil_after\": true, "
                      "\"gil_warnings\": [\"RuntimeWarning: The global interpreter lock (GIL) has been enabled to load module 'm'\"]}\n",
                      ""});
  CHECK(on.outcome == ImportOutcome::gil_reenabled);
  CHECK(on.detail == "RuntimeWarning: The global interpreter lock (GIL) has been enabled to load module 'm'");
  CHECK(is_blocker(on.outcome));

  auto error = classify({0, 0, false, "@@gilfree-probe@@{\"gil_before\": false, \"imported\": false, \"error\": \"ImportError: libfoo.so\", \"gil_after\": false}\n", ""});
  CHECK(error.outcome == ImportOutcome::import_error);
  CHECK(error.detail == "ImportError: libfoo.so");
  CHECK_FALSE(is_blocker(error.outcome));

  auto before = classify({0, 0, false, "@@gilfree-probe@@{\"gil_before\": true, \"imported\": true, \"gil_after\": true}\n", ""});
  CHECK(before.outcome == ImportOutcome::inconclusive);
}

TEST_CASE("inventory: classify_import: crash timeout and early exit") {
  auto crash = classify({-1, SIGSEGV, false, "", "Fatal Python error: Segmentation fault\n\nCurrent thread ...\n"});
  CHECK(crash.outcome == ImportOutcome::crash);
  CHECK(crash.detail.rfind("killed by signal 11 (", 0) == 0);
  CHECK(crash.detail.find(": Fatal Python error: Segmentation fault") != std::string::npos);

  auto hang = classify({-1, SIGKILL, true, "", ""});
  CHECK(hang.outcome == ImportOutcome::timeout);
  CHECK(hang.detail == "no answer within 7 s; the import was killed");

  auto slow_exit = classify({-1, SIGKILL, true, "@@gilfree-probe@@{\"gil_before\": false, \"imported\": true, \"gil_after\": false}\n", ""});
  CHECK(slow_exit.outcome == ImportOutcome::gil_stays_off);
  CHECK(slow_exit.detail == "the GIL stayed off; the process then did not exit within 7 s and was killed");

  auto exited = classify({3, 0, false, "partial output", "Traceback...\nSystemExit: 3\n"});
  CHECK(exited.outcome == ImportOutcome::import_error);
  CHECK(exited.detail == "the process exited with code 3 before reporting: SystemExit: 3");

  auto garbage = classify({0, 0, false, "@@gilfree-probe@@{not json\n", ""});
  CHECK(garbage.outcome == ImportOutcome::import_error);
}
