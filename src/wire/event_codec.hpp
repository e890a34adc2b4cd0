#pragma once
// Validation, stamping and JSON serialization of a TrackEvent (one concept: the event's wire form).

#include <chrono>
#include <cstddef>
#include <string>

#include "flameup/error.hpp"
#include "flameup/track_event.hpp"
#include "wire/prepared_event.hpp"

namespace flameup::detail {

/// Validates @p event, stamps it with @p now when it has no timestamp, serializes it and
/// gives it a fresh idempotency key; @p now is kept as `prepared_at`. On failure returns
/// ErrorCode::invalid_event with a message naming the field (ErrorCode::internal when memory
/// ran out), and leaves @p out unspecified. Never throws.
Error prepare_event(const TrackEvent& event, std::size_t max_event_bytes,
                    std::chrono::system_clock::time_point now, PreparedEvent& out) noexcept;

}  // namespace flameup::detail
