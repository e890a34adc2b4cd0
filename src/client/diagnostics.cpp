// diagnose(): the steps of `flameup doctor`, each with a verdict and, on failure, a fix.
// Order and dependencies: configuration -> dns -> tcp -> tls -> api_key -> rate_limit; the
// clock needs any HTTP answer (the api_key step's), even a refusal.
#include "flameup/diagnostics.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <string_view>

#include "client/connection_probe.hpp"
#include "http/curl_handle.hpp"
#include "platform/ip_address.hpp"
#include "text/result_sanitizer.hpp"
#include "wire/list_codec.hpp"
#include "wire/request_builder.hpp"
#include "wire/url.hpp"

namespace flameup {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

// Rate-limit numbers beyond this are nonsense from the server; clamped before arithmetic.
constexpr std::int64_t kMaxHeaderNumber = 1'000'000'000'000LL;
// An X-RateLimit-Reset below this is a number of seconds, above it a Unix time.
constexpr std::int64_t kUnixTimeFloor = 1'000'000'000LL;

std::optional<std::int64_t> header_number(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return std::clamp<std::int64_t>(value, 0, kMaxHeaderNumber);
}

std::string ms(long count) { return std::to_string(count) + " ms"; }

class Diagnosis {
 public:
  explicit Diagnosis(const ClientOptions& options) : options_(options), clean_(options.api_key) {}

  DiagnosticReport run() {
    if (check_configuration()) {
      const detail::ConnectionProbe probe = detail::probe_connection(options_, base_, events_url_);
      report_.address = probe.address;
      report_.tls_version = probe.tls_version;
      check_connection(probe);
      if (passed(CheckId::tls)) {
        check_key();
      } else {
        skip(CheckId::api_key, "tls");
      }
      check_rate_limit();
      check_clock();
    }
    return std::move(report_);
  }

 private:
  // Text from outside (the options, libcurl, the server), made printable and key-free before
  // it joins a summary; the summaries' own words need no cleaning.
  std::string outside(std::string text) const {
    clean_.clean(text);
    return text;
  }
  void add(CheckId id, CheckStatus status, std::string summary, std::string hint = {}) {
    report_.checks.push_back({id, status, std::move(summary), std::move(hint)});
  }
  void skip(CheckId id, const char* needs) {
    add(id, CheckStatus::skipped, std::string("needs the ") + needs + " step");
  }
  bool passed(CheckId id) const {
    for (const CheckResult& check : report_.checks) {
      if (check.id == id) {
        return check.status == CheckStatus::passed || check.status == CheckStatus::not_applicable;
      }
    }
    return false;
  }

  bool check_configuration();
  void check_connection(const detail::ConnectionProbe& probe);
  void check_dns(const detail::ConnectionProbe& probe);
  void check_tcp(const detail::ConnectionProbe& probe);
  void check_tls(const detail::ConnectionProbe& probe);
  void check_key();
  void check_rate_limit();
  void check_clock();

