#include "client/client_engine.hpp"

#include <utility>

#include "wire/event_codec.hpp"
#include "platform/fork_guard.hpp"
#include "client/internal_error.hpp"

namespace flameup::detail {
namespace {

// Engines abandoned in forked children, kept reachable on purpose (see the header). A
// lock-free push: a child may not be able to take any lock the parent held.
struct Abandoned {
  void* slot;
  Abandoned* next;
};
std::atomic<Abandoned*> g_abandoned{nullptr};

void abandon(void* slot) noexcept {
  auto* node = new (std::nothrow) Abandoned{slot, g_abandoned.load(std::memory_order_relaxed)};
  if (node == nullptr) return;  // then it is simply unreachable: still never touched
  while (!g_abandoned.compare_exchange_weak(node->next, node, std::memory_order_release,
                                            std::memory_order_relaxed)) {
  }
}

}  // namespace

ClientEngine::ClientEngine(Parts parts)
    : parts_(std::move(parts)), home_generation_(fork_generation_registered()) {
  Slot* slot = make_slot(home_generation_).release();
  slot_.store(slot, std::memory_order_release);
  if (parts_.options.durable()) slot->engine->start();
}

ClientEngine::~ClientEngine() {
  Slot* slot = slot_.load(std::memory_order_acquire);
  if (slot == nullptr) return;
  if (slot->generation == fork_generation()) {
    delete slot;
  } else {
    abandon(slot);
  }
}

std::unique_ptr<ClientEngine::Slot> ClientEngine::make_slot(std::uint64_t generation) const {
  auto slot = std::make_unique<Slot>();
  slot->generation = generation;
  EngineOptions options = parts_.options;
  // The store is the first process's: see the header.
  options.storage_unavailable = generation != home_generation_;
  slot->engine = std::make_unique<DeliveryEngine>(std::move(options), parts_.make_request,
                                                  parts_.make_transport, parts_.clock,
                                                  parts_.logger);
  return slot;
}

DeliveryEngine* ClientEngine::current() const noexcept {
  const std::uint64_t generation = fork_generation();
  Slot* slot = slot_.load(std::memory_order_acquire);
  while (slot == nullptr || slot->generation != generation) {
    // A forked child (rare): install a fresh engine; whoever loses a race discards its own.
    std::unique_ptr<Slot> fresh;
    try {
      fresh = make_slot(generation);
    } catch (...) {
      return nullptr;
    }
    if (slot_.compare_exchange_strong(slot, fresh.get(), std::memory_order_acq_rel)) {
      if (slot != nullptr) abandon(slot);
      slot = fresh.release();
    }
    // On failure `slot` now holds the winner's slot; `fresh` (never started) is destroyed.
  }
  return slot->engine.get();
}

EnqueueResult ClientEngine::enqueue(const TrackEvent& event) noexcept {
  EnqueueResult result;
  try {
    PreparedEvent prepared;
    if (Error invalid = prepare_event(event, parts_.max_event_bytes,
                                      std::chrono::system_clock::now(), prepared)) {
      // An SDK failure is refused like a full queue: the event itself may be fine.
      result.status =
          invalid.code == ErrorCode::internal ? EnqueueStatus::queue_full : EnqueueStatus::invalid;
      result.error = std::move(invalid);
      return result;
    }
    DeliveryEngine* engine = current();
    if (engine == nullptr) {  // current() could not build a forked child's engine
      result.status = EnqueueStatus::queue_full;
      result.error.code = ErrorCode::internal;
      result.error.message = "enqueue: internal error (could not create the delivery engine)";
      return result;
    }
    return engine->enqueue(std::move(prepared));
  } catch (...) {
    // Only allocation can fail here (preparing the event): refused like a full queue, with an
    // error that says the SDK failed.
    result = EnqueueResult{};
    result.status = EnqueueStatus::queue_full;
    result.error = internal_error("enqueue");
    return result;
  }
}

bool ClientEngine::flush(std::chrono::milliseconds timeout) noexcept {
  DeliveryEngine* engine = current();
  return engine == nullptr || engine->flush(timeout);
}

bool ClientEngine::persist(std::chrono::milliseconds timeout) noexcept {
  DeliveryEngine* engine = current();
  return engine != nullptr && engine->persist(timeout);
}

void ClientEngine::close(std::chrono::milliseconds timeout) noexcept {
  if (DeliveryEngine* engine = current()) engine->close(timeout);
}

Stats ClientEngine::stats() const noexcept {
  DeliveryEngine* engine = current();
  return engine == nullptr ? Stats{} : engine->stats();
}

}  // namespace flameup::detail
