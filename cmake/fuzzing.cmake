# Fuzz targets: tests/fuzz/fuzz_<name>.cpp, each defining LLVMFuzzerTestOneInput,
# with seeds in tests/fuzz/corpus/<name>/.
# - Every build replays the seed corpus through each target (a CTest test per
#   target, plain compiler, tests/fuzz/replay_main.cpp), so a crash once found
#   and saved as a seed stays fixed.
# - GILFREE_FUZZ=ON (clang only, see bench/fuzz.sh) links the targets with
#   libFuzzer + ASan + UBSan for real fuzzing.
option(GILFREE_FUZZ "Build libFuzzer targets (needs clang)" OFF)
if(GILFREE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "GILFREE_FUZZ needs clang: CC=clang CXX=clang++ (bench/fuzz.sh does this)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

function(gilfree_fuzz_targets)
  file(GLOB targets CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/fuzz_*.cpp)
  foreach(source IN LISTS targets)
    get_filename_component(target ${source} NAME_WE)
    string(REGEX REPLACE "^fuzz_" "" name ${target})
    if(GILFREE_FUZZ)
      add_executable(${target} ${source})
      target_link_options(${target} PRIVATE -fsanitize=fuzzer)
    else()
      add_executable(${target} ${source} fuzz/replay_main.cpp)
      add_test(NAME "fuzz replay: ${name}" COMMAND ${target} ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/${name})
    endif()
    target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
    target_link_libraries(${target} PRIVATE gilfree_scanners gilfree_runner gilfree_report
      gilfree_runtime gilfree_warnings)
  endforeach()
endfunction()
