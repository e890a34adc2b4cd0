# Installation and packaging: the exported flameup::flameup target, flameupConfig.cmake with
# its version file, and flameup.pc for non-CMake consumers.
# Install components, one per Debian package (FlameupPackage.cmake): `runtime` is the shared
# library, `dev` everything a build against it needs; the tools are `tools`.
include(CMakePackageConfigHelpers)

set(FLAMEUP_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/flameup")

install(TARGETS flameup EXPORT flameupTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT dev
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/flameup"
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev
  PATTERN "testing" EXCLUDE)  # installed with the testing component, below
install(FILES
  "${PROJECT_BINARY_DIR}/include/flameup/version.hpp"
  "${PROJECT_BINARY_DIR}/include/flameup/export.hpp"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/flameup" COMPONENT dev)

install(EXPORT flameupTargets
  NAMESPACE flameup::
  FILE flameupTargets.cmake
  DESTINATION ${FLAMEUP_CMAKE_DIR} COMPONENT dev)

# The optional component "testing": flameup::testing and its header, in an export set of
# its own, so that find_package(flameup) without the component neither needs nor loads it.
# flameupConfig.cmake reads FLAMEUP_TESTING_STATIC to find what a static archive links.
if(TARGET flameup_testing)
  install(TARGETS flameup_testing EXPORT flameupTestingTargets COMPONENT testing
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/flameup/testing" COMPONENT testing
    DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/flameup")
  install(EXPORT flameupTestingTargets COMPONENT testing
    NAMESPACE flameup::
    FILE flameupTestingTargets.cmake
    DESTINATION ${FLAMEUP_CMAKE_DIR})
endif()
if(BUILD_SHARED_LIBS)
  set(FLAMEUP_TESTING_STATIC OFF)
else()
  set(FLAMEUP_TESTING_STATIC ON)
endif()

configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/flameupConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/flameupConfig.cmake"
  INSTALL_DESTINATION ${FLAMEUP_CMAKE_DIR})
write_basic_package_version_file("${PROJECT_BINARY_DIR}/flameupConfigVersion.cmake"
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/flameupConfig.cmake"
  "${PROJECT_BINARY_DIR}/flameupConfigVersion.cmake"
  DESTINATION ${FLAMEUP_CMAKE_DIR} COMPONENT dev)

# pkg-config: a static libflameup needs libcurl and pthread at link time, hence Libs.private
# / Requires.private. Paths are made absolute at install time from CMAKE_INSTALL_PREFIX.
set(prefix "@prefix@")  # kept as a placeholder for the install-time pass
if(BUILD_SHARED_LIBS)
  set(FLAMEUP_PC_DEFINES "")
else()
  set(FLAMEUP_PC_DEFINES " -DFLAMEUP_STATIC_DEFINE")
endif()
configure_file("${PROJECT_SOURCE_DIR}/cmake/flameup.pc.in" "${PROJECT_BINARY_DIR}/flameup.pc.in" @ONLY)
unset(prefix)
install(CODE "
  set(prefix \"\${CMAKE_INSTALL_PREFIX}\")
  configure_file(\"${PROJECT_BINARY_DIR}/flameup.pc.in\" \"${PROJECT_BINARY_DIR}/flameup.pc\" @ONLY)
" COMPONENT dev)
install(FILES "${PROJECT_BINARY_DIR}/flameup.pc" DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig"
  COMPONENT dev)
