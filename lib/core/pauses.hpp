#pragma once
// What stops the workers from taking new videos: a failed required health check (until it
// passes again) or the model's usage limit (until its reset). Read and written on the io thread.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/time.hpp"

namespace ytm {

// The stage of the pause YtdlpGate holds after a bot check: every yt-dlp run, listings included.
inline constexpr const char* youtube_stage = "youtube";

struct Pause {
  std::string stage;  // "transcript", "model", "output", "youtube"
  std::string code;   // "health:yt-dlp", "usage_limit", "bot_check": one pause per stage and code
  std::string reason;
  std::optional<UnixTime> until;  // none: until cleared
  std::string fix{};              // what the user can do about it; may be empty
  // False for a pause that something else enforces (the yt-dlp gate holds YouTube work back while
  // the workers go on with model work): shown, but the workers keep claiming videos.
  bool holds_workers = true;
};

class Pauses {
 public:
  void set(Pause pause);
  void clear(const std::string& stage, const std::string& code);
  [[nodiscard]] const std::vector<Pause>& all() const { return pauses_; }  // expired ones too
  std::function<void()> on_change;                                         // after a set, or a clear that removed one
  // Those still in force at now; expired ones are dropped.
  std::vector<Pause> active(UnixTime now);
  std::vector<Pause> holding_workers(UnixTime now);  // those of active() that stop claims
  // "model work paused until 2026-12-01T14:00:00Z (in 1h 05m): …[ Fix: …]" for logs and the status line.
  static std::string describe(const Pause& pause, UnixTime now);
  nlohmann::json to_json(UnixTime now);

 private:
  std::vector<Pause> pauses_;
};

}  // namespace ytm
