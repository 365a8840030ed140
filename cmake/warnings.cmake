# Warnings for our own code only (an INTERFACE target linked privately), never
# for the grammar's generated C or third-party headers.
add_library(gilfree_warnings INTERFACE)
target_compile_options(gilfree_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual -Wconversion -Wsign-conversion
  -Wnull-dereference -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
option(GILFREE_WERROR "Treat warnings as errors" OFF)
if(GILFREE_WERROR)
  target_compile_options(gilfree_warnings INTERFACE -Werror)
endif()
