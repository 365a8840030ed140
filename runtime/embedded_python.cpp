#include "runtime/embedded_python.hpp"

#include <dlfcn.h>

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <cstdlib>
#include <fmt/format.h>

#include "common/errors.hpp"

#ifndef Py_GIL_DISABLED
#error "gilfree must be built against a free-threaded CPython (configure --disable-gil)"
#endif

namespace gilfree::runtime {
namespace {

// The few C-API entry points gilfree calls, resolved from a dlopen'ed
// libpython so that the binary starts (scan, --help) without a runtime.
struct PythonApi {
  decltype(&PyConfig_InitPythonConfig) init_config = nullptr;
  decltype(&PyConfig_SetBytesArgv) set_argv = nullptr;
  decltype(&PyConfig_SetBytesString) set_string = nullptr;
  decltype(&PyConfig_Clear) clear_config = nullptr;
  decltype(&Py_InitializeFromConfig) initialize = nullptr;
  decltype(&PyStatus_Exception) is_exception = nullptr;
  decltype(&Py_ExitStatusException) exit_status = nullptr;
  decltype(&Py_RunMain) run_main = nullptr;
  const unsigned long* version = nullptr;
};

template <typename Fn>
bool resolve(void* library, const char* name, Fn& out) {
  out = reinterpret_cast<Fn>(dlsym(library, name));
  return out != nullptr;
}

std::string fix_hint() {
  return "run 'make build' in the gilfree checkout (it builds the runtime once), "
         "or set GILFREE_RUNTIME=<prefix of a free-threaded CPython " GILFREE_PYTHON_MINOR " build>";
}

// Loads libpython once. RTLD_GLOBAL: extension modules are not linked against
// libpython and resolve its symbols from the global namespace.
std::optional<std::string> load(const RuntimeLocation& runtime, PythonApi& api) {
  const auto path = runtime.library();
  void* library = dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL);
  if (library == nullptr) {
    return fmt::format("cannot load the embedded runtime {} ({}); {}", path.string(), dlerror(),
                       fix_hint());
  }
  bool ok = resolve(library, "PyConfig_InitPythonConfig", api.init_config) &&
            resolve(library, "PyConfig_SetBytesArgv", api.set_argv) &&
            resolve(library, "PyConfig_SetBytesString", api.set_string) &&
            resolve(library, "PyConfig_Clear", api.clear_config) &&
            resolve(library, "Py_InitializeFromConfig", api.initialize) &&
            resolve(library, "PyStatus_Exception", api.is_exception) &&
            resolve(library, "Py_ExitStatusException", api.exit_status) &&
            resolve(library, "Py_RunMain", api.run_main);
  api.version = reinterpret_cast<const unsigned long*>(dlsym(library, "Py_Version"));
  if (!ok || api.version == nullptr) {
    return fmt::format("{} is not a usable libpython (missing C-API symbols); {}", path.string(),
                       fix_hint());
  }
  if ((*api.version >> 16) != (static_cast<unsigned long>(PY_VERSION_HEX) >> 16)) {
    return fmt::format("{} is CPython {}.{}, but gilfree was built for {}; {}", path.string(),
                       *api.version >> 24, (*api.version >> 16) & 0xff, GILFREE_PYTHON_MINOR,
                       fix_hint());
  }
  return std::nullopt;
}

// Children started by the Python code (subprocess, multiprocessing) inherit the
// mode through PYTHON_GIL, which also overrides PyConfig.enable_gil if set.
void export_mode(GilMode mode) {
  switch (mode) {
    case GilMode::gil: setenv("PYTHON_GIL", "1", 1); break;
    case GilMode::nogil: setenv("PYTHON_GIL", "0", 1); break;
    case GilMode::standard: unsetenv("PYTHON_GIL"); break;
  }
}

void check(const PythonApi& api, PyConfig& config, PyStatus status) {
  if (api.is_exception(status)) {
    api.clear_config(&config);
    api.exit_status(status);  // prints like python does and exits (e.g. 2 on bad options)
  }
}

}  // namespace

std::optional<std::string> embedded_runtime_problem(const RuntimeLocation& runtime) {
  PythonApi api;
  return load(runtime, api);
}

int run_embedded_python(const RuntimeLocation& runtime, std::optional<GilMode> mode,
                        const std::vector<std::string>& args) {
  PythonApi api;
  if (auto problem = load(runtime, api)) throw UserError(*problem);

  PyConfig config;
  api.init_config(&config);
  if (mode) {
    export_mode(*mode);
    config.enable_gil = enable_gil_value(*mode);
  }
  // sys.executable is the runtime's own python, so that code which starts
  // `sys.executable -c ...` gets an interpreter, not gilfree's command line.
  const std::string program = runtime.python().string();
  const std::string home = runtime.prefix.string();
  check(api, config, api.set_string(&config, &config.program_name, program.c_str()));
  check(api, config, api.set_string(&config, &config.executable, program.c_str()));
  check(api, config, api.set_string(&config, &config.home, home.c_str()));

  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  check(api, config,
        api.set_argv(&config, static_cast<Py_ssize_t>(argv.size()), argv.data()));

  PyStatus status = api.initialize(&config);
  api.clear_config(&config);
  if (api.is_exception(status)) api.exit_status(status);
  return api.run_main();
}

}  // namespace gilfree::runtime
