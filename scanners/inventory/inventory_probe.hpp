#pragma once
// The dynamic half of the inventory: every extension module in an
// environment's site-packages is imported in its own child process, in the
// free-threaded default GIL mode, to see whether the GIL stays off.
#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace gilfree::scanners {

enum class ImportOutcome {
  gil_stays_off,   // imported, GIL still off: the module supports free-threading
  gil_reenabled,   // imported, and the GIL came back on (CPython's RuntimeWarning in detail)
  import_error,    // the import raised (missing dependency, ...), or the process exited early
  crash,           // a signal ended the process
  timeout,         // no answer within the time limit; the process group was killed
  abi_mismatch,    // built for another ABI (a GIL build's cpython-313): cannot be loaded here
  inconclusive     // the GIL was on before the import (a .pth file or sitecustomize did it)
};

std::string_view outcome_name(ImportOutcome outcome);
bool is_blocker(ImportOutcome outcome);

struct ProbedModule {
  std::string module;   // dotted import name
  std::string file;
  std::string abi_tag;  // "cpython-313t-x86_64-linux-gnu", "abi3", "" (bare .so)
  std::vector<std::string> distributions;  // from importlib.metadata, may be empty
  ImportOutcome outcome = ImportOutcome::import_error;
  std::string detail;   // one line: the warning, the error, the signal
  double seconds = 0;
};

struct ProbeOptions {
  std::filesystem::path python;  // a free-threaded interpreter
  std::chrono::seconds timeout{60};
  unsigned jobs = 1;             // imports run at once
};

struct ProbeReport {
  std::string python;
  std::string python_version;
  std::vector<std::string> site_directories;
  std::vector<ProbedModule> modules;
};

// Lists and imports. UserError when the interpreter cannot be run, is not
// free-threaded, or the probe script is missing; one module's failure is only
// that module's outcome.
ProbeReport probe_environment(const ProbeOptions& options);

// Classifies one `import` child's result (exposed for unit tests).
struct ImportRun {
  int exit_code = 0;
  int signal = 0;
  bool timed_out = false;
  std::string out;
  std::string err;
};
void classify_import(const ImportRun& run, std::chrono::seconds timeout, ProbedModule& module);

}  // namespace gilfree::scanners
