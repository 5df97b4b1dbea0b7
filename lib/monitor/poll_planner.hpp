#pragma once
// When each channel's feed is fetched, and whether YouTube's feeds are failing for everyone (an
// outage) rather than one channel being gone. Plain and clock-free: fed times and answers, it
// returns decisions. The Monitor drives it with real timers; tests and the benchmark drive it with
// virtual time.
//
// Normally a good answer brings the next fetch one jittered poll interval later and a failure backs
// the channel off (5 minutes doubling up to 6 hours, or the server's Retry-After). When more than
// half of the channels that answered well (or not yet), or ten of them, fail in a row with an
// outage-like answer (404, 403, 429, 5xx, timeouts) and no good answer between, the feeds are
// taken to be down:
// every channel is parked but one probe, which fetches its feed every third of a poll interval (at
// most every 5 minutes), a different channel each time; the channels are listed through yt-dlp
// instead, each once per poll interval (within a budget of listings an hour), the one waiting
// longest first. The first good answer ends it and every channel fetches its feed again,
// spread over what is left of one poll interval.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ytm::monitor {

// A feed answer that says YouTube's feeds are failing rather than this channel: a refusal, a 404,
// a server error, a timeout or a failed connection. The one home for which result codes are so.
bool outage_like(std::string_view result);

class PollPlanner {
 public:
  using Time = std::chrono::steady_clock::time_point;
  using Duration = std::chrono::milliseconds;
  // A parked channel's next fetch: none until the planner wakes it.
  static constexpr Time parked = Time::max();

  struct Pacing {
    Duration poll_interval = std::chrono::minutes(15);
    double jitter = 0.2;
    // Outage listings one per `listing_spacing` on average (at most 240 an hour), `listing_burst`
    // at once: with the uploads' own fetches and the feed probes a long outage stays under the ~300
    // requests an hour YouTube lets a guest session make. More channels than fit are each listed
    // less often than once an interval.
    Duration listing_spacing = std::chrono::seconds(15);
    int listing_burst = 5;
  };
  struct Answer {
    std::string result;  // "ok", "unchanged", or a failure code
    bool good = false;
    std::optional<std::chrono::seconds> retry_after;
  };
  struct Wake {
    std::string channel;
    Time at;
  };
  struct Decision {
    Time next;                    // this channel's next fetch (parked during an outage, but the probe)
    bool outage_failure = false;  // a failure of the outage: no verdict on the channel
    bool started = false;         // this answer made it an outage
    bool ended = false;           // this answer ended the outage
    std::vector<Wake> wakes;      // other channels' next fetches that change
    // Channels whose failures just turned out to be the outage's (recorded before it was known).
    std::vector<std::string> acquitted;
  };
  struct Outage {
    Time since;                     // the first failure of the run that started it
    std::set<std::string> results;  // the failure codes seen, "http_404", "timeout"…
  };
  struct Listing {
    std::string channel;
    Time at;  // not before
  };

  PollPlanner(Pacing pacing, std::uint32_t seed);
  void set_pacing(Pacing pacing);
  // The channels watched (keys the caller chooses); an answer for another adds it.
  // Returns the new probe's wake when the probe was among those that went.
  std::vector<Wake> set_channels(const std::vector<std::string>& channels, Time at);

  Decision answered(const std::string& channel, Time at, const Answer& answer);

  [[nodiscard]] const std::optional<Outage>& outage() const { return outage_; }
  // Failures counted against the channel (an outage's are not).
  [[nodiscard]] int failures(const std::string& channel) const;
  // During an outage: the channel to list through yt-dlp next and when it is due.
  [[nodiscard]] std::optional<Listing> next_listing() const;
  // A listing ran (ok: it answered); the channel is due again one interval later, or after a backoff.
  void listed(const std::string& channel, Time at, bool ok);
  [[nodiscard]] Duration probe_interval() const;

 private:
  enum class Health { unknown, good, failing };
  struct Channel {
    Health health = Health::unknown;
    int failures = 0;
    Time last_good{};
    bool ever_good = false;
    Time list_due{};
    int listing_failures = 0;
  };

  Channel& channel(const std::string& key);
  Decision usual(Channel& c, Time at, const Answer& answer);
  Decision during_outage(const std::string& key, Time at, const Answer& answer);
  void start_outage(const std::string& key, Time at, Decision& decision);
  void end_outage(const std::string& key, Time at, Decision& decision);
  // The next channel to probe after `from`, with the most recently good first.
  std::string next_probe(const std::string& after) const;
  [[nodiscard]] Time probe_time(Time at);
  void spend_listing(Time at);
  [[nodiscard]] Time listing_allowed() const;

  Pacing pacing_;
  std::mt19937 random_;
  std::map<std::string, Channel> channels_;
  // Channels that turned from good or unknown to failing since the last good answer; when the run
  // began.
  std::set<std::string> run_;
  Time run_since_{};
  std::set<std::string> run_results_;
  std::optional<Outage> outage_;
  std::string probe_;
  // The listing budget: time banked towards the next listing, up to listing_burst of them.
  Duration listing_credit_{};
  std::optional<Time> credit_at_;
};

}  // namespace ytm::monitor
