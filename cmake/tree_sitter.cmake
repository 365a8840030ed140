# The tree-sitter grammars are not packaged by Debian; runtime/setup/grammar.sh
# fetches them (pinned, ABI 14) into the cache and `make` passes their src/
# directories here. Python for scanning; C for projects' extension sources.
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
