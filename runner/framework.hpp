#pragma once
#include <filesystem>

#include "runner/run_options.hpp"

namespace gilfree::runner {

// pytest when the project configures it (pytest.ini, conftest.py, [tool.pytest...]
// in pyproject.toml, [tool:pytest] in setup.cfg, [pytest] in tox.ini) or a test
// file imports it; unittest when test files only use unittest; pytest otherwise
// (it also runs unittest-style tests).
Framework detect_framework(const std::filesystem::path& root);

}  // namespace gilfree::runner
