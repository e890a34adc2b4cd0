#pragma once
// Where a transfer connects, decided by the SDK rather than by libcurl's resolver: the
// answer of the SDK's resolver (platform/host_resolver.hpp), or the loopback addresses of
// `localhost`, handed to libcurl as CURLOPT_RESOLVE entries. libcurl then finds the name in
// its DNS cache and never starts a resolver thread of its own.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/transport.hpp"

namespace flameup::detail {

class CurlHandle;
class HostLookup;
struct CurlSettings;

/// CURLOPT_RESOLVE entries pinning @p host (with and without one trailing dot: whether
/// libcurl drops it before its cache lookup differs between versions) at @p port to
/// @p addresses (IPv6 ones in brackets).
std::vector<std::string> resolve_entries(std::string_view host, int port,
                                         const std::vector<std::string>& addresses);

/// True when libcurl would take a proxy from the environment (`http_proxy`, `https_proxy`,
/// `all_proxy`, either case): the proxy, not this machine, then resolves the API's name.
bool proxy_in_environment();

/// Pins @p handle to the answer of @p lookup (done). The response to report instead of
/// sending when the name did not resolve (TransportStatus::dns_failed) or the pin could not
/// be set (internal); nothing when the handle is ready.
std::optional<HttpResponse> pin_to_answer(CurlHandle& handle, const CurlSettings& settings,
                                          const HostLookup& lookup);

/// The response of a request whose lookup did not finish within connect_timeout.
HttpResponse lookup_timed_out(const CurlSettings& settings);

/// When a lookup started now must have finished: now + connect_timeout (clamped).
std::chrono::steady_clock::time_point lookup_deadline(const CurlSettings& settings);

}  // namespace flameup::detail
