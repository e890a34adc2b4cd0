#pragma once
// The libcurl plumbing the two hand-written baselines share: one reusable easy handle set up
// for one POST of the documented request. Written the way a careful application would (no
// signals, bounded transfers, no `Expect: 100-continue`), so that the baselines are fair
// competitors of the SDK rather than straw men.

#include <curl/curl.h>

#include <string>

#include "sample_event.hpp"

namespace flameup::bench {

/// A reusable easy handle plus the buffers of its current request.
class CurlPost {
 public:
  CurlPost();
  ~CurlPost();
  CurlPost(const CurlPost&) = delete;
  CurlPost& operator=(const CurlPost&) = delete;

  /// Prepares the handle to POST event @p index to @p target (new body, new idempotency key).
  void prepare(const Target& target, std::size_t index);
  /// After the transfer: true when it ended with HTTP 200 and a success body.
  bool succeeded(CURLcode code);
  /// A short description of the last failure (never includes request headers).
  std::string failure(CURLcode code);

  CURL* handle() const { return handle_; }

 private:
  static size_t on_body(char* data, size_t size, size_t count, void* self);

  CURL* handle_ = nullptr;
  curl_slist* headers_ = nullptr;
  std::string url_;
  std::string body_;
  std::string response_;
};

}  // namespace flameup::bench
