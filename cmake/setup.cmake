# A build started by pip (pyproject.toml sets GILFREE_RUN_SETUP) has no `make`
# in front of it to run the set-up: run the same idempotent step here, before
# the grammars and the runtime are looked for, and read the cache file it writes.
option(GILFREE_RUN_SETUP "run setup/all.sh at configure time (pip builds)" OFF)
if(GILFREE_RUN_SETUP)
  set(_gilfree_setup_cache "${CMAKE_BINARY_DIR}/setup.cmake")
  message(STATUS "gilfree: running setup/all.sh (Debian packages, grammars, free-threaded CPython)")
  execute_process(COMMAND "${CMAKE_CURRENT_SOURCE_DIR}/setup/all.sh" "${_gilfree_setup_cache}"
                  RESULT_VARIABLE _gilfree_setup_status)
  if(NOT _gilfree_setup_status EQUAL 0)
    message(FATAL_ERROR "gilfree set-up failed (exit ${_gilfree_setup_status}); its last line above says what to do")
  endif()
  include("${_gilfree_setup_cache}")
endif()
