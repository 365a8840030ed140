#include <catch2/catch.hpp>

#include "support/e2e.hpp"
#include "scanners/inventory/inventory_requirements.hpp"

using namespace gilfree::scanners;
using gilfree::test::TempDir;

TEST_CASE("inventory: parse_requirement reads names extras specifiers and markers") {
  auto r = parse_requirement("  Pandas[performance, excel] >=2.2,<3 ; python_version >= '3.10' and sys_platform != \"win32\"");
  CHECK(r.error.empty());
  CHECK(r.name == "Pandas");
  CHECK(r.extras == std::vector<std::string>{"performance", "excel"});
  CHECK(r.specifier == ">=2.2,<3");
  CHECK(r.marker == "python_version >= '3.10' and sys_platform != \"win32\"");
  CHECK(r.version.empty());

  CHECK(parse_requirement("numpy==1.26.4").version == "1.26.4");
  CHECK(parse_requirement("numpy===1.26.4+local").version == "1.26.4+local");
  CHECK(parse_requirement("numpy==1.26.*").version.empty());
  CHECK(parse_requirement("numpy (>=1.0)").specifier == ">=1.0");
  auto url = parse_requirement("pkg @ https://example.com/pkg-1.0.tar.gz ; os_name == 'posix'");
  CHECK(url.error.empty());
  CHECK(url.specifier == "@ https://example.com/pkg-1.0.tar.gz");
  CHECK(url.marker == "os_name == 'posix'");
  CHECK(parse_requirement("zope.interface").name == "zope.interface");
}

TEST_CASE("inventory: parse_requirement explains what is wrong") {
  CHECK(parse_requirement(">=1.0").error.find("expected a package name") != std::string::npos);
  CHECK(parse_requirement("numpy[fast").error.find("unclosed '['") != std::string::npos);
  CHECK(parse_requirement("numpy >>1").error.find("invalid version") != std::string::npos);
  CHECK(parse_requirement("numpy 1.0").error.find("unexpected '1.0'") != std::string::npos);
  CHECK(parse_requirement("numpy; ").error.find("empty environment marker") != std::string::npos);
  CHECK(parse_requirement("numpy; python_versio == '3'").error.find("unknown marker variable 'python_versio'") != std::string::npos);
  CHECK(parse_requirement("numpy; python_version == '3").error.find("unterminated string") != std::string::npos);
  CHECK(parse_requirement("numpy; (os_name == 'nt'").error.find("missing ')'") != std::string::npos);
  CHECK(parse_requirement("numpy; os_name 'nt'").error.find("comparison operator") != std::string::npos);
  CHECK(parse_requirement("pkg @").error.find("no URL") != std::string::npos);
  CHECK(parse_requirement("-numpy").error.find("invalid package name '-numpy'") != std::string::npos);
}

namespace {

DependencyScan read_requirements(const TempDir& dir, const std::string& file) {
  DependencyScan scan;
  RequirementsReader reader(dir.path(), scan);
  reader.read(dir.path() / file);
  return scan;
}

}  // namespace

TEST_CASE("inventory: requirements files: includes relative to the including file constraints continuations hashes") {
  TempDir dir;
  dir.write("requirements.txt",
            "# comment line\n"
            "-r reqs/base.txt\n"
            "--constraint reqs/constraints.txt\n"
            "-i https://example.com/simple\n"
            "scipy==1.14.1 \\\n"
            "    --hash=sha256:0123456789abcdef \\\n"
            "    --hash=sha256:fedcba9876543210\n"
            "requests>=2  # trailing comment\n"
            "-e git+https://example.com/repo.git#egg=editable_pkg\n"
            "./wheels/orjson-3.10.1-cp313-cp313t-manylinux_2_17_x86_64.whl\r\n");
  dir.write("reqs/base.txt", "-rmore.txt\nnumpy>=2.1\n");
  dir.write("reqs/more.txt", "pillow\n");
  dir.write("reqs/constraints.txt", "numpy==2.1.3\n");
  auto scan = read_requirements(dir, "requirements.txt");
  CHECK(scan.problems.empty());
  std::vector<std::string> seen;
  for (const auto& d : scan.dependencies) seen.push_back(d.name + "|" + d.group + "|" + d.path + ":" + std::to_string(d.line) + "|" + d.version);
  CHECK(seen == std::vector<std::string>{
                    "pillow|requirements|reqs/more.txt:1|",
                    "numpy|requirements|reqs/base.txt:2|",
                    "numpy|constraint|reqs/constraints.txt:1|2.1.3",
                    "scipy|requirements|requirements.txt:5|1.14.1",
                    "requests|requirements|requirements.txt:8|",
                    "editable_pkg|requirements|requirements.txt:9|",
                    "orjson|requirements|requirements.txt:10|3.10.1",
                });
  CHECK(scan.files.size() == 4);
}

