# Debian packages, built by CPack from an install of this tree (scripts/make-deb.sh):
#   libflameup0     runtime   the shared library (libflameup.so.0)
#   libflameup-dev  dev       headers, the libflameup.so link, CMake package, flameup.pc
#   flameup-tools   tools     the flameup CLI and the flameup-devserver emulator
# The split is Debian's own for libraries: programs depend on the runtime package alone, and
# a later libflameup1 can be installed next to libflameup0.
# Meant for a shared build installed to /usr (the `deb` preset); the install components it
# relies on are set in FlameupInstall.cmake and around the tools in the top-level file.

set(FLAMEUP_DEB_SOURCE flameup)
set(FLAMEUP_DEB_REVISION 1)
set(FLAMEUP_DEB_VERSION "${PROJECT_VERSION}-${FLAMEUP_DEB_REVISION}")
set(FLAMEUP_DEB_MAINTAINER "flameup-cpp authors <sdk@flameup.ai>")
set(FLAMEUP_DEB_RUNTIME "libflameup${PROJECT_VERSION_MAJOR}")

# --- copyright and changelog, which every Debian package carries in /usr/share/doc/<name> --
# copyright: the machine-readable form, holding the MIT text of LICENSE.
file(READ "${PROJECT_SOURCE_DIR}/LICENSE" license)
if(NOT license MATCHES "Copyright \\(c\\) ([^\n]+)\n(.*)$")
  message(FATAL_ERROR "LICENSE has no 'Copyright (c) ...' line")
endif()
set(FLAMEUP_COPYRIGHT_HOLDER "${CMAKE_MATCH_1}")
string(STRIP "${CMAKE_MATCH_2}" license_text)
# Each line indented by one space; an empty line inside a field is written " .".
string(REPLACE "\n" ";" license_lines "${license_text}")
set(FLAMEUP_LICENSE_TEXT "")
foreach(line IN LISTS license_lines)
  if(line STREQUAL "")
    set(line ".")
  endif()
  string(APPEND FLAMEUP_LICENSE_TEXT " ${line}\n")
endforeach()
string(REGEX REPLACE "\n$" "" FLAMEUP_LICENSE_TEXT "${FLAMEUP_LICENSE_TEXT}")
set(deb_dir "${PROJECT_BINARY_DIR}/debian")
configure_file("${PROJECT_SOURCE_DIR}/cmake/debian/copyright.in" "${deb_dir}/copyright" @ONLY)

# changelog.Debian.gz: one entry for this version, dated by SOURCE_DATE_EPOCH when set (a
# reproducible build), else now; compressed as Debian wants it (gzip -9, no name or time).
string(TIMESTAMP FLAMEUP_DEB_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
configure_file("${PROJECT_SOURCE_DIR}/cmake/debian/changelog.in" "${deb_dir}/changelog.Debian" @ONLY)
execute_process(COMMAND gzip -9nc "${deb_dir}/changelog.Debian"
  OUTPUT_FILE "${deb_dir}/changelog.Debian.gz" RESULT_VARIABLE gzip_status)
if(NOT gzip_status EQUAL 0)
  message(FATAL_ERROR "gzip failed (${gzip_status}) on ${deb_dir}/changelog.Debian")
endif()

# Added to each package's staging tree by a CPack script, not installed by `cmake --install`.
set(CPACK_FLAMEUP_DEB_DOC_DIR "${deb_dir}")
set(CPACK_PRE_BUILD_SCRIPTS "${PROJECT_SOURCE_DIR}/cmake/debian/add_package_docs.cmake")

# --- CPack ----------------------------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ${FLAMEUP_DEB_SOURCE})
set(CPACK_PACKAGE_VENDOR "flameup-cpp authors")
set(CPACK_PACKAGE_CONTACT "${FLAMEUP_DEB_MAINTAINER}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY flameup)
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL runtime dev tools)
set(CPACK_DEB_COMPONENT_INSTALL ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${FLAMEUP_DEB_REVISION})
set(CPACK_DEBIAN_PACKAGE_SOURCE ${FLAMEUP_DEB_SOURCE})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${FLAMEUP_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://flameup.ai")
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends on the shared libraries each package links, found by dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libflameup.so.0 is not installed on the building machine: dpkg-shlibdeps finds it in the
# build tree, and the tools package depends on libflameup0 through the component dependency.
get_target_property(flameup_binary_dir flameup BINARY_DIR)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS "${flameup_binary_dir}")
# A shlibs file (only libflameup0 holds a shared library), so that programs built against the
# library depend on this version or later.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
# Component dependencies become exact-version Depends (libflameup-dev needs the same build).
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)
set(CPACK_COMPONENT_DEV_DEPENDS runtime)
set(CPACK_COMPONENT_TOOLS_DEPENDS runtime)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME ${FLAMEUP_DEB_RUNTIME})
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION libs)
# dpkg-shlibdeps finds libcurl4; close() needs 7.87 (CURLOPT_QUICK_EXIT), as the build does.
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS "libcurl4 (>= 7.87)")
# dpkg runs ldconfig once after installing libraries: the trigger Debian asks every library
# package for (CPack also writes postinst/postrm scripts that call ldconfig themselves).
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_EXTRA "${PROJECT_SOURCE_DIR}/cmake/debian/triggers")

set(CPACK_DEBIAN_RUNTIME_DESCRIPTION "${PROJECT_DESCRIPTION} (shared library)
flameup-cpp records user events through the Flameup event-tracking HTTP
API: a synchronous track() with typed results and retries, and a
non-blocking enqueue() whose background engine delivers over kept-alive
connections within the rate limit.
.
This package contains the shared library.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libflameup-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
# nlohmann/json is part of the public API; the CMake package also looks for libcurl and
# SQLite (what a static libflameup links).
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
  "nlohmann-json3-dev (>= 3.10), libcurl4-openssl-dev (>= 7.87) | libcurl-dev, libsqlite3-dev")
set(CPACK_DEBIAN_DEV_DESCRIPTION "${PROJECT_DESCRIPTION} (development files)
flameup-cpp records user events through the Flameup event-tracking HTTP
API.
.
This package contains the headers, the CMake package (find_package(flameup),
target flameup::flameup) and the pkg-config file (flameup).")

set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME flameup-tools)
set(CPACK_DEBIAN_TOOLS_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_TOOLS_DESCRIPTION "Command-line tool and local emulator for the Flameup API
flameup tracks, imports and lists events from a shell. flameup-devserver
emulates the Flameup event-tracking API on a local port, with fault modes,
for offline development and tests.")

include(CPack)
