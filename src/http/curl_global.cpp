#include "http/curl_global.hpp"

#include "platform/fork_guard.hpp"

namespace flameup::detail {
namespace {

// Guarded by ForkLock: new handles are rare (the transports keep theirs), so one lock for
// both is no cost.
bool g_initialised = false;

// Call with ForkLock held. A failed init is tried again by the next handle.
bool initialised_locked() noexcept {
  if (!g_initialised) g_initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  return g_initialised;
}

}  // namespace

CURL* new_easy_handle() noexcept {
  const ForkLock lock;
  return initialised_locked() ? curl_easy_init() : nullptr;
}

CURLM* new_multi_handle() noexcept {
  const ForkLock lock;
  return initialised_locked() ? curl_multi_init() : nullptr;
}

}  // namespace flameup::detail
