# Every third-party dependency is found here and nowhere else.
# pkg-config for the C libraries Debian ships without CMake packages,
# CMake packages for the rest.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(libgit2 REQUIRED IMPORTED_TARGET libgit2)
# The tree-sitter core: Debian's libtree-sitter, or the vendored sources (see tree_sitter.cmake).
set(GILFREE_TREE_SITTER_CORE "system" CACHE STRING "tree-sitter core: system (pkg-config) or vendored (0.25 sources fetched at set-up)")
set_property(CACHE GILFREE_TREE_SITTER_CORE PROPERTY STRINGS vendored system)
if(GILFREE_TREE_SITTER_CORE STREQUAL "system")
  pkg_check_modules(tree_sitter REQUIRED IMPORTED_TARGET tree-sitter)
elseif(NOT GILFREE_TREE_SITTER_CORE STREQUAL "vendored")
  message(FATAL_ERROR "GILFREE_TREE_SITTER_CORE must be 'vendored' or 'system', not '${GILFREE_TREE_SITTER_CORE}'")
endif()
pkg_check_modules(re2 REQUIRED IMPORTED_TARGET re2)

find_package(CLI11 REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(fmt REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(Catch2 2 REQUIRED)
