#include "http/host_pinning.hpp"

#include <cstdlib>

#include "engine/deadline.hpp"
#include "http/curl_handle.hpp"
#include "platform/host_resolver.hpp"

namespace flameup::detail {
namespace {

HttpResponse failure(TransportStatus status, std::string message) {
  HttpResponse response;
  response.transport = status;
  response.transport_message = std::move(message);
  return response;
}

}  // namespace

std::vector<std::string> resolve_entries(std::string_view host, int port,
                                         const std::vector<std::string>& addresses) {
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  std::string target = ":" + std::to_string(port) + ":";
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    if (i > 0) target += ',';
    const bool v6 = addresses[i].find(':') != std::string::npos;
    target += v6 ? "[" + addresses[i] + "]" : addresses[i];
  }
  const std::string name(host);
  return {name + target, name + "." + target};
}

bool proxy_in_environment() {
  for (const char* name :
       {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && value[0] != '\0') return true;
  }
  return false;
}

std::optional<HttpResponse> pin_to_answer(CurlHandle& handle, const CurlSettings& settings,
                                          const HostLookup& lookup) {
  const std::vector<std::string> addresses = lookup.addresses();
  if (addresses.empty()) {
    return failure(TransportStatus::dns_failed,
                   "could not resolve host " + lookup.host() + ": " + lookup.error());
  }
  if (!handle.pin(resolve_entries(settings.lookup_host, settings.lookup_port, addresses))) {
    return failure(TransportStatus::internal, "could not pin the resolved address");
  }
  return std::nullopt;
}

HttpResponse lookup_timed_out(const CurlSettings& settings) {
  return failure(TransportStatus::timeout, "resolving host " + settings.lookup_host +
                                               " timed out after " +
                                               std::to_string(settings.connect_timeout_ms) +
                                               " ms");
}

std::chrono::steady_clock::time_point lookup_deadline(const CurlSettings& settings) {
  return deadline_after(std::chrono::steady_clock::now(),
                        std::chrono::milliseconds(settings.connect_timeout_ms));
}

}  // namespace flameup::detail
