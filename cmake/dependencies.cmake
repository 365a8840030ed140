# Every third-party dependency is found here and nowhere else.
# pkg-config for the C libraries Debian ships without CMake packages,
# CMake packages for the rest.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(libgit2 REQUIRED IMPORTED_TARGET libgit2)
# The tree-sitter core is compiled from its pinned sources (see tree_sitter.cmake).
pkg_check_modules(re2 REQUIRED IMPORTED_TARGET re2)

find_package(CLI11 REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(fmt REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(Catch2 2 REQUIRED)
