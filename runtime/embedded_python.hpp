#pragma once
#include <optional>
#include <string>
#include <vector>

#include "runtime/gil_mode.hpp"
#include "runtime/runtime_location.hpp"

namespace gilfree::runtime {

// Runs the embedded free-threaded interpreter in this process exactly as
// `python ARGS...` would run (-c, -m, a script, stdin, -X options), with the
// GIL forced on/off or left at the free-threaded default; nullopt leaves the
// environment's PYTHON_GIL alone. Returns the interpreter's exit status;
// death by signal happens to this process, as it would to python.
// Throws UserError when libpython cannot be loaded.
int run_embedded_python(const RuntimeLocation& runtime, std::optional<GilMode> mode,
                        const std::vector<std::string>& args);

// Loads libpython and checks its version against the headers gilfree was
// built with; returns a one-line problem, or nullopt when it is usable.
std::optional<std::string> embedded_runtime_problem(const RuntimeLocation& runtime);

}  // namespace gilfree::runtime
