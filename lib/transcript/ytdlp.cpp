#include <ctime>

#include <spdlog/spdlog.h>

#include "core/temp_folder.hpp"
#include "core/text.hpp"
#include "core/youtube.hpp"
#include "process/process.hpp"
#include "transcript/caption_track.hpp"
#include "transcript/classify.hpp"
#include "transcript/fetch.hpp"
#include "transcript/metadata.hpp"
#include "transcript/tracks.hpp"
#include "transcript/whisper.hpp"
#include "transcript/ytdlp_run.hpp"

namespace ytm::transcript {
namespace {

namespace fs = std::filesystem;

std::int64_t now_seconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

Failure no_captions(const VideoMetadata& m, const std::vector<std::string>& languages) {
  std::string wanted;
  for (const auto& l : languages) wanted += (wanted.empty() ? "" : ", ") + l;
  return Failure::permanent(FailureCode::no_captions,
                            "the video has no captions (neither creator nor automatic) in its own language" +
                                (m.language.empty() ? std::string() : " (" + m.language + ")") + " or in " + wanted +
                                ", and transcript.whisper is not set up to transcribe the audio");
}

bool has_automatic(const VideoInfo& info) {
  return std::any_of(info.tracks.begin(), info.tracks.end(), [](const AvailableTrack& t) { return t.automatic; });
}

// Why there is no track to use yet, when it is worth waiting: the PO-token warning (YouTube
// withheld the tracks) or a video too young for its automatic captions. `track` is the one
// chosen, if any: a young video without automatic captions waits for them unless it has the
// creator's captions in its own language.
std::optional<Failure> not_yet(const VideoInfo& info, const std::optional<AvailableTrack>& track,
                               const std::string& warning) {
  if (!track && !warning.empty()) return captions_blocked("yt-dlp dropped the caption tracks", warning);
  if (has_automatic(info)) return std::nullopt;
  if (track && !track->automatic && language_matches(track->language, spoken_language(info))) return std::nullopt;
  auto age = video_age(info.metadata, now_seconds());
  if (age && *age < captions_grace.count()) return captions_pending(*age);
  return std::nullopt;
}

struct InfoRun {
  fs::path file;
  VideoInfo info;
  std::string warning;  // yt-dlp's PO-token warning, if it gave one
};

boost::asio::awaitable<Outcome<InfoRun>> read_info(boost::asio::any_io_executor executor,
                                                   std::shared_ptr<YtdlpGate> gate,
                                                   config::TranscriptSettings settings, std::string id,
                                                   fs::path folder) {
  auto argv = ytdlp_argv(settings, id, folder);
  auto run = co_await run_ytdlp(executor, gate, settings, std::move(argv), folder);
  if (!run) co_return run.failure();
  auto file = folder / (id + ".info.json");
  if (!fs::exists(file))
    co_return Failure::transient(FailureCode::ytdlp_failed, "yt-dlp finished but wrote no info JSON for " + id);
  auto info = parse_info_json(read_file(file).value_or(""));
  if (!info) co_return info.failure();
  co_return InfoRun{file, std::move(*info), po_token_warning(run->err)};
}

}  // namespace

boost::asio::awaitable<Outcome<process::ProcessResult>> run_ytdlp(boost::asio::any_io_executor executor,
                                                                  std::shared_ptr<YtdlpGate> gate,
                                                                  config::TranscriptSettings settings,
                                                                  std::vector<std::string> argv, fs::path folder) {
  process::ProcessSpec spec;
  spec.argv = std::move(argv);
  spec.cwd = folder;
  spec.timeout = settings.timeout;
  auto run = co_await process::run_process(executor, spec);
  if (!run) co_return with_setting(run.failure(), "transcript.command");
  if (run->timed_out || run->exit_code != 0) {
    auto failure = classify_ytdlp_failure(
        {run->exit_code, run->err, run->timed_out, !settings.cookies_file.empty(), now_seconds()});
    gate->saw(&failure);
    co_return failure;
  }
  gate->saw(nullptr);
  co_return std::move(*run);
}

std::vector<std::string> ytdlp_argv(const config::TranscriptSettings& s, const std::string& video_id,
                                    const fs::path& folder) {
  std::vector<std::string> argv{s.command, "--skip-download", "--write-info-json",
                                // upcoming streams: the info JSON (with the start time) instead of an error
                                "--ignore-no-formats-error", "--no-progress", "--no-playlist", "-o", "%(id)s.%(ext)s",
                                "-P", folder.string()};
  auto shared = ytdlp_shared_args(s);
  argv.insert(argv.end(), shared.begin(), shared.end());
  argv.emplace_back("--");  // ids may begin with '-'
  argv.push_back(watch_url(video_id));
  return argv;
}

boost::asio::awaitable<Outcome<FetchedVideo>> fetch_video(boost::asio::any_io_executor executor,
                                                          std::shared_ptr<YtdlpGate> gate,
                                                          config::TranscriptSettings settings, std::string video) {
  const auto id = video_id_from(video);
  if (!id) co_return Failure::permanent(FailureCode::bad_video, "not a YouTube video id or URL: \"" + video + "\"");
  if (!settings.cookies_file.empty() && !fs::exists(settings.cookies_file))
    co_return Failure::paused(FailureCode::cookies_missing,
                              "transcript.cookies_file " + settings.cookies_file + " does not exist");

  auto made = TempFolder::create("ytdlp");
  if (!made) co_return made.failure();
  const TempFolder& folder = *made;
  // One turn at the gate for the fetch: the follow-up run (the track from the info JSON) fetches no page.
  auto turn = co_await gate->turn(executor);
  if (!turn) co_return turn.failure();
  auto read = co_await read_info(executor, gate, settings, *id, folder.path());
  if (!read) co_return read.failure();
  const auto& info = read->info;
  if (auto live = classify_live_status(info.metadata, now_seconds())) co_return *live;

  FetchedVideo result{info.metadata, {}};
  auto track = choose_track(info, settings.languages);
  if (auto wait = not_yet(info, track, read->warning)) co_return *wait;
  if (track) {
    spdlog::debug("{}: using the {} track {}", *id, track->automatic ? "automatic" : "creator", track->language);
    auto transcript = co_await download_track(executor, gate, settings, folder.path(), read->file, *track,
                                               read->warning);
    if (!transcript) co_return transcript.failure();
    result.transcript = std::move(*transcript);
    co_return result;
  }
  if (!whisper_configured(settings.whisper)) co_return no_captions(info.metadata, settings.languages);
  auto transcript = co_await transcribe_with_whisper(executor, settings, folder.path(), read->file, info.metadata);
  if (!transcript) co_return transcript.failure();
  result.transcript = std::move(*transcript);
  co_return result;
}

}  // namespace ytm::transcript
