// flameup-bench: runs every scenario against the loopback servers that run.sh started and
// prints one line per scenario (see README.md). Usage:
//   flameup-bench --nginx http://127.0.0.1:PORT/api/v1 [--devserver URL] [--rounds N]
//                 [--parallelism P] [--quick]

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <curl/curl.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "baselines.hpp"
#include "report.hpp"
#include "sdk_scenarios.hpp"
#if FLAMEUP_BENCH_DURABLE
#include "durable_scenarios.hpp"
#endif

namespace flameup::bench {
namespace {

struct Config {
  std::string nginx_url;
  std::string devserver_url;
  int rounds = 3;
  int parallelism = 8;
  std::size_t sequential_events = 20000;
  std::size_t parallel_events = 50000;
  std::size_t process_events = 200;
  std::size_t latency_samples = 100000;
  std::size_t memory_events = 100000;
  /// The emulator is a test tool, far slower than nginx: it gets this share of the counts
  /// and a shorter time limit per loop.
  double devserver_share = 0.25;
  std::chrono::seconds max_time{20};
  std::chrono::seconds devserver_max_time{5};
  std::size_t durable_events = 20000;
  std::size_t replay_events = 100000;
  /// When set, only these groups run (comma-separated; for profiling): sequential,
  /// parallel, process, enqueue-only, latency, memory, durable.
  std::string only;

  bool wanted(const std::string& group) const {
    return only.empty() || ("," + only + ",").find("," + group + ",") != std::string::npos;
  }
};

bool parse_args(int argc, char** argv, Config& config) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--nginx" && has_value) {
      config.nginx_url = argv[++i];
    } else if (arg == "--devserver" && has_value) {
      config.devserver_url = argv[++i];
    } else if (arg == "--rounds" && has_value) {
      config.rounds = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--parallelism" && has_value) {
      config.parallelism = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--only" && has_value) {
      config.only = argv[++i];
    } else if (arg == "--quick") {
      // A smoke run: every scenario, a tenth of the events, one round.
      config.rounds = 1;
      config.sequential_events /= 10;
      config.parallel_events /= 10;
      config.process_events /= 10;
      config.latency_samples /= 10;
      config.memory_events /= 10;
      config.durable_events /= 10;
      config.replay_events /= 10;
    } else {
      std::fprintf(stderr, "unknown argument: %s\n", arg.c_str());
      return false;
    }
  }
  if (config.nginx_url.empty()) {
    std::fprintf(stderr, "usage: %s --nginx URL [--devserver URL] [--rounds N] "
                 "[--parallelism P] [--quick] [--only GROUP[,GROUP...]]\n", argv[0]);
    return false;
  }
  return true;
}

// A loopback port nothing listens on: bind an ephemeral port, then release it.
int closed_loopback_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  int port = -1;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

// Runs @p body in a forked child and returns what it printed. Used before any thread or
// allocation-heavy work exists, so the child's heap is fresh and its RSS growth is real.
std::string output_of_child(const std::function<void()>& body) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return "pipe failed\n";
  const pid_t pid = fork();
  if (pid == 0) {
    close(pipe_fds[0]);
    dup2(pipe_fds[1], STDOUT_FILENO);
    body();
    std::fflush(stdout);
    _exit(0);
  }
  close(pipe_fds[1]);
  std::string output;
  char buffer[512];
  ssize_t got = 0;
  while ((got = read(pipe_fds[0], buffer, sizeof buffer)) > 0) {
    output.append(buffer, static_cast<std::size_t>(got));
  }
  close(pipe_fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) output += "(memory scenario crashed)\n";
  return output;
}

// The best of several rounds: highest events/s, and separately the lowest CPU per event.
// Other processes share the 2 cores; interference only ever makes a round look worse.
LoopResult best_of(const std::vector<LoopResult>& rounds) {
  LoopResult best = rounds.front();
  double min_cpu_per_event = best.cpu_us_per_event();
  for (const auto& round : rounds) {
    if (round.delivered == 0) continue;
    if (best.delivered == 0 || round.events_per_second() > best.events_per_second()) best = round;
    if (min_cpu_per_event <= 0 || round.cpu_us_per_event() < min_cpu_per_event) {
      min_cpu_per_event = round.cpu_us_per_event();
    }
  }
  best.cpu_seconds = min_cpu_per_event * static_cast<double>(best.delivered) / 1e6;
  return best;
}

// The median of @p ratio over the rounds both sides measured, round i against round i.
template <typename Result, typename Ratio>
double paired_median(const std::vector<Result>& baseline, const std::vector<Result>& sdk,
                     Ratio&& ratio, std::size_t& pairs) {
  std::vector<double> ratios;
  for (std::size_t i = 0; i < baseline.size() && i < sdk.size(); ++i) {
    const double r = ratio(baseline[i], sdk[i]);
    if (r > 0 && std::isfinite(r)) ratios.push_back(r);
  }
  pairs = ratios.size();
  return quantile(ratios, 0.5);
}

