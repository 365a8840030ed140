# Warnings for our own code only (an INTERFACE target linked privately), never
# for the grammars' generated C or third-party headers.
# -Wnull-dereference is left out: g++ 12 reports false positives inside CLI11.
add_library(gilfree_warnings INTERFACE)
target_compile_options(gilfree_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual -Wconversion -Wsign-conversion
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
option(GILFREE_WERROR "Treat warnings as errors" OFF)
if(GILFREE_WERROR)
  target_compile_options(gilfree_warnings INTERFACE -Werror)
endif()
