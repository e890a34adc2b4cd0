// Baseline for Client::enqueue + flush: a hand-written single-threaded curl multi loop that
// keeps `parallelism` reused easy handles busy until the events run out.

#include <memory>
#include <vector>

#include "baselines.hpp"
#include "curl_post.hpp"

namespace flameup::bench {
namespace {

class MultiLoop {
 public:
  MultiLoop(const Target& target, const RunLimits& limits, int parallelism)
      : target_(target), limits_(limits), multi_(curl_multi_init()) {
    curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(parallelism));
    for (int i = 0; i < parallelism; ++i) pool_.push_back(std::make_unique<CurlPost>());
  }
  ~MultiLoop() {
    for (auto& post : pool_) curl_multi_remove_handle(multi_, post->handle());
    curl_multi_cleanup(multi_);
  }
  MultiLoop(const MultiLoop&) = delete;
  MultiLoop& operator=(const MultiLoop&) = delete;

  LoopResult run() {
    const double cpu_start = process_cpu_seconds();
    for (auto& post : pool_) start_next(*post);
    while (active_ > 0) {
      int running = 0;
      curl_multi_perform(multi_, &running);
      // Only sleep when nothing finished: a finished transfer was replaced by a new one that
      // must be started by the next perform.
      if (reap_finished() == 0) curl_multi_poll(multi_, nullptr, 0, 1000, nullptr);
    }
    result_.wall_seconds = clock_.seconds();
    result_.cpu_seconds = process_cpu_seconds() - cpu_start;
    return result_;
  }

 private:
  void start_next(CurlPost& post) {
    if (next_ >= limits_.events) return;
    if (clock_.seconds() > static_cast<double>(limits_.max_time.count())) return;
    post.prepare(target_, next_++);
    curl_easy_setopt(post.handle(), CURLOPT_PRIVATE, &post);
    curl_multi_add_handle(multi_, post.handle());
    ++active_;
  }

  int reap_finished() {
    int finished = 0;
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_, &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      CurlPost* post = nullptr;
      curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &post);
      const CURLcode code = message->data.result;
      curl_multi_remove_handle(multi_, post->handle());
      --active_;
      ++finished;
      ++result_.attempted;
      if (post->succeeded(code)) {
        ++result_.delivered;
      } else if (result_.error.empty()) {
        result_.error = post->failure(code);
      }
      start_next(*post);
    }
    return finished;
  }

  const Target& target_;
  const RunLimits& limits_;
  CURLM* multi_;
  std::vector<std::unique_ptr<CurlPost>> pool_;
  std::size_t next_ = 0;
  int active_ = 0;
  LoopResult result_;
  Stopwatch clock_;
};

}  // namespace

LoopResult run_multi_loop(const Target& target, const RunLimits& limits, int parallelism) {
  MultiLoop loop(target, limits, parallelism);
  return loop.run();
}

}  // namespace flameup::bench
