#include "fake_transport.hpp"

#include <algorithm>

namespace flameup::testing {

using detail::AsyncTransport;
using detail::HttpRequest;
using detail::HttpResponse;
using detail::TransportStatus;

// --- ManualClock ---------------------------------------------------------------------------

ManualClock::ManualClock()
    : steady_(std::chrono::steady_clock::now()), system_(std::chrono::system_clock::now()) {}

ManualClock::SteadyTime ManualClock::now() const {
  std::lock_guard<std::mutex> lock(mu_);
  return steady_;
}

ManualClock::SystemTime ManualClock::system_now() const {
  std::lock_guard<std::mutex> lock(mu_);
  return system_;
}

void ManualClock::advance(std::chrono::milliseconds by) {
  std::function<void()> listener;
  {
    std::lock_guard<std::mutex> lock(mu_);
    steady_ += by;
    system_ += by;
    listener = listener_;
  }
  if (listener) listener();
}

void ManualClock::set_listener(std::function<void()> listener) {
  std::lock_guard<std::mutex> lock(mu_);
  listener_ = std::move(listener);
}

// --- replies -------------------------------------------------------------------------------

HttpResponse ok_reply(const std::string& event_id) {
  HttpResponse r;
  r.status = 200;
  r.body = R"({"success":true,"event_id":")" + event_id + R"("})";
  r.headers.emplace_back("content-type", "application/json");
  return r;
}

HttpResponse status_reply(int status, std::string body,
                          std::vector<std::pair<std::string, std::string>> headers) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

HttpResponse transport_failure(TransportStatus status) {
  HttpResponse r;
  r.transport = status;
  r.transport_message = "simulated transport failure";
  return r;
}

// --- the proxy the engine owns -------------------------------------------------------------

namespace {

class FakeTransportProxy final : public AsyncTransport {
 public:
  explicit FakeTransportProxy(std::shared_ptr<FakeTransport> fake) : fake_(std::move(fake)) {}
  void start(Tag tag, HttpRequest request) override { fake_->start(tag, std::move(request)); }
  void poll(std::chrono::milliseconds max_wait, std::vector<Completion>& done) override {
    fake_->poll(max_wait, done);
  }
  void wakeup() override { fake_->wakeup(); }
  void abort_all(std::vector<Completion>& done) override { fake_->abort_all(done); }
  std::size_t in_flight() const override { return fake_->in_flight(); }

 private:
  std::shared_ptr<FakeTransport> fake_;
};

}  // namespace

// --- FakeTransport -------------------------------------------------------------------------

FakeTransport::FakeTransport(std::shared_ptr<ManualClock> clock) : clock_(std::move(clock)) {
  default_reply_.response = ok_reply();
  if (clock_) clock_->set_listener([this] { notify(); });
}

FakeTransport::~FakeTransport() {
  if (clock_) clock_->set_listener(nullptr);
}

std::function<std::unique_ptr<AsyncTransport>()> FakeTransport::factory() {
  std::weak_ptr<FakeTransport> weak = weak_from_this();
  return [weak]() -> std::unique_ptr<AsyncTransport> {
    auto fake = weak.lock();
    if (!fake) return nullptr;
    {
      std::lock_guard<std::mutex> lock(fake->mu_);
      ++fake->transports_made_;
    }
    return std::make_unique<FakeTransportProxy>(fake);
  };
}

void FakeTransport::notify() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++clock_ticks_;
  }
  cv_.notify_all();
}

void FakeTransport::push_reply(HttpResponse response, int times) {
  std::lock_guard<std::mutex> lock(mu_);
  for (int i = 0; i < times; ++i) script_.push_back(Reply{response, false});
}

void FakeTransport::push_hold(int times) {
  std::lock_guard<std::mutex> lock(mu_);
  for (int i = 0; i < times; ++i) script_.push_back(Reply{HttpResponse{}, true});
}

void FakeTransport::set_default_reply(HttpResponse response) {
  std::lock_guard<std::mutex> lock(mu_);
  default_reply_.response = std::move(response);
}

