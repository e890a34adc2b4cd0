#include "event_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <utility>

#include "rfc3339.hpp"

namespace flameup::devserver::detail {
namespace {

std::string dedup_key(const RecordedEvent& event) {
  return event.workspace_id + '\n' + event.idempotency_key;
}

bool matches(const RecordedEvent& event, const EventQuery& query) {
  if (!query.workspace_id.empty() && event.workspace_id != query.workspace_id) return false;
  if (!query.user_id.empty() && event.user_id != query.user_id) return false;
  if (!query.event.empty() && event.event != query.event) return false;
  if (query.since_ms || query.until_ms) {
    const auto at = parse_rfc3339_ms(event.timestamp);
    if (!at) return false;
    if (query.since_ms && *at < *query.since_ms) return false;
    if (query.until_ms && *at > *query.until_ms) return false;
  }
  return true;
}

// Writes the whole buffer, retrying short writes and EINTR.
bool write_all(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

nlohmann::json to_json(const RecordedEvent& event) {
  return {{"id", event.id},
          {"workspace_id", event.workspace_id},
          {"user_id", event.user_id},
          {"event", event.event},
          {"properties", event.properties},
          {"timestamp", event.timestamp},
          {"created_at", event.created_at},
          {"idempotency_key", event.idempotency_key}};
}

std::optional<RecordedEvent> event_from_json(const nlohmann::json& json) {
  if (!json.is_object()) return std::nullopt;
  const auto text = [&](const char* name) -> std::optional<std::string> {
    const auto it = json.find(name);
    if (it == json.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  RecordedEvent event;
  const auto id = text("id");
  const auto workspace = text("workspace_id");
  const auto user = text("user_id");
  const auto name = text("event");
  if (!id || !workspace || !user || !name) return std::nullopt;
  event.id = *id;
  event.workspace_id = *workspace;
  event.user_id = *user;
  event.event = *name;
  event.timestamp = text("timestamp").value_or("");
  event.created_at = text("created_at").value_or("");
  event.idempotency_key = text("idempotency_key").value_or("");
  const auto props = json.find("properties");
  if (props != json.end() && props->is_object()) event.properties = *props;
  return event;
}

EventStore::~EventStore() { close(); }

bool EventStore::open(const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
      const auto json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (auto event = event_from_json(json)) remember(*event);
    }
  }
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd_ < 0) return false;
  // An existing file keeps its mode on open(): tighten it, the file describes user activity.
  ::fchmod(fd_, 0600);
  return true;
}

void EventStore::close() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

RecordOutcome EventStore::record(const RecordedEvent& event) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!event.idempotency_key.empty()) {
      const auto it = id_by_idempotency_key_.find(dedup_key(event));
      if (it != id_by_idempotency_key_.end()) {
        ++duplicates_;
        cv_.notify_all();
        return {it->second, true};
      }
    }
    remember(event);
    append_line(event);
  }
  cv_.notify_all();
  return {event.id, false};
}

std::size_t EventStore::duplicates() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return duplicates_;
}

bool EventStore::wait_for_duplicates(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return cv_.wait_for(lock, timeout, [&] { return duplicates_ >= n; });
}

EventStore::StoredEvent EventStore::stored(const RecordedEvent& event) {
  StoredEvent kept{event,
                   event.properties.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
  kept.event.properties = nullptr;  // null holds no allocation; the text is the copy
  return kept;
}

RecordedEvent EventStore::restored(const StoredEvent& stored) {
  RecordedEvent event = stored.event;
  event.properties = nlohmann::json::parse(stored.properties_json, nullptr,
                                           /*allow_exceptions=*/false);
  // Unreachable (the text is dump()'s), but never hand out a non-object.
  if (!event.properties.is_object()) event.properties = nlohmann::json::object();
  return event;
}

void EventStore::remember(const RecordedEvent& event) {
  events_.push_back(stored(event));
  if (!event.idempotency_key.empty()) {
    id_by_idempotency_key_.emplace(dedup_key(event), event.id);
  }
}

void EventStore::append_line(const RecordedEvent& event) {
  if (fd_ < 0) return;
  // One write per line, straight to the kernel: a crash loses at most the line being written.
  write_all(fd_, to_json(event).dump() + '\n');
}

std::vector<RecordedEvent> EventStore::all() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<RecordedEvent> out;
  out.reserve(events_.size());
  for (const StoredEvent& kept : events_) out.push_back(restored(kept));
  return out;
}

std::size_t EventStore::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return events_.size();
}

bool EventStore::wait_for(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return cv_.wait_for(lock, timeout, [&] { return events_.size() >= n; });
}

EventPage EventStore::query(const EventQuery& query) const {
  std::lock_guard<std::mutex> lock(mutex_);
  EventPage page;
  for (const StoredEvent& kept : events_) {
    if (!matches(kept.event, query)) continue;
    if (page.total >= query.offset && page.events.size() < query.limit) {
      page.events.push_back(restored(kept));
    }
    ++page.total;
  }
  return page;
}

}  // namespace flameup::devserver::detail
