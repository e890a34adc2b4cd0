#pragma once
/// @file diagnostics.hpp
/// @brief Checking a configuration step by step (configuration, DNS, TCP, TLS, key, rate
/// limit, clock): what `flameup doctor` prints.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flameup/client_options.hpp"
#include "flameup/export.hpp"

namespace flameup {

/// @brief The steps of diagnose(), in the order they run.
enum class CheckId {
  configuration,  ///< api_key, workspace_id and base_url present and valid (validate()).
  dns,         ///< The base URL's host resolves (an address literal or `localhost` passes as is).
  tcp,         ///< A TCP connection to it opens.
  tls,         ///< For https: the handshake succeeds and the certificate verifies.
  api_key,     ///< The key is accepted: `GET .../events?limit=1` answers 2xx.
  rate_limit,  ///< X-RateLimit-Remaining of that answer is above 0.
  clock,       ///< This machine's clock is within kMaxClockOffset of the server's `Date`.
};

/// @brief How one step ended.
enum class CheckStatus {
  passed,          ///< It works.
  failed,          ///< It does not: CheckResult::hint says what to do.
  skipped,         ///< Not tried, because a step it depends on failed.
  not_applicable,  ///< Nothing to check here (TLS for an http:// URL): counts as passed.
};

/// "configuration", "dns", "tcp", "tls", "api_key", "rate_limit", "clock".
FLAMEUP_EXPORT const char* to_string(CheckId id) noexcept;
/// "passed", "failed", "skipped", "not_applicable".
FLAMEUP_EXPORT const char* to_string(CheckStatus status) noexcept;

/// @brief One step's verdict. The texts never contain the API key, and are printable
/// (server text is cleaned as in every Error).
struct CheckResult {
  /// Which step.
  CheckId id = CheckId::configuration;
  /// Its verdict.
  CheckStatus status = CheckStatus::skipped;
  /// One line: what was found ("127.0.0.1:8080 accepted the connection in 1 ms"), or what
  /// went wrong, or which failed step it depends on.
  std::string summary;
  /// On failure, one line on how to fix it; empty otherwise.
  std::string hint;
};

/// @brief The measurements behind the steps, for callers that want numbers, not text.
struct DiagnosticReport {
  /// Every step, in CheckId order.
  std::vector<CheckResult> checks;
  /// The address the TCP step connected to (or tried last), e.g. "127.0.0.1"; empty if none.
  std::string address;
  /// The TLS protocol version negotiated, e.g. "TLSv1.3"; empty for http or when unknown.
  std::string tls_version;
  /// HTTP status of the key check's answer; 0 if there was none.
  int http_status = 0;
  /// X-RateLimit-Limit / -Remaining / -Reset (Unix seconds) of that answer, when present.
  std::optional<std::int64_t> rate_limit;
  /// See rate_limit.
  std::optional<std::int64_t> rate_remaining;
  /// See rate_limit.
  std::optional<std::int64_t> rate_reset_unix;
  /// The server's `Date` minus this machine's time at the answer (positive: this machine is
  /// behind); empty when the server sent no usable Date.
  std::optional<std::chrono::seconds> clock_offset;

  /// True when no step failed or was skipped.
  bool ok() const noexcept {
    for (const CheckResult& check : checks) {
      if (check.status == CheckStatus::failed || check.status == CheckStatus::skipped) {
        return false;
      }
    }
    return !checks.empty();
  }
};

/// The largest clock difference the clock step accepts. The `Date` header has a resolution
/// of one second, and events are stamped with this machine's clock.
inline constexpr std::chrono::seconds kMaxClockOffset{30};

/// Runs every step against @p options, in CheckId order, and returns the verdicts. Makes at
/// most one connection (DNS, TCP and TLS) and one authenticated GET of one event; uses
/// connect_timeout and request_timeout, the proxy and TLS settings, like Client. Blocks
/// until done; never throws; writes nothing anywhere (options.logger is not used).
FLAMEUP_EXPORT DiagnosticReport diagnose(const ClientOptions& options) noexcept;

}  // namespace flameup
