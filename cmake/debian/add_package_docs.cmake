# CPack pre-build script (FlameupPackage.cmake): puts copyright and changelog.Debian.gz into
# <prefix>/share/doc/<package>/ of each Debian package's staging tree. Done here, not by
# install(), so that a plain `cmake --install` does not get Debian's files.
foreach(component IN LISTS CPACK_COMPONENTS_ALL)
  string(TOUPPER "${component}" upper)
  set(package "${CPACK_DEBIAN_${upper}_PACKAGE_NAME}")
  set(staging "${CPACK_TEMPORARY_DIRECTORY}/${component}")
  if(package STREQUAL "" OR NOT IS_DIRECTORY "${staging}")
    message(FATAL_ERROR "no staging tree or package name for component '${component}'")
  endif()
  # file(COPY), not file(INSTALL): CPack's DESTDIR is still set here and would be prepended.
  file(COPY "${CPACK_FLAMEUP_DEB_DOC_DIR}/copyright" "${CPACK_FLAMEUP_DEB_DOC_DIR}/changelog.Debian.gz"
    DESTINATION "${staging}${CPACK_PACKAGING_INSTALL_PREFIX}/share/doc/${package}"
    FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
endforeach()
