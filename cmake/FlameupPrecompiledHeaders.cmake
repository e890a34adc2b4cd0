# Precompiled headers for the test programs and the emulator: GoogleTest, nlohmann/json,
# cpp-httplib and the standard headers they all include are parsed once per program instead
# of once per source file: parsing them is about a third of a test source's compile time
# (template instantiation and code generation, the rest, stay). A from-scratch build (CI's)
# gains. Only third-party and standard headers are precompiled: a source file that forgets to
# include one of ours still fails to compile, and builds without them (ccache) catch the rest.
#
# Off by default when compiling through ccache: ccache does not cache compilations that use a
# precompiled header (unless told to be sloppy about them), so a developer's rebuilds would
# lose every cache hit. Off by default with compilers other than GCC and Clang, where it is
# untried.
if(CMAKE_CXX_COMPILER_LAUNCHER MATCHES "ccache" OR "$ENV{CMAKE_CXX_COMPILER_LAUNCHER}" MATCHES "ccache"
   OR NOT CMAKE_CXX_COMPILER_ID MATCHES "^(GNU|Clang)$")
  set(flameup_pch_default OFF)
else()
  set(flameup_pch_default ON)
endif()
option(FLAMEUP_PRECOMPILED_HEADERS "Precompile third-party headers of the tests and the emulator"
       ${flameup_pch_default})

# The standard headers most test sources include.
set(FLAMEUP_PCH_STANDARD_HEADERS <algorithm> <atomic> <chrono> <condition_variable>
    <functional> <future> <map> <memory> <mutex> <optional> <set> <string> <string_view>
    <thread> <utility> <vector>)

# flameup_precompile_headers(<target> HEADERS <header>...): <target> compiles HEADERS once,
# into its own precompiled header.
function(flameup_precompile_headers target)
  cmake_parse_arguments(ARG "" "" "HEADERS" ${ARGN})
  if(FLAMEUP_PRECOMPILED_HEADERS)
    target_precompile_headers(${target} PRIVATE ${ARG_HEADERS})
  endif()
endfunction()

# flameup_reuse_precompiled_headers(<target> FROM <other>): <target> uses <other>'s precompiled
# header (same compile flags), for programs too small to pay for one of their own.
function(flameup_reuse_precompiled_headers target)
  cmake_parse_arguments(ARG "" "FROM" "" ${ARGN})
  if(FLAMEUP_PRECOMPILED_HEADERS)
    target_precompile_headers(${target} REUSE_FROM ${ARG_FROM})
  endif()
endfunction()
