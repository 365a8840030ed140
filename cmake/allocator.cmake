# The gilfree binary allocates with jemalloc instead of glibc's malloc.
# tree-sitter allocates every syntax node on its own and frees a file's tree
# node by node; jemalloc's per-thread size classes make both cheaper and keep
# a tree's nodes close together, so the walks over it that every rule makes
# touch fewer cache lines (bench/scan.sh shows the difference).
# Sanitizer builds keep their own allocator: ASan must see every allocation.
option(GILFREE_JEMALLOC "Link the gilfree binary with jemalloc" ON)

function(gilfree_use_allocator target)
  if(NOT GILFREE_JEMALLOC OR GILFREE_SANITIZE)
    return()
  endif()
  find_library(GILFREE_JEMALLOC_LIBRARY NAMES jemalloc)
  if(NOT GILFREE_JEMALLOC_LIBRARY)
    message(FATAL_ERROR "jemalloc not found: install libjemalloc-dev (make setup does), or configure with -DGILFREE_JEMALLOC=OFF")
  endif()
  # --no-as-needed: the library must stay in the binary's needed list even if a
  # linker default drops libraries whose symbols libc also provides.
  target_link_libraries(${target} PRIVATE -Wl,--push-state,--no-as-needed ${GILFREE_JEMALLOC_LIBRARY} -Wl,--pop-state)
endfunction()
