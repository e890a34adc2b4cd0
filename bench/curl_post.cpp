#include "curl_post.hpp"

namespace flameup::bench {

CurlPost::CurlPost() : handle_(curl_easy_init()) {}

CurlPost::~CurlPost() {
  curl_slist_free_all(headers_);
  if (handle_ != nullptr) curl_easy_cleanup(handle_);
}

void CurlPost::prepare(const Target& target, std::size_t index) {
  body_ = sample_body(index);
  response_.clear();
  curl_slist_free_all(headers_);
  headers_ = nullptr;
  for (const auto& line : request_headers(target, random_uuid())) {
    headers_ = curl_slist_append(headers_, line.c_str());
  }
  if (url_.empty()) {
    // Options that do not change between events are set once; the handle keeps them.
    url_ = target.events_url();
    curl_easy_setopt(handle_, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(handle_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle_, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(handle_, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(handle_, CURLOPT_WRITEFUNCTION, &CurlPost::on_body);
    curl_easy_setopt(handle_, CURLOPT_WRITEDATA, this);
  }
  curl_easy_setopt(handle_, CURLOPT_HTTPHEADER, headers_);
  curl_easy_setopt(handle_, CURLOPT_POSTFIELDS, body_.c_str());
  curl_easy_setopt(handle_, CURLOPT_POSTFIELDSIZE, static_cast<long>(body_.size()));
}

bool CurlPost::succeeded(CURLcode code) {
  if (code != CURLE_OK) return false;
  long status = 0;
  curl_easy_getinfo(handle_, CURLINFO_RESPONSE_CODE, &status);
  return status == 200 && response_.find("\"success\":true") != std::string::npos;
}

std::string CurlPost::failure(CURLcode code) {
  if (code != CURLE_OK) return std::string("curl: ") + curl_easy_strerror(code);
  long status = 0;
  curl_easy_getinfo(handle_, CURLINFO_RESPONSE_CODE, &status);
  return "HTTP " + std::to_string(status) + ": " + response_.substr(0, 120);
}

size_t CurlPost::on_body(char* data, size_t size, size_t count, void* self) {
  auto* post = static_cast<CurlPost*>(self);
  post->response_.append(data, size * count);
  return size * count;
}

}  // namespace flameup::bench
