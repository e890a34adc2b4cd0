#pragma once
// Builds the HttpRequest for a PreparedEvent (URL, Authorization, Content-Type, User-Agent,
// Idempotency-Key) and the GET of the list route (Authorization, Accept, User-Agent). Built
// once per client from validated options.

#include <string>
#include <vector>

#include "flameup/client_options.hpp"
#include "wire/prepared_event.hpp"
#include "http/transport.hpp"
#include "wire/url.hpp"

namespace flameup::detail {

class RequestBuilder {
 public:
  /// @p options must have passed validate(); @p base is their parsed `base_url`.
  RequestBuilder(const ClientOptions& options, const BaseUrl& base);
  HttpRequest build(const PreparedEvent& event) const;
  /// The same, taking the body over instead of copying it (track(): the event is not kept).
  HttpRequest build(PreparedEvent&& event) const;
  /// A GET of @p url (the events URL with a query, see list_codec.hpp).
  HttpRequest build_get(std::string url) const;
  const std::string& url() const noexcept { return url_; }

 private:
  std::string url_;
  std::vector<std::string> fixed_headers_;  // POST
  std::vector<std::string> get_headers_;
};

}  // namespace flameup::detail
