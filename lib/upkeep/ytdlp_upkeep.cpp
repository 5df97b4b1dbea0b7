#include "upkeep/ytdlp_upkeep.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>

#include "core/time.hpp"
#include "transcript/fetch.hpp"

namespace ytm::upkeep {
namespace {

namespace fs = std::filesystem;
constexpr UnixTime daily = 86400;
constexpr UnixTime after_error_spacing = 3600;

nlohmann::json read_state(const fs::path& file) {
  std::ifstream in(file);
  if (!in) return nullptr;
  auto value = nlohmann::json::parse(in, nullptr, false);
  return value.is_object() ? value : nlohmann::json(nullptr);
}

void write_state(const fs::path& file, const nlohmann::json& value) {
  const fs::path temp = file.string() + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << value.dump() << "\n";
  }
  std::error_code ec;
  fs::rename(temp, file, ec);
}

}  // namespace

boost::asio::awaitable<bool> YtdlpUpkeep::run_if_due(config::Config config) {
  const auto& t = config.transcript;
  if (t.update != "auto") co_return false;
  const fs::path state = config.state_dir / "ytdlp-update.json";
  if (!loaded_) {
    last_ = co_await pool_.run([&state] { return read_state(state); });
    loaded_ = true;
  }
  const UnixTime now = now_unix();
  const UnixTime last_at = last_.is_object() ? last_.value("at", UnixTime{0}) : 0;
  const UnixTime error_at = last_.is_object() ? last_.value("error_update_at", UnixTime{0}) : 0;
  const bool daily_due = now - last_at >= daily;
  const bool error_due = error_seen_ && now - error_at >= daily && now - last_at >= after_error_spacing;
  if (error_seen_ && !error_due && !daily_due && !told_error_limit_) {
    const UnixTime next = std::max(error_at + daily, last_at + after_error_spacing);
    spdlog::info(
        "yt-dlp: an extraction error that a newer release may fix, but yt-dlp was looked at {} (after an "
        "extraction error: {}); the next update for one can be from {}",
        format_iso8601(last_at), error_at > 0 ? format_iso8601(error_at) : std::string("never"), format_iso8601(next));
    told_error_limit_ = true;
  }
  if (!daily_due && !error_due) co_return false;
  auto install = co_await transcript::inspect_ytdlp(io_.get_executor(), t);
  if (!install || !install->self_updating) {
    if (!told_off_ && install) {
      spdlog::info(
          "yt-dlp is a {} install, which updates itself only through its package manager; ytmonitor leaves "
          "it alone",
          install->variant.empty() ? "non-release" : install->variant);
    }
    told_off_ = true;
    co_return false;
  }
  const bool after_error = error_due;
  error_seen_ = false;
  told_error_limit_ = false;
  spdlog::info("yt-dlp: looking for a newer stable release ({})", after_error ? "after an extraction error" : "daily");
  auto update = co_await transcript::update_ytdlp(io_.get_executor(), t, config.state_dir / "yt-dlp.previous");
  last_ = {{"at", now},
           {"at_iso", format_iso8601(now)},
           {"reason", after_error ? "extraction error" : "daily"},
           {"error_update_at", after_error ? now : error_at}};
  bool updated = false;
  if (update) {
    last_.update(
        {{"from", update->from}, {"to", update->to}, {"restored", update->restored}, {"message", update->message}});
    updated = !update->restored && update->to != update->from;
    if (update->restored) {
      spdlog::error("{}", update->message);
    } else {
      spdlog::info("{}", update->message);
    }
  } else {
    last_.update({{"message", update.failure().message}, {"restored", false}});
    spdlog::warn("yt-dlp not updated: {}", update.failure().message);
  }
  auto record = last_;
  co_await pool_.run([&state, &record] { write_state(state, record); });
  co_return updated;
}

}  // namespace ytm::upkeep
