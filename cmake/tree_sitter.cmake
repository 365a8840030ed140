# The tree-sitter-python grammar is not packaged by Debian; runtime/setup/grammar.sh
# fetches it (pinned) into the cache and `make` passes its src/ directory here.
set(GILFREE_GRAMMAR_DIR "" CACHE PATH "tree-sitter-python src/ directory (parser.c, scanner.c)")
if(NOT EXISTS "${GILFREE_GRAMMAR_DIR}/parser.c")
  message(FATAL_ERROR
    "tree-sitter-python grammar not found (GILFREE_GRAMMAR_DIR='${GILFREE_GRAMMAR_DIR}'); "
    "run 'make build', which fetches it, or pass -DGILFREE_GRAMMAR_DIR=<tree-sitter-python>/src")
endif()
add_library(tree_sitter_python STATIC
  ${GILFREE_GRAMMAR_DIR}/parser.c ${GILFREE_GRAMMAR_DIR}/scanner.c)
target_include_directories(tree_sitter_python SYSTEM PRIVATE ${GILFREE_GRAMMAR_DIR})
set_target_properties(tree_sitter_python PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
target_compile_options(tree_sitter_python PRIVATE -w -O2)
