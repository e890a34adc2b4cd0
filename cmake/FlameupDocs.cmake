# The API reference: the `docs` target runs Doxygen over the public headers into
# <build>/docs/html. Any Doxygen warning fails it, and an undocumented public symbol is one.
find_package(Doxygen REQUIRED)

# flameup_doxyfile(<doxyfile> OUTPUT <dir> HEADERS <file>... STRIP <dir>...): writes a
# Doxyfile from docs/Doxyfile.in that documents HEADERS into OUTPUT, naming each header by
# its path below one of the STRIP directories (`flameup/client.hpp`).
function(flameup_doxyfile doxyfile)
  cmake_parse_arguments(ARG "" "OUTPUT" "HEADERS;STRIP" ${ARGN})
  list(JOIN ARG_HEADERS "\" \"" headers)
  list(JOIN ARG_STRIP "\" \"" strip)
  set(FLAMEUP_DOCS_INPUT "\"${headers}\"")
  set(FLAMEUP_DOCS_OUTPUT "\"${ARG_OUTPUT}\"")
  set(FLAMEUP_DOCS_STRIP "\"${strip}\"")
  configure_file("${PROJECT_SOURCE_DIR}/docs/Doxyfile.in" "${doxyfile}" @ONLY)
endfunction()

# Every public header except the generated export.hpp (see docs/Doxyfile.in), plus the
# generated version.hpp, which is public API (kVersion).
file(GLOB FLAMEUP_PUBLIC_HEADERS CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/include/flameup/*.hpp")
set(FLAMEUP_DOXYFILE "${PROJECT_BINARY_DIR}/docs/Doxyfile")
flameup_doxyfile("${FLAMEUP_DOXYFILE}" OUTPUT "${PROJECT_BINARY_DIR}/docs"
  HEADERS ${FLAMEUP_PUBLIC_HEADERS} "${PROJECT_BINARY_DIR}/include/flameup/version.hpp"
  STRIP "${PROJECT_SOURCE_DIR}/include" "${PROJECT_BINARY_DIR}/include")

add_custom_target(docs
  COMMAND Doxygen::doxygen "${FLAMEUP_DOXYFILE}"
  WORKING_DIRECTORY "${PROJECT_BINARY_DIR}"
  COMMENT "API reference (Doxygen) in ${PROJECT_BINARY_DIR}/docs/html"
  VERBATIM)
