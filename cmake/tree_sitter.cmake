# The tree-sitter grammars are not packaged by Debian; setup/grammar.sh
# fetches them (pinned, ABI 14) into the cache and `make` passes their src/
# directories here. Python for scanning; C for projects' extension sources.
#
# The core is tree-sitter 0.25.0 compiled from its C sources (npm package
# `tree-sitter`, vendor/tree-sitter/lib, fetched at set-up like the grammars,
# never committed), not Debian's libtree-sitter 0.20.7: the scanner walks the
# tree once through the core's own tree layout (scanners/engine/tree_sitter_walk.c),
# which needs the exact, pinned version's private headers. It is reached as
# PkgConfig::tree_sitter, the name the system library had.
set(GILFREE_TREE_SITTER_CORE_DIR "" CACHE PATH "tree-sitter core lib/ directory (src/lib.c, include/)")
set(core "${GILFREE_TREE_SITTER_CORE_DIR}")
if(NOT EXISTS "${core}/src/lib.c")
  message(FATAL_ERROR
    "tree-sitter core sources not found (GILFREE_TREE_SITTER_CORE_DIR='${core}'); run 'make build', which "
    "fetches them, or pass -DGILFREE_TREE_SITTER_CORE_DIR=<npm package tree-sitter 0.25.0>/vendor/tree-sitter/lib")
endif()
add_library(tree_sitter_core STATIC ${core}/src/lib.c)
target_include_directories(tree_sitter_core SYSTEM PUBLIC ${core}/include)
target_include_directories(tree_sitter_core SYSTEM PRIVATE ${core}/src ${core}/src/wasm)
target_compile_definitions(tree_sitter_core PRIVATE _POSIX_C_SOURCE=200112L _DEFAULT_SOURCE)
set_target_properties(tree_sitter_core PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
target_compile_options(tree_sitter_core PRIVATE -w -O2)
add_library(PkgConfig::tree_sitter ALIAS tree_sitter_core)

# Our walker over the core's private tree layout, with our warnings on.
add_library(tree_sitter_walk STATIC ${CMAKE_CURRENT_SOURCE_DIR}/scanners/engine/tree_sitter_walk.c)
target_include_directories(tree_sitter_walk SYSTEM PRIVATE ${core}/src)
set_target_properties(tree_sitter_walk PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
target_compile_options(tree_sitter_walk PRIVATE -Wall -Wextra -O2)
target_link_libraries(tree_sitter_walk PUBLIC tree_sitter_core)

function(gilfree_grammar target dir_var)
  set(${dir_var} "" CACHE PATH "${target} grammar src/ directory (parser.c)")
  set(dir "${${dir_var}}")
  if(NOT EXISTS "${dir}/parser.c")
    message(FATAL_ERROR
      "${target} grammar not found (${dir_var}='${dir}'); run 'make build', which fetches it, "
      "or pass -D${dir_var}=<grammar>/src")
  endif()
  file(GLOB sources ${dir}/parser.c ${dir}/scanner.c)
  add_library(${target} STATIC ${sources})
  target_include_directories(${target} SYSTEM PRIVATE ${dir})
  set_target_properties(${target} PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
  target_compile_options(${target} PRIVATE -w -O2)
endfunction()

gilfree_grammar(tree_sitter_python GILFREE_PYTHON_GRAMMAR_DIR)
gilfree_grammar(tree_sitter_c GILFREE_C_GRAMMAR_DIR)
