#include "runner/project_env.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "common/atomic_file.hpp"
#include "runtime/child_process.hpp"
#include "common/errors.hpp"
#include "common/json_text.hpp"
#include "runtime/runtime_location.hpp"
#include "common/safe_text.hpp"

namespace gilfree::runner {
namespace fs = std::filesystem;
namespace {

constexpr const char* kMarker = "gilfree-env.json";  // written last: an env without it is half-built

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

bool is_file(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

// PEP 503 normalisation: "Foo_Bar.baz" -> "foo-bar-baz".
std::string normalized(std::string name) {
  std::string out;
  for (char c : name) {
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool separator = lower == '-' || lower == '_' || lower == '.';
    if (separator) {
      if (out.empty() || out.back() != '-') out += '-';
    } else {
      out += lower;
    }
  }
  return out;
}

// "attrs[tests]>=22 ; python_version > '3'" -> "attrs"
std::string requirement_name(const std::string& requirement) {
  auto start = requirement.find_first_not_of(" \t");
  if (start == std::string::npos) return "";
  auto end = requirement.find_first_of(" \t<>=!~;[(@,", start);
  return requirement.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

toml::table parse_toml(const fs::path& path, const fs::path& root) {
  try {
    return toml::parse_file(path.string());
  } catch (const toml::parse_error& error) {
    throw UserError(fmt::format("{}:{}: cannot parse ({}); fix the file, or pass --python/--env with "
                                "an environment you made yourself",
                                fs::relative(path, root).string(), error.source().begin.line,
                                std::string(error.description())));
  }
}

void add_strings(const toml::array* array, const std::string& source, std::vector<DeclaredRequirement>& out) {
  if (array == nullptr) return;
  for (const auto& item : *array) {
    if (auto text = item.value<std::string>()) out.push_back({*text, source});
  }
}

// The groups a test run needs: test/tests/testing, else dev.
std::vector<std::string> test_group_names(const toml::table* table) {
  std::vector<std::string> tests, dev;
  if (table == nullptr) return {};
  for (const auto& [key, value] : *table) {
    auto name = normalized(std::string(key.str()));
    if (name == "test" || name == "tests" || name == "testing") tests.emplace_back(key.str());
    if (name == "dev") dev.emplace_back(key.str());
  }
  return tests.empty() ? dev : tests;
}

// PEP 735: a group's requirements, following {include-group = "..."}.
void add_group(const toml::table& groups, const std::string& name, std::set<std::string>& seen,
               std::vector<DeclaredRequirement>& out) {
  if (!seen.insert(normalized(name)).second) return;
  for (const auto& [key, value] : groups) {
    if (normalized(std::string(key.str())) != normalized(name)) continue;
    const auto* array = value.as_array();
    if (array == nullptr) continue;
    for (const auto& item : *array) {
      if (auto text = item.value<std::string>()) {
        out.push_back({*text, "pyproject.toml [dependency-groups] " + name});
      } else if (const auto* include = item.as_table()) {
        if (auto other = (*include)["include-group"].value<std::string>()) add_group(groups, *other, seen, out);
      }
    }
  }
}

void read_pyproject(EnvInputs& inputs) {
  auto path = inputs.root / "pyproject.toml";
  if (!is_file(path)) return;
  inputs.files.push_back("pyproject.toml");
  auto doc = parse_toml(path, inputs.root);
  if (const auto* build = doc["build-system"].as_table()) {
    inputs.installable = true;
    if (const auto* requires_ = (*build)["requires"].as_array()) {
      for (const auto& item : *requires_) {
        if (auto text = item.value<std::string>()) inputs.build_requires.push_back(*text);
      }
    }
  }
  if (const auto* project = doc["project"].as_table()) {
    inputs.installable = true;
    add_strings((*project)["dependencies"].as_array(), "pyproject.toml [project] dependencies", inputs.requirements);
    if (const auto* dynamic = (*project)["dynamic"].as_array()) {
      for (const auto& item : *dynamic) {
        if (item.value<std::string>() == "dependencies") inputs.dynamic_dependencies = true;
      }
    }
    const auto* extras = (*project)["optional-dependencies"].as_table();
    for (const auto& name : test_group_names(extras)) {
      add_strings((*extras)[name].as_array(), "pyproject.toml [project.optional-dependencies] " + name,
                  inputs.requirements);
    }
  }
  if (const auto* groups = doc["dependency-groups"].as_table()) {
    std::set<std::string> seen;
    for (const auto& name : test_group_names(groups)) add_group(*groups, name, seen, inputs.requirements);
  }
}

bool test_requirements_name(const std::string& name, bool in_requirements_dir) {
  static const std::regex test_file(R"((.*requirements.*test.*|.*test.*requirements.*)\.(txt|in))",
                                    std::regex::icase);
  static const std::regex dir_test_file(R"(.*test.*\.(txt|in))", std::regex::icase);
  return std::regex_match(name, in_requirements_dir ? dir_test_file : test_file);
}

void read_requirement_files(EnvInputs& inputs) {
  std::vector<fs::path> tests;
  std::error_code ec;
  for (const auto& [dir, in_dir] : {std::pair{fs::path("."), false}, std::pair{fs::path("requirements"), true}}) {
    std::vector<fs::path> names;
    for (fs::directory_iterator it(inputs.root / dir, ec), end; !ec && it != end; it.increment(ec)) {
      auto name = it->path().filename().string();
      if (is_file(it->path()) && name.ends_with(".txt") && test_requirements_name(name, in_dir)) {
        names.push_back((dir / name).lexically_normal());
      }
    }
    std::sort(names.begin(), names.end());
    tests.insert(tests.end(), names.begin(), names.end());
  }
  if (tests.empty()) {
    for (const char* name : {"requirements-dev.txt", "dev-requirements.txt", "requirements_dev.txt",
                             "requirements/dev.txt"}) {
      if (is_file(inputs.root / name)) tests.emplace_back(name);
    }
  }
  // An application without packaging metadata declares what it needs here.
  if (!inputs.installable && is_file(inputs.root / "requirements.txt")) tests.emplace_back("requirements.txt");
  for (const auto& file : tests) {
    inputs.files.push_back(file);
    inputs.requirement_files.push_back(file);
  }
}

void read_lock_file(EnvInputs& inputs, const std::string& project_name) {
  for (const char* name : {"uv.lock", "poetry.lock", "pdm.lock"}) {
    auto path = inputs.root / name;
    if (!is_file(path)) continue;
    inputs.files.emplace_back(name);
    inputs.lock_file = name;
    auto doc = parse_toml(path, inputs.root);
    if (const auto* packages = doc["package"].as_array()) {
      for (const auto& item : *packages) {
        const auto* package = item.as_table();
        if (package == nullptr) continue;
        auto package_name = (*package)["name"].value<std::string>();
        auto version = (*package)["version"].value<std::string>();
        if (!package_name || !version || normalized(*package_name) == project_name) continue;
        // uv.lock lists the project (and workspace members) with a local source: not a pin.
        if (const auto* source = (*package)["source"].as_table()) {
          if (source->contains("editable") || source->contains("virtual") || source->contains("directory") ||
              source->contains("path")) {
            continue;
          }
        }
        inputs.pins.push_back(*package_name + "==" + *version);
      }
    }
    return;  // one lock file is the truth
  }
}

std::string project_name(const fs::path& root) {
  auto path = root / "pyproject.toml";
  if (!is_file(path)) return "";
  try {
    auto doc = toml::parse_file(path.string());
    return normalized(doc["project"]["name"].value_or(std::string()));
  } catch (const toml::parse_error&) {
    return "";
  }
}

fs::path import_root_of(const fs::path& root) {
  std::error_code ec;
  if (fs::is_directory(root / "src", ec)) {
    for (fs::directory_iterator it(root / "src", ec), end; !ec && it != end; it.increment(ec)) {
      if (is_file(it->path() / "__init__.py") || it->path().extension() == ".py") return root / "src";
    }
  }
  return root;
}

std::uint64_t fnv1a(std::uint64_t hash, std::string_view text) {
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

// Holds an exclusive lock on a file while alive: two runs of the same project
// never build the same environment at once.
class FileLock {
 public:
  explicit FileLock(const fs::path& path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ >= 0) ::flock(fd_, LOCK_EX);
  }
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

std::optional<ProjectEnv> read_marker(const fs::path& dir) {
  auto marker = dir / kMarker;
  if (!is_file(marker)) return std::nullopt;
  try {
    auto json = nlohmann::json::parse(read_text(marker));
    ProjectEnv env;
    env.dir = dir;
    env.python = dir / "bin" / "python3";
    env.key = json.value("key", "");
    env.install = json.value("install", "");
    env.install_note = json.value("install_note", "");
    env.requirements = json.value("requirements", std::vector<std::string>{});
    env.build_seconds = json.value("build_seconds", 0.0);
    env.reused = true;
    if (!is_file(env.python)) return std::nullopt;
    return env;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

fs::path site_packages(const fs::path& env_dir) {
  std::error_code ec;
  for (fs::directory_iterator it(env_dir / "lib", ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().filename().string().starts_with("python")) return it->path() / "site-packages";
  }
  throw UserError("the environment " + env_dir.string() + " has no lib/python*/site-packages; remove it with "
                  "'gilfree env remove' and run again");
}

struct Step {
  runtime::ChildResult result;
  std::string output;
};

Step run_step(const std::vector<std::string>& argv, const fs::path& cwd, const fs::path& log,
              const std::string& title) {
  runtime::ChildOptions options;
  options.argv = argv;
  options.cwd = cwd;
  // The user's own pip configuration and PIP_* variables apply as they are; only
  // the interactive bits are turned off.
  options.env = {{"PIP_DISABLE_PIP_VERSION_CHECK", "1"}, {"PIP_NO_INPUT", "1"}, {"PYTHON_GIL", std::nullopt},
                 {"PYTHONPATH", std::nullopt}};
  Step step{runtime::run_child(options), ""};
  step.output = step.result.out + step.result.err;
  std::ofstream out(log, std::ios::binary | std::ios::app);
  out << "=== " << title << ": ";
  for (const auto& arg : argv) out << arg << ' ';
  out << "\n" << step.output << "\n";
  return step;
}

// The line of pip's output that says why it failed.
std::string pip_problem(const std::string& output) {
  std::istringstream lines(output);
  std::string line, last, error;
  while (std::getline(lines, line)) {
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    last = line;
    if (line.rfind("ERROR:", 0) == 0 || line.find("error:") != std::string::npos) {
      if (error.empty()) error = line;
    }
  }
  auto& chosen = error.empty() ? last : error;
  return chosen.substr(0, 300);
}

// Whether every [build-system].requires distribution is installed where the env's
// python sees it (pip then builds without isolation, so without an index).
std::vector<std::string> missing_build_requires(const fs::path& python, const std::vector<std::string>& requires_,
                                                const fs::path& root) {
  std::vector<std::string> names;
  for (const auto& requirement : requires_) {
    auto name = requirement_name(requirement);
    if (!name.empty()) names.push_back(name);
  }
  if (names.empty()) return {};
  std::string code =
      "import sys, importlib.metadata as m\n"
      "for name in sys.argv[1:]:\n"
      "    try: m.distribution(name)\n"
      "    except m.PackageNotFoundError: print(name)\n";
  runtime::ChildOptions options;
  options.argv = {python.string(), "-c", code};
  options.argv.insert(options.argv.end(), names.begin(), names.end());
  options.cwd = root;
  auto result = runtime::run_child(options);
  std::vector<std::string> missing;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) missing.push_back(line);
  }
  return missing;
}

std::string relative_to(const fs::path& path, const fs::path& root) {
  auto relative = path.lexically_relative(root);
  return relative.empty() || relative.string().starts_with("..") ? path.string() : relative.string();
}

ProjectEnv build_env(const EnvRequest& request, const EnvInputs& inputs, const fs::path& dir, const std::string& key) {
  auto started = std::chrono::steady_clock::now();
  auto say = [&](const std::string& text) {
    if (request.verbose) runtime::print_safe(stderr, "gilfree env: " + text + "\n");
  };
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir.parent_path(), ec);
  auto log = dir.parent_path() / (key + ".log");
  fs::remove(log, ec);
  say("building the project's environment in " + relative_to(dir, request.root) + " (pip's log: " +
      relative_to(log, request.root) + ")");
  auto venv = run_step({request.base_python.string(), "-m", "venv", "--without-pip", "--system-site-packages",
                        dir.string()},
                       request.root, log, "venv");
  if (!venv.result.exited_ok()) {
    throw UserError("cannot create a virtual environment in " + dir.string() + ": " + pip_problem(venv.output) +
                    " (log: " + log.string() + "); use --state-dir DIR, or pass --python/--env");
  }
  ProjectEnv env;
  env.dir = dir;
  env.python = dir / "bin" / "python3";
  env.key = key;
  std::vector<std::string> pip = {env.python.string(), "-m", "pip", "install"};
  if (!inputs.pins.empty()) {
    std::string constraints;
    for (const auto& pin : inputs.pins) constraints += pin + "\n";
    runtime::write_file_atomically(dir / "constraints.txt", constraints);
    pip.insert(pip.end(), {"-c", (dir / "constraints.txt").string()});
  }
  // Dependencies first, so that a missing one is named before the project is built.
  auto deps = pip;
  for (const auto& requirement : inputs.requirements) {
    deps.push_back(requirement.text);
    env.requirements.push_back(requirement.text);
  }
  for (const auto& file : inputs.requirement_files) {
    deps.insert(deps.end(), {"-r", (inputs.root / file).string()});
    env.requirements.push_back("-r " + file.string());
  }
  if (deps.size() > pip.size()) {
    say(fmt::format("installing {} with pip", env.requirements.size() == 1 ? env.requirements.front()
                                                                             : fmt::format("{} requirements", env.requirements.size())));
    auto step = run_step(deps, request.root, log, "dependencies");
    if (!step.result.exited_ok() && !inputs.pins.empty()) {
      // The lock file's exact versions may not all be at hand (an offline wheelhouse, the
      // runtime's own pytest): install what is declared without them, and say so.
      auto missing_pin = missing_requirement(step.output);
      if (!missing_pin) {  // the index has other versions: pip reports a conflict with the constraint
        static const std::regex conflict(R"(Cannot install ([^\s]+) because)");
        std::smatch match;
        if (std::regex_search(step.output, match, conflict)) {
          for (const auto& pin : inputs.pins) {
            if (normalized(requirement_name(pin)) == normalized(match[1].str())) missing_pin = pin;
          }
        }
      }
      auto pinned = missing_pin ? *missing_pin + " not available" : "pip: " + pip_problem(step.output);
      auto unpinned = deps;
      auto at = std::find(unpinned.begin(), unpinned.end(), "-c");
      if (at != unpinned.end()) unpinned.erase(at, at + 2);
      say("the pins from " + inputs.lock_file + " could not all be had (" + pinned + "); installing without them");
      step = run_step(unpinned, request.root, log, "dependencies without the lock file's pins");
      if (step.result.exited_ok()) {
        env.install_note = "installed without " + inputs.lock_file + "'s pins (" + pinned + ")";
        pip.erase(pip.begin() + 4, pip.begin() + 6);  // nor for the project itself
      }
    }
    if (!step.result.exited_ok()) {
      if (auto missing = missing_requirement(step.output)) {
        std::string source;
        for (const auto& requirement : inputs.requirements) {
          if (normalized(requirement_name(requirement.text)) == normalized(requirement_name(*missing))) {
            source = requirement.source;
          }
        }
        for (const auto& file : inputs.requirement_files) {
          if (!source.empty()) break;
          std::istringstream lines(read_text(inputs.root / file));
          for (std::string line; std::getline(lines, line);) {
            if (normalized(requirement_name(line)) == normalized(requirement_name(*missing))) {
              source = file.string();
              break;
            }
          }
        }
        if (source.empty()) source = "a dependency of the project's dependencies";
        throw UserError(fmt::format(
            "cannot install {} (declared in {}) into the project's environment: pip found no matching "
            "distribution; put its wheel in a folder named by PIP_FIND_LINKS, configure pip's index, or pass "
            "--python/--env with an environment that has it (pip's log: {})",
            *missing, source, log.string()));
      }
      throw UserError(fmt::format("pip could not install the project's dependencies: {} (pip's log: {}); fix "
                                  "that, or pass --python/--env with an environment you made yourself",
                                  pip_problem(step.output), log.string()));
    }
  }
  // The project itself: editable when its build backend is at hand, else its import root on sys.path.
  env.install = "";
  if (inputs.installable) {
    auto requires_ = inputs.build_requires;
    if (requires_.empty()) requires_ = {"setuptools"};
    auto missing = missing_build_requires(env.python, requires_, request.root);
    if (missing.empty()) {
      auto project = pip;
      project.insert(project.end(), {"--no-build-isolation", "-e", request.root.string()});
      if (!inputs.dynamic_dependencies) project.push_back("--no-deps");
      say("installing the project (editable)");
      auto step = run_step(project, request.root, log, "project");
      if (step.result.exited_ok()) {
        env.install = "editable";
      } else if (auto missing_dep = missing_requirement(step.output)) {
        throw UserError(fmt::format(
            "cannot install {} (a dependency the project's build declares) into the project's environment: pip "
            "found no matching distribution; put its wheel in a folder named by PIP_FIND_LINKS, configure pip's "
            "index, or pass --python/--env (pip's log: {})",
            *missing_dep, log.string()));
      } else {
        env.install_note += (env.install_note.empty() ? "" : "; ") + std::string("the editable install failed: ") +
                            pip_problem(step.output);
      }
    } else {
      std::string names;
      for (const auto& name : missing) names += (names.empty() ? "" : ", ") + name;
      env.install_note += (env.install_note.empty() ? "" : "; ") + std::string("build backend not available (") +
                          names + ")";
    }
  }
  if (env.install.empty()) {
    auto root = import_root_of(request.root);
    runtime::write_file_atomically(site_packages(dir) / "_gilfree_project.pth", root.string() + "\n");
    env.install = root == request.root ? "sys.path" : "sys.path (src)";
    if (!env.install_note.empty()) say("project on sys.path instead of installed: " + env.install_note);
  }
  env.build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  auto json = env.to_json();
  json["inputs"] = nlohmann::json::array();
  for (const auto& file : inputs.files) json["inputs"].push_back(file.string());
  runtime::write_file_atomically(dir / kMarker, runtime::json_text(json));  // the env is complete from here on
  return env;
}

std::string interpreter_identity_of(const runtime::RuntimeLocation& location) {
  std::error_code ec;
  auto library = location.library();
  auto size = fs::file_size(library, ec);
  auto time = fs::last_write_time(library, ec).time_since_epoch().count();
  return fmt::format("{}|{}|{}|{}", location.prefix.string(), location.minor, ec ? 0 : size, ec ? 0 : time);
}

}  // namespace

bool EnvInputs::empty() const {
  // Tests may need the project installed (importlib.metadata.version, entry points), so
  // packaging metadata alone asks for an environment. Without any, and with the packages
  // at the root, the runtime as it is will do: pytest and unittest put the root on sys.path.
  return !installable && requirements.empty() && requirement_files.empty() && pins.empty() && import_root == root;
}

EnvInputs read_env_inputs(const fs::path& root) {
  EnvInputs inputs;
  inputs.root = root;
  read_pyproject(inputs);
  for (const char* name : {"setup.py", "setup.cfg"}) {
    if (!is_file(root / name)) continue;
    inputs.files.emplace_back(name);
    if (std::string(name) == "setup.py") {
      inputs.installable = true;
      inputs.dynamic_dependencies = inputs.dynamic_dependencies || !is_file(root / "pyproject.toml") ||
                                    inputs.requirements.empty();
    }
  }
  read_requirement_files(inputs);
  read_lock_file(inputs, project_name(root));
  inputs.import_root = import_root_of(root);
  return inputs;
}

std::string env_key(const EnvInputs& inputs, const std::string& interpreter_identity) {
  std::uint64_t hash = 14695981039346656037ULL;
  hash = fnv1a(hash, "gilfree-env-1\n");
  hash = fnv1a(hash, interpreter_identity + "\n");
  hash = fnv1a(hash, inputs.root.string() + "\n");  // an editable install points at it
  for (const auto& file : inputs.files) {
    hash = fnv1a(hash, file.string() + "\n");
    auto text = read_text(inputs.root / file);
    hash = fnv1a(hash, std::to_string(text.size()) + "\n");
    hash = fnv1a(hash, text);
  }
  return fmt::format("{:016x}", hash);
}

nlohmann::json ProjectEnv::to_json() const {
  return {{"dir", dir.string()},           {"python", python.string()},     {"key", key},
          {"install", install},            {"install_note", install_note}, {"requirements", requirements},
          {"reused", reused},              {"build_seconds", build_seconds}};
}

EnvRequest embedded_env_request(const fs::path& root, const fs::path& state_dir) {
  auto location = runtime::locate_runtime();
  return {root, state_dir, location.python(), interpreter_identity_of(location), true};
}

EnvStatus env_status(const EnvRequest& request) {
  auto inputs = read_env_inputs(request.root);
  EnvStatus status;
  status.needed = !inputs.empty();
  status.key = env_key(inputs, request.interpreter_identity);
  status.dir = request.state_dir / "env" / status.key;
  status.built = read_marker(status.dir);
  std::error_code ec;
  for (fs::directory_iterator it(request.state_dir / "env", ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_directory(ec) && it->path() != status.dir) status.stale.push_back(it->path());
  }
  std::sort(status.stale.begin(), status.stale.end());
  return status;
}

std::optional<ProjectEnv> ensure_env(const EnvRequest& request, bool force_rebuild) {
  auto inputs = read_env_inputs(request.root);
  if (inputs.empty()) return std::nullopt;
  auto key = env_key(inputs, request.interpreter_identity);
  auto envs = request.state_dir / "env";
  std::error_code ec;
  fs::create_directories(envs, ec);
  if (ec) throw UserError("cannot create " + envs.string() + ": " + ec.message() + " (use --state-dir DIR)");
  FileLock lock(envs / ".lock");
  auto dir = envs / key;
  if (!force_rebuild) {
    if (auto env = read_marker(dir)) return env;
  }
  auto env = build_env(request, inputs, dir, key);
  for (fs::directory_iterator it(envs, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path() == dir || it->path().filename() == key + ".log") continue;
    if (it->is_directory(ec) || it->path().extension() == ".log") fs::remove_all(it->path(), ec);
  }
  return env;
}

std::optional<ProjectEnv> ensure_project_env(const fs::path& root, const fs::path& state_dir) {
  if (!state_dir.empty()) return ensure_env(embedded_env_request(root, state_dir));
  auto state = root / ".gilfree";
  auto env = ensure_env(embedded_env_request(root, state));
  if (env) ignore_state_dir(state);
  return env;
}

std::string env_summary(const ProjectEnv& env, const fs::path& root) {
  return fmt::format("environment {} ({}; project: {})", relative_to(env.dir, root),
                     env.reused ? "reused" : fmt::format("built in {:.1f} s", env.build_seconds), env.install);
}

void ignore_state_dir(const fs::path& state_dir) {
  std::error_code ec;
  if (fs::exists(state_dir / ".gitignore", ec)) return;
  fs::create_directories(state_dir, ec);
  runtime::write_file_atomically(state_dir / ".gitignore", "# gilfree: logs, history and the project's environment\n*\n");
}

int remove_envs(const fs::path& state_dir) {
  auto envs = state_dir / "env";
  std::error_code ec;
  if (!fs::is_directory(envs, ec)) return 0;
  FileLock lock(envs / ".lock");
  int count = 0;
  for (fs::directory_iterator it(envs, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_directory(ec)) ++count;
  }
  fs::remove_all(envs, ec);
  if (ec) throw UserError("cannot remove " + envs.string() + ": " + ec.message());
  return count;
}

std::string env_status_text(const EnvStatus& status, const EnvInputs& inputs) {
  std::string text;
  if (!status.needed) {
    text += "no environment needed: " + inputs.root.string() +
            " has no packaging metadata, no dependencies, and its packages at the root; gilfree run uses the runtime "
            "as it is\n";
  } else {
    text += fmt::format("environment  {}\n", status.dir.string());
    text += fmt::format("key          {} (from {})\n", status.key, [&] {
      std::string files;
      for (const auto& file : inputs.files) files += (files.empty() ? "" : ", ") + file.string();
      return files;
    }());
    if (status.built) {
      text += fmt::format("state        built ({:.1f} s); project installed: {}{}\n", status.built->build_seconds,
                          status.built->install,
                          status.built->install_note.empty() ? "" : " (" + status.built->install_note + ")");
    } else {
      text += "state        not built yet: 'gilfree env build' or 'gilfree run' builds it\n";
    }
    for (const auto& requirement : inputs.requirements) {
      text += fmt::format("requires     {}  ({})\n", requirement.text, requirement.source);
    }
    for (const auto& file : inputs.requirement_files) text += fmt::format("requires     -r {}\n", file.string());
    if (!inputs.pins.empty()) text += fmt::format("pins         {} from {}\n", inputs.pins.size(), inputs.lock_file);
  }
  for (const auto& stale : status.stale) text += fmt::format("stale        {} (older inputs)\n", stale.string());
  return text;
}

std::optional<std::string> missing_requirement(const std::string& pip_output) {
  static const std::regex patterns[] = {
      std::regex(R"(No matching distribution found for ([^\s]+))"),
      std::regex(R"(Could not find a version that satisfies the requirement ([^\s]+))"),
  };
  for (const auto& pattern : patterns) {
    std::smatch match;
    if (std::regex_search(pip_output, match, pattern)) return match[1].str();
  }
  return std::nullopt;
}

int run_env_action(EnvAction action, const fs::path& given_root, const fs::path& given_state, bool json) {
  std::error_code ec;
  if (!fs::is_directory(given_root, ec)) {
    throw UserError("project root " + given_root.string() + " is not a directory; pass the project's top folder");
  }
  auto root = fs::canonical(given_root);
  auto state = given_state.empty() ? root / ".gilfree" : given_state;
  if (action == EnvAction::remove) {
    int count = remove_envs(state);
    std::printf("%s\n", count == 0 ? ("no environment under " + (state / "env").string()).c_str()
                                    : fmt::format("removed {} environment{} under {}", count, count == 1 ? "" : "s",
                                                  (state / "env").string()).c_str());
    return 0;
  }
  auto request = embedded_env_request(root, state);
  if (action == EnvAction::build) ensure_env(request, true);
  auto inputs = read_env_inputs(root);
  auto status = env_status(request);
  if (json) {
    nlohmann::json out = {{"root", root.string()}, {"needed", status.needed}, {"dir", status.dir.string()},
                          {"key", status.key},     {"built", status.built ? status.built->to_json() : nlohmann::json()}};
    out["inputs"] = nlohmann::json::array();
    for (const auto& file : inputs.files) out["inputs"].push_back(file.string());
    out["requirements"] = nlohmann::json::array();
    for (const auto& requirement : inputs.requirements) {
      out["requirements"].push_back({{"requirement", requirement.text}, {"source", requirement.source}});
    }
    out["stale"] = nlohmann::json::array();
    for (const auto& stale : status.stale) out["stale"].push_back(stale.string());
    std::fputs(runtime::json_text(out).c_str(), stdout);
  } else {
    std::fputs(env_status_text(status, inputs).c_str(), stdout);
  }
  return 0;
}

}  // namespace gilfree::runner