PairedRatios paired_loops(const std::vector<LoopResult>& baseline,
                          const std::vector<LoopResult>& sdk) {
  PairedRatios p;
  p.events_per_second = paired_median(baseline, sdk, [](const LoopResult& b, const LoopResult& s) {
    return s.events_per_second() / b.events_per_second();
  }, p.pairs);
  p.cpu = paired_median(baseline, sdk, [](const LoopResult& b, const LoopResult& s) {
    return s.cpu_us_per_event() / b.cpu_us_per_event();
  }, p.pairs);
  return p;
}

using Loop = std::function<LoopResult()>;

// Alternates baseline and SDK rounds so that a burst of outside load hits both alike.
// Prints both lines and returns the baseline's best.
LoopResult compare(const Config& config, const std::string& server, const std::string& baseline_name,
             const Loop& baseline, const std::string& sdk_name, const Loop& sdk) {
  std::vector<LoopResult> baseline_rounds;
  std::vector<LoopResult> sdk_rounds;
  for (int round = 0; round < config.rounds; ++round) {
    baseline_rounds.push_back(baseline());
    if (sdk_built()) sdk_rounds.push_back(sdk());
  }
  const LoopResult base = best_of(baseline_rounds);
  print_loop(baseline_name, server, base);
  if (!sdk_built()) {
    print_loop(sdk_name, server, sdk(), &base);
    return base;
  }
  const PairedRatios paired = paired_loops(baseline_rounds, sdk_rounds);
  print_loop(sdk_name, server, best_of(sdk_rounds), &base, &paired);
  return base;
}

void run_server_scenarios(const Config& config, const Target& target, double share,
                          std::chrono::seconds max_time) {
  auto scaled = [&](std::size_t events) {
    return RunLimits{std::max<std::size_t>(1, static_cast<std::size_t>(
                                                  static_cast<double>(events) * share)),
                     max_time};
  };
  const RunLimits sequential = scaled(config.sequential_events);
  const RunLimits parallel = scaled(config.parallel_events);
  const int p = config.parallelism;
  LoopResult easy;
  if (config.wanted("sequential") || config.wanted("process")) {
    easy = compare(config, target.name, "easy-loop",
                   [&] { return run_easy_loop(target, sequential); }, "track vs easy-loop",
                   [&] { return run_track_loop(target, sequential); });
  }
  if (config.wanted("parallel")) {
    compare(config, target.name, "multi-loop P=" + std::to_string(p),
            [&] { return run_multi_loop(target, parallel, p); }, "enqueue+flush vs multi",
            [&] { return run_enqueue_flush(target, parallel, p); });
  }
  if (config.wanted("process")) {
    const LoopResult processes =
        run_curl_processes(target, RunLimits{config.process_events, max_time});
    print_loop("curl-process vs easy-loop", target.name, processes, &easy);
  }
}

#if FLAMEUP_BENCH_DURABLE
// The paced latency comparison's rate, events per second.
constexpr unsigned kPacedRate = 20000;

PairedRatios paired_latencies(const std::vector<LatencyResult>& baseline,
                              const std::vector<LatencyResult>& sdk) {
  PairedRatios p;
  p.p50 = paired_median(baseline, sdk, [](const auto& b, const auto& s) {
    return s.p50_us / b.p50_us;
  }, p.pairs);
  p.p99 = paired_median(baseline, sdk, [](const auto& b, const auto& s) {
    return s.p99_us / b.p99_us;
  }, p.pairs);
  p.p999 = paired_median(baseline, sdk, [](const auto& b, const auto& s) {
    return s.p999_us / b.p999_us;
  }, p.pairs);
  return p;
}

// Samples per latency round: three seconds' worth when paced.
std::size_t latency_samples(const Config& config, unsigned rate) {
  return rate == 0 ? config.latency_samples
                   : std::min<std::size_t>(config.latency_samples, std::size_t{rate} * 3);
}

LatencyResult lowest_p99(const std::vector<LatencyResult>& rounds) {
  return *std::min_element(rounds.begin(), rounds.end(), [](const auto& a, const auto& b) {
    return a.p99_us < b.p99_us;
  });
}

