#include "wire/request_builder.hpp"

#include "flameup/version.hpp"

namespace flameup::detail {

RequestBuilder::RequestBuilder(const ClientOptions& options, const BaseUrl& base)
    : url_(events_url(base, options.workspace_id)) {
  std::string user_agent = std::string("User-Agent: flameup-cpp/") + FLAMEUP_VERSION_STRING;
  if (!options.user_agent_suffix.empty()) user_agent += " " + options.user_agent_suffix;

  get_headers_ = {
      "Authorization: Bearer " + options.api_key,
      "Accept: application/json",
      std::move(user_agent),
  };
  fixed_headers_ = get_headers_;
  fixed_headers_.emplace_back("Content-Type: application/json");
  // An empty Expect: stops libcurl from waiting for "100 Continue" on larger bodies.
  fixed_headers_.emplace_back("Expect:");
}

HttpRequest RequestBuilder::build_get(std::string url) const {
  HttpRequest request;
  request.method = HttpMethod::get;
  request.url = std::move(url);
  request.headers = get_headers_;
  return request;
}

HttpRequest RequestBuilder::build(const PreparedEvent& event) const {
  PreparedEvent copy;
  copy.body = event.body;
  copy.idempotency_key = event.idempotency_key;
  return build(std::move(copy));
}

HttpRequest RequestBuilder::build(PreparedEvent&& event) const {
  HttpRequest request;
  request.url = url_;
  request.body = std::move(event.body);
  request.headers.reserve(fixed_headers_.size() + 1);
  request.headers.assign(fixed_headers_.begin(), fixed_headers_.end());
  request.headers.push_back("Idempotency-Key: " + event.idempotency_key);
  return request;
}

}  // namespace flameup::detail
