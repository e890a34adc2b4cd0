// ClientOptions::from_env() and validate(): the one place that decides whether options are
// usable. Every message names the field and never repeats a secret (the key, or a URL or
// proxy that could embed credentials).

#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "client/options_validation.hpp"
#include "flameup/client_options.hpp"
#include "text/redactor.hpp"
#include "wire/url.hpp"

namespace flameup {
namespace {

using detail::has_control_char;

Error options_error(std::string message) {
  Error error;
  error.code = ErrorCode::invalid_options;
  error.message = std::move(message);
  return error;
}

// Returns the first problem as "field: reason", or an empty string.
std::string where_problem(const ClientOptions& o, const detail::ParsedBaseUrl& base) {
  if (o.api_key.empty()) return "api_key: must not be empty";
  if (has_control_char(o.api_key)) {
    return "api_key: must not contain control characters (CR, LF, NUL...)";
  }
  // The characters real keys are made of, and the ones redaction can find in every encoding
  // a server may echo the key in (the message never says which character: it is the key's).
  if (!std::all_of(o.api_key.begin(), o.api_key.end(), detail::is_api_key_char)) {
    return "api_key: may contain only ASCII letters, digits, '.', '_' and '-' "
           "(keys look like ws_live_..., ws_test_...)";
  }
  if (auto problem = detail::workspace_id_problem(o.workspace_id); !problem.empty()) {
    return "workspace_id: " + problem;
  }
  if (!base.problem.empty()) return "base_url: " + base.problem;
  if (base.url.scheme == "http" && !o.allow_insecure_http &&
      !detail::is_loopback_host(base.url.host)) {
    return "base_url: http:// is only allowed to a loopback host (the API key would travel in "
           "clear text); use https:// or set allow_insecure_http";
  }
  return {};
}

std::string transport_problem(const ClientOptions& o) {
  if (o.connect_timeout.count() <= 0) return "connect_timeout: must be > 0";
  if (o.request_timeout.count() <= 0) return "request_timeout: must be > 0";
  if (o.low_speed_limit < 0) return "low_speed_limit: must be >= 0";
  if (o.low_speed_limit > 0 && o.low_speed_time.count() <= 0) {
    return "low_speed_time: must be > 0 when low_speed_limit is set";
  }
  if (o.max_response_bytes == 0) return "max_response_bytes: must be > 0";
  if (has_control_char(o.ca_file)) {
    return "ca_file: must not contain control characters";
  }
  if (has_control_char(o.ca_path)) {
    return "ca_path: must not contain control characters";
  }
  if (has_control_char(o.proxy)) return "proxy: must not contain control characters";
  if (has_control_char(o.user_agent_suffix)) {
    return "user_agent_suffix: must not contain control characters (CR, LF, NUL...)";
  }
  return {};
}

std::string retry_problem(const ClientOptions& o) {
  if (o.max_event_bytes == 0) return "max_event_bytes: must be > 0";
  if (o.max_attempts < 1) return "max_attempts: must be >= 1";
  if (o.initial_backoff.count() < 0) return "initial_backoff: must be >= 0";
  if (o.max_backoff.count() < 0) return "max_backoff: must be >= 0";
  if (o.max_retry_after.count() < 0) return "max_retry_after: must be >= 0";
  return {};
}

std::string engine_problem(const ClientOptions& o) {
  if (o.max_queue_events == 0) return "max_queue_events: must be > 0";
  if (o.max_queue_bytes == 0) return "max_queue_bytes: must be > 0";
  if (o.enqueue_block_timeout.count() < 0) return "enqueue_block_timeout: must be >= 0";
  if (o.max_in_flight < 1) return "max_in_flight: must be >= 1";
  if (o.max_delivery_attempts < 0) return "max_delivery_attempts: must be >= 0 (0 = unlimited)";
  if (o.max_event_age.count() <= 0) return "max_event_age: must be > 0";
  if (o.auth_retry_interval.count() <= 0) return "auth_retry_interval: must be > 0";
  if (o.close_timeout.count() < 0) return "close_timeout: must be >= 0";
  const auto level = static_cast<int>(o.log_level);
  if (level < static_cast<int>(LogLevel::debug) || level > static_cast<int>(LogLevel::off)) {
    return "log_level: not a LogLevel value";
  }
  return {};
}

std::string event_defaults_problem(const ClientOptions& o) {
  if (o.default_properties && !o.default_properties->is_object()) {
    return "default_properties: must be a JSON object";
  }
  return {};
}

std::string storage_problem(const ClientOptions& o) {
  if (o.storage_path.empty()) return {};
  if (has_control_char(o.storage_path)) return "storage_path: must not contain control characters";
  const auto sync = static_cast<int>(o.storage_sync);
  if (sync < static_cast<int>(StorageSync::process_crash) ||
      sync > static_cast<int>(StorageSync::power_loss)) {
    return "storage_sync: not a StorageSync value";
  }
  if (o.max_storage_bytes < o.max_event_bytes) {
    return "max_storage_bytes: must be at least max_event_bytes";
  }
  if (o.storage_wait_timeout.count() < 0) return "storage_wait_timeout: must be >= 0";
  return {};
}

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

}  // namespace

namespace detail {

Error validate(const ClientOptions& options, const ParsedBaseUrl& base) {
  try {
    if (auto problem = where_problem(options, base); !problem.empty()) {
      return options_error(std::move(problem));
    }
    for (auto check : {&transport_problem, &retry_problem, &engine_problem,
                       &event_defaults_problem, &storage_problem}) {
      if (auto problem = check(options); !problem.empty()) return options_error(std::move(problem));
    }
    return {};
  } catch (...) {
    return options_error("options: could not be validated (out of memory)");
  }
}

}  // namespace detail

Error validate(const ClientOptions& options) {
  try {
    return detail::validate(options, detail::ParsedBaseUrl::of(options.base_url));
  } catch (...) {
    return options_error("options: could not be validated (out of memory)");
  }
}

ClientOptions ClientOptions::from_env() {
  ClientOptions options;
  if (auto key = env("FLAMEUP_API_KEY"); !key.empty()) options.api_key = std::move(key);
  if (auto id = env("FLAMEUP_WORKSPACE_ID"); !id.empty()) options.workspace_id = std::move(id);
  if (auto url = env("FLAMEUP_BASE_URL"); !url.empty()) options.base_url = std::move(url);
  return options;
}

}  // namespace flameup
