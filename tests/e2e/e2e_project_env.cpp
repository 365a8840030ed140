// End-to-end: `gilfree inventory`'s probe and `gilfree bench --script` in the project's own
// environment (the one `gilfree run` uses), and `bench --python`.
#include <catch2/catch.hpp>

#include <fstream>

#include "e2e/e2e_run_support.hpp"

using namespace gilfree;
using namespace gilfree::test;

namespace {

// A src-layout project (importable only once installed) that declares `dependency`.
std::filesystem::path write_project(const TempDir& dir, const std::string& dependency) {
  dir.write("proj/pyproject.toml", setuptools_pyproject("shop", "0.1") + "dependencies = [\"" + dependency + "\"]\n");
  dir.write("proj/src/shop/__init__.py", "def total(prices):\n    return sum(prices)\n");
  return dir.path() / "proj";
}

runtime::ChildResult run_offline(const std::vector<std::string>& args, const std::filesystem::path& wheels) {
  runtime::ChildOptions options;
  options.env = offline_pip(wheels);
  return run_gilfree(args, options);
}

const nlohmann::json* probed(const nlohmann::json& report, const std::string& name) {
  for (const auto& module : report.at("probe").at("modules")) {
    if (module.at("module") == name) return &module;
  }
  return nullptr;
}

const nlohmann::json* dependency(const nlohmann::json& report, const std::string& name) {
  for (const auto& entry : report.at("dependencies")) {
    if (entry.at("name") == name) return &entry;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("inventory: the probe runs in the project's environment, with its dependencies installed, then reuses it") {
  TempDir dir;
  auto wheels = dir.path() / "wheels";
  build_extension_wheel(dir, "tinyext", "tinyext_c", wheels);
  auto project = write_project(dir, "tinyext>=1");

  auto first = run_offline({"inventory", project.string(), "--format", "json", "--no-sources"}, wheels);
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(first.err.find("gilfree env: installing tinyext>=1 with pip") != std::string::npos);
  auto report = nlohmann::json::parse(first.out);
  const auto& environment = report.at("probe").at("environment");
  REQUIRE(environment.is_object());
  CHECK(environment.at("reused") == false);
  CHECK(environment.at("dir").get<std::string>().find((project / ".gilfree" / "env").string()) == 0);
  CHECK(environment.at("summary").get<std::string>().find("environment .gilfree/env/") == 0);
  CHECK(report.at("probe").at("python").get<std::string>().find((project / ".gilfree" / "env").string()) == 0);
  // The dependency's extension exists only in the environment: the probe imported it there.
  const auto* module = probed(report, "tinyext_c");
  REQUIRE(module != nullptr);
  CHECK(module->at("outcome") == "gil-reenabled");
  CHECK(module->at("distributions") == nlohmann::json::array({"tinyext"}));
  const auto* declared = dependency(report, "tinyext");
  REQUIRE(declared != nullptr);
  CHECK(declared->at("verdict") == "blocker");
  CHECK(declared->at("reason").get<std::string>().find("probe: importing tinyext_c gave gil-reenabled") == 0);
  CHECK(std::filesystem::exists(project / ".gilfree" / ".gitignore"));

  auto second = run_offline({"inventory", project.string(), "--no-sources"}, wheels);
  INFO(second.out << second.err);
  REQUIRE(second.exit_code == 0);
  CHECK(second.err.find("gilfree env:") == std::string::npos);  // nothing built again
  CHECK(second.out.find("\n  environment .gilfree/env/" + environment.at("key").get<std::string>() +
                        " (reused; project: editable)\n") != std::string::npos);
  CHECK(second.out.find("tinyext_c") != std::string::npos);

  // The same environment named with --env: probed as the user's own, nothing said about building.
  auto own = run_offline({"inventory", project.string(), "--format", "json", "--no-sources", "--env",
                          environment.at("dir").get<std::string>()}, wheels);
  INFO(own.out << own.err);
  REQUIRE(own.exit_code == 0);
  auto own_report = nlohmann::json::parse(own.out);
  CHECK(own_report.at("probe").at("environment").is_null());
  CHECK(probed(own_report, "tinyext_c") != nullptr);

  // --no-env: the runtime as it is, which does not have the dependency.
  auto bare = run_offline({"inventory", project.string(), "--format", "json", "--no-sources", "--no-env"}, wheels);
  INFO(bare.out << bare.err);
  REQUIRE(bare.exit_code == 0);
  auto bare_report = nlohmann::json::parse(bare.out);
  CHECK(bare_report.at("probe").at("environment").is_null());
  CHECK(probed(bare_report, "tinyext_c") == nullptr);

  // --no-probe needs no environment: none is built for new inputs.
  dir.write("proj/pyproject.toml", slurp_file(project / "pyproject.toml") + "# changed\n");
  auto static_only = run_offline({"inventory", project.string(), "--no-probe", "--no-sources"}, wheels);
  CHECK(static_only.exit_code == 0);
  CHECK(static_only.err.find("gilfree env:") == std::string::npos);
}

TEST_CASE("inventory: a declared dependency that cannot be had is one line, exit 2") {
  TempDir dir;
  auto wheels = dir.path() / "wheels";
  std::filesystem::create_directories(wheels);
  auto project = write_project(dir, "tinyext-nowhere>=2");
  auto result = run_offline({"inventory", project.string()}, wheels);
  INFO(result.out << result.err);
  CHECK(result.exit_code == 2);
  REQUIRE(result.err.find("gilfree: error: ") != std::string::npos);
  auto last = result.err.substr(result.err.rfind("gilfree: error: "));  // after the build's progress lines
  CHECK(std::count(last.begin(), last.end(), '\n') == 1);
  CHECK(last.find("cannot install tinyext-nowhere>=2 (declared in pyproject.toml [project] dependencies)") !=
        std::string::npos);
  CHECK(result.out.empty());  // no half report
}

TEST_CASE("bench: --script runs in the project's environment and imports its declared dependency") {
  TempDir dir;
  auto wheels = dir.path() / "wheels";
  build_wheel(dir, "tinydep", wheels);
  auto project = write_project(dir, "tinydep>=1");
  auto script = dir.write("proj/bench_shop.py",
                          "import shop\nimport tinydep\n\n\ndef crunch():\n"
                          "    return shop.total(tinydep.double(i) for i in range(2000))\n");
  auto json_path = dir.path() / "out" / "bench.json";
  std::vector<std::string> args = {"bench", project.string(), "--script", script.string(), "--func", "crunch",
                                   "--threads", "1,2", "--repeat", "1", "--seconds", "0.1",
                                   "--json", json_path.string(), "--svg", (dir.path() / "out" / "bench.svg").string()};

  auto result = run_offline(args, wheels);
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.err.find("gilfree env: installing tinydep>=1 with pip") != std::string::npos);
  CHECK(result.out.find("environment .gilfree/env/") != std::string::npos);
  auto json = nlohmann::json::parse(slurp_file(json_path));
  CHECK(json.at("workloads").at(0).at("name") == "crunch");
  CHECK(json.at("environment").get<std::string>().find("environment .gilfree/env/") == 0);

  auto again = run_offline(args, wheels);
  INFO(again.out << again.err);
  REQUIRE(again.exit_code == 0);
  CHECK(again.out.find("(reused; project: editable)") != std::string::npos);

  // Without the environment the script cannot import the dependency: one line, exit 2.
  args.push_back("--no-env");
  auto bare = run_offline(args, wheels);
  CHECK(bare.exit_code == 2);
  CHECK(bare.err.find("No module named") != std::string::npos);
  CHECK(std::count(bare.err.begin(), bare.err.end(), '\n') == 1);
}

TEST_CASE("bench: --python runs the workload in another free-threaded interpreter or virtualenv") {
  TempDir dir;
  auto venv = dir.path() / "venv";
  runtime::ChildOptions make;
  make.argv = {runtime_python().string(), "-m", "venv", "--without-pip", venv.string()};
  REQUIRE(runtime::run_child(make).exited_ok());
  runtime::ChildOptions ask;
  ask.argv = {(venv / "bin" / "python").string(), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"};
  auto site = runtime::run_child(ask).out;
  site.erase(site.find_last_not_of('\n') + 1);
  // Importable only in the virtualenv.
  std::filesystem::create_directories(site);
  {
    std::ofstream(std::filesystem::path(site) / "venvonly.py") << "def work():\n    return sum(range(3000))\n";
  }
  auto script = dir.write("work.py", "import venvonly\n\n\ndef crunch():\n    return venvonly.work()\n");
  auto json_path = dir.path() / "b.json";
  auto result = run_gilfree({"bench", dir.path().string(), "--python", venv.string(), "--script", script.string(),
                             "--func", "crunch", "--threads", "1,2", "--repeat", "1", "--seconds", "0.1", "--json",
                             json_path.string(), "--svg", (dir.path() / "b.svg").string()});
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  auto json = nlohmann::json::parse(slurp_file(json_path));
  CHECK(json.at("interpreter").get<std::string>().find((venv / "bin" / "python3").string()) == 0);
  CHECK(json.at("environment") == "");
  for (const char* mode : {"gil", "nogil"}) CHECK(json.at("workloads").at(0).at("modes").at(mode).size() == 2);

  std::vector<std::vector<std::string>> mistakes = {
      {"bench", "--python", venv.string(), "--env", venv.string()},
      {"bench", "--python", (dir.path() / "nowhere").string()},
      {"bench", (dir.path() / "work.py").string(), "--script", script.string(), "--func", "crunch"},
  };
  if (std::filesystem::exists("/usr/bin/python3")) mistakes.push_back({"bench", "--python", "/usr/bin/python3"});
  for (const auto& args : mistakes) {
    INFO(args.back());
    auto mistake = run_gilfree(args);
    INFO(mistake.err);
    CHECK(mistake.exit_code == 2);
    CHECK(mistake.err.find("gilfree: error:") == 0);
    CHECK(std::count(mistake.err.begin(), mistake.err.end(), '\n') == 1);
  }
}
