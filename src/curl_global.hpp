#pragma once
// libcurl's global initialisation, done right: once, reference counted, thread-safe, and
// never from a static initializer (it runs when the first transport is built).

namespace flameup::detail {

/// Holds libcurl initialised while alive. Cheap to create after the first one.
class CurlGlobalRef {
 public:
  CurlGlobalRef();
  ~CurlGlobalRef();
  CurlGlobalRef(const CurlGlobalRef&) = delete;
  CurlGlobalRef& operator=(const CurlGlobalRef&) = delete;

  /// False if curl_global_init failed: every transfer will then fail cleanly.
  bool ok() const noexcept { return ok_; }

 private:
  bool ok_ = false;
};

}  // namespace flameup::detail
