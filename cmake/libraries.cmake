# gilfree_library(<folder> [PUBLIC deps...] [PRIVATE deps...] [EXCLUDE files...])
# A static library gilfree_<folder> from <folder>/*.cpp ('/' in a sub-folder's
# path becomes '_': scanners/engine -> gilfree_scanners_engine); skipped while
# the folder has no sources yet. A folder may include only what it links, so
# the link line is where the one-way arrows between folders are kept.
function(gilfree_library folder)
  cmake_parse_arguments(ARG "" "" "PUBLIC;PRIVATE;EXCLUDE" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${folder}/*.cpp)
  foreach(excluded IN LISTS ARG_EXCLUDE)
    list(REMOVE_ITEM sources ${CMAKE_CURRENT_SOURCE_DIR}/${folder}/${excluded})
  endforeach()
  string(REPLACE "/" "_" target "gilfree_${folder}")
  if(sources)
    add_library(${target} STATIC ${sources})
    target_include_directories(${target} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
    target_link_libraries(${target} PUBLIC ${ARG_PUBLIC} PRIVATE ${ARG_PRIVATE} gilfree_warnings)
    target_compile_definitions(${target} PUBLIC GILFREE_VERSION="${PROJECT_VERSION}")
  else()
    add_library(${target} INTERFACE)
    target_link_libraries(${target} INTERFACE ${ARG_PUBLIC})
  endif()
endfunction()