TEST_CASE("inventory: requirements files: bad lines missing includes and cycles are reported with file:line") {
  TempDir dir;
  dir.write("requirements.txt",
            "numpy>=2\n"
            "-r missing.txt\n"
            "-r other.txt\n"
            "pandas >>2\n"
            "--frobnicate\n"
            "scipy --hash sha256\n"
            "https://example.com/archive.tar.gz\n"
            "-r\n"
            "pillow\n");
  dir.write("other.txt", "-r requirements.txt\nlxml\n");
  auto scan = read_requirements(dir, "requirements.txt");
  std::vector<std::string> problems;
  for (const auto& p : scan.problems) problems.push_back(p.path + ":" + std::to_string(p.line) + ": " + p.message);
  REQUIRE(problems.size() == 6);
  CHECK(problems[0].rfind("requirements.txt:2: included file 'missing.txt' not found", 0) == 0);
  CHECK(problems[1].rfind("other.txt:1: include cycle: 'requirements.txt'", 0) == 0);
  CHECK(problems[2].rfind("requirements.txt:4: invalid requirement: invalid version '>2'", 0) == 0);
  CHECK(problems[3].rfind("requirements.txt:5: unknown option '--frobnicate'", 0) == 0);
  CHECK(problems[4].rfind("requirements.txt:7: direct reference 'https://example.com/archive.tar.gz' names no package", 0) == 0);
  CHECK(problems[5].rfind("requirements.txt:8: '-r' needs a file name", 0) == 0);
  std::vector<std::string> names;
  for (const auto& d : scan.dependencies) names.push_back(d.name);
  CHECK(names == std::vector<std::string>{"numpy", "lxml", "scipy", "pillow"});
}

TEST_CASE("inventory: requirements files: binary and unreadable files are problems not crashes") {
  TempDir dir;
  dir.write("requirements.txt", std::string("numpy\0\x01\x02", 8));
  auto scan = read_requirements(dir, "requirements.txt");
  REQUIRE(scan.problems.size() == 1);
  CHECK(scan.problems[0].message.find("binary content") != std::string::npos);
  CHECK(scan.dependencies.empty());

  auto missing = read_requirements(dir, "nope.txt");
  REQUIRE(missing.problems.size() == 1);
  CHECK(missing.problems[0].message.find("cannot read the file") != std::string::npos);
}

TEST_CASE("inventory: requirements files: a symlink loop is a problem with a reason") {
  TempDir dir;
  std::filesystem::create_symlink("requirements.txt", dir.path() / "requirements.txt");
  auto scan = read_requirements(dir, "requirements.txt");
  REQUIRE(scan.problems.size() == 1);
  CHECK(scan.problems[0].message == "cannot read the file: Too many levels of symbolic links");
}

TEST_CASE("inventory: markers are evaluated for the free-threaded target, unknown stays unknown") {
  MarkerEnvironment target{"3.13", "3.13.5"};
  CHECK(evaluate_marker("python_version < '3.10'", target) == false);
  CHECK(evaluate_marker("python_version >= '3.10'", target) == true);
  CHECK(evaluate_marker("python_version == '3.13'", target) == true);
  CHECK(evaluate_marker("python_full_version < '3.13.1'", target) == false);
  CHECK(evaluate_marker("platform_python_implementation == 'PyPy'", target) == false);
  CHECK(evaluate_marker("implementation_name == 'cpython' and python_version > '3.12'", target) == true);
  CHECK(evaluate_marker("sys_platform == 'win32'", target) == std::nullopt);
  CHECK(evaluate_marker("sys_platform == 'win32' and python_version < '3.9'", target) == false);
  CHECK(evaluate_marker("sys_platform == 'win32' or python_version < '3.9'", target) == std::nullopt);
  CHECK(evaluate_marker("(python_version < '3.9' or python_version >= '3.12') and extra == 'x'", target) == std::nullopt);
  CHECK(evaluate_marker("'3.1' in python_version", target) == true);
  CHECK(evaluate_marker("python_version < '3.10'", MarkerEnvironment{}) == std::nullopt);
  CHECK(evaluate_marker("python_version <", target) == std::nullopt);  // does not parse
}
