# `cmake --install build --prefix P`: P/bin/gilfree and P/share/gilfree/ (the data
# dir runtime/data_dir.cpp finds relative to the executable, so P can be moved).
# The embedded runtime is not installed: the binary keeps its compiled-in path
# (GILFREE_RUNTIME_PREFIX, overridable with GILFREE_RUNTIME at run time).
#
# A pip build (scikit-build-core) puts the binary into the environment's scripts
# dir and the data into <env>/share/gilfree: the same tree, the env as prefix.
if(SKBUILD)
  set(GILFREE_INSTALL_BINDIR "${SKBUILD_SCRIPTS_DIR}")
  set(GILFREE_INSTALL_DATADIR "${SKBUILD_DATA_DIR}/share/gilfree")
else()
  set(GILFREE_INSTALL_BINDIR bin)
  set(GILFREE_INSTALL_DATADIR share/gilfree)
endif()

install(TARGETS gilfree RUNTIME DESTINATION "${GILFREE_INSTALL_BINDIR}")
install(DIRECTORY rules/python/ DESTINATION "${GILFREE_INSTALL_DATADIR}/rules/python" FILES_MATCHING PATTERN "*.yaml")
install(DIRECTORY rules/c/ DESTINATION "${GILFREE_INSTALL_DATADIR}/rules/c" FILES_MATCHING PATTERN "*.yaml")
install(FILES rules/schema.json DESTINATION "${GILFREE_INSTALL_DATADIR}/rules")
install(DIRECTORY rules/packages/ DESTINATION "${GILFREE_INSTALL_DATADIR}/rules/packages" FILES_MATCHING PATTERN "*.yaml")
# The fixtures make `gilfree rules test` work on an installed copy too.
install(DIRECTORY tests/rules/python/ DESTINATION "${GILFREE_INSTALL_DATADIR}/rules/fixtures" FILES_MATCHING PATTERN "*.py")
install(DIRECTORY tests/rules/c/ DESTINATION "${GILFREE_INSTALL_DATADIR}/rules/fixtures/c" FILES_MATCHING PATTERN "*.c" PATTERN "*.cpp")
install(DIRECTORY runtime/python/ DESTINATION "${GILFREE_INSTALL_DATADIR}/python" FILES_MATCHING PATTERN "*.py")

# `cpack -G DEB` (make deb): the same tree under /usr. dpkg-shlibdeps fills in
# the shared libraries gilfree links (libgit2, yaml-cpp, re2, ...).
set(CPACK_PACKAGE_NAME gilfree)
set(CPACK_PACKAGE_VENDOR gilfree)
set(CPACK_PACKAGE_CONTACT "gilfree maintainers <gilfree@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "free-threading (no-GIL) migration checks for Python projects")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES TRUE)  # no debug info in the package (RelWithDebInfo builds carry ~100 MB)
include(CPack)
