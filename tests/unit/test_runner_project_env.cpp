#include <catch2/catch.hpp>

#include "runner/project_env.hpp"
#include "support/e2e.hpp"

using namespace gilfree::runner;
using gilfree::test::slurp_file;
using gilfree::test::TempDir;

TEST_CASE("env summary: one line, the directory relative to the root when it is inside it") {
  ProjectEnv env;
  env.dir = "/work/proj/.gilfree/env/0123456789abcdef";
  env.install = "editable";
  env.reused = true;
  CHECK(env_summary(env, "/work/proj") == "environment .gilfree/env/0123456789abcdef (reused; project: editable)");
  env.reused = false;
  env.build_seconds = 6.04;
  env.install = "sys.path (src)";
  CHECK(env_summary(env, "/work/other") ==
        "environment /work/proj/.gilfree/env/0123456789abcdef (built in 6.0 s; project: sys.path (src))");
}

TEST_CASE("state dir: a .gitignore is written once and one of the user's is kept") {
  TempDir dir;
  auto state = dir.path() / ".gilfree";
  ignore_state_dir(state);
  CHECK(slurp_file(state / ".gitignore").find("\n*\n") != std::string::npos);
  dir.write(".gilfree/.gitignore", "# mine\nenv/\n");
  ignore_state_dir(state);
  CHECK(slurp_file(state / ".gitignore") == "# mine\nenv/\n");
}
