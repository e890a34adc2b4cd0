#include "sample_track_event.hpp"

#include <thread>
#include <vector>

#include "sample_event.hpp"

namespace flameup::bench {

TrackEvent sample_track_event(std::size_t i) {
  TrackEvent event;
  event.user_id = sample_user_id(i);
  event.event = sample_event_name();
  event.properties = sample_properties(i);
  return event;
}

void run_on_threads(int threads, const std::function<void()>& produce) {
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(threads));
  for (int t = 0; t < threads; ++t) pool.emplace_back(produce);
  for (auto& thread : pool) thread.join();
}

}  // namespace flameup::bench
