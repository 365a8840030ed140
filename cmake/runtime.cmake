# The embedded free-threaded CPython, built by setup/cpython.sh into the
# cache. gilfree compiles against its headers (PyConfig's layout) but loads
# libpython with dlopen on first use, so that scanning and --help work even on a
# machine where the runtime is missing or broken.
set(GILFREE_RUNTIME_PREFIX "" CACHE PATH "prefix of the free-threaded CPython runtime")
file(GLOB _gilfree_python_config "${GILFREE_RUNTIME_PREFIX}/bin/python3.*t-config")
if(NOT _gilfree_python_config)
  message(FATAL_ERROR
    "free-threaded CPython runtime not found (GILFREE_RUNTIME_PREFIX='${GILFREE_RUNTIME_PREFIX}'); "
    "run 'make build', which builds it once into ~/.cache/gilfree, or pass -DGILFREE_RUNTIME_PREFIX=<prefix>")
endif()
list(GET _gilfree_python_config 0 _gilfree_python_config)
string(REGEX MATCH "python(3\\.[0-9]+)t-config$" _ "${_gilfree_python_config}")
set(GILFREE_PYTHON_MINOR "${CMAKE_MATCH_1}")
set(GILFREE_PYTHON_INCLUDE "${GILFREE_RUNTIME_PREFIX}/include/python${GILFREE_PYTHON_MINOR}t")
set(GILFREE_LIBPYTHON "${GILFREE_RUNTIME_PREFIX}/lib/libpython${GILFREE_PYTHON_MINOR}t.so")
if(NOT EXISTS "${GILFREE_PYTHON_INCLUDE}/Python.h" OR NOT EXISTS "${GILFREE_LIBPYTHON}")
  message(FATAL_ERROR "runtime at ${GILFREE_RUNTIME_PREFIX} is incomplete (no Python.h or libpython); delete it and run 'make build' again")
endif()
message(STATUS "gilfree runtime: CPython ${GILFREE_PYTHON_MINOR}t at ${GILFREE_RUNTIME_PREFIX}")

add_library(gilfree_python_headers INTERFACE)
target_include_directories(gilfree_python_headers SYSTEM INTERFACE ${GILFREE_PYTHON_INCLUDE})
target_compile_definitions(gilfree_python_headers INTERFACE
  GILFREE_RUNTIME_PREFIX="${GILFREE_RUNTIME_PREFIX}"
  GILFREE_PYTHON_MINOR="${GILFREE_PYTHON_MINOR}")