// Durable mode against memory mode, in the same run: what the caller pays, what the store
// sustains, what it costs on disk, how long a restart takes to replay.
void run_durable_scenarios(const Config& config, const Target& nginx, const Target& down) {
  const int p = config.parallelism;
  const RunLimits parallel{config.parallel_events, config.max_time};
  compare(config, nginx.name, "enqueue+flush memory P=" + std::to_string(p),
          [&] { return run_enqueue_flush(nginx, parallel, p); }, "enqueue+flush durable vs memory",
          [&] {
            ScratchDirectory dir;
            return run_enqueue_flush(nginx, parallel, p, dir.path());
          });
  // Back to back (the caller outruns any store: both cores busy) and paced at a rate far above
  // what the service accepts per key, as an application calls. Rounds alternate the modes;
  // the round with the lowest p99 of each is shown.
  for (const unsigned rate : {0u, kPacedRate}) {
    const std::string pace = rate == 0 ? "" : " " + std::to_string(rate / 1000) + "k/s";
    const std::size_t samples = latency_samples(config, rate);
    std::vector<LatencyResult> memory_rounds, durable_rounds;
    for (int round = 0; round < config.rounds; ++round) {
      memory_rounds.push_back(run_enqueue_latency(down, samples, p, {}, rate));
      ScratchDirectory dir;
      durable_rounds.push_back(run_enqueue_latency(down, samples, p, dir.path(), rate));
    }
    const LatencyResult memory = lowest_p99(memory_rounds);
    print_latency("down" + pace, memory);
    const PairedRatios paired = paired_latencies(memory_rounds, durable_rounds);
    print_latency("down durable" + pace, lowest_p99(durable_rounds), &memory, &paired);
  }
  // Both modes at once, calls taking turns: the same machine state for all, so the ratio is
  // what durable mode adds to the caller's own work (the store's thread runs throughout). A
  // second memory-mode client is the control: its ratio to the first is what the measurement
  // strays by when nothing differs.
  for (const unsigned rate : {0u, kPacedRate}) {
    const std::string pace = rate == 0 ? "" : " " + std::to_string(rate / 1000) + "k/s";
    std::vector<LatencyResult> memory_rounds, control_rounds, durable_rounds;
    for (int round = 0; round < config.rounds; ++round) {
      ScratchDirectory dir;
      auto series = run_interleaved_latency(down, latency_samples(config, rate), p,
                                            {std::string(), std::string(), dir.path()}, rate);
      memory_rounds.push_back(std::move(series[0]));
      control_rounds.push_back(std::move(series[1]));
      durable_rounds.push_back(std::move(series[2]));
    }
    const LatencyResult memory = lowest_p99(memory_rounds);
    print_latency("down interleaved" + pace, memory);
    const PairedRatios control = paired_latencies(memory_rounds, control_rounds);
    print_latency("down interleaved control" + pace, lowest_p99(control_rounds), &memory, &control);
    const PairedRatios paired = paired_latencies(memory_rounds, durable_rounds);
    print_latency("down interleaved durable" + pace, lowest_p99(durable_rounds), &memory, &paired);
  }
  const RunLimits commits{config.durable_events, config.max_time};
  compare(config, "down", "commit rate process_crash",
          [&] { return run_commit_rate(down, commits, false); }, "commit rate power_loss vs crash",
          [&] { return run_commit_rate(down, commits, true); });
  const RunLimits waits{config.durable_events / 4, config.max_time};
  for (int threads : {4, 16}) {
    compare(config, "down", "enqueue+wait-commit 1 thread",
            [&] { return run_enqueue_wait_commit(down, waits, 1); },
            "enqueue+wait-commit " + std::to_string(threads) + " thr vs 1",
            [&] { return run_enqueue_wait_commit(down, waits, threads); });
  }
  print_store_size(run_store_size(down, config.durable_events));
  print_replay(run_replay(down, config.replay_events));
}
#endif

int run(const Config& config) {
  const Target down{"down",
                    "http://127.0.0.1:" + std::to_string(closed_loopback_port()) + "/api/v1"};
  std::string memory_line;
  if (config.wanted("memory")) {
    memory_line = output_of_child(
        [&] { print_memory(run_queued_memory(down, config.memory_events)); });
  }

  curl_global_init(CURL_GLOBAL_DEFAULT);
  const Target nginx{"nginx", config.nginx_url};
  run_server_scenarios(config, nginx, 1.0, config.max_time);
  if (!config.devserver_url.empty()) {
    run_server_scenarios(config, Target{"devserver", config.devserver_url},
                         config.devserver_share, config.devserver_max_time);
  }
  if (config.wanted("enqueue-only")) {
    const RunLimits enqueue_only{config.latency_samples, config.max_time};
    compare(
        config, "down", "enqueue-only 1 thread",
        [&] { return run_enqueue_threads(down, enqueue_only, 1); }, "enqueue-only 4 threads",
        [&] { return run_enqueue_threads(down, enqueue_only, 4); });
  }
  if (config.wanted("latency")) {
    print_latency("nginx",
                  run_enqueue_latency(nginx, config.latency_samples, config.parallelism));
    print_latency("down", run_enqueue_latency(down, config.latency_samples, config.parallelism));
  }
#if FLAMEUP_BENCH_DURABLE
  if (config.wanted("durable")) run_durable_scenarios(config, nginx, down);
#endif
  std::printf("%s", memory_line.c_str());
  std::fflush(stdout);
  curl_global_cleanup();
  return 0;
}

}  // namespace
}  // namespace flameup::bench

int main(int argc, char** argv) {
  flameup::bench::Config config;
  if (!flameup::bench::parse_args(argc, argv, config)) return 2;
  return flameup::bench::run(config);
}
