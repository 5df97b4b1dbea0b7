// Keeping a release binary of yt-dlp current: YouTube breaks old releases within months.
#include <spdlog/spdlog.h>

#include <filesystem>

#include "process/process.hpp"
#include "transcript/fetch.hpp"
#include "transcript/whisper.hpp"

namespace ytm::transcript {
namespace {

namespace fs = std::filesystem;

// Copies over `to` through a temporary file beside it, so that `to` is never half written.
std::error_code copy_whole(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  const fs::path temp = to.string() + ".ytmonitor-tmp";
  fs::copy_file(from, temp, fs::copy_options::overwrite_existing, ec);
  if (!ec)
    fs::permissions(temp,
                    fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                        fs::perms::others_exec,
                    ec);
  if (!ec) fs::rename(temp, to, ec);
  if (ec) fs::remove(temp);
  return ec;
}

}  // namespace

boost::asio::awaitable<Outcome<YtdlpUpdate>> update_ytdlp(boost::asio::any_io_executor executor,
                                                          config::TranscriptSettings settings, fs::path backup) {
  auto binary = process::find_program(settings.command);
  if (!binary) co_return with_setting(binary.failure(), "transcript.command");
  auto before = co_await check_ytdlp(executor, settings);
  if (!before) co_return before.failure();
  std::error_code ec;
  fs::create_directories(backup.parent_path(), ec);
  fs::copy_file(*binary, backup, fs::copy_options::overwrite_existing, ec);
  if (ec)
    co_return Failure::transient(FailureCode::ytdlp_update,
                                 "cannot keep a copy of " + *binary + " in " + backup.string() + ": " + ec.message());
  process::ProcessSpec spec;
  spec.argv = {*binary, "--update-to", "stable"};
  spec.timeout = std::chrono::minutes(5);
  auto run = co_await process::run_process(executor, spec);
  auto after = co_await check_ytdlp(executor, settings);
  YtdlpUpdate update{before->version, before->version, false, ""};
  if (!after) {
    if (auto restore = copy_whole(backup, *binary)) {
      co_return Failure::paused(FailureCode::ytdlp_broken, "the updated " + *binary + " does not run (" + after.failure().message +
                                                    ") and the old one could not be put back: " + restore.message());
    }
    update.restored = true;
    update.message = "the updated yt-dlp did not answer --version (" + after.failure().message + "); " +
                     before->version + " is back in place";
    co_return update;
  }
  update.to = after->version;
  if (update.to != update.from) {
    update.message = "yt-dlp updated from " + update.from + " to " + update.to;
    co_return update;
  }
  if (!run || !run->succeeded()) {
    const std::string said = run ? run->err + run->out : run.failure().message;
    co_return Failure::transient(
        FailureCode::ytdlp_update, "yt-dlp --update-to stable failed: " + said.substr(0, std::min<std::size_t>(said.size(), 300)));
  }
  update.message = "yt-dlp " + update.from + " is the latest stable release";
  co_return update;
}

}  // namespace ytm::transcript
