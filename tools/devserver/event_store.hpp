#pragma once
// The recorded events: de-duplicated by idempotency key (per workspace), optionally persisted
// as JSONL (one event per line, appended and flushed as it is recorded, reloaded at start).
// In memory each event's properties are kept as compact JSON text: a parsed tree costs several
// times its text (about 6x for many small numbers), and only the list route reads them back.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "devserver.hpp"

namespace flameup::devserver::detail {

struct RecordOutcome {
  std::string event_id;  // the new id, or the first one for a repeated idempotency key
  bool duplicate = false;
};

/// Filters of the list route; empty fields do not filter.
struct EventQuery {
  std::string workspace_id;
  std::string user_id;
  std::string event;
  std::optional<std::int64_t> since_ms;
  std::optional<std::int64_t> until_ms;
  std::size_t offset = 0;
  std::size_t limit = 100;
};

struct EventPage {
  std::vector<RecordedEvent> events;
  std::size_t total = 0;  // matches before offset/limit
};

nlohmann::json to_json(const RecordedEvent& event);
std::optional<RecordedEvent> event_from_json(const nlohmann::json& json);

class EventStore {
 public:
  EventStore() = default;
  ~EventStore();
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  /// Loads @p path (lines that do not parse are skipped: a torn last line must not stop the
  /// emulator) and opens it for appending, mode 0600. Returns false when it cannot be opened.
  bool open(const std::string& path);
  void close();

  /// Records @p event unless its idempotency key was seen in the same workspace.
  RecordOutcome record(const RecordedEvent& event);

  std::vector<RecordedEvent> all() const;
  std::size_t size() const;
  bool wait_for(std::size_t n, std::chrono::milliseconds timeout) const;
  /// Requests answered with an event already recorded under their idempotency key.
  std::size_t duplicates() const;
  bool wait_for_duplicates(std::size_t n, std::chrono::milliseconds timeout) const;
  EventPage query(const EventQuery& query) const;

 private:
  // An event as kept in memory: `event` without its properties, which are `properties_json`.
  struct StoredEvent {
    RecordedEvent event;
    std::string properties_json;
  };
  static StoredEvent stored(const RecordedEvent& event);
  static RecordedEvent restored(const StoredEvent& stored);

  void remember(const RecordedEvent& event);  // mutex_ held
  void append_line(const RecordedEvent& event);  // mutex_ held

  mutable std::mutex mutex_;
  mutable std::condition_variable cv_;
  std::vector<StoredEvent> events_;
  std::map<std::string, std::string> id_by_idempotency_key_;  // "workspace\nkey" -> event id
  std::size_t duplicates_ = 0;
  int fd_ = -1;
};

}  // namespace flameup::devserver::detail