  const ClientOptions& options_;
  detail::ResultSanitizer clean_;
  DiagnosticReport report_;
  detail::BaseUrl base_;
  std::string events_url_;
  detail::HttpResponse answer_;  // of the api_key step
  system_clock::time_point answered_at_;
};

bool Diagnosis::check_configuration() {
  const Error problem = validate(options_);
  std::string why;
  if (problem || !detail::parse_base_url(options_.base_url, base_, why)) {
    const std::string& message = problem ? problem.message : why;
    const std::string field = message.substr(0, message.find(':'));
    const std::string hint =
        field == "api_key" ? "set the API key (FLAMEUP_API_KEY): copy it from the dashboard"
        : field == "workspace_id"
            ? "set the workspace id (FLAMEUP_WORKSPACE_ID, flameup --workspace)"
        : field == "base_url" ? "set the base URL (FLAMEUP_BASE_URL, flameup --base-url), e.g. "
                                "https://api.flameup.ai/api/v1; http:// only to a loopback host"
                              : "fix the option named in the message";
    add(CheckId::configuration, CheckStatus::failed, outside(message), hint);
    for (const auto id : {CheckId::dns, CheckId::tcp, CheckId::tls, CheckId::api_key,
                          CheckId::rate_limit, CheckId::clock}) {
      skip(id, "configuration");
    }
    return false;
  }
  events_url_ = detail::events_url(base_, options_.workspace_id);
  add(CheckId::configuration, CheckStatus::passed,
      "key set, workspace " + outside(options_.workspace_id) + ", base URL " +
          outside(options_.base_url));
  return true;
}

void Diagnosis::check_connection(const detail::ConnectionProbe& probe) {
  check_dns(probe);
  if (passed(CheckId::dns)) {
    check_tcp(probe);
  } else {
    skip(CheckId::tcp, "dns");
  }
  if (passed(CheckId::tcp)) {
    check_tls(probe);
  } else {
    skip(CheckId::tls, "tcp");
  }
}

void Diagnosis::check_dns(const detail::ConnectionProbe& probe) {
  const std::string host = outside(base_.host);
  if (!probe.resolved) {
    add(CheckId::dns, CheckStatus::failed, host + " does not resolve: " + outside(probe.error),
        "check the host name in the base URL, and this machine's DNS (/etc/resolv.conf), "
        "or its proxy");
  } else if (detail::is_localhost_name(host)) {
    add(CheckId::dns, CheckStatus::passed, host + " is pinned to 127.0.0.1 and ::1 (no lookup)");
  } else if (detail::parse_ipv4_literal(host) || detail::parse_ipv6_literal(host)) {
    add(CheckId::dns, CheckStatus::passed, host + " is an address (no lookup)");
  } else if (probe.address.empty()) {
    add(CheckId::dns, CheckStatus::passed, host + " resolves (" + ms(probe.lookup_ms) + ")");
  } else {
    add(CheckId::dns, CheckStatus::passed,
        host + " resolves to " + probe.address + " (" + ms(probe.lookup_ms) + ")");
  }
}

void Diagnosis::check_tcp(const detail::ConnectionProbe& probe) {
  const std::string where =
      outside(probe.address.empty() ? base_.host : probe.address) + ":" +
      std::to_string(probe.port > 0 ? probe.port : detail::effective_port(base_));
  if (probe.connected) {
    add(CheckId::tcp, CheckStatus::passed,
        "connected to " + where + " (" + ms(probe.connect_ms) + ")");
    return;
  }
  add(CheckId::tcp, CheckStatus::failed, "cannot connect to " + where + ": " + outside(probe.error),
      "check that the server runs and listens on that port (the port in the base URL), and "
      "that no firewall or proxy is in the way");
}

void Diagnosis::check_tls(const detail::ConnectionProbe& probe) {
  if (base_.scheme == "http") {
    add(CheckId::tls, CheckStatus::not_applicable, "plain http: no TLS");
    return;
  }
  if (!probe.tls_done) {
    const bool certificate = probe.error.find("certificate") != std::string::npos;
    add(CheckId::tls, CheckStatus::failed, "handshake failed: " + outside(probe.error),
        certificate ? "the server's certificate is not trusted here, or is not for this host "
                      "name: give the CA that signed it (ca_file, flameup --ca-file FILE), or "
                      "update the system's CA certificates (ca-certificates)"
                    : "check that the URL's port speaks https, and the proxy settings");
    return;
  }
  const std::string version = probe.tls_version.empty() ? "TLS" : outside(probe.tls_version);
  add(CheckId::tls, CheckStatus::passed,
      version +
          (options_.verify_tls ? ", certificate verified"
                               : ", certificate NOT verified (verify_tls is off)") +
          " (" + ms(probe.tls_ms) + ")");
}

void Diagnosis::check_key() {
  EventQuery query;
  query.limit = 1;
  const detail::RequestBuilder builder(options_, base_);
  const detail::HttpRequest request = builder.build_get(detail::list_url(builder.url(), query));
  const std::unique_ptr<detail::CurlHandle> handle =
      detail::CurlHandle::create(detail::CurlSettings(options_, base_));
  if (!handle || !handle->prepare(request)) {
    add(CheckId::api_key, CheckStatus::failed, "libcurl could not be set up", "out of memory?");
    return;
  }
  const CURLcode code = curl_easy_perform(handle->get());
  answered_at_ = system_clock::now();
  answer_ = handle->finish(code);
  const int status = answer_.transport == detail::TransportStatus::ok ? answer_.status : 0;
  report_.http_status = status;
  const std::string what = "GET events?limit=1: HTTP " + std::to_string(status);
  if (status == 0) {
    add(CheckId::api_key, CheckStatus::failed, "no answer: " + outside(answer_.transport_message),
        "the connection works but the request failed: retry, or raise request_timeout");
  } else if ((status >= 200 && status < 300) || status == 429) {
    add(CheckId::api_key, CheckStatus::passed, "accepted (" + what + ")");
  } else if (status == 401) {
    add(CheckId::api_key, CheckStatus::failed, "refused (" + what + ")",
        "check the API key (FLAMEUP_API_KEY): it is wrong, revoked, or for another "
        "environment");
  } else if (status == 403) {
    add(CheckId::api_key, CheckStatus::failed, "forbidden (" + what + ")",
        "the key may not read events of this workspace: check its permissions (events:read) "
        "and the workspace id");
  } else if (status == 404) {
    add(CheckId::api_key, CheckStatus::failed, "not found (" + what + ")",
        "check the workspace id and the base URL's path (/api/v1)");
  } else {
    add(CheckId::api_key, CheckStatus::failed, "unexpected answer (" + what + ")",
        "the server is in trouble or this is not the Flameup API: check the base URL, retry "
        "later");
  }
}

void Diagnosis::check_rate_limit() {
  if (!passed(CheckId::api_key)) {
    skip(CheckId::rate_limit, "api_key");
    return;
  }
  report_.rate_limit = header_number(answer_.header("x-ratelimit-limit"));
  report_.rate_remaining = header_number(answer_.header("x-ratelimit-remaining"));
  const auto reset = header_number(answer_.header("x-ratelimit-reset"));
  if (!report_.rate_remaining) {
    add(CheckId::rate_limit, CheckStatus::passed, "no X-RateLimit headers: no limit announced");
    return;
  }
  std::int64_t reset_in = 0;
  if (reset) {
    const std::int64_t now =
        std::chrono::duration_cast<seconds>(answered_at_.time_since_epoch()).count();
    report_.rate_reset_unix = *reset >= kUnixTimeFloor ? *reset : now + *reset;
    reset_in = std::max<std::int64_t>(0, *report_.rate_reset_unix - now);
  }
  const std::string left = std::to_string(*report_.rate_remaining) + " of " +
                           (report_.rate_limit ? std::to_string(*report_.rate_limit) : "?") +
                           " requests left, the window resets in " + std::to_string(reset_in) +
                           " s";
  if (*report_.rate_remaining > 0 && report_.http_status != 429) {
    add(CheckId::rate_limit, CheckStatus::passed, left);
  } else {
    add(CheckId::rate_limit, CheckStatus::failed, left,
        "wait for the reset; every program using this key shares its limit");
  }
}

void Diagnosis::check_clock() {
  if (report_.http_status == 0) {
    skip(CheckId::clock, "api_key");  // no answer, so no Date to compare with
    return;
  }
  const std::string date = outside(std::string(answer_.header("date")));
  const time_t server = date.empty() ? -1 : curl_getdate(date.c_str(), nullptr);
  if (server < 0) {
    add(CheckId::clock, CheckStatus::not_applicable, "the server sent no usable Date header");
    return;
  }
  const auto local = std::chrono::duration_cast<seconds>(answered_at_.time_since_epoch());
  const seconds offset = seconds(server) - local;
  report_.clock_offset = offset;
  const std::int64_t size = std::abs(static_cast<std::int64_t>(offset.count()));
  const std::string text = size <= 1 ? "within 1 s of the server's (Date: " + date + ")"
                                     : std::to_string(size) + " s " +
                                           (offset.count() > 0 ? "behind" : "ahead of") +
                                           " the server's (Date: " + date + ")";
  if (offset <= kMaxClockOffset && -offset <= kMaxClockOffset) {
    add(CheckId::clock, CheckStatus::passed, "this machine's clock is " + text);
  } else {
    add(CheckId::clock, CheckStatus::failed, "this machine's clock is " + text,
        "set the clock right (e.g. turn on NTP: timedatectl set-ntp true): events without a "
        "timestamp are stamped with this machine's time");
  }
}

}  // namespace

const char* to_string(CheckId id) noexcept {
  switch (id) {
    case CheckId::configuration:
      return "configuration";
    case CheckId::dns:
      return "dns";
    case CheckId::tcp:
      return "tcp";
    case CheckId::tls:
      return "tls";
    case CheckId::api_key:
      return "api_key";
    case CheckId::rate_limit:
      return "rate_limit";
    case CheckId::clock:
      return "clock";
  }
  return "unknown";
}

const char* to_string(CheckStatus status) noexcept {
  switch (status) {
    case CheckStatus::passed:
      return "passed";
    case CheckStatus::failed:
      return "failed";
    case CheckStatus::skipped:
      return "skipped";
    case CheckStatus::not_applicable:
      return "not_applicable";
  }
  return "unknown";
}

DiagnosticReport diagnose(const ClientOptions& options) noexcept {
  try {
    return Diagnosis(options).run();
  } catch (...) {
    // Only allocation can fail: report what the caller can act on, without throwing.
    DiagnosticReport report;
    try {
      report.checks.push_back(
          {CheckId::configuration, CheckStatus::failed, "out of memory while diagnosing", ""});
    } catch (...) {
    }
    return report;
  }
}

}  // namespace flameup
