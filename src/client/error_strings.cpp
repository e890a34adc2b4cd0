// The stable lower-case names of every public enum (declared next to each enum).

#include "flameup/enqueue_result.hpp"
#include "flameup/error.hpp"
#include "flameup/log.hpp"
#include "flameup/outcome.hpp"

namespace flameup {

const char* to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::none: return "none";
    case ErrorCode::invalid_event: return "invalid_event";
    case ErrorCode::invalid_options: return "invalid_options";
    case ErrorCode::network: return "network";
    case ErrorCode::timeout: return "timeout";
    case ErrorCode::tls: return "tls";
    case ErrorCode::response_too_large: return "response_too_large";
    case ErrorCode::rate_limited: return "rate_limited";
    case ErrorCode::unauthorized: return "unauthorized";
    case ErrorCode::forbidden: return "forbidden";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::conflict: return "conflict";
    case ErrorCode::rejected: return "rejected";
    case ErrorCode::server_error: return "server_error";
    case ErrorCode::unexpected_response: return "unexpected_response";
    case ErrorCode::queue_full: return "queue_full";
    case ErrorCode::closed: return "closed";
    case ErrorCode::cancelled: return "cancelled";
    case ErrorCode::expired: return "expired";
    case ErrorCode::internal: return "internal";
    case ErrorCode::storage: return "storage";
    case ErrorCode::filtered: return "filtered";
    case ErrorCode::disabled: return "disabled";
    case ErrorCode::invalid_query: return "invalid_query";
  }
  return "unknown";
}

const char* to_string(EnqueueStatus status) noexcept {
  switch (status) {
    case EnqueueStatus::accepted: return "accepted";
    case EnqueueStatus::invalid: return "invalid";
    case EnqueueStatus::queue_full: return "queue_full";
    case EnqueueStatus::closed: return "closed";
    case EnqueueStatus::filtered: return "filtered";
    case EnqueueStatus::disabled: return "disabled";
  }
  return "unknown";
}

const char* to_string(LogLevel level) noexcept {
  switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warn: return "warn";
    case LogLevel::error: return "error";
    case LogLevel::off: return "off";
  }
  return "unknown";
}

const char* to_string(OutcomeKind kind) noexcept {
  switch (kind) {
    case OutcomeKind::delivered: return "delivered";
    case OutcomeKind::rejected: return "rejected";
    case OutcomeKind::expired: return "expired";
    case OutcomeKind::dropped: return "dropped";
  }
  return "unknown";
}

const char* to_string(DropReason reason) noexcept {
  switch (reason) {
    case DropReason::none: return "none";
    case DropReason::evicted: return "evicted";
    case DropReason::retries_exhausted: return "retries_exhausted";
    case DropReason::shutdown: return "shutdown";
  }
  return "unknown";
}

}  // namespace flameup
