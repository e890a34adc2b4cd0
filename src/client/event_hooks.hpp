#pragma once
// What happens to an event between the application and validation, on the caller's thread:
// the client's default properties are merged in (the event's own keys win), then the
// application's before_send hook may change or drop it. Both are fixed at construction, so
// no event can see another user's defaults.

#include <cstdint>
#include <functional>
#include <memory>

#include <nlohmann/json_fwd.hpp>

#include "flameup/client_options.hpp"

namespace flameup::detail {

class Logger;

class EventHooks {
 public:
  /// @p logger may be null; when set it must outlive the hooks.
  EventHooks(const ClientOptions& options, const Logger* logger);

  /// True when there is anything to apply (otherwise callers skip the copy apply() needs).
  bool active() const noexcept { return defaults_ != nullptr || before_send_ != nullptr; }

  /// Applies the defaults, then before_send. False: the hook dropped the event. A hook that
  /// throws drops nothing: the event goes on as the hook left it, and the throw is logged.
  bool apply(TrackEvent& event) const noexcept;

 private:
  void merge_defaults(TrackEvent& event) const;

  std::shared_ptr<const nlohmann::json> defaults_;
  std::function<bool(TrackEvent&)> before_send_;
  const Logger* logger_;
};

}  // namespace flameup::detail