void FakeTransport::hold_by_default(bool hold) {
  std::lock_guard<std::mutex> lock(mu_);
  default_reply_.hold = hold;
}

std::size_t FakeTransport::release_held(HttpResponse response, std::size_t n) {
  std::size_t released = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    while (released < n && !held_.empty()) {
      ready_.push_back(AsyncTransport::Completion{held_.front(), response});
      held_.pop_front();
      ++released;
    }
  }
  cv_.notify_all();
  return released;
}

std::size_t FakeTransport::request_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_.size();
}

std::vector<FakeTransport::StartedRequest> FakeTransport::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

bool FakeTransport::wait_for_requests(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return requests_.size() >= n; });
}

bool FakeTransport::wait_for_held(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return held_.size() >= n; });
}

std::size_t FakeTransport::held_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return held_.size();
}

bool FakeTransport::wait_until_worker_waits(std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mu_);
  // With a manual clock, a poll whose deadline the clock has passed is about to return: the
  // worker is not waiting any more, it is about to act.
  return cv_.wait_for(lock, timeout, [&] {
    return in_poll_ && ready_.empty() && !wakeup_pending_ &&
           (!clock_ || clock_->now() < poll_deadline_);
  });
}

std::size_t FakeTransport::max_in_flight_seen() const {
  std::lock_guard<std::mutex> lock(mu_);
  return max_in_flight_;
}

std::size_t FakeTransport::wakeup_calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return wakeups_;
}

std::size_t FakeTransport::aborted_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return aborted_;
}

std::size_t FakeTransport::transports_made() const {
  std::lock_guard<std::mutex> lock(mu_);
  return transports_made_;
}

void FakeTransport::start(AsyncTransport::Tag tag, HttpRequest request) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    Reply reply = default_reply_;
    if (!script_.empty()) {
      reply = std::move(script_.front());
      script_.pop_front();
    }
    const auto when = clock_ ? clock_->now() : std::chrono::steady_clock::now();
    requests_.push_back(StartedRequest{std::move(request), tag, when});
    if (reply.hold) {
      held_.push_back(tag);
    } else {
      ready_.push_back(AsyncTransport::Completion{tag, std::move(reply.response)});
    }
    max_in_flight_ = std::max(max_in_flight_, ready_.size() + held_.size());
  }
  cv_.notify_all();
}

void FakeTransport::poll(std::chrono::milliseconds max_wait,
                         std::vector<AsyncTransport::Completion>& done) {
  std::unique_lock<std::mutex> lock(mu_);
  const auto have_work = [&] { return !ready_.empty() || wakeup_pending_; };
  in_poll_ = true;
  cv_.notify_all();
  if (clock_) {
    // Engine time: wait until the test advances the clock past the deadline. The real-time
    // bound only keeps a forgotten test from hanging; the engine simply polls again.
    poll_deadline_ = clock_->now() + max_wait;
    cv_.wait_for(lock, std::chrono::seconds(1),
                 [&] { return have_work() || clock_->now() >= poll_deadline_; });
  } else {
    cv_.wait_for(lock, max_wait, have_work);
  }
  in_poll_ = false;
  wakeup_pending_ = false;
  for (auto& completion : ready_) done.push_back(std::move(completion));
  ready_.clear();
}

void FakeTransport::wakeup() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    wakeup_pending_ = true;
    ++wakeups_;
  }
  cv_.notify_all();
}

void FakeTransport::abort_all(std::vector<AsyncTransport::Completion>& done) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& completion : ready_) done.push_back(std::move(completion));
  ready_.clear();
  for (auto tag : held_) {
    done.push_back(AsyncTransport::Completion{tag, transport_failure(TransportStatus::aborted)});
    ++aborted_;
  }
  held_.clear();
}

std::size_t FakeTransport::in_flight() const {
  std::lock_guard<std::mutex> lock(mu_);
  return ready_.size() + held_.size();
}

}  // namespace flameup::testing
