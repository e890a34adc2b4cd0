#include "client/event_hooks.hpp"

#include <nlohmann/json.hpp>

#include "client/logger.hpp"
#include "flameup/track_event.hpp"

namespace flameup::detail {

EventHooks::EventHooks(const ClientOptions& options, const Logger* logger)
    : defaults_(options.default_properties && !options.default_properties->empty()
                    ? options.default_properties
                    : nullptr),
      before_send_(options.before_send),
      logger_(logger) {}

void EventHooks::merge_defaults(TrackEvent& event) const {
  // A properties value that is not an object is left for validation to refuse, by name.
  if (!defaults_ || !event.properties.is_object()) return;
  for (const auto& [key, value] : defaults_->items()) {
    if (!event.properties.contains(key)) event.properties[key] = value;
  }
}

bool EventHooks::apply(TrackEvent& event) const noexcept {
  try {
    merge_defaults(event);
  } catch (...) {
    if (logger_ != nullptr) {
      logger_->log(LogLevel::error, "flameup: default properties could not be merged (out of memory)");
    }
  }
  if (!before_send_) return true;
  try {
    return before_send_(event);
  } catch (...) {
    if (logger_ != nullptr) {
      logger_->log(LogLevel::error,
                   "flameup: the before_send hook threw; the event goes on as the hook left it");
    }
    return true;
  }
}

}  // namespace flameup::detail
