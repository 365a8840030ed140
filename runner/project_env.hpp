#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gilfree::runner {

// A requirement and where the project declared it ("pyproject.toml [dependency-groups] test").
struct DeclaredRequirement {
  std::string text;    // PEP 508: "attrs>=22; python_version>'3.8'"
  std::string source;
};

// What a project declares about its environment, read from its files (never run).
struct EnvInputs {
  std::filesystem::path root;
  std::vector<std::filesystem::path> files;  // hashed into the key, relative to root
  std::vector<DeclaredRequirement> requirements;
  std::vector<std::filesystem::path> requirement_files;  // given to pip as -r
  std::vector<std::string> pins;                         // name==version from the lock file
  std::string lock_file;                                 // "uv.lock", or empty
  bool installable = false;       // pyproject [build-system]/[project], setup.py or setup.cfg
  bool dynamic_dependencies = false;  // setup.py, or "dependencies" in [project].dynamic: pip resolves them
  std::vector<std::string> build_requires;  // [build-system].requires (setuptools when absent)
  std::filesystem::path import_root;  // src/ when the project uses that layout, else the root

  // No packaging metadata, no dependency and the packages at the root: the runtime
  // itself will do (pytest and unittest put the root on sys.path).
  bool empty() const;
};

// Reads pyproject.toml ([project] dependencies, optional-dependencies test/tests/testing
// (else dev), [dependency-groups] test/tests/testing (else dev)), requirement files
// (requirements*test*.txt, requirements/test*.txt; else requirements-dev.txt) and pins from
// uv.lock / poetry.lock / pdm.lock. Throws UserError naming the file and line when one cannot be parsed.
EnvInputs read_env_inputs(const std::filesystem::path& root);

// The key of the environment for these inputs on this interpreter: 16 hex digits of a
// hash over the interpreter's identity, the root and every input file's name and content.
std::string env_key(const EnvInputs& inputs, const std::string& interpreter_identity);

// An environment made for a project: a venv from the runtime (with its site-packages,
// where pytest and the build backends live) under STATE_DIR/env/<key>.
struct ProjectEnv {
  std::filesystem::path dir;
  std::filesystem::path python;  // dir/bin/python3
  std::string key;
  std::string install;           // "editable" or "sys.path (src)"
  std::string install_note;      // why not editable, when it is not
  std::vector<std::string> requirements;  // what pip was asked to install
  bool reused = false;
  double build_seconds = 0;
  nlohmann::json to_json() const;
};

struct EnvStatus {
  std::filesystem::path dir;  // where the environment for the current inputs is, or would be
  std::string key;
  bool needed = true;          // false: the project declares nothing
  std::optional<ProjectEnv> built;  // present and complete for the current key
  std::vector<std::filesystem::path> stale;  // environments for older inputs
};

struct EnvRequest {
  std::filesystem::path root;        // canonical project root
  std::filesystem::path state_dir;   // ROOT/.gilfree unless --state-dir
  std::filesystem::path base_python; // the runtime's bin/python3.13t
  std::string interpreter_identity;  // changes when the runtime changes
  bool verbose = true;               // progress lines on stderr while building
};

EnvStatus env_status(const EnvRequest& request);

// The environment for the project's current inputs, built when missing (and the
// environments of older inputs removed); nullopt when the project declares nothing.
// A dependency that cannot be had is a UserError naming it and what to do.
std::optional<ProjectEnv> ensure_env(const EnvRequest& request, bool force_rebuild = false);

// For the commands that run the project's code (run, inventory's probe, bench --script): the
// environment for the embedded runtime, as ensure_env gives it. `root` is the canonical
// project root; an empty `state_dir` means ROOT/.gilfree, which then gets a .gitignore.
std::optional<ProjectEnv> ensure_project_env(const std::filesystem::path& root,
                                             const std::filesystem::path& state_dir);

// The line a command prints about it: "environment .gilfree/env/<key> (reused; project: editable)".
std::string env_summary(const ProjectEnv& env, const std::filesystem::path& root);

// Writes STATE_DIR/.gitignore ("*") when there is none: logs, history and environments stay
// out of git and of `gilfree scan`.
void ignore_state_dir(const std::filesystem::path& state_dir);

// Removes every environment under STATE_DIR/env; returns how many.
int remove_envs(const std::filesystem::path& state_dir);

// The request for the embedded runtime.
EnvRequest embedded_env_request(const std::filesystem::path& root, const std::filesystem::path& state_dir);

// `gilfree env` in words.
std::string env_status_text(const EnvStatus& status, const EnvInputs& inputs);

// pip's output -> the requirement it could not find ("Could not find a version that
// satisfies the requirement NAME", "No matching distribution found for NAME").
std::optional<std::string> missing_requirement(const std::string& pip_output);

}  // namespace gilfree::runner

namespace gilfree::runner {

enum class EnvAction { show, build, remove };

// `gilfree env show|build|remove [ROOT]`: prints what it did; returns the exit status.
int run_env_action(EnvAction action, const std::filesystem::path& root, const std::filesystem::path& state_dir,
                   bool json);

}  // namespace gilfree::runner
