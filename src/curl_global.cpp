#include "curl_global.hpp"

#include <curl/curl.h>

#include <mutex>

namespace flameup::detail {
namespace {

// Serialises our own init/cleanup calls. libcurl's global functions are only thread-safe
// against each other when curl_version_info() reports CURL_VERSION_THREADSAFE; without it
// we cannot protect against the application calling them concurrently, so we never run
// cleanup in that case (libcurl then stays initialised until the process exits).
std::mutex g_mutex;
int g_users = 0;
bool g_initialised = false;
bool g_thread_safe = false;

}  // namespace

CurlGlobalRef::CurlGlobalRef() {
  std::lock_guard<std::mutex> lock(g_mutex);
  if (!g_initialised) {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return;
    g_initialised = true;
    const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
#ifdef CURL_VERSION_THREADSAFE
    g_thread_safe = info != nullptr && (info->features & CURL_VERSION_THREADSAFE) != 0;
#else
    (void)info;
#endif
  }
  ++g_users;
  ok_ = true;
}

CurlGlobalRef::~CurlGlobalRef() {
  if (!ok_) return;
  std::lock_guard<std::mutex> lock(g_mutex);
  if (--g_users == 0 && g_thread_safe) {
    curl_global_cleanup();
    g_initialised = false;
  }
}

}  // namespace flameup::detail
