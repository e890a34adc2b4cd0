#pragma once
// libcurl's process-wide state, and the only place the library creates libcurl handles.
//
// curl_global_init runs once per process, on the first handle (never from a static
// initialiser), and curl_global_cleanup never runs. Why never: cleanup is not safe while any
// other code in the process may be using libcurl (the SDK cannot know), and every init after
// a cleanup would run libcurl's global-lock section again, a section a concurrent fork() can
// copy held into the child (see fork_guard.hpp). What it costs: libcurl's and the TLS
// library's global tables stay allocated until the process exits. libcurl counts its
// initialisations, so an application's own curl_global_init/cleanup pairs are unaffected.
//
// The calls that take libcurl's global lock (curl_global_init, curl_easy_init, and
// curl_multi_init for good measure) are made under ForkLock, so fork() waits for them.

#include <curl/curl.h>

namespace flameup::detail {

/// A new easy handle, or null if libcurl could not be initialised or allocate one.
CURL* new_easy_handle() noexcept;

/// A new multi handle, or null if libcurl could not be initialised or allocate one.
CURLM* new_multi_handle() noexcept;

}  // namespace flameup::detail
