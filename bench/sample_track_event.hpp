#pragma once
// The sample event (sample_event.hpp) as the SDK takes it, and the producer threads that
// enqueue-side scenarios share. SDK builds only.

#include <cstddef>
#include <functional>

#include <flameup/flameup.hpp>

namespace flameup::bench {

/// Event number @p i as a TrackEvent: the same fields a hand-written client sends.
TrackEvent sample_track_event(std::size_t i);

/// Runs @p produce on @p threads threads at once and waits for all of them.
void run_on_threads(int threads, const std::function<void()>& produce);

}  // namespace flameup::bench
