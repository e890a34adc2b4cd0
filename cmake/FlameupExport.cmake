# The library's ABI: which symbols a shared libflameup exports.
#
# Only the public API is exported: every declaration in include/flameup/ that the library
# defines carries FLAMEUP_EXPORT, from the generated header flameup/export.hpp; everything
# else (the flameup::detail namespaces, inline functions) is compiled with hidden visibility.
#
# The macro has three meanings, chosen by two definitions:
#   flameup_EXPORTS        building a shared libflameup: export (dllexport on Windows)
#   FLAMEUP_STATIC_DEFINE  a static libflameup, building or using it: empty
#   neither                using a shared libflameup: import (dllimport on Windows)
# On GCC and Clang both export and import mean visibility("default").
#
# A new public header includes "flameup/export.hpp" and marks what the library defines, with
# the macro where MSVC needs it:
#   FLAMEUP_EXPORT Result free_function(Args);        before the return type
#   class FLAMEUP_EXPORT Name { ... };                 a class with out-of-line members
#   static FLAMEUP_EXPORT Result member(Args);         one member of an otherwise inline struct
# A new member function of an exported class (Client) needs nothing. Types whose members
# are all inline need nothing. tests/package/consumer.cpp calls every exported function, so
# a missing mark fails to link against the shared install; tests/abi/check_exports.sh
# fails on one too many.
include(GenerateExportHeader)

# flameup_generate_export_header(<target>): writes <build>/include/flameup/export.hpp.
function(flameup_generate_export_header target)
  generate_export_header(${target}
    BASE_NAME FLAMEUP
    EXPORT_FILE_NAME "${PROJECT_BINARY_DIR}/include/flameup/export.hpp")
endfunction()

# flameup_hide_internal_symbols(<target>): nothing is exported unless marked FLAMEUP_EXPORT.
function(flameup_hide_internal_symbols target)
  set_target_properties(${target} PROPERTIES
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
endfunction()

# flameup_mark_export_side(<target>): <target> compiles the library's own sources, so the
# macro exports (shared build) or is empty (static build).
function(flameup_mark_export_side target)
  if(BUILD_SHARED_LIBS)
    target_compile_definitions(${target} PRIVATE flameup_EXPORTS)
  else()
    target_compile_definitions(${target} PRIVATE FLAMEUP_STATIC_DEFINE)
  endif()
endfunction()

# flameup_static_consumers(<target>): code linking the static library <target> sees an empty
# FLAMEUP_EXPORT (no dllimport of symbols that are linked in).
function(flameup_static_consumers target)
  target_compile_definitions(${target} INTERFACE FLAMEUP_STATIC_DEFINE)
endfunction()
