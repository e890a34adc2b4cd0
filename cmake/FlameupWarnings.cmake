# flameup_set_warnings(<target>): the project's warning set, applied to our own targets only
# (never to consumers). FLAMEUP_WARNINGS_AS_ERRORS turns them into errors (CI does).
function(flameup_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                             -Wno-sign-conversion -Wnon-virtual-dtor)
    if(FLAMEUP_WARNINGS_AS_ERRORS)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
endfunction()
